// Query evaluation: windowed MaxScore over each segment's postings.
//
// Docs are processed in windows of 4096. Within a window, "essential" lists are decoded and
// scored (SIMD BM25) into a dense fixed-point accumulator, producing the candidate bitset; lists whose
// upper bounds together cannot lift a document past the current top-k threshold are
// "non-essential": they only add scores to candidates that can still make it (a SIMD compare
// of accumulator + remaining bound against the threshold), and skip blocks holding none of
// them. Required terms (+) intersect, excluded terms (−) and deleted docs mask out.
import { heapAlloc, heapFree } from '../memory/heap';
import { fieldBoost, k1, b, MAX_FIELDS } from '../index/config';
import { dfOf } from '../index/dictionary';
import { averageLength, liveCount, liveBits } from '../index/documents';
import {
  segDocBase, segDocSpan, segMightContain, segFindKey, keyDf, keyBlockCount, keyFirstSkip, keyMaxTf,
  keyMinLength, skipAt, BLOCK,
} from '../index/segment';
import { decodeDocs, decodeTfs, skipLastDoc, skipCountOf } from '../index/postings-reader';
import { segmentAt, segmentCount } from '../index/segments';
import {
  WINDOW, WINDOW_WORDS, bitsetClear, bitsetFillFirst, bitSet, bitTest, bitsetAnd, bitsetAndNot,
  bitsetCount, bitsetIsEmpty, bitsetExtract,
} from './bitset';
import { scoreRun, scoreBound, thresholdMask, toFixed, toFixedCeil } from './bm25';
import { topKReset, topKThreshold, topKPush, topKDrain } from './top-k';
import { SHOULD, MUST, MUST_NOT, queryTermCount, queryTerm, queryOccur, queryFields, queryImpossible } from './query';

const MAX_LISTS: u32 = 128;
const FIRST_WINDOW: u32 = 256;
const LIST_BYTES: u32 = 80;
const lists = memory.data(<i32>(MAX_LISTS * LIST_BYTES), 16);
let listBlocks: usize = 0; // per list: 128 docs + 128 tfs (u32)
let listCount: u32 = 0;
const byBound = memory.data(<i32>(MAX_LISTS * 4));

const acc = memory.data(<i32>(WINDOW * 8), 16); // i64 fixed-point scores per window doc
const matched = memory.data(<i32>(WINDOW / 8), 16);
const counted = memory.data(<i32>(WINDOW / 8), 16);
const clause = memory.data(<i32>(WINDOW / 8), 16);
const excluded = memory.data(<i32>(WINDOW / 8), 16);
const live = memory.data(<i32>(WINDOW / 8), 16);
const cand = memory.data(<i32>(WINDOW / 8), 16);
const needs = memory.data(<i32>(WINDOW / 8), 16);
const scores = memory.data(<i32>(BLOCK * 4), 16);
const pickDocs = memory.data(<i32>(BLOCK * 4), 16);
const pickTfs = memory.data(<i32>(BLOCK * 4), 16);

let segment: usize = 0;
let segBase: u32 = 0;
export let lastTotal: u32 = 0;
export let resultDocs: usize = 0;
export let resultScores: usize = 0;
let resultCapacity: u32 = 0;
// Work counters, reported to show pruning at work.
export let postingsScored: f64 = 0;
export let blocksSkipped: f64 = 0;
export let segmentsSkipped: f64 = 0;

// List record fields.
@inline function L(j: u32): usize { return lists + j * LIST_BYTES; }
@inline function lTerm(j: u32): u32 { return load<u32>(L(j)); }
@inline function lOccur(j: u32): u32 { return load<u32>(L(j), 4); }
@inline function lField(j: u32): u32 { return load<u32>(L(j), 12); }
@inline function lWk(j: u32): f32 { return load<f32>(L(j), 16); }
@inline function lC0(j: u32): f32 { return load<f32>(L(j), 20); }
@inline function lC1(j: u32): f32 { return load<f32>(L(j), 24); }
@inline function lBound(j: u32): i64 { return load<i64>(L(j), 64); }
@inline function lBlock(j: u32): u32 { return load<u32>(L(j), 32); }
@inline function lBlocks(j: u32): u32 { return load<u32>(L(j), 36); }
@inline function lFirstSkip(j: u32): u32 { return load<u32>(L(j), 40); }
@inline function lPrevLast(j: u32): u32 { return load<u32>(L(j), 44); }
@inline function lCount(j: u32): u32 { return load<u32>(L(j), 48); }
@inline function lPos(j: u32): u32 { return load<u32>(L(j), 52); }
@inline function lTfPtr(j: u32): usize { return load<u32>(L(j), 56); }
@inline function lTfsReady(j: u32): bool { return load<u32>(L(j), 60) != 0; }
@inline function lDocs(j: u32): usize { return listBlocks + <usize>j * (BLOCK * 8); }
@inline function lTfs(j: u32): usize { return lDocs(j) + BLOCK * 4; }

