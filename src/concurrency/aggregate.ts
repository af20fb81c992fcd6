// aggregate(): fuses ranked lists from shards, indexes or outside sources into one ranking,
// merging the same document (by id) and optionally its exact or near copies under other ids.
//
// Fusion (per document d, over the lists that returned it; rank is the 1-based position):
//   'rrf'   score(d) = Σ weight / (k + rank)                 reciprocal rank fusion, k = 60
//   'score' score(d) = Σ weight · score / max score of list  CombSUM of max-normalised scores
// Max normalisation keeps each list's score ratios and puts every list's best hit at 1 (a list
// whose scores are all 0 contributes 0); it needs no lower bound, unlike min-max, which would
// give every list's last hit nothing. Sums run in list order, so every runtime gets the same bits.
//
// A list's repeated id counts once, at its best rank. Duplicates under other ids ('content',
// 'near') form a group led by its best-fused member; the group scores the sum over lists of the
// best contribution any member got from that list, so one source listing two copies counts once.
//
// Order: fused score descending, then best rank, then the list of that rank (earlier first):
// a total order, so the result does not depend on the sort algorithm.
import { AggregationError } from '../errors.js';
import type { DocumentId } from '../search/documents.js';
import { aggregationKernels, checkThreshold, groupNearDuplicates, hashTexts } from './near-duplicates.js';
import type { KernelInstance } from '../wasm/kernel-instance.js';

export type AggregateMethod = 'rrf' | 'score';
export type DedupeMode = 'id' | 'content' | 'near';

/** One ranked hit; `SearchHit` from `Index.search` fits as is. */
export interface AggregateHit {
  id: DocumentId;
  /** Needed by method 'score'; when given it must be a finite number ≥ 0. */
  score?: number;
  fields?: Record<string, unknown>;
  /** Content for 'content' and 'near' dedupe (see DedupeOptions.text). */
  text?: string;
}

/** A list with a name and a weight; a `SearchResult` (`{ hits, total, tookMs }`) fits as is. */
export interface AggregateSource {
  hits: readonly AggregateHit[];
  /** Names the source for `consensus` and `sources`; default: the list's position, '0', '1', … */
  source?: string;
  /** Multiplies the list's contributions (finite, ≥ 0; default 1). */
  weight?: number;
}

export type AggregateList = readonly AggregateHit[] | AggregateSource;

export interface DedupeOptions {
  /**
   * 'id': only hits with the same id are one result. 'content': hits whose texts are identical
   * (same string, non-empty) are merged too. 'near': hits whose texts are near-duplicates are
   * merged too: estimated Jaccard similarity of their 3-word shingles ≥ `threshold`
   * (see `nearDuplicates`); this covers identical texts that have words.
   */
  by: DedupeMode;
  /** For 'near': 0 < threshold ≤ 1, default 0.85. */
  threshold?: number;
  /** A hit's text; default `hit.text`, else its string `fields` joined with '\n'. */
  text?: (hit: AggregateHit) => string;
}

export interface AggregateOptions {
  /** Default 'rrf'. */
  method?: AggregateMethod;
  /** RRF constant (finite, ≥ 0; default 60). */
  k?: number;
  /** Most results returned (default: all). */
  limit?: number;
  /**
   * Default 'id'. `false` keeps every hit as its own result (a rank-interleaved merge: repeated
   * ids stay separate and each has consensus 1).
   */
  dedupe?: false | DedupeMode | DedupeOptions;
}

export interface AggregatedHit {
  id: DocumentId;
  /** Fused score (see the method). */
  score: number;
  /** Distinct sources that returned this hit or one of its duplicates. */
  consensus: number;
  /** Those sources' names, in list order. */
  sources: string[];
  /** Ids merged into this hit as content or near duplicates, best fused first. */
  duplicates: DocumentId[];
  /** The stored fields of this id's best-ranked occurrence, when it had any. */
  fields?: Record<string, unknown>;
}

interface Settings {
  method: AggregateMethod;
  k: number;
  limit: number;
  by: DedupeMode | 'none';
  threshold: number;
  text: (hit: AggregateHit) => string;
}

