// Query evaluation: windowed MaxScore over each segment's postings.
//
// Docs are processed in windows of 4096 (smaller first windows, tried for an earlier
// threshold, cost more in bookkeeping than they saved). Within a window, "essential" lists are decoded and scored (SIMD BM25) into a dense
// fixed-point accumulator, producing the candidate bitset; top-level optional lists whose upper
// bounds together cannot lift a document past the current threshold are "non-essential": they
// only add scores to candidates that can still make it (a SIMD compare of accumulator +
// remaining bound against the threshold), and skip blocks holding none of them. Of the sets of
// lists that may be non-essential, the one with the most postings is (chooseNonEssential).
// Matches are counted up to countLimit; past it, non-essential lists are no longer decoded
// whole just to count. Phrases and nested groups are evaluated exhaustively per window into
// their own accumulators. Required parts intersect, exclusions, filters and deleted docs mask out.
import { heapAlloc, heapFree } from '../memory/heap';
import { fieldBoost, k1, b, MAX_FIELDS } from '../index/config';
import { liveCount, liveBits } from '../index/documents';
import { statsDocs, statsAverageLength, statsDf } from './collection-stats';
import {
  segDocBase, segDocSpan, segKeyCount, keyAt, keyTerm, keyField,
  keyBlockCount, keyFirstSkip, keyMaxTf, keyMinRatio, keyDf, skipAt, BLOCK,
} from '../index/segment';
import { decodeDocs, decodeTfs, skipLastDoc, skipCountOf, blockFirstDoc } from '../index/postings-reader';
import { findTerm, findKey } from '../index/segment-terms';
import { segmentAt, segmentCount } from '../index/segments';
import { WINDOW, bitsetClear, bitsetCopy, bitsetFillFirst, bitSet, bitTest, bitsetAnd, bitsetAndNot, bitsetAndAndNot, bitsetOr, bitsetOrNonEmpty, bitsetCount, bitsetExtract } from './bitset';
import { scoreAdd, scoreBound, thresholdMask, toFixedCeil } from './bm25';
import { topKReset, topKThreshold, topKPush, topKDrain } from './top-k';
import {
  SHOULD, MUST, MUST_NOT, NODE_TERM, NODE_PHRASE, NODE_BOOL, MAX_NODES, nodeCount, nodeKind, nodeOccur, nodeParent,
  nodeFields, nodeWeight, nodeTerm, nodePhraseStart, nodePhraseLength, nodeImpossible, phraseTerm, queryImpossible,
} from './query';
import { filterActive, filterWindow, facetWindow } from './filter';
import { phraseWindow, phraseScratchReady } from './phrase';
import {
  listCount, setListCount, L, lNode, lOccur, lField, lWk, lC0, lC1, lBound, lBlock, lBlocks, lFirstSkip,
  lPrevLast, lCount, lPos, lTfPtr, lTfsReady, lDocs, lTfs, lTopLevel, listBlocksReserve, advanceBlock, MAX_LISTS,
  lOrdinal, lKey,
} from './lists';

const MAX_DEPTH: u32 = 10;
const NOT_PHRASE: u32 = 0xffffffff;
const byBound = heapScratch(<i32>(MAX_LISTS * 4));
// Per query node: the idf of its term (summed over a phrase's terms), the same in every segment.
const nodeIdfs = heapScratch(<i32>(MAX_NODES * 8));

const acc = heapScratch(<i32>(WINDOW * 8), 16); // i64 fixed-point scores per window doc
const matched = heapScratch(<i32>(WINDOW / 8), 16);
const counted = heapScratch(<i32>(WINDOW / 8), 16);
const clause = heapScratch(<i32>(WINDOW / 8), 16);
const excluded = heapScratch(<i32>(WINDOW / 8), 16);
const live = heapScratch(<i32>(WINDOW / 8), 16);
const filtered = heapScratch(<i32>(WINDOW / 8), 16);
const cand = heapScratch(<i32>(WINDOW / 8), 16);
const needs = heapScratch(<i32>(WINDOW / 8), 16);
// Docs whose accumulator entry may be non-zero: cleared after each window instead of the
// whole accumulator, which matters when a window holds few matches.
const touched = heapScratch(<i32>(WINDOW / 8), 16);
const pickDocs = heapScratch(<i32>(BLOCK * 4), 16);
const pickTfs = heapScratch(<i32>(BLOCK * 4), 16);
// Per nesting depth: an accumulator and two bitsets (result, exclusions) for groups.
let depthAccs: usize = 0;
let depthBits: usize = 0;

