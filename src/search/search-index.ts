// The Index: a full-text index living in its own WASM instance. The host validates, encodes
// text into linear memory and maps doc numbers to ids and stored fields; tokenizing,
// indexing, scoring and top-k all happen in the kernels.
import { ClosedError, DuplicateIdError, MemoryLimitError } from '../errors.js';
import { instantiateKernels, type WasmOptions } from '../wasm/loader.js';
import type { KernelInstance } from '../wasm/kernel-instance.js';
import { normaliseOptions, type IndexConfig, type IndexOptions } from './index-options.js';
import { documentId, fieldText, storedFields, type Document, type DocumentId } from './documents.js';
import { parseQuery, textsByOccur, type Occur } from './query-parser.js';
import { analyzeText, tokenFlagsFor } from './analyze.js';
import { encodeSnapshot, decodeSnapshot, type SnapshotState } from './snapshot-format.js';

export interface SearchOptions {
  /** Hits to return (default 10). */
  limit?: number;
  /** Hits to skip first (default 0). */
  offset?: number;
}

export interface SearchHit {
  id: DocumentId;
  score: number;
  /** Stored fields (the `store` option), when any are configured. */
  fields?: Record<string, unknown>;
}

export interface SearchResult {
  hits: SearchHit[];
  /** Live documents matching the query. */
  total: number;
  tookMs: number;
}

export interface IndexStats {
  docs: number;
  terms: number;
  segments: number;
  pendingDocs: number;
  /** Linear memory of this index's instance. */
  memoryBytes: number;
  /** Postings scored, blocks and segments skipped by pruning, since creation. */
  work: { postingsScored: number; blocksSkipped: number; segmentsSkipped: number };
}

const OCCUR: Record<Occur, number> = { should: 0, must: 1, mustNot: 2 };
const FLUSH_PENDING_DOCS = 8192;
const MAX_LIMIT = 1_000_000;

function checkCount(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw new RangeError(`search: ${name} must be a non-negative integer, got ${String(value)}`);
  }
  return Math.min(value, MAX_LIMIT);
}

export class Index {
  #wasm: KernelInstance | undefined;
  readonly #config: IndexConfig;
  readonly #ids: (DocumentId | undefined)[] = [];
  readonly #stored: (Record<string, unknown> | undefined)[] = [];
  readonly #docs = new Map<DocumentId, number>();