interface List { source: string; sourceKey: number; weight: number; hits: readonly AggregateHit[] }

/** One document (one id, or one occurrence with dedupe: false) and what each list gave it. */
interface Item {
  id: DocumentId;
  hit: AggregateHit;         // the best-ranked occurrence
  lists: number[];           // list indices, ascending
  contributions: number[];   // weighted contribution from each of `lists` (kept for merging only)
  score: number;
  bestRank: number;
  bestList: number;
  duplicates: DocumentId[] | undefined; // ids merged into this one (allocated on first merge)
}

/** Shared by items whose contributions are not kept (never written). */
const NOT_KEPT: number[] = [];

const fail = (message: string, list?: number, hit?: number) => new AggregationError(`aggregate: ${message}`, list, hit);

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'number' || typeof value === 'string' ? JSON.stringify(value) : typeof value;
}

function defaultText(hit: AggregateHit): string {
  if (typeof hit.text === 'string') return hit.text;
  const fields = hit.fields;
  if (!fields || typeof fields !== 'object') return '';
  const parts: string[] = [];
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (typeof value === 'string') parts.push(value);
  }
  return parts.join('\n');
}

function settingsOf(options: AggregateOptions | undefined): Settings {
  if (options === undefined) options = {};
  if (options === null || typeof options !== 'object') throw fail(`options must be an object, got ${kind(options)}`);
  const method = options.method ?? 'rrf';
  if (method !== 'rrf' && method !== 'score') throw fail(`method must be 'rrf' or 'score', got ${kind(method)}`);
  const k = options.k ?? 60;
  if (typeof k !== 'number' || !Number.isFinite(k) || k < 0) throw fail(`k must be a finite number ≥ 0, got ${kind(k)}`);
  const limit = options.limit ?? Infinity;
  if (limit !== Infinity && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)) {
    throw fail(`limit must be an integer ≥ 0, got ${kind(limit)}`);
  }
  let dedupe = options.dedupe ?? 'id';
  if (dedupe === false) return { method, k, limit, by: 'none', threshold: 0, text: defaultText };
  if (typeof dedupe === 'string') dedupe = { by: dedupe };
  if (dedupe === null || typeof dedupe !== 'object') throw fail(`dedupe must be false, 'id', 'content', 'near' or { by, threshold, text }, got ${kind(dedupe)}`);
  const by = dedupe.by;
  if (by !== 'id' && by !== 'content' && by !== 'near') throw fail(`dedupe.by must be 'id', 'content' or 'near', got ${kind(by)}`);
  const threshold = checkThreshold(dedupe.threshold, 'aggregate');
  const text = dedupe.text ?? defaultText;
  if (typeof text !== 'function') throw fail(`dedupe.text must be a function, got ${kind(text)}`);
  return { method, k, limit, by, threshold, text };
}

function listsOf(lists: readonly AggregateList[], settings: Settings): List[] {
  if (!Array.isArray(lists)) throw fail(`lists must be an array, got ${kind(lists)}`);
  const sourceKeys = new Map<string, number>();
  const out: List[] = [];
  for (let l = 0; l < lists.length; l++) {
    const entry = lists[l] as unknown;
    let hits: unknown;
    let source = String(l);
    let weight = 1;
    if (Array.isArray(entry)) {
      hits = entry;
    } else if (entry !== null && typeof entry === 'object') {
      const given = entry as AggregateSource;
      hits = given.hits;
      if (!Array.isArray(hits)) throw fail(`list ${l}: hits must be an array, got ${kind(hits)}`, l);
      if (given.source !== undefined) {
        if (typeof given.source !== 'string') throw fail(`list ${l}: source must be a string, got ${kind(given.source)}`, l);
        source = given.source;
      }
      if (given.weight !== undefined) {
        weight = given.weight;
        if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) throw fail(`list ${l}: weight must be a finite number ≥ 0, got ${kind(weight)}`, l);
      }
    } else {
      throw fail(`list ${l} must be an array of hits or { source, hits, weight }, got ${kind(entry)}`, l);
    }
    const checked = hits as readonly AggregateHit[];
    for (let h = 0; h < checked.length; h++) checkHit(checked[h], l, h, settings.method);
    let sourceKey = sourceKeys.get(source);
    if (sourceKey === undefined) sourceKeys.set(source, sourceKey = sourceKeys.size);
    out.push({ source, sourceKey, weight, hits: checked });
  }
  return out;
}