function idfOf(df: u32): f64 {
  const n = <f64>liveCount;
  return Math.log(1 + (n - <f64>df + 0.5) / (<f64>df + 0.5));
}

/** Builds the list records for this segment; false when a required term is absent (skip it). */
function setupLists(): bool {
  listCount = 0;
  const kk = <f64>k1;
  const c0 = <f32>(kk * (1 - <f64>b));
  for (let i: u32 = 0; i < queryTermCount; i++) {
    const term = queryTerm(i);
    const occur = queryOccur(i);
    const fields = queryFields(i);
    let found = false;
    if (segMightContain(segment, term)) {
      for (let f: u32 = 0; f < MAX_FIELDS; f++) {
        if (!(fields & (1 << f)) || listCount >= MAX_LISTS) continue;
        const key = segFindKey(segment, term, f);
        if (!key) continue;
        found = true;
        const j = listCount++;
        const avg = averageLength(f);
        const wk = <f32>(idfOf(dfOf(term)) * <f64>fieldBoost(f) * (kk + 1));
        const c1 = <f32>(avg > 0 ? kk * <f64>b / avg : 0);
        const at = L(j);
        store<u32>(at, i);
        store<u32>(at, occur, 4);
        store<u32>(at, key, 8);
        store<u32>(at, f, 12);
        store<f32>(at, wk, 16);
        store<f32>(at, c0, 20);
        store<f32>(at, c1, 24);
        store<i64>(at, toFixedCeil(scoreBound(keyMaxTf(key), keyMinLength(key), wk, c0, c1)), 64);
        store<u32>(at, 0, 32);
        store<u32>(at, keyBlockCount(key), 36);
        store<u32>(at, keyFirstSkip(key), 40);
        store<u32>(at, 0, 44);
        store<u32>(at, 0, 48);
        store<u32>(at, 0, 52);
        store<u32>(at, 0, 56);
        store<u32>(at, 0, 60);
      }
    }
    if (!found && occur == MUST) return false;
  }
  return true;
}

