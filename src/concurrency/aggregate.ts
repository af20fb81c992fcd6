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
import { aggregationKernels, readyAggregationKernels, checkThreshold, groupNearDuplicates, hashTexts } from './near-duplicates.js';
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

/**
 * The lists with their names and weights, and the number of hits in all. Hits are checked
 * while fusing, list by list; a malformed list first checks the hits before it, so the error
 * reported is the first in input order either way.
 */
function listsOf(lists: readonly AggregateList[], settings: Settings): { lists: List[]; total: number } {
  if (!Array.isArray(lists)) throw fail(`lists must be an array, got ${kind(lists)}`);
  const sourceKeys = new Map<string, number>();
  const out: List[] = [];
  let total = 0;
  const earlierHits = () => {
    for (let e = 0; e < out.length; e++) for (let h = 0; h < out[e].hits.length; h++) checkHit(out[e].hits[h], e, h, settings.method);
  };
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
      if (!Array.isArray(hits)) { earlierHits(); throw fail(`list ${l}: hits must be an array, got ${kind(hits)}`, l); }
      if (given.source !== undefined) {
        if (typeof given.source !== 'string') { earlierHits(); throw fail(`list ${l}: source must be a string, got ${kind(given.source)}`, l); }
        source = given.source;
      }
      if (given.weight !== undefined) {
        weight = given.weight;
        if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0) { earlierHits(); throw fail(`list ${l}: weight must be a finite number ≥ 0, got ${kind(weight)}`, l); }
      }
    } else {
      earlierHits();
      throw fail(`list ${l} must be an array of hits or { source, hits, weight }, got ${kind(entry)}`, l);
    }
    const checked = hits as readonly AggregateHit[];
    total += checked.length;
    let sourceKey = sourceKeys.get(source);
    if (sourceKey === undefined) sourceKeys.set(source, sourceKey = sourceKeys.size);
    out.push({ source, sourceKey, weight, hits: checked });
  }
  return { lists: out, total };
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

/** Flat per-slot and per-occurrence arrays, reused across calls (see takeArrays). */
class FusionArrays {
  readonly scores: Float64Array;          // fused score per slot, summed in list order
  readonly ties: Float64Array;            // bestRank · listCount + bestList per slot (smallest wins)
  readonly contributions: Float64Array;   // per occurrence, kept for content/near merging
  readonly head: Int32Array;              // each slot's first occurrence
  readonly tail: Int32Array;              // each slot's last occurrence
  readonly next: Int32Array;              // per occurrence: the slot's next one, -1 at the end
  readonly occurrenceList: Int32Array;    // per occurrence: its list index (ascending along a slot)
  readonly listsPerSlot: Int32Array;      // per slot: how many lists returned it
  readonly bestRank: Int32Array;          // per slot: the rank of its best occurrence
  readonly bestList: Int32Array;          // per slot: the list of its best occurrence
  readonly order: Uint32Array;            // slots in fused order (the first ones, with a limit)
  readonly listMask: Int32Array;          // per slot, with at most 32 lists: bit l set when list l returned it
  constructor(readonly capacity: number) {
    const buffer = new ArrayBuffer(capacity * 60);
    this.scores = new Float64Array(buffer, 0, capacity);
    this.ties = new Float64Array(buffer, capacity * 8, capacity);
    this.contributions = new Float64Array(buffer, capacity * 16, capacity);
    this.head = new Int32Array(buffer, capacity * 24, capacity);
    this.tail = new Int32Array(buffer, capacity * 28, capacity);
    this.next = new Int32Array(buffer, capacity * 32, capacity);
    this.occurrenceList = new Int32Array(buffer, capacity * 36, capacity);
    this.listsPerSlot = new Int32Array(buffer, capacity * 40, capacity);
    this.bestRank = new Int32Array(buffer, capacity * 44, capacity);
    this.order = new Uint32Array(buffer, capacity * 48, capacity);
    this.listMask = new Int32Array(buffer, capacity * 52, capacity);
    this.bestList = new Int32Array(buffer, capacity * 56, capacity);
  }
}