function checkHit(hit: unknown, l: number, h: number, method: AggregateMethod): void {
  if (hit === null || typeof hit !== 'object') throw fail(`list ${l} hit ${h} must be an object, got ${kind(hit)}`, l, h);
  const { id, score } = hit as AggregateHit;
  if (typeof id === 'number') {
    if (!Number.isFinite(id)) throw fail(`list ${l} hit ${h}: id must be a string or a finite number, got ${id}`, l, h);
  } else if (typeof id !== 'string') {
    throw fail(`list ${l} hit ${h}: id must be a string or a finite number, got ${kind(id)}`, l, h);
  }
  if (score === undefined) {
    if (method === 'score') throw fail(`list ${l} hit ${h}: method 'score' needs a score`, l, h);
  } else if (typeof score !== 'number' || !Number.isFinite(score) || score < 0) {
    throw fail(`list ${l} hit ${h}: score must be a finite number ≥ 0, got ${kind(score)}`, l, h);
  }
}

/** Registers every occurrence, list by list, into items (one per id unless dedupe is false). */
function fuse(lists: List[], settings: Settings): Item[] {
  const items: Item[] = [];
  const byId = new Map<DocumentId, Item>();
  const perId = settings.by !== 'none';
  const keep = settings.by === 'content' || settings.by === 'near';
  for (let l = 0; l < lists.length; l++) {
    const { hits, weight } = lists[l];
    let scale = weight;
    if (settings.method === 'score') {
      let max = 0;
      for (const hit of hits) if (hit.score! > max) max = hit.score!;
      scale = max > 0 ? weight / max : 0;
    }
    for (let r = 0; r < hits.length; r++) {
      const hit = hits[r];
      const contribution = settings.method === 'rrf' ? weight / (settings.k + r + 1) : hit.score! * scale;
      let item = perId ? byId.get(hit.id) : undefined;
      if (item) {
        if (item.lists[item.lists.length - 1] === l) continue; // repeated within this list
        item.lists.push(l);
        if (keep) item.contributions.push(contribution);
        item.score += contribution;
        if (r < item.bestRank) { item.bestRank = r; item.bestList = l; item.hit = hit; }
      } else {
        item = { id: hit.id, hit, lists: [l], contributions: keep ? [contribution] : NOT_KEPT, score: contribution, bestRank: r, bestList: l, duplicates: undefined };
        items.push(item);
        if (perId) byId.set(hit.id, item);
      }
    }
  }
  return items;
}

/** Items in fused order, sorted by the fusedOrder kernel (score desc, best rank, best list). */
function sortFused(wasm: KernelInstance, items: Item[], listCount: number): Item[] {
  const n = items.length;
  if (n < 2) return items;
  const block = wasm.kernels.heapAlloc(n * 24) >>> 0; // scores, tie keys (f64), order, scratch (u32)
  if (!block) throw wasm.limitError('aggregate');
  try {
    const f64 = wasm.f64;
    const scores = block >>> 3, ties = scores + n;
    for (let i = 0; i < n; i++) {
      const item = items[i];
      f64[scores + i] = item.score;
      f64[ties + i] = item.bestRank * listCount + item.bestList;
    }
    wasm.kernels.fusedOrder(block, block + n * 8, n, block + n * 16, block + n * 20);
    const order = new Uint32Array(wasm.u8.buffer, block + n * 16, n);
    const sorted: Item[] = new Array(n);
    for (let i = 0; i < n; i++) sorted[i] = items[order[i]];
    return sorted;
  } finally {
    wasm.kernels.heapFree(block);
  }
}

/** Leader index (≤ i) of each item's exact-content group; empty texts stay alone. */
function contentGroups(texts: string[], hashes: Uint32Array): Uint32Array {
  const groups = new Uint32Array(texts.length);
  const leaders = new Map<number, number[]>();
  for (let i = 0; i < texts.length; i++) {
    groups[i] = i;
    if (texts[i] === '') continue;
    const same = leaders.get(hashes[i]);
    const leader = same?.find((j) => texts[j] === texts[i]);
    if (leader !== undefined) groups[i] = leader;
    else if (same) same.push(i);
    else leaders.set(hashes[i], [i]);
  }
  return groups;
}