@inline function advanceBlock(j: u32): void {
  store<u32>(L(j), skipLastDoc(skipAt(segment, lFirstSkip(j) + lBlock(j))), 44);
  store<u32>(L(j), lBlock(j) + 1, 32);
  store<u32>(L(j), 0, 48);
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
 * (when non-zero); adds BM25 scores to the accumulator for all postings (`scoreMask` 0) or
 * only those whose bit is set in `scoreMask`; `score` false decodes doc ids only. With
 * `skipBlocks`, blocks holding no doc of `scoreMask` are not decoded at all.
 */
function scanList(j: u32, ws: u32, we: u32, bits: usize, score: bool, scoreMask: usize, skipBlocks: bool): void {
  const field = lField(j);
  while (lBlock(j) < lBlocks(j)) {
    const skip = skipAt(segment, lFirstSkip(j) + lBlock(j));
    const last = skipLastDoc(skip);
    if (last < ws) { advanceBlock(j); blocksSkipped += 1; continue; }
    if (!lCount(j)) {
      if (skipBlocks) {
        const first = lBlock(j) ? lPrevLast(j) + 1 : 0;
        const lo = first > ws ? first - ws : 0;
        if (lo >= we - ws) return; // block starts past this window
        const hi = (last < we ? last : we - 1) - ws;
        if (!anyInRange(scoreMask, lo, hi)) {
          blocksSkipped += 1;
          if (last < we) { advanceBlock(j); continue; }
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
    let pos = start;
    while (pos < count && load<u32>(docs + (<usize>pos << 2)) < we) pos++;
    store<u32>(L(j), pos, 52);
    if (bits) for (let i = start; i < pos; i++) bitSet(bits, load<u32>(docs + (<usize>i << 2)) - ws);
    if (score && pos > start) {
      ensureTfs(j);
      const tfs = lTfs(j);
      let runDocs = docs + (<usize>start << 2);
      let runTfs = tfs + (<usize>start << 2);
      let n = pos - start;
      if (scoreMask) {
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
        runDocs = pickDocs; runTfs = pickTfs; n = kept;
      }
      scoreRun(runDocs, runTfs, n, segBase, field, lWk(j), lC0(j), lC1(j), scores);
      for (let i: u32 = 0; i < n; i++) {
        const slot = acc + ((<usize>(load<u32>(runDocs + (<usize>i << 2)) - ws)) << 3);
        store<i64>(slot, load<i64>(slot) + toFixed(load<f32>(scores + (<usize>i << 2))));
      }
      postingsScored += <f64>n;
    }
    if (pos < count) return; // the next posting belongs to a later window
    advanceBlock(j);
  }
}

/** Sorts list indices of one occurrence kind by upper bound, ascending; returns how many. */
function sortByBound(occur: u32): u32 {
  let n: u32 = 0;
  for (let j: u32 = 0; j < listCount; j++) {
    if (lOccur(j) != occur) continue;
    let i = n++;
    while (i > 0 && lBound(load<u32>(byBound + ((i - 1) << 2))) > lBound(j)) {
      store<u32>(byBound + (i << 2), load<u32>(byBound + ((i - 1) << 2)));
      i--;
    }
    store<u32>(byBound + (i << 2), j);
  }
  return n;
}

function collect(words: u32, windowStart: u32): void {
  for (let w: u32 = 0; w < words; w++) {
    let word = load<u64>(cand + (<usize>w << 3));
    while (word) {
      const d = (w << 6) + <u32>ctz<u64>(word);
      word &= word - 1;
      const score = load<i64>(acc + (<usize>d << 3));
      if (score > topKThreshold()) topKPush(score, segBase + windowStart + d);
    }
  }
}

function evaluateSegment(prune: bool): void {
  const span = segDocSpan(segment);
  let hasMust = false;
  for (let j: u32 = 0; j < listCount; j++) if (lOccur(j) == MUST) hasMust = true;
  const shouldCount = sortByBound(SHOULD);
  // Windows start small so a threshold exists early (nothing prunes before the heap is full),
  // then grow to the full 4096 docs.
  let size: u32 = FIRST_WINDOW;
  for (let ws: u32 = 0; ws < span; ws += size, size = min<u32>(size << 1, WINDOW)) {
    const we = min<u32>(ws + size, span);
    const n = we - ws;
    const words = (n + 63) >> 6;
    memory.fill(acc, 0, <usize>n << 3);
    const threshold = prune ? topKThreshold() : i64.MIN_VALUE;
    // Non-essential prefix: lists (by ascending bound) whose bounds sum to at most the threshold.
    let conditionalCount: u32 = 0;
    if (hasMust) {
      conditionalCount = shouldCount;
    } else {
      let sum: i64 = 0;
      while (conditionalCount < shouldCount) {
        sum += lBound(load<u32>(byBound + (conditionalCount << 2)));
        if (sum > threshold) break;
        conditionalCount++;
      }
    }
    if (hasMust) {
      bitsetFillFirst(matched, n, words);
      for (let i: u32 = 0; i < queryTermCount; i++) {
        if (queryOccur(i) != MUST) continue;
        bitsetClear(clause, words);
        for (let j: u32 = 0; j < listCount; j++) if (lTerm(j) == i) scanList(j, ws, we, clause, true, 0, false);
        bitsetAnd(matched, clause, words);
      }
    } else {
      bitsetClear(matched, words);
      for (let x = conditionalCount; x < shouldCount; x++) scanList(load<u32>(byBound + (x << 2)), ws, we, matched, true, 0, false);
    }
    bitsetClear(excluded, words);
    for (let j: u32 = 0; j < listCount; j++) if (lOccur(j) == MUST_NOT) scanList(j, ws, we, excluded, false, 0, false);
    bitsetExtract(liveBits.data, segBase + ws, words, live);
    bitsetFillFirst(clause, n, words);
    bitsetAnd(live, clause, words); // no bits past the window's end
    memory.copy(cand, matched, <usize>words << 3);
    bitsetAnd(cand, live, words);
    bitsetAndNot(cand, excluded, words);
    memory.copy(counted, matched, <usize>words << 3);
    // Non-essential lists, largest bound first, only for candidates that can still make it.
    let remaining: i64 = 0;
    for (let x: u32 = 0; x < conditionalCount; x++) remaining += lBound(load<u32>(byBound + (x << 2)));
    for (let x = conditionalCount; x > 0; x--) {
      const j = load<u32>(byBound + ((x - 1) << 2));
      thresholdMask(acc, remaining, threshold, cand, needs, words);
      if (!hasMust) {
        // Documents matching only non-essential terms still count toward the total.
        scanList(j, ws, we, counted, !bitsetIsEmpty(needs, words), needs, false);
      } else {
        if (bitsetIsEmpty(needs, words)) break;
        scanList(j, ws, we, 0, true, needs, true);
      }
      remaining -= lBound(j);
      memory.copy(cand, needs, <usize>words << 3);
    }
    bitsetAnd(counted, live, words);
    bitsetAndNot(counted, excluded, words);
    lastTotal += bitsetCount(counted, words);
    collect(words, ws);
  }
}

/** Evaluates the current query over all segments, keeping the best `k`; returns the hit count. */
export function searchRun(k: u32, prune: bool): i32 {
  lastTotal = 0;
  if (!listBlocks) {
    listBlocks = heapAlloc(<usize>MAX_LISTS * BLOCK * 8);
    if (!listBlocks) return -1;
  }
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
  for (let i: u32 = 0; i < queryTermCount; i++) {
    if (queryOccur(i) == MUST && dfOf(queryTerm(i)) == 0) return 0;
  }
  const count = segmentCount();
  for (let s: u32 = 0; s < count; s++) {
    segment = segmentAt(s);
    segBase = segDocBase(segment);
    if (!setupLists()) { segmentsSkipped += 1; continue; }
    let scoring = false;
    for (let j: u32 = 0; j < listCount; j++) if (lOccur(j) != MUST_NOT) scoring = true;
    if (!scoring) continue;
    evaluateSegment(prune);
  }
  return <i32>topKDrain(resultDocs, resultScores);
}