// Allocating the arrays costs more than fusing 10 × 100 hits, so one set is kept between calls
// (up to KEEP_OCCURRENCES, 3.4 MB); a call takes it and gives it back, so a nested or
// overlapping call simply allocates its own.
const KEEP_OCCURRENCES = 1 << 16;
let spareArrays: FusionArrays | undefined;

function takeArrays(total: number): FusionArrays {
  const spare = spareArrays;
  if (spare && spare.capacity >= total) {
    spareArrays = undefined;
    return spare;
  }
  return new FusionArrays(total <= KEEP_OCCURRENCES ? Math.max(total, 1024) : total);
}

function giveBackArrays(arrays: FusionArrays): void {
  if (arrays.capacity <= KEEP_OCCURRENCES && (!spareArrays || spareArrays.capacity < arrays.capacity)) spareArrays = arrays;
}

/**
 * Ids interned into small integers, kept between calls: growing a fresh Map to a few hundred ids
 * (rehashing at each doubling) cost as much as all the lookups. Each call claims marks from
 * `base` to base + its hit count, past every earlier call's (even one that failed part way),
 * and marks an id with base + slot: a mark below base is stale, so an id seen before costs one
 * Map lookup and one typed-array read. The table is dropped when it holds many ids
 * (KEEP_IDS) or the marks would pass 2^31.
 */
class IdTable {
  readonly ids = new Map<DocumentId, number>();
  marks = new Int32Array(1024);
  base = 0;
  private unclaimed = 1; // marks start at 0, which no call owns

  /** Claims this call's marks; false when they would not fit in an Int32Array. */
  claim(total: number): boolean {
    if (this.unclaimed + total >= 0x7fffffff) return false;
    this.base = this.unclaimed;
    this.unclaimed += total;
    return true;
  }

  /** The intern number of a new id (room made in `marks`). */
  add(id: DocumentId): number {
    const intern = this.ids.size;
    this.ids.set(id, intern);
    if (intern === this.marks.length) {
      const marks = new Int32Array(intern * 2);
      marks.set(this.marks);
      this.marks = marks;
    }
    return intern;
  }
}
const KEEP_IDS = 1 << 16;
let spareIdTable: IdTable | undefined;

/** The kept table (or a new one) with this call's marks claimed. */
function takeIdTable(total: number): IdTable {
  const spare = spareIdTable;
  spareIdTable = undefined;
  if (spare && spare.ids.size <= KEEP_IDS && spare.claim(total)) return spare;
  const table = new IdTable();
  if (!table.claim(total)) throw fail(`too many hits (${total})`);
  return table;
}

function giveBackIdTable(table: IdTable): void {
  spareIdTable = table;
}

/**
 * Every document's fusion: one slot per id (or per occurrence with dedupe false) in order of
 * first appearance, in flat arrays; no per-hit or per-document objects until output.
 */
interface Fusion {
  arrays: FusionArrays;
  count: number;                          // slots used
  lists: List[];
  /** Which lists returned a slot is in listMask (at most 32 lists, no merging), not in the occurrence chains. */
  masked: boolean;
}

/** A slot's best-ranked occurrence. */
function bestHit(fusion: Fusion, slot: number): AggregateHit {
  const { bestList, bestRank } = fusion.arrays;
  return fusion.lists[bestList[slot]].hits[bestRank[slot]];
}

/**
 * Registers every occurrence, list by list, checking each hit as it goes (inline for the common
 * case; checkHit says what is wrong). Each hit's id is read once. With at most 32 lists and no
 * content or near merging, a bit per list records which lists returned a slot (one read and one
 * write per hit); otherwise each slot chains its occurrences, which merging needs.
 */