let segment: usize = 0;
let segBase: u32 = 0;
let filtering: bool = false;
export let lastTotal: u32 = 0;
// Matches are counted until lastTotal reaches countLimit (and the top k are full); past it,
// lists that only add to candidates are no longer decoded whole, and lastTotal is a lower
// bound (totalExact false).
let countLimit: u32 = 0;
export let totalExact: bool = true;
export let resultDocs: usize = 0;
export let resultScores: usize = 0;
let resultCapacity: u32 = 0;
// Work counters, reported to show pruning at work.
export let postingsScored: f64 = 0;
export let blocksSkipped: f64 = 0;
export let segmentsSkipped: f64 = 0;

@inline function depthAcc(d: u32): usize { return depthAccs + <usize>d * WINDOW * 8; }
@inline function depthResult(d: u32): usize { return depthBits + <usize>d * (WINDOW / 4); }
@inline function depthNot(d: u32): usize { return depthResult(d) + WINDOW / 8; }

export function idfOf(df: u32): f64 {
  const n = statsDocs();
  return Math.log(1 + (n - <f64>df + 0.5) / (<f64>df + 0.5));
}

@inline export function bm25C0(): f32 { return <f32>(<f64>k1 * (1 - <f64>b)); }
export function bm25C1(field: u32): f32 {
  const avg = statsAverageLength(field);
  return <f32>(avg > 0 ? <f64>k1 * <f64>b / avg : 0);
}

function addList(node: u32, occur: u32, key: usize, field: u32, wk: f32, ordinal: u32, topLevel: bool): void {
  const j = listCount;
  setListCount(j + 1);
  const at = L(j);
  const c0 = bm25C0();
  const c1 = bm25C1(field);
  store<u32>(at, node);
  store<u32>(at, occur, 4);
  store<u32>(at, key, 8);
  store<u32>(at, field, 12);
  store<f32>(at, wk, 16);
  store<f32>(at, c0, 20);
  store<f32>(at, c1, 24);
  store<u32>(at, ordinal, 28);
  store<u32>(at, 0, 32);
  store<u32>(at, keyBlockCount(key), 36);
  store<u32>(at, keyFirstSkip(key), 40);
  store<u32>(at, 0, 44);
  store<u32>(at, 0, 48);
  store<u32>(at, 0, 52);
  store<u32>(at, 0, 56);
  store<u32>(at, 0, 60);
  store<i64>(at, ordinal == NOT_PHRASE ? toFixedCeil(scoreBound(keyMaxTf(key), keyMinRatio(key), wk, c0, c1)) : 0, 64);
  store<u32>(at, 0, 72);
  store<u32>(at, 0, 76);
  store<u32>(at, topLevel ? 1 : 0, 80);
}

/** Builds the list records for this segment; false when the segment cannot match at all. */
function setupLists(): bool {
  setListCount(0);
  const kk = <f64>k1;
  for (let i: u32 = 1; i < nodeCount; i++) {
    const kind = nodeKind(i);
    const fields = nodeFields(i);
    const topLevel = nodeParent(i) == 0;
    if (kind == NODE_TERM) {
      const term = nodeTerm(i);
      let found = false;
      const first = findTerm(segment, term);
      if (first >= 0) {
        const idf = load<f64>(nodeIdfs + (<usize>i << 3));
        // The term's keys are consecutive, one per field holding it, in field order.
        const keys = segKeyCount(segment);
        for (let x = <u32>first; x < keys; x++) {
          const key = keyAt(segment, x);
          if (keyTerm(key) != term) break;
          const f = keyField(key);
          if (!(fields & (1 << f)) || listCount >= MAX_LISTS) continue;
          found = true;
          addList(i, nodeOccur(i), key, f, <f32>(idf * <f64>fieldBoost(f) * <f64>nodeWeight(i) * (kk + 1)), NOT_PHRASE, topLevel);
        }
      }
      if (!found && topLevel && nodeOccur(i) == MUST) return false;
    } else if (kind == NODE_PHRASE) {
      const first = nodePhraseStart(i);
      const length = nodePhraseLength(i);
      const idf = load<f64>(nodeIdfs + (<usize>i << 3));
      for (let f: u32 = 0; f < MAX_FIELDS; f++) {
        if (!(fields & (1 << f)) || listCount + length > MAX_LISTS) continue;
        let all = true;
        for (let k: u32 = 0; k < length && all; k++) {
          const term = phraseTerm(first + k);
          all = findKey(segment, term, f) != 0;
        }
        if (!all) continue;
        const wk = <f32>(idf * <f64>fieldBoost(f) * <f64>nodeWeight(i) * (kk + 1));
        for (let k: u32 = 0; k < length; k++) addList(i, nodeOccur(i), findKey(segment, phraseTerm(first + k), f), f, wk, k, false);
      }
    }
  }
  return true;
}

