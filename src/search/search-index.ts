// The Index: a full-text index living in its own WASM instance. The host validates, encodes
// text into linear memory and maps doc numbers to ids and stored fields; tokenizing,
// indexing, scoring and top-k all happen in the kernels.
import { ClosedError, DuplicateIdError, MemoryLimitError } from '../errors.js';
import { instantiateKernels, type WasmOptions } from '../wasm/loader.js';
import { worthCompacting, freshInstanceFor, copyIndex } from './compaction.js';
import type { KernelInstance } from '../wasm/kernel-instance.js';
import { normaliseOptions, type IndexConfig, type IndexOptions } from './index-options.js';
import { documentId, fieldText, storedFields, type Document, type DocumentId } from './documents.js';
import { normaliseQuery, type Query, type QueryNode } from './query-language.js';
import { QueryBuilder } from './query-builder.js';
import { analyzeText, tokenFlagsFor } from './analyze.js';
import { encodeSnapshot, decodeSnapshot, type SnapshotState } from './snapshot-format.js';
import { DocValues, type Filter, type FacetCount } from './doc-values.js';
import { highlightFields, type FieldHighlight } from './highlights.js';
import { ResultCache, cacheKey } from './result-cache.js';
import { contentGeneration, sharedSearch, type SearchTarget, type SharedCacheOptions, type SharedSearch } from '../cache/shared-search.js';
import { applyCollectionStats, clearCollectionStats, readQueryStats, type CollectionStats, type ShardQueryStats } from './collection-stats.js';
import { elapsedMs, now } from './elapsed.js';
import { textKind, PLAIN, GRAMMAR } from './plain-text.js';

export interface SearchOptions {
  /** Hits to return (default 10). */
  limit?: number;
  /** Hits to skip first (default 0). */
  offset?: number;
  /** Conditions on filter fields, ANDed: `{ tags: 'x' | ['x', 'y'], year: { gte: 2000 } }`. */
  filter?: Filter;
  /** Keyword filter fields to count values of over all matching documents. */
  facets?: string[];
  /** Match offsets and a snippet for each stored text field of each hit. */
  highlight?: boolean;
  /**
   * Count matches exactly up to this many (default 1,000; `Infinity` counts them all). Past
   * it, `total` is a lower bound (`totalExact` false) and terms that only add to documents
   * other terms found are no longer read whole just to count. `facets` always count every match.
   */
  countUpTo?: number;
  /**
   * Score against a larger collection's statistics (this index being one shard of it), as
   * summed by createShardedSearch from each shard's `queryStats`.
   */
  collectionStats?: CollectionStats;
}

export interface SearchHit {
  id: DocumentId;
  score: number;
  /** Stored fields (the `store` option), when any are configured. */
  fields?: Record<string, unknown>;
  /** With `highlight: true`: per stored text field, match offsets and the best snippet. */
  highlights?: Record<string, FieldHighlight>;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Live documents matching the query (and filter): exact, or a lower bound (see totalExact). */
  total: number;
  /** False when counting stopped at `countUpTo` and more documents may match than `total`. */
  totalExact: boolean;
  /** Milliseconds the search took, to the microsecond. */
  tookMs: number;
  /** With `facets`: value counts per requested field over all matching documents. */
  facets?: Record<string, FacetCount[]>;
}

export interface IndexStats {
  docs: number;
  terms: number;
  segments: number;
  pendingDocs: number;
  /** Linear memory of this index's instance (reserved, like a JS heap's total). */
  memoryBytes: number;
  /** Bytes of live kernel allocations: the index itself (like a JS heap's used bytes). */
  heapBytes: number;
  /** Postings scored, blocks and segments skipped by pruning, since creation. */
  work: { postingsScored: number; blocksSkipped: number; segmentsSkipped: number };
  /** Result cache counters (zeros when no cache is configured). */
  cache: { hits: number; misses: number; hitRatio: number; entries: number };
}