function fuse(lists: List[], settings: Settings, arrays: FusionArrays, table: IdTable): Fusion {
  const perId = settings.by !== 'none';
  const keep = settings.by === 'content' || settings.by === 'near';
  const rrf = settings.method === 'rrf';
  const k = settings.k;
  const listCount = lists.length;
  const masked = !keep && listCount <= 32;
  const { scores, ties, bestRank, bestList, head, tail, next, occurrenceList, contributions, listsPerSlot, listMask } = arrays;
  const ids = table.ids;
  const base = table.base;
  let marks = table.marks;
  let count = 0, occurrences = 0;
  for (let l = 0; l < listCount; l++) {
    const { hits, weight } = lists[l];
    const n = hits.length;
    let scale = weight;
    if (!rrf) {
      let max = 0;
      for (let r = 0; r < n; r++) {
        const hit = hits[r];
        checkHit(hit, l, r, 'score');
        if (hit.score! > max) max = hit.score!;
      }
      scale = max > 0 ? weight / max : 0;
    }
    const bit = 1 << l;
    for (let r = 0; r < n; r++) {
      const hit = hits[r];
      if (hit === null || typeof hit !== 'object') checkHit(hit, l, r, settings.method);
      const id = hit.id;
      if (typeof id !== 'string' && !(typeof id === 'number' && Number.isFinite(id))) checkHit(hit, l, r, settings.method);
      let contribution: number;
      if (rrf) {
        const score = hit.score;
        if (score !== undefined && !(typeof score === 'number' && score >= 0 && score !== Infinity)) checkHit(hit, l, r, 'rrf');
        contribution = weight / (k + r + 1);
      } else {
        contribution = hit.score! * scale;
      }
      const tie = r * listCount + l;
      let slot = -1;
      if (perId) {
        let intern = ids.get(id);
        if (intern === undefined) {
          intern = table.add(id);
          marks = table.marks;
        } else if (marks[intern] >= base) {
          slot = marks[intern] - base;
        }
        if (slot < 0) marks[intern] = base + count;
      }
      if (slot >= 0) {
        // A repeat within this list is skipped: its best rank already counted.
        if (masked) {
          const mask = listMask[slot];
          if (mask & bit) continue;
          listMask[slot] = mask | bit;
        } else if (occurrenceList[tail[slot]] === l) {
          continue;
        }
        scores[slot] += contribution;
        listsPerSlot[slot]++;
        if (tie < ties[slot]) { ties[slot] = tie; bestRank[slot] = r; bestList[slot] = l; }
        if (masked) continue;
        next[tail[slot]] = occurrences;
        tail[slot] = occurrences;
      } else {
        slot = count++;
        scores[slot] = contribution;
        ties[slot] = tie;
        bestRank[slot] = r;
        bestList[slot] = l;
        listsPerSlot[slot] = 1;
        if (masked) { listMask[slot] = bit; continue; }
        head[slot] = occurrences;
        tail[slot] = occurrences;
      }
      next[occurrences] = -1;
      occurrenceList[occurrences] = l;
      if (keep) contributions[occurrences] = contribution;
      occurrences++;
    }
  }
  return { arrays, count, lists, masked };
}

/** Whether slot p comes before slot q in fused order (score desc, then tie key asc). */
function before(scores: Float64Array, ties: Float64Array, p: number, q: number): boolean {
  const sp = scores[p], sq = scores[q];
  return sp > sq || (sp === sq && ties[p] < ties[q]);
}

/**
 * Writes the first `limit` slots in fused order to `fusion.arrays.order`. A short head is
 * selected here by insertion (no sort of the rest); otherwise the fusedOrder kernel sorts
 * every slot.
 */