  /** @internal use createIndex or loadIndex */
  constructor(wasm: KernelInstance, config: IndexConfig, state?: SnapshotState) {
    this.#wasm = wasm;
    this.#config = config;
    if (state) {
      state.ids.forEach((id, doc) => {
        if (id === null) return;
        this.#ids[doc] = id;
        this.#docs.set(id, doc);
      });
      state.stored.forEach((fields, doc) => { if (fields) this.#stored[doc] = fields; });
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

  /** Adds a new document; an id already present throws DuplicateIdError. */
  add(doc: Document): void {
    const wasm = this.wasm;
    const id = documentId(doc, this.#config);
    if (this.#docs.has(id)) throw new DuplicateIdError(id);
    const texts = this.#config.fields.map((field) => fieldText(doc, field));
    const stored = storedFields(doc, this.#config);
    const k = wasm.kernels;
    k.docBegin();
    try {
      texts.forEach((text, field) => {
        if (!text) return;
        const [ptr, len] = wasm.writeText(text, 'Index.add');
        if (k.docAddField(field, ptr, len) < 0) throw wasm.limitError('Index.add');
      });
      const doc = k.docCommit();
      if (doc < 0) throw wasm.limitError('Index.add');
      this.#ids[doc] = id;
      this.#docs.set(id, doc);
      if (stored) this.#stored[doc] = stored;
    } catch (error) {
      k.docAbort();
      throw error;
    } finally {
      wasm.releaseInput();
    }
    if (k.indexPendingCount() >= FLUSH_PENDING_DOCS) this.#flush('Index.add');
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
    const id = documentId(doc, this.#config);
    this.#config.fields.forEach((field) => fieldText(doc, field)); // refuse before removing
    this.remove(id);
    this.add(doc);
  }

  /** Removes a document; returns whether it was present. */
  remove(id: DocumentId): boolean {
    const wasm = this.wasm;
    const doc = this.#docs.get(id);
    if (doc === undefined) return false;
    wasm.kernels.docRemove(doc);
    this.#docs.delete(id);
    this.#ids[doc] = undefined;
    this.#stored[doc] = undefined;
    return true;
  }

  #flush(what: string): void {
    if (!this.wasm.kernels.indexFlush()) throw this.wasm.limitError(what);
  }

  /** Ranked search: OR of the words by default; `+word` requires, `-word` excludes. */
  search(query: string, options: SearchOptions = {}): SearchResult {
    const started = performance.now();
    const wasm = this.wasm;
    if (typeof query !== 'string') throw new TypeError(`search: query must be a string, got ${typeof query}`);
    if (!options || typeof options !== 'object') throw new TypeError('search: options must be an object');
    const limit = checkCount('limit', options.limit, 10);
    const offset = checkCount('offset', options.offset, 0);
    const k = wasm.kernels;
    if (k.indexPendingCount()) this.#flush('Index.search');
    const allFields = (1 << this.#config.fields.length) - 1;
    k.queryBegin();
    k.filterBegin();
    const texts = textsByOccur(parseQuery(query, this.#config.defaultOperator === 'and' ? 'must' : 'should'));
    for (const occur of ['must', 'should', 'mustNot'] as const) {
      if (!texts[occur]) continue;
      const [ptr, len] = wasm.writeText(texts[occur], 'Index.search');
      if (k.queryAddText(0, OCCUR[occur], ptr, len, allFields, 1, 0, 0) < 0) throw wasm.limitError('Index.search');
    }
    wasm.releaseInput();
    const wanted = Math.min(offset + limit, k.indexLiveCount());
    const count = k.searchRun(wanted, 1);
    if (count < 0) throw wasm.limitError('Index.search');
    const total = k.searchTotal();
    const docs = new Uint32Array(wasm.memory.buffer, k.searchResultDocs(), count);
    const scores = new Float64Array(wasm.memory.buffer, k.searchResultScores(), count);
    const hits: SearchHit[] = [];
    for (let i = offset; i < count; i++) {
      const hit: SearchHit = { id: this.#ids[docs[i]]!, score: scores[i] };
      const fields = this.#stored[docs[i]];
      if (fields) hit.fields = fields;
      hits.push(hit);
    }
    return { hits, total, tookMs: performance.now() - started };
  }

  /** The terms the index derives from `text` (folded, stop words removed, stemmed). */
  analyze(text: string): string[] {
    if (typeof text !== 'string') throw new TypeError('analyze: text must be a string');
    return analyzeText(this.wasm, text, tokenFlagsFor(this.#config.language)).map((token) => token.term);
  }

  /** A snapshot of the whole index: loadIndex(bytes) restores it without re-tokenizing. */
  save(): Uint8Array {
    const wasm = this.wasm;
    const size = wasm.kernels.snapshotPrepare();
    if (!size) throw wasm.limitError('Index.save');
    const ptr = wasm.kernels.heapAlloc(size) >>> 0;
    if (!ptr) throw wasm.limitError('Index.save');
    try {
      wasm.kernels.snapshotWrite(ptr);
      const ids = Array.from({ length: wasm.kernels.indexDocCount() }, (_, doc) => this.#ids[doc] ?? null);
      const stored = ids.map((_, doc) => this.#stored[doc] ?? null);
      return encodeSnapshot(wasm, wasm.u8.subarray(ptr, ptr + size), { config: this.#config, ids, stored });
    } finally {
      wasm.kernels.heapFree(ptr);
    }
  }

  stats(): IndexStats {
    const wasm = this.wasm;
    const k = wasm.kernels;
    k.searchWork(wasm.scratch);
    const [postingsScored, blocksSkipped, segmentsSkipped] = wasm.readScratchF64(3);
    return {
      docs: k.indexLiveCount(),
      terms: k.indexTermCount(),
      segments: k.indexSegmentCount(),
      pendingDocs: k.indexPendingCount(),
      memoryBytes: wasm.memoryBytes,
      work: { postingsScored, blocksSkipped, segmentsSkipped },
    };
  }

  /** Releases the instance; later calls throw ClosedError. */
  close(): void {
    this.#wasm = undefined;
    this.#docs.clear();
    this.#ids.length = 0;
    this.#stored.length = 0;
  }
}

async function newKernelIndex(config: IndexConfig, wasmOptions: WasmOptions): Promise<KernelInstance> {
  const wasm = await instantiateKernels(wasmOptions);
  if (!wasm.kernels.indexInit(config.fields.length, tokenFlagsFor(config.language), config.k1, config.b, 0)) {
    throw new MemoryLimitError(wasm.maxBytes, 'createIndex');
  }
  config.boosts.forEach((boost, field) => wasm.kernels.indexSetFieldBoost(field, boost));
  return wasm;
}

/** Creates an empty index. */
export async function createIndex(options: IndexOptions): Promise<Index> {
  const config = normaliseOptions(options);
  return new Index(await newKernelIndex(config, options), config);
}

/** Restores an index from `save()` bytes; damaged or foreign bytes throw SnapshotError. */
export async function loadIndex(bytes: Uint8Array, options: WasmOptions = {}): Promise<Index> {
  const wasm = await instantiateKernels(options);
  const state = decodeSnapshot(wasm, bytes);
  return new Index(wasm, state.config, state);
}