function ensureTfs(j: u32): void {
  if (!lTfsReady(j)) {
    decodeTfs(lTfPtr(j), lCount(j), lTfs(j));
    store<u32>(L(j), 1, 60);
  }
}

/** True when some bit of `mask` lies in window-relative [lo, hi]. */
function anyInRange(mask: usize, lo: u32, hi: u32): bool {
  for (let w = lo >> 6; w <= hi >> 6; w++) {
    let word = load<u64>(mask + (<usize>w << 3));
    if (w == lo >> 6) word &= ~(<u64>0) << (lo & 63);
    if (w == hi >> 6 && (hi & 63) != 63) word &= (<u64>1 << ((hi & 63) + 1)) - 1;
    if (word) return true;
  }
  return false;
}

/**
 * Walks list j over window docs [ws, we) (segment-local). Sets each posting's bit in `bits`
 * (when non-zero); adds BM25 scores to `target` for all postings (`scoreMask` 0) or only those
 * whose bit is set in `scoreMask`; `score` false decodes doc ids only. With `skipBlocks`,
 * blocks holding no doc of `scoreMask` are not decoded at all.
 */
function scanList(j: u32, ws: u32, we: u32, bits: usize, score: bool, scoreMask: usize, skipBlocks: bool, target: usize): void {
  const field = lField(j);
  while (lBlock(j) < lBlocks(j)) {
    const skip = skipAt(segment, lFirstSkip(j) + lBlock(j));
    const last = skipLastDoc(skip);
    if (last < ws) { advanceBlock(segment, j); blocksSkipped += 1; continue; }
    if (!lCount(j)) {
      if (skipBlocks) {
        const first = lBlock(j) ? lPrevLast(j) + 1 : 0;
        const lo = first > ws ? first - ws : 0;
        if (lo >= we - ws) return; // block starts past this window
        const hi = (last < we ? last : we - 1) - ws;
        if (!anyInRange(scoreMask, lo, hi)) {
          blocksSkipped += 1;
          if (last < we) { advanceBlock(segment, j); continue; }
          return;
        }
      }
      const tfPtr = decodeDocs(segment, lFirstSkip(j) + lBlock(j), lPrevLast(j), lDocs(j));
      store<u32>(L(j), skipCountOf(skip), 48);
      store<u32>(L(j), 0, 52);
      store<u32>(L(j), <u32>tfPtr, 56);
      store<u32>(L(j), 0, 60);
    }
    const docs = lDocs(j);
    const count = lCount(j);
    // A list skipped in an earlier window may still hold postings before this one.
    let start = lPos(j);
    while (start < count && load<u32>(docs + (<usize>start << 2)) < ws) start++;
    let pos = count;
    if (last >= we) {
      pos = start;
      while (pos < count && load<u32>(docs + (<usize>pos << 2)) < we) pos++;
    }
    store<u32>(L(j), pos, 52);
    if (score && pos > start) {
      ensureTfs(j);
      const tfs = lTfs(j);
      if (scoreMask) {
        if (bits) for (let i = start; i < pos; i++) bitSet(bits, load<u32>(docs + (<usize>i << 2)) - ws);
        // Keep only postings whose doc is still a candidate.
        let kept: u32 = 0;
        for (let i = start; i < pos; i++) {
          const doc = load<u32>(docs + (<usize>i << 2));
          if (bitTest(scoreMask, doc - ws)) {
            store<u32>(pickDocs + (<usize>kept << 2), doc);
            store<u32>(pickTfs + (<usize>kept << 2), load<u32>(tfs + (<usize>i << 2)));
            kept++;
          }
        }
        scoreAdd(pickDocs, pickTfs, kept, segBase, ws, field, lWk(j), lC0(j), lC1(j), target, 0);
        postingsScored += <f64>kept;
      } else {
        scoreAdd(docs + (<usize>start << 2), tfs + (<usize>start << 2), pos - start, segBase, ws, field, lWk(j), lC0(j), lC1(j), target, bits);
        postingsScored += <f64>(pos - start);
      }
    } else if (bits) {
      for (let i = start; i < pos; i++) bitSet(bits, load<u32>(docs + (<usize>i << 2)) - ws);
    }
    if (pos < count) return; // the next posting belongs to a later window
    advanceBlock(segment, j);
  }
}