function orderSlots(wasm: KernelInstance, fusion: Fusion, limit: number): void {
  const n = fusion.count;
  const { scores, ties, order } = fusion.arrays;
  if (limit * 16 > n) {
    sortedOrder(wasm, scores, ties, n, order);
    return;
  }
  let size = 0;
  for (let s = 0; s < n && limit > 0; s++) {
    if (size === limit && !before(scores, ties, s, order[size - 1])) continue;
    let j = size < limit ? size++ : size - 1;
    while (j > 0 && before(scores, ties, s, order[j - 1])) { order[j] = order[j - 1]; j--; }
    order[j] = s;
  }
}

/** Writes indices 0..n-1 to `order` sorted by the fusedOrder kernel (score desc, tie key asc). */
function sortedOrder(wasm: KernelInstance, scores: Float64Array, ties: Float64Array, n: number, order: Uint32Array): void {
  if (n < 2) {
    if (n === 1) order[0] = 0;
    return;
  }
  const block = wasm.kernels.heapAlloc(n * 32 + 4096) >>> 0; // scores, tie keys (f64), order, scratch (3n + 1024 u32)
  if (!block) throw wasm.limitError('aggregate');
  try {
    const f64 = wasm.f64;
    f64.set(n === scores.length ? scores : scores.subarray(0, n), block >>> 3);
    f64.set(n === ties.length ? ties : ties.subarray(0, n), (block >>> 3) + n);
    wasm.kernels.fusedOrder(block, block + n * 8, n, block + n * 16, block + n * 20);
    order.set(new Uint32Array(f64.buffer, block + n * 16, n));
  } finally {
    wasm.kernels.heapFree(block);
  }
}

/** Items in fused order (score desc, best rank, best list). */
function sortFused(wasm: KernelInstance, items: Item[], listCount: number): Item[] {
  const n = items.length;
  if (n < 2) return items;
  const scores = new Float64Array(n), ties = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    scores[i] = items[i].score;
    ties[i] = items[i].bestRank * listCount + items[i].bestList;
  }
  const order = new Uint32Array(n);
  sortedOrder(wasm, scores, ties, n, order);
  const sorted: Item[] = new Array(n);
  for (let i = 0; i < n; i++) sorted[i] = items[order[i]];
  return sorted;
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