/** Folds each group into its leader: best contribution per list, ids listed as duplicates. */
function mergeGroups(wasm: KernelInstance, items: Item[], groups: Uint32Array, listCount: number): Item[] {
  const leaders: Item[] = [];
  for (let i = 0; i < items.length; i++) {
    const leader = items[groups[i]];
    if (groups[i] === i) { leaders.push(leader); continue; }
    const member = items[i];
    (leader.duplicates ??= []).push(member.id);
    if (member.bestRank < leader.bestRank || (member.bestRank === leader.bestRank && member.bestList < leader.bestList)) {
      leader.bestRank = member.bestRank;
      leader.bestList = member.bestList;
    }
    // Merge two ascending list-index runs, keeping the larger contribution where both have one.
    const lists: number[] = [];
    const contributions: number[] = [];
    let a = 0, b = 0;
    while (a < leader.lists.length || b < member.lists.length) {
      const la = a < leader.lists.length ? leader.lists[a] : Infinity;
      const lb = b < member.lists.length ? member.lists[b] : Infinity;
      if (la === lb) { lists.push(la); contributions.push(Math.max(leader.contributions[a++], member.contributions[b++])); }
      else if (la < lb) { lists.push(la); contributions.push(leader.contributions[a++]); }
      else { lists.push(lb); contributions.push(member.contributions[b++]); }
    }
    leader.lists = lists;
    leader.contributions = contributions;
  }
  for (const leader of leaders) {
    if (!leader.duplicates) continue;
    let score = 0;
    for (const c of leader.contributions) score += c;
    leader.score = score;
  }
  return sortFused(wasm, leaders, listCount);
}

function output(item: Item, lists: List[], namesRepeat: boolean): AggregatedHit {
  const sources: string[] = new Array(item.lists.length);
  for (let i = 0; i < sources.length; i++) sources[i] = lists[item.lists[i]].source;
  if (namesRepeat && sources.length > 1) {
    const seen: number[] = [];
    sources.length = 0;
    for (const l of item.lists) {
      const { source, sourceKey } = lists[l];
      if (!seen.includes(sourceKey)) { seen.push(sourceKey); sources.push(source); }
    }
  }
  const hit: AggregatedHit = { id: item.id, score: item.score, consensus: sources.length, sources, duplicates: item.duplicates ?? [] };
  if (item.hit.fields !== undefined) hit.fields = item.hit.fields;
  return hit;
}

/**
 * Fuses ranked lists into one ranking (see the file header for the formulas and order).
 * Async because the ordering, content hashing and near-duplicate kernels run in a shared WASM
 * instance compiled on first use; after that the only wait is the instance lookup.
 */
export async function aggregate(lists: readonly AggregateList[], options?: AggregateOptions): Promise<AggregatedHit[]> {
  const settings = settingsOf(options);
  const checked = listsOf(lists, settings);
  const wasm = await aggregationKernels();
  let items = sortFused(wasm, fuse(checked, settings), checked.length);
  if ((settings.by === 'content' || settings.by === 'near') && items.length > 1) {
    const texts = items.map((item) => {
      const text = settings.text(item.hit);
      if (typeof text !== 'string') throw fail(`dedupe.text returned ${kind(text)} for id ${kind(item.id)}, not a string`, item.bestList, item.bestRank);
      return text;
    });
    const groups = settings.by === 'content'
      ? contentGroups(texts, hashTexts(wasm, texts))
      : groupNearDuplicates(wasm, texts, settings.threshold);
    items = mergeGroups(wasm, items, groups, checked.length);
  }
  const count = Math.min(items.length, settings.limit);
  const out: AggregatedHit[] = new Array(count);
  const namesRepeat = checked.some((list, l) => list.sourceKey !== l);
  for (let i = 0; i < count; i++) out[i] = output(items[i], checked, namesRepeat);
  return out;
}