/** dst[d] += src[d] for every doc d in `bits`. */
function addMasked(dst: usize, src: usize, bits: usize, words: u32): void {
  for (let w: u32 = 0; w < words; w++) {
    let word = load<u64>(bits + (<usize>w << 3));
    while (word) {
      const d = (w << 6) + <u32>ctz<u64>(word);
      word &= word - 1;
      const at = <usize>d << 3;
      store<i64>(dst + at, load<i64>(dst + at) + load<i64>(src + at));
    }
  }
}

/** Evaluates a phrase or group node over the window into depthResult/depthAcc(depth). */
function evalNode(node: u32, depth: u32, ws: u32, we: u32, words: u32): void {
  const bits = depthResult(depth);
  const sum = depthAcc(depth);
  const n = we - ws;
  bitsetClear(bits, words);
  if (depth >= MAX_DEPTH) return;
  memory.fill(sum, 0, <usize>n << 3);
  const kind = nodeKind(node);
  if (kind == NODE_TERM) {
    for (let j: u32 = 0; j < listCount; j++) if (lNode(j) == node) scanList(j, ws, we, bits, true, 0, false, sum);
    return;
  }
  if (kind == NODE_PHRASE) {
    phraseWindow(node, segment, segBase, ws, we, bits, sum);
    return;
  }
  if (nodeImpossible(node)) return;
  let hasMust = false;
  let positive = false;
  for (let c = node + 1; c < nodeCount; c++) {
    if (nodeParent(c) != <i32>node) continue;
    if (nodeOccur(c) == MUST) hasMust = true;
    if (nodeOccur(c) != MUST_NOT) positive = true;
  }
  if (!positive) return;
  const not = depthNot(depth);
  bitsetClear(not, words);
  if (hasMust) bitsetFillFirst(bits, n, words);
  const childBits = depthResult(depth + 1);
  const childAcc = depthAcc(depth + 1);
  for (let c = node + 1; c < nodeCount; c++) {
    if (nodeParent(c) != <i32>node) continue;
    evalNode(c, depth + 1, ws, we, words);
    const occur = nodeOccur(c);
    if (occur == MUST_NOT) { bitsetOr(not, childBits, words); continue; }
    if (occur == MUST) bitsetAnd(bits, childBits, words);
    else if (!hasMust) bitsetOr(bits, childBits, words);
    addMasked(sum, childAcc, childBits, words);
  }
  bitsetAndNot(bits, not, words);
  const boost = nodeWeight(node);
  if (boost != 1) {
    for (let d: u32 = 0; d < n; d++) {
      const at = sum + (<usize>d << 3);
      store<i64>(at, <i64>(<f64>load<i64>(at) * <f64>boost));
    }
  }
}

/** Sorts top-level optional term lists by upper bound, ascending; returns how many. */
function sortByBound(): u32 {
  let n: u32 = 0;
  for (let j: u32 = 0; j < listCount; j++) {
    if (lOccur(j) != SHOULD || !lTopLevel(j)) continue;
    let i = n++;
    while (i > 0 && lBound(load<u32>(byBound + ((i - 1) << 2))) > lBound(j)) {
      store<u32>(byBound + (i << 2), load<u32>(byBound + ((i - 1) << 2)));
      i--;
    }
    store<u32>(byBound + (i << 2), j);
  }
  return n;
}