/** Every slot as an item, in fused order, with its lists and contributions for duplicate merging. */
function itemsOf(wasm: KernelInstance, fusion: Fusion): Item[] {
  const { scores, ties, bestRank, bestList, head, next, occurrenceList, contributions, order } = fusion.arrays;
  sortedOrder(wasm, scores, ties, fusion.count, order);
  const items: Item[] = new Array(fusion.count);
  for (let i = 0; i < fusion.count; i++) {
    const slot = order[i];
    const lists: number[] = [];
    const kept: number[] = [];
    for (let o = head[slot]; o >= 0; o = next[o]) { lists.push(occurrenceList[o]); kept.push(contributions[o]); }
    const hit = bestHit(fusion, slot);
    items[i] = { id: hit.id, hit, lists, contributions: kept, score: scores[slot], bestRank: bestRank[slot], bestList: bestList[slot], duplicates: undefined };
  }
  return items;
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

/** Index of the lowest bit set in `bits` (not 0). */
const lowestBit = (bits: number): number => 31 - Math.clz32(bits & -bits);

/** One result straight from a fusion slot (no duplicates merged). */
function outputSlot(fusion: Fusion, slot: number, names: string[], namesRepeat: boolean): AggregatedHit {
  const { head, next, occurrenceList, listsPerSlot, scores, listMask } = fusion.arrays;
  let sources: string[];
  if (fusion.masked) {
    let bits = listMask[slot];
    if (!namesRepeat) {
      sources = new Array(listsPerSlot[slot]);
      for (let s = 0; bits !== 0; s++, bits &= bits - 1) sources[s] = names[lowestBit(bits)];
    } else {
      sources = [];
      const seen: number[] = [];
      for (; bits !== 0; bits &= bits - 1) {
        const { source, sourceKey } = fusion.lists[lowestBit(bits)];
        if (!seen.includes(sourceKey)) { seen.push(sourceKey); sources.push(source); }
      }
    }
  } else if (!namesRepeat) {
    const n = listsPerSlot[slot];
    sources = new Array(n);
    for (let o = head[slot], s = 0; s < n; o = next[o], s++) sources[s] = names[occurrenceList[o]];
  } else {
    sources = [];
    const seen: number[] = [];
    for (let o = head[slot]; o >= 0; o = next[o]) {
      const { source, sourceKey } = fusion.lists[occurrenceList[o]];
      if (!seen.includes(sourceKey)) { seen.push(sourceKey); sources.push(source); }
    }
  }
  const best = bestHit(fusion, slot);
  const fields = best.fields;
  // Built whole either way: adding `fields` to a built literal costs each hit a property store of its own.
  return fields === undefined
    ? { id: best.id, score: scores[slot], consensus: sources.length, sources, duplicates: [] }
    : { id: best.id, score: scores[slot], consensus: sources.length, sources, duplicates: [], fields };
}

/** The first `count` slots in fused order as results. */
function outputSlots(fusion: Fusion, count: number, namesRepeat: boolean): AggregatedHit[] {
  const names = fusion.lists.map((list) => list.source);
  const order = fusion.arrays.order;
  const out: AggregatedHit[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = outputSlot(fusion, order[i], names, namesRepeat);
  return out;
}

/**
 * Fuses ranked lists into one ranking (see the file header for the formulas and order).
 * Async because the ordering, content hashing and near-duplicate kernels run in a shared WASM
 * instance compiled on first use; after that the only wait is the instance lookup.
 */
export async function aggregate(lists: readonly AggregateList[], options?: AggregateOptions): Promise<AggregatedHit[]> {
  const settings = settingsOf(options);
  const { lists: checked, total } = listsOf(lists, settings);
  const ready = readyAggregationKernels();
  if (!ready) {
    // First use: fuse (and so check every hit) before waiting for the kernels to compile.
    const fusion = fuse(checked, settings, new FusionArrays(total), takeIdTable(total));
    return finish(await aggregationKernels(), fusion, checked, settings);
  }
  // Warm: no wait from here on, so the kept arrays and map cannot be shared with another call
  // (one that starts inside this one, from a user callback, finds them taken and makes its own).
  const arrays = takeArrays(total);
  const ids = takeIdTable(total);
  try {
    return finish(ready, fuse(checked, settings, arrays, ids), checked, settings);
  } finally {
    giveBackIdTable(ids);
    giveBackArrays(arrays);
  }
}

/** Orders the fusion (merging duplicates first for 'content' and 'near') and builds the results. */
function finish(wasm: KernelInstance, fusion: Fusion, checked: List[], settings: Settings): AggregatedHit[] {
  const namesRepeat = checked.some((list, l) => list.sourceKey !== l);
  if ((settings.by === 'content' || settings.by === 'near') && fusion.count > 1) {
    let items = itemsOf(wasm, fusion);
    const texts = items.map((item) => {
      const text = settings.text(item.hit);
      if (typeof text !== 'string') throw fail(`dedupe.text returned ${kind(text)} for id ${kind(item.id)}, not a string`, item.bestList, item.bestRank);
      return text;
    });
    const groups = settings.by === 'content'
      ? contentGroups(texts, hashTexts(wasm, texts))
      : groupNearDuplicates(wasm, texts, settings.threshold);
    items = mergeGroups(wasm, items, groups, checked.length);
    const count = Math.min(items.length, settings.limit);
    const out: AggregatedHit[] = new Array(count);
    for (let i = 0; i < count; i++) out[i] = output(items[i], checked, namesRepeat);
    return out;
  }
  const count = Math.min(fusion.count, settings.limit);
  orderSlots(wasm, fusion, count);
  return outputSlots(fusion, count, namesRepeat);
}