type BoolNode = Extract<QueryNode, { type: 'bool' }>;
/** SearchOptions' keys (a switch: it runs for every option of every search). */
function isSearchOption(key: string): boolean {
  switch (key) {
    case 'limit': case 'offset': case 'filter': case 'facets': case 'highlight': case 'collectionStats': case 'countUpTo': return true;
    default: return false;
  }
}
// Pending documents are flushed into a segment every 8,192 documents or 16 MB of text, which
// bounds the buffer (about 3 bytes of kernel memory per byte of pending text).
const FLUSH_PENDING_DOCS = 8192;
const FLUSH_PENDING_BYTES = 16 << 20;
/** How long writes must pause before a flush that left memory mostly free gives it back. */
const COMPACT_IDLE_MS = 50;
const MAX_LIMIT = 1_000_000;
const DEFAULT_COUNT_UP_TO = 1000;
/** The kernel's "count every match". */
const COUNT_ALL = 0xffffffff;

/** `countUpTo` as the kernel takes it: a non-negative integer or Infinity. */
function countLimitOf(value: unknown): number {
  if (value === undefined) return DEFAULT_COUNT_UP_TO;
  if (value === Infinity) return COUNT_ALL;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`search: countUpTo must be a non-negative integer or Infinity, got ${String(value)}`);
  }
  return Math.min(value, COUNT_ALL);
}

function checkCount(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`${name.includes(' ') ? name : `search: ${name}`} must be a non-negative integer, got ${String(value)}`);
  }
  return Math.min(value, MAX_LIMIT);
}

/** See Index.#hot. Made only by hotState, so every instance shares one literal's map. */
interface HotState {
  readonly config: IndexConfig;
  readonly ids: (DocumentId | undefined)[];
  readonly stored: (Record<string, unknown> | undefined)[];
  readonly builder: QueryBuilder;
  readonly docValues: DocValues;
  readonly cache: ResultCache<SearchResult> | undefined;
  /** A pool worker's index: hits carry doc numbers as ids; the pool resolves ids and fields. */
  readonly ordinals: boolean;
}

function hotState(config: IndexConfig, builder: QueryBuilder, docValues: DocValues, cache: HotState['cache'], ordinals: boolean): HotState {
  return { config, ids: [], stored: [], builder, docValues, cache, ordinals };
}

export class Index {
  #wasm: KernelInstance | undefined;
  readonly #docs = new Map<DocumentId, number>();
  /** Bumped by every change, so cached results never outlive the index state they describe. */
  #generation = 0;
  readonly #shared: SharedSearch | undefined;
  /** The content generation (snapshot SHA-256) and the change count it was taken at. */
  #content: { at: number; id: Promise<string> } | undefined;
  #pendingBytes = 0;
  /** A move into a right-sized instance: due (waiting for writes to pause) or under way. */
  #idleTimer: ReturnType<typeof setTimeout> | undefined;
  #compacting: Promise<void> | undefined;
  /** Work counters of the instances this index has moved out of (stats().work keeps counting). */
  readonly #workBefore = [0, 0, 0];
  /**
   * What a search reads, in one object literal: a literal's map lives as long as its allocation
   * site, where a class instance's map dies with the last instance of its shape. An index made
   * after others were dropped and collected would otherwise meet inline caches that still hold
   * the dead maps, and every field load on the search path would be compiled polymorphic
   * (Cranfield short queries 10 % slower).
   */
  readonly #hot: HotState;