const MAX_CHOICE_LISTS: u32 = 8;
const chosen = heapScratch(<i32>(MAX_LISTS * 4));
// The bounds and postings of the first MAX_CHOICE_LISTS of byBound, read once per choice.
const choiceBounds = heapScratch(<i32>(MAX_CHOICE_LISTS * 8));
const choiceCosts = heapScratch(<i32>(MAX_CHOICE_LISTS * 8));
/** This window's order of the optional lists: byBound, or `chosen` (see chooseNonEssential). */
let order: usize = 0;

/**
 * How many lists are non-essential in this window, the first of `order` (byBound when called;
 * `chosen` when it reorders them): lists whose bounds together cannot lift a document past
 * `threshold`, so only documents the others found are looked up in them. Of the sets that qualify, the one holding the most
 * postings saves the most decoding: a common term's text list whose bound is below the
 * threshold does better non-essential than a rarer title list with a lower bound. Up to
 * MAX_CHOICE_LISTS lists every set is tried; past that, the lowest bounds first (MaxScore).
 */
function chooseNonEssential(count: u32, threshold: i64): u32 {
  let n: u32 = 0;
  if (count > MAX_CHOICE_LISTS) {
    let sum: i64 = 0;
    while (n < count) {
      sum += lBound(load<u32>(byBound + (n << 2)));
      if (sum > threshold) break;
      n++;
    }
    return n;
  }
  for (let x: u32 = 0; x < count; x++) {
    const j = load<u32>(byBound + (x << 2));
    store<i64>(choiceBounds + (<usize>x << 3), lBound(j));
    store<u64>(choiceCosts + (<usize>x << 3), keyDf(lKey(j)));
  }
  let best: u32 = 0;
  let bestCost: u64 = 0;
  for (let set: u32 = 1; set < (<u32>1 << count); set++) {
    let sum: i64 = 0;
    let cost: u64 = 0;
    for (let x: u32 = 0; x < count; x++) {
      if (!((set >> x) & 1)) continue;
      sum += load<i64>(choiceBounds + (<usize>x << 3));
      cost += load<u64>(choiceCosts + (<usize>x << 3));
    }
    if (sum <= threshold && cost > bestCost) { best = set; bestCost = cost; }
  }
  if (!best) return 0;
  // The chosen lists first, then the others, each part still by ascending bound.
  for (let x: u32 = 0; x < count; x++) if ((best >> x) & 1) store<u32>(chosen + (n++ << 2), load<u32>(byBound + (x << 2)));
  let rest = n;
  for (let x: u32 = 0; x < count; x++) if (!((best >> x) & 1)) store<u32>(chosen + (rest++ << 2), load<u32>(byBound + (x << 2)));
  order = chosen;
  return n;
}

/** Offers the candidates to the top k; `visit` holds (bit w − lo) every word lo + w with any. */
function collect(lo: u32, visit: u64, windowStart: u32): void {
  let threshold = topKThreshold();
  while (visit) {
    const w = lo + <u32>ctz<u64>(visit);
    visit &= visit - 1;
    let word = load<u64>(cand + (<usize>w << 3));
    while (word) {
      const d = (w << 6) + <u32>ctz<u64>(word);
      word &= word - 1;
      const at = acc + (<usize>d << 3);
      const score = load<i64>(at);
      store<i64>(at, 0); // read once: clearTouched skips candidates
      if (score > threshold) {
        topKPush(score, segBase + windowStart + d);
        threshold = topKThreshold();
      }
    }
  }
}

/**
 * The words of window [ws, we) that hold any posting of any list, from the lists' skip entries
 * (no decoding): [rangeLo, rangeHi) as 64-doc word indices, equal when no list reaches the
 * window. A query of rare terms touches a few words of a 64-word window; the passes after
 * scoring (live docs, candidates, counting, collecting, clearing) then cover only those.
 */
let rangeLo: u32 = 0;
let rangeHi: u32 = 0;
function windowRange(ws: u32, we: u32): void {
  let lo: u32 = we;
  let hi: u32 = ws;
  for (let j: u32 = 0; j < listCount; j++) {
    if (lBlock(j) >= lBlocks(j)) continue;
    // The list's next doc: from its decoded block, else the current block's first gap.
    let first = lCount(j) && lPos(j) < lCount(j)
      ? load<u32>(lDocs(j) + (<usize>lPos(j) << 2))
      : blockFirstDoc(segment, lFirstSkip(j) + lBlock(j), lBlock(j) ? lPrevLast(j) : 0);
    if (first < ws) first = ws;
    if (first >= we) continue;
    let last: u32 = 0;
    let reached = false;
    for (let b = lBlock(j); b < lBlocks(j); b++) {
      const blockLast = skipLastDoc(skipAt(segment, lFirstSkip(j) + b));
      if (blockLast >= we) { last = we - 1; reached = true; break; }
      if (blockLast >= ws) { last = blockLast; reached = true; }
    }
    if (!reached) continue;
    if (first < lo) lo = first;
    if (last + 1 > hi) hi = last + 1;
  }
  if (lo >= hi) { rangeLo = 0; rangeHi = 0; return; }
  // An even first word: SIMD passes go two words at a time, and may touch the word after an
  // odd range's end, which must stay inside the 64-word window buffers.
  rangeLo = ((lo - ws) >> 6) & ~1;
  rangeHi = (hi - ws + 63) >> 6;
}