  /** @internal use createIndex or loadIndex */
  constructor(wasm: KernelInstance, config: IndexConfig, state?: SnapshotState, sharedCache?: SharedCacheOptions, ordinals = false) {
    this.#wasm = wasm;
    this.#hot = hotState(config, new QueryBuilder(config.fields), new DocValues(config.filters, state?.values),
      config.cache ? new ResultCache<SearchResult>(config.cache) : undefined, ordinals);
    this.#shared = sharedCache ? sharedSearch(sharedCache, () => this.sharedSearchTarget()) : undefined;
    if (state && !ordinals) {
      state.ids.forEach((id, doc) => {
        if (id === null) return;
        this.#hot.ids[doc] = id;
        this.#docs.set(id, doc);
      });
      state.stored.forEach((fields, doc) => { if (fields) this.#hot.stored[doc] = fields; });
    }
  }

  private get wasm(): KernelInstance {
    if (!this.#wasm) throw new ClosedError('Index');
    return this.#wasm;
  }

  get closed(): boolean {
    return this.#wasm === undefined;
  }

  /** The instance memory (for MemoryMonitor). */
  get memory(): WebAssembly.Memory {
    return this.wasm.memory;
  }

  get memoryLimitBytes(): number {
    return this.wasm.maxBytes;
  }

  get size(): number {
    return this.#docs.size;
  }

  has(id: DocumentId): boolean {
    return this.#docs.has(id);
  }

  /** The configuration the index was created with (read-only). */
  get options(): Readonly<IndexConfig> {
    return this.#hot.config;
  }

  /** Stored fields of a document (empty when none are stored), or undefined when absent. */
  get(id: DocumentId): Record<string, unknown> | undefined {
    this.wasm;
    const doc = this.#docs.get(id);
    return doc === undefined ? undefined : this.#hot.stored[doc] ?? {};
  }

  /**
   * Documents in the order they were added (an update moves one to the end), a page at a time:
   * pass `next` back as `from` for the following page; it stays valid while documents change.
   */
  documents(options: { from?: number; limit?: number } = {}): { documents: { id: DocumentId; fields: Record<string, unknown> }[]; next?: number } {
    this.wasm;
    const from = checkCount('documents from', options.from, 0);
    const limit = checkCount('documents limit', options.limit, 100);
    const documents: { id: DocumentId; fields: Record<string, unknown> }[] = [];
    const { ids, stored } = this.#hot;
    let doc = from;
    for (; doc < ids.length && documents.length < limit; doc++) {
      const id = ids[doc];
      if (id !== undefined) documents.push({ id, fields: stored[doc] ?? {} });
    }
    while (doc < ids.length && ids[doc] === undefined) doc++;
    return doc < ids.length ? { documents, next: doc } : { documents };
  }

  /** Adds a new document; an id already present throws DuplicateIdError. */
  add(doc: Document): void {
    const wasm = this.wasm;
    const id = documentId(doc, this.#hot.config);
    if (this.#docs.has(id)) throw new DuplicateIdError(id);
    const texts = this.#hot.config.fields.map((field) => fieldText(doc, field));
    this.#hot.docValues.check(doc);
    const stored = storedFields(doc, this.#hot.config);
    const k = wasm.kernels;
    k.docBegin();
    this.#generation++;
    try {
      this.#hot.docValues.stage(wasm, doc);
      texts.forEach((text, field) => {
        if (!text) return;
        const [ptr, len] = wasm.writeText(text, 'Index.add');
        if (k.docAddField(field, ptr, len) < 0) throw wasm.limitError('Index.add');
        this.#pendingBytes += len;
      });
      const number = k.docCommit();
      if (number < 0) throw wasm.limitError('Index.add');
      this.#hot.ids[number] = id;
      this.#docs.set(id, number);
      if (stored) this.#hot.stored[number] = stored;
    } catch (error) {
      k.docAbort();
      throw error;
    } finally {
      wasm.releaseInput();
    }
    if (k.indexPendingCount() >= FLUSH_PENDING_DOCS || this.#pendingBytes >= FLUSH_PENDING_BYTES) this.#flush('Index.add');
  }

  /** Adds documents in order; stops at the first refused one (earlier ones stay added). */
  addAll(docs: Iterable<Document>): void {
    if (!docs || typeof (docs as any)[Symbol.iterator] !== 'function') throw new TypeError('addAll: expected an iterable of documents');
    let position = 0;
    for (const doc of docs) {
      try {
        this.add(doc);
      } catch (error) {
        if (error instanceof Error) error.message = `addAll: document at position ${position}: ${error.message}`;
        throw error;
      }
      position++;
    }
  }

  /** Replaces the document with the same id, or adds it. */
  update(doc: Document): void {
    const id = documentId(doc, this.#hot.config);
    this.#hot.config.fields.forEach((field) => fieldText(doc, field)); // refuse before removing
    this.#hot.docValues.check(doc);
    this.remove(id);
    this.add(doc);
  }

  /** Removes a document; returns whether it was present. */
  remove(id: DocumentId): boolean {
    const wasm = this.wasm;
    const doc = this.#docs.get(id);
    if (doc === undefined) return false;
    wasm.kernels.docRemove(doc);
    this.#generation++;
    this.#docs.delete(id);
    this.#hot.ids[doc] = undefined;
    this.#hot.stored[doc] = undefined;
    return true;
  }

  #flush(what: string): void {
    if (!this.wasm.kernels.indexFlush()) throw this.wasm.limitError(what);
    this.#pendingBytes = 0;
    if (worthCompacting(this.wasm)) this.#compactWhenIdle();
  }

  /**
   * Moves the index into a right-sized instance (see compaction.ts) once no flush has happened
   * for COMPACT_IDLE_MS, so a bulk build moves once, at the end, not after every flush. Until the
   * move every call uses the current instance; it gives up quietly if the index was closed,
   * holds unflushed documents, or memory is short.
   */
  #compactWhenIdle(): void {
    if (this.#compacting) return; // the move under way copies everything flushed before it
    clearTimeout(this.#idleTimer);
    this.#idleTimer = setTimeout(() => this.#startCompaction(), COMPACT_IDLE_MS);
    (this.#idleTimer as { unref?: () => void }).unref?.(); // never keeps a process alive
  }

  #startCompaction(): void {
    if (this.#idleTimer === undefined) return;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#compacting = this.#compact().finally(() => { this.#compacting = undefined; });
  }

  async #compact(): Promise<void> {
    const from = this.#wasm;
    if (!from || from.kernels.indexPendingCount() || !worthCompacting(from)) return;
    let to: KernelInstance;
    try {
      to = await freshInstanceFor(from);
    } catch {
      return;
    }
    if (this.#wasm !== from || from.kernels.indexPendingCount()) return;
    if (!initKernelIndex(to, this.#hot.config) || !copyIndex(from, to)) return;
    from.kernels.searchWork(from.scratch);
    from.readScratchF64(3).forEach((count, i) => { this.#workBefore[i] += count; });
    this.#wasm = to;
  }

  /**
   * Resolves once memory compaction has finished: one that is due (writes paused less than
   * COMPACT_IDLE_MS ago) starts now. For tests and benchmarks that read memory figures.
   */
  settled(): Promise<void> {
    this.#startCompaction();
    return this.#compacting ?? Promise.resolve();
  }

  /**
   * Ranked search. `query` is user text in the documented grammar (never throws) or a JSON
   * query object (a malformed one throws QueryError). See SearchOptions for paging, filters,
   * facets and highlights.
   */
  search(query: Query, options: SearchOptions = {}): SearchResult {
    const started = now();
    const wasm = this.wasm;
    if (typeof query !== 'string' && (!query || typeof query !== 'object')) throw new TypeError(`search: query must be a string or a query object, got ${query === null ? 'null' : typeof query}`);
    if (!options || typeof options !== 'object') throw new TypeError('search: options must be an object');
    for (const key in options) if (!isSearchOption(key)) throw new TypeError(`search: unknown option '${key}'`);
    const limit = checkCount('limit', options.limit, 10);
    const offset = checkCount('offset', options.offset, 0);
    const countLimit = options.facets === undefined ? countLimitOf(options.countUpTo) : COUNT_ALL;
    const hot = this.#hot;
    const tree = this.#parse(hot, query);
    const key = hot.cache ? cacheKey({ tree, limit, offset, filter: options.filter ?? null, facets: options.facets ?? null, highlight: !!options.highlight, stats: options.collectionStats ?? null, countLimit }) : '';
    const cached = hot.cache?.get(key, this.#generation);
    if (cached) return { ...cached, hits: cached.hits.slice(), tookMs: elapsedMs(started) };
    const result = this.#run(hot, wasm, tree, limit, offset, countLimit, options);
    result.tookMs = elapsedMs(started);
    hot.cache?.set(key, this.#generation, result);
    return hot.cache ? { ...result, hits: result.hits.slice() } : result;
  }

  /**
   * search() through the shared cache given to createIndex as `sharedCache`: its L1, then Redis,
   * then this index (a Redis that is down or slow only costs the local search). Without a
   * shared cache, the same as search().
   */
  async searchAsync(query: Query, options: SearchOptions = {}): Promise<SearchResult> {
    return this.#shared ? this.#shared(query, options) : this.search(query, options);
  }

  /**
   * Names this index's content the same in every process that holds it: the SHA-256 (first 16
   * bytes, hex) of its snapshot, computed once per change. Shared cache keys carry it.
   */
  contentGeneration(): Promise<string> {
    if (!this.#content || this.#content.at !== this.#generation) this.#content = { at: this.#generation, id: contentGeneration(this.save()) };
    return this.#content.id;
  }

  /**
   * @internal What a shared cache searches: this content's generation with this index's search,
   * and whether the index is still that content (a result computed after a change is not stored).
   */
  async sharedSearchTarget(): Promise<SearchTarget> {
    const at = this.#generation;
    const generation = await this.contentGeneration();
    return { generation, search: (query, options) => this.search(query, options), current: () => this.#generation === at };
  }

  /** Plain words skip the grammar: they mean exactly what the parser would make of them. */
  #parse(hot: HotState, query: Query): BoolNode {
    const kind = typeof query === 'string' && !hot.config.typoTolerance ? textKind(query) : GRAMMAR;
    if (kind !== GRAMMAR) {
      const words = kind === PLAIN ? [{ type: 'term' as const, text: query as string }] : [];
      return hot.config.defaultOperator === 'and'
        ? { type: 'bool', must: words, should: [], mustNot: [] }
        : { type: 'bool', must: [], should: words, mustNot: [] };
    }
    const normalised = normaliseQuery(query, { fields: hot.config.fields, defaultOperator: hot.config.defaultOperator, autoFuzzy: hot.config.typoTolerance });
    return normalised.type === 'bool' ? normalised : { type: 'bool', must: [], should: [normalised], mustNot: [] };
  }

  #run(hot: HotState, wasm: KernelInstance, tree: BoolNode, limit: number, offset: number, countLimit: number, options: SearchOptions): SearchResult {
    const k = wasm.kernels;
    if (k.indexPendingCount()) this.#flush('Index.search');
    hot.builder.send(wasm, tree);
    if (!k.filterBegin()) throw wasm.limitError('Index.search');
    const possible = options.filter === undefined || hot.docValues.applyFilter(wasm, options.filter);
    const facetFields = options.facets === undefined ? undefined : hot.docValues.requestFacets(wasm, options.facets);
    let count = 0;
    let total = 0;
    let totalExact = true;
    if (possible) {
      const stats = options.collectionStats;
      if (stats !== undefined) applyCollectionStats(wasm, stats);
      try {
        count = k.searchRun(offset + limit, countLimit); // the kernel caps k at the live documents
      } finally {
        if (stats !== undefined) clearCollectionStats(wasm);
      }
      if (count < 0) throw wasm.limitError('Index.search');
      total = k.searchTotal();
      totalExact = k.searchTotalExact() === 1;
    }
    // Highlighting may grow memory (detaching views), so its results are copied first.
    let docs = wasm.u32;
    let scores = wasm.f64;
    let docAt = k.searchResultDocs() >>> 2;
    let scoreAt = k.searchResultScores() >>> 3;
    if (options.highlight) {
      docs = docs.slice(docAt, docAt + count); scores = scores.slice(scoreAt, scoreAt + count);
      docAt = 0; scoreAt = 0;
    }
    const result: SearchResult = { hits: [], total, totalExact, tookMs: 0 };
    if (facetFields) result.facets = hot.docValues.readFacets(wasm, facetFields, possible);
    if (options.highlight && count > offset && !k.highlightBegin()) throw wasm.limitError('Index.search');
    for (let i = offset; i < count; i++) {
      const doc = docs[docAt + i]!;
      const hit: SearchHit = { id: hot.ordinals ? doc : hot.ids[doc]!, score: scores[scoreAt + i]! };
      const fields = hot.stored[doc];
      if (fields) {
        hit.fields = fields;
        if (options.highlight) hit.highlights = highlightFields(wasm, hot.config, fields);
      }
      result.hits.push(hit);
    }
    return result;
  }

  /**
   * What this index holds for `query`: live documents, field lengths and each query term's
   * document frequency — the first phase of a sharded search (see createShardedSearch).
   */
  queryStats(query: Query): ShardQueryStats {
    const wasm = this.wasm;
    if (typeof query !== 'string' && (!query || typeof query !== 'object')) throw new TypeError(`queryStats: query must be a string or a query object, got ${query === null ? 'null' : typeof query}`);
    if (wasm.kernels.indexPendingCount()) this.#flush('Index.queryStats');
    this.#hot.builder.send(wasm, this.#parse(this.#hot, query));
    return readQueryStats(wasm, this.#hot.config.fields.length);
  }

  /** The terms the index derives from `text` (folded, stop words removed, stemmed). */
  analyze(text: string): string[] {
    if (typeof text !== 'string') throw new TypeError('analyze: text must be a string');
    return analyzeText(this.wasm, text, tokenFlagsFor(this.#hot.config.language)).map((token) => token.term);
  }

  /** A snapshot of the whole index: loadIndex(bytes) restores it without re-tokenizing. */
  save(): Uint8Array {
    const wasm = this.wasm;
    const size = wasm.kernels.snapshotPrepare();
    if (!size) throw wasm.limitError('Index.save');
    this.#pendingBytes = 0; // preparing flushed the pending documents
    const ptr = wasm.kernels.heapAlloc(size) >>> 0;
    if (!ptr) throw wasm.limitError('Index.save');
    try {
      wasm.kernels.snapshotWrite(ptr);
      const ids = Array.from({ length: wasm.kernels.indexDocCount() }, (_, doc) => this.#hot.ids[doc] ?? null);
      const stored = ids.map((_, doc) => this.#hot.stored[doc] ?? null);
      return encodeSnapshot(wasm, wasm.u8.subarray(ptr, ptr + size), { config: this.#hot.config, ids, stored, values: this.#hot.docValues.values });
    } finally {
      wasm.kernels.heapFree(ptr);
    }
  }

  stats(): IndexStats {
    const wasm = this.wasm;
    const k = wasm.kernels;
    k.searchWork(wasm.scratch);
    const [postingsScored, blocksSkipped, segmentsSkipped] = wasm.readScratchF64(3).map((count, i) => count + this.#workBefore[i]);
    return {
      docs: k.indexLiveCount(),
      terms: k.indexTermCount(),
      segments: k.indexSegmentCount(),
      pendingDocs: k.indexPendingCount(),
      memoryBytes: wasm.memoryBytes,
      heapBytes: k.heapUsedBytes(),
      work: { postingsScored, blocksSkipped, segmentsSkipped },
      cache: this.#hot.cache ? this.#hot.cache.stats() : { hits: 0, misses: 0, hitRatio: 0, entries: 0 },
    };
  }

  /** @internal A pool worker's index gets stored fields only when it first highlights. */
  adoptStored(stored: readonly (Record<string, unknown> | null)[]): void {
    stored.forEach((fields, doc) => { if (fields) this.#hot.stored[doc] = fields; });
  }

  /** Releases the instance; later calls throw ClosedError. */
  close(): void {
    this.#wasm = undefined;
    clearTimeout(this.#idleTimer);
    this.#idleTimer = undefined;
    this.#hot.cache?.clear();
    this.#docs.clear();
    this.#hot.ids.length = 0;
    this.#hot.stored.length = 0;
  }
}

/** Sets up an empty index of this configuration in the instance; false when memory is short. */
function initKernelIndex(wasm: KernelInstance, config: IndexConfig): boolean {
  if (!wasm.kernels.indexInit(config.fields.length, tokenFlagsFor(config.language), config.k1, config.b, Object.values(config.filters).filter((kind) => kind === 'number').length)) return false;
  config.boosts.forEach((boost, field) => wasm.kernels.indexSetFieldBoost(field, boost));
  return true;
}

async function newKernelIndex(config: IndexConfig, wasmOptions: WasmOptions): Promise<KernelInstance> {
  const wasm = await instantiateKernels(wasmOptions);
  if (!initKernelIndex(wasm, config)) throw new MemoryLimitError(wasm.maxBytes, 'createIndex');
  return wasm;
}

/** Creates an empty index. */
export async function createIndex(options: IndexOptions): Promise<Index> {
  const config = normaliseOptions(options);
  return new Index(await newKernelIndex(config, options), config, undefined, options.sharedCache);
}

/** Restores an index from `save()` bytes; damaged or foreign bytes throw SnapshotError. */
export function loadIndex(bytes: Uint8Array, options: WasmOptions & { sharedCache?: SharedCacheOptions } = {}): Promise<Index> {
  return restoreIndex(bytes, options, false);
}

/** @internal A pool worker's index: no ids or stored fields kept, hits carry doc numbers. */
export function loadOrdinalIndex(bytes: Uint8Array, options: WasmOptions = {}): Promise<Index> {
  return restoreIndex(bytes, options, true);
}

async function restoreIndex(bytes: Uint8Array, options: WasmOptions & { sharedCache?: SharedCacheOptions }, ordinals: boolean): Promise<Index> {
  // The snapshot block plus the dictionary and document arrays copied out of it.
  const expected = bytes instanceof Uint8Array ? Math.ceil(bytes.length * 1.3) : 0;
  const wasm = await instantiateKernels(options, expected);
  const state = decodeSnapshot(wasm, bytes);
  return new Index(wasm, state.config, state, options.sharedCache, ordinals);
}