/** `compound`: the query has phrases or groups (they evaluate whole windows of their own). */
function evaluateSegment(compound: bool): void {
  const span = segDocSpan(segment);
  let hasMust = false;
  for (let c: u32 = 1; c < nodeCount; c++) if (nodeParent(c) == 0 && nodeOccur(c) == MUST) hasMust = true;
  const shouldCount = sortByBound();
  // The non-essential choice depends only on the threshold, which seldom moves once the top k
  // fill up: it is made again only when the threshold has moved, not in every window (it sums
  // the bounds of up to 256 sets of lists).
  let choiceThreshold: i64 = 0;
  let conditionalCount: u32 = 0;
  let chosenYet = false;
  for (let ws: u32 = 0; ws < span; ws += WINDOW) {
    const we = min<u32>(ws + WINDOW, span);
    const n = we - ws;
    const words = (n + 63) >> 6;
    const threshold = topKThreshold();
    // Until the top k fill up nothing can be pruned, and counting costs next to nothing.
    const counting = compound || lastTotal < countLimit || threshold == i64.MIN_VALUE;
    if (!counting) totalExact = false;
    // Phrases and groups fill whole-window bitsets of their own: those windows stay whole.
    if (compound) { rangeLo = 0; rangeHi = words; } else windowRange(ws, we);
    const lo = rangeLo;
    const hi = rangeHi;
    if (lo == hi) continue; // no list has a posting here: nothing can match
    const spanWords = hi - lo;
    const off = <usize>lo << 3;
    if (filtering) filterWindow(segBase + ws + (lo << 6), min<u32>(n - (lo << 6), spanWords << 6), filtered + off);
    // Uncounted, a block holding no document that passed the filter need not be decoded.
    const skipping = filtering && !counting;
    // Non-essential lists: the first conditionalCount of `order` (kept from the last choice).
    if (!chosenYet || threshold != choiceThreshold) {
      order = byBound;
      conditionalCount = hasMust ? shouldCount : chooseNonEssential(shouldCount, threshold);
      choiceThreshold = threshold;
      chosenYet = true;
    }
    const essentialMask = filtering ? filtered : 0;
    bitsetClear(excluded, words);
    if (hasMust) bitsetFillFirst(matched, n, words);
    else bitsetClear(matched, words);
    for (let c: u32 = 1; c < nodeCount; c++) {
      if (nodeParent(c) != 0) continue;
      const occur = nodeOccur(c);
      if (nodeKind(c) == NODE_TERM) {
        if (occur == MUST) {
          bitsetClear(clause, words);
          for (let j: u32 = 0; j < listCount; j++) if (lNode(j) == c) scanList(j, ws, we, clause, true, essentialMask, skipping, acc);
          bitsetOr(touched, clause, words);
          bitsetAnd(matched, clause, words);
        } else if (occur == MUST_NOT) {
          for (let j: u32 = 0; j < listCount; j++) if (lNode(j) == c) scanList(j, ws, we, excluded, false, essentialMask, skipping, acc);
        }
        continue;
      }
      evalNode(c, 1, ws, we, words);
      const bits = depthResult(1);
      if (occur == MUST_NOT) { bitsetOr(excluded, bits, words); continue; }
      if (occur == MUST) bitsetAnd(matched, bits, words);
      else if (!hasMust) bitsetOr(matched, bits, words);
      addMasked(acc, depthAcc(1), bits, words);
      bitsetOr(touched, bits, words);
    }
    if (!hasMust) {
      for (let x = conditionalCount; x < shouldCount; x++) scanList(load<u32>(order + (x << 2)), ws, we, matched, true, essentialMask, skipping, acc);
    }
    bitsetExtract(liveBits.data, segBase + ws + (lo << 6), spanWords, live + off);
    if ((n & 63) && hi == words) { // no bits past the window's end
      const last = live + (<usize>(words - 1) << 3);
      store<u64>(last, load<u64>(last) & ((<u64>1 << (n & 63)) - 1));
    }
    if (filtering) bitsetAnd(live + off, filtered + off, spanWords);
    bitsetAndAndNot(cand + off, matched + off, live + off, excluded + off, spanWords);
    if (counting) bitsetCopy(counted + off, matched + off, spanWords);
    // Non-essential lists, largest bound first, only for candidates that can still make it.
    let remaining: i64 = 0;
    for (let x: u32 = 0; x < conditionalCount; x++) remaining += lBound(load<u32>(order + (x << 2)));
    // Once no candidate can make it, the rest only count (many lists, e.g. an expanded prefix,
    // would otherwise each pass over the window's bitsets for nothing).
    let hopeful = true;
    // Words that may hold candidates: all of them first, then those thresholdMask kept (it and
    // collect pass over these only).
    let visit: u64 = spanWords == 64 ? 0xffffffffffffffff : (<u64>1 << spanWords) - 1;
    let candWords = visit;
    for (let x = conditionalCount; x > 0; x--) {
      const j = load<u32>(order + ((x - 1) << 2));
      const masked = hopeful;
      if (hopeful) {
        visit = thresholdMask(acc + (<usize>lo << 9), remaining, threshold, cand + off, needs + off, visit);
        hopeful = visit != 0;
      }
      if (!hasMust && counting) {
        // Documents matching only non-essential terms still count toward the total.
        scanList(j, ws, we, counted, hopeful, needs, false, acc);
      } else {
        if (!hopeful) break;
        scanList(j, ws, we, 0, true, needs, true, acc);
      }
      remaining -= lBound(j);
      if (masked) {
        bitsetCopy(cand + off, needs + off, spanWords);
        candWords = visit;
      }
    }
    if (counting) {
      bitsetAndAndNot(counted + off, counted + off, live + off, excluded + off, spanWords);
      lastTotal += bitsetCount(counted + off, spanWords);
      facetWindow(counted + off, segBase + ws + (lo << 6), spanWords);
    }
    collect(lo, candWords, ws);
    clearTouched(lo, bitsetOrNonEmpty(touched + off, matched + off, spanWords));
  }
}

/**
 * Zeroes the accumulator where this window wrote, and the record of where that was, in the
 * words `wroteWords` names (bit w: word lo + w; the others hold nothing). Candidates were
 * zeroed as they were collected, so only the others (deleted, excluded, filtered out, or short
 * of a required clause) are left.
 */
function clearTouched(lo: u32, wroteWords: u64): void {
  while (wroteWords) {
    const w = lo + <u32>ctz<u64>(wroteWords);
    wroteWords &= wroteWords - 1;
    const wrote = load<u64>(touched + (<usize>w << 3));
    store<u64>(touched + (<usize>w << 3), 0);
    let word = wrote & ~load<u64>(cand + (<usize>w << 3));
    if (popcnt<u64>(word) >= 8) {
      // Many docs of these 64: clearing all 512 bytes costs less than bit by bit, and a loop of
      // stores costs less than memory.fill, which V8 calls out of the module for.
      zero512(acc + (<usize>w << 9));
    } else {
      while (word) {
        store<i64>(acc + ((<usize>((w << 6) + <u32>ctz<u64>(word))) << 3), 0);
        word &= word - 1;
      }
    }
  }
}

@inline function zero512(at: usize): void {
  if (ASC_FEATURE_SIMD) {
    const zero = i64x2.splat(0);
    for (let i: usize = 0; i < 512; i += 64) {
      v128.store(at + i, zero);
      v128.store(at + i, zero, 16);
      v128.store(at + i, zero, 32);
      v128.store(at + i, zero, 48);
    }
  } else {
    for (let i: usize = 0; i < 512; i += 32) {
      store<u64>(at + i, 0);
      store<u64>(at + i, 0, 8);
      store<u64>(at + i, 0, 16);
      store<u64>(at + i, 0, 24);
    }
  }
}

/** Scratch the query needs: nesting accumulators only for phrases and groups. */
function ensureScratch(compound: bool): bool {
  if (compound && !depthAccs) {
    depthAccs = heapAlloc(<usize>MAX_DEPTH * WINDOW * 8 + WINDOW * 8);
    if (!depthAccs) return false;
  }
  if (compound && !depthBits) {
    depthBits = heapAlloc(<usize>(MAX_DEPTH + 1) * (WINDOW / 4));
    if (!depthBits) return false;
  }
  // Every term may need a list per field in some segment; grow the block arrays up front.
  let lists: u32 = 0;
  for (let c: u32 = 1; c < nodeCount; c++) lists += nodeKind(c) == NODE_PHRASE ? nodePhraseLength(c) * popcnt<u32>(nodeFields(c)) : popcnt<u32>(nodeFields(c));
  return listBlocksReserve(min<u32>(lists, MAX_LISTS)) && phraseScratchReady();
}

/**
 * Evaluates the current query over all segments, keeping the best `k` (at most the live
 * documents, so any k is safe to ask for); returns the hit count. Matches are counted exactly
 * up to `limit` (0xffffffff: all of them), see countLimit.
 */
export function searchRun(k: u32, limit: u32): i32 {
  if (k > liveCount) k = liveCount;
  lastTotal = 0;
  totalExact = true;
  countLimit = limit;
  let compound = false;
  for (let c: u32 = 1; c < nodeCount; c++) if (nodeKind(c) != NODE_TERM) compound = true;
  if (!ensureScratch(compound)) return -1;
  if (k > resultCapacity) {
    const docs = heapAlloc(<usize>k << 2);
    const scoresOut = docs ? heapAlloc(<usize>k << 3) : 0;
    if (!docs || !scoresOut) {
      if (docs) heapFree(docs);
      return -1;
    }
    if (resultDocs) { heapFree(resultDocs); heapFree(resultScores); }
    resultDocs = docs; resultScores = scoresOut; resultCapacity = k;
  }
  if (!topKReset(k)) return -1;
  if (queryImpossible || !liveCount) return 0;
  filtering = filterActive();
  let positive = false;
  for (let c: u32 = 1; c < nodeCount; c++) if (nodeParent(c) == 0 && nodeOccur(c) != MUST_NOT) positive = true;
  if (!positive) return 0;
  for (let i: u32 = 1; i < nodeCount; i++) {
    let idf: f64 = 0;
    const kind = nodeKind(i);
    if (kind == NODE_TERM) idf = idfOf(statsDf(nodeTerm(i)));
    else if (kind == NODE_PHRASE) for (let k: u32 = 0; k < nodePhraseLength(i); k++) idf += idfOf(statsDf(phraseTerm(nodePhraseStart(i) + k)));
    store<f64>(nodeIdfs + (<usize>i << 3), idf);
  }
  const count = segmentCount();
  for (let s: u32 = 0; s < count; s++) {
    segment = segmentAt(s);
    segBase = segDocBase(segment);
    if (!setupLists()) { segmentsSkipped += 1; continue; }
    if (!compound && lastTotal >= countLimit && listCount && topKThreshold() != i64.MIN_VALUE) {
      let reach: i64 = 0;
      for (let j: u32 = 0; j < listCount; j++) if (lOccur(j) != MUST_NOT) reach += lBound(j);
      totalExact = false;
      if (reach <= topKThreshold()) { segmentsSkipped += 1; continue; }
    }
    evaluateSegment(compound);
  }
  return <i32>topKDrain(resultDocs, resultScores);
}
