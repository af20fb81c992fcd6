// Merging adjacent segments into one, dropping deleted documents, and the merge policy.
//
// Policy (logarithmic, merge factor 10): a segment's level is floor(log10(live docs)). After
// every flush, while the newest segments include 10 adjacent ones of the same level, they are
// merged — so N documents live in O(log N) segments however small the adds were, and each
// posting is rewritten O(log N) times. A segment with more than half of its docs deleted is
// rewritten on its own at the next flush.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { varintRead, varintEnd } from '../util/varint';
import { fieldLength, isLive } from './documents';
import {
  BLOCK, segDocBase, segDocSpan, segKeyCount, keyAt, keyTerm, keyField, keyBlockCount, keyFirstSkip,
  segPositions, skipAt, segForward, segForwardStarts, segHeld,
} from './segment';
import { decodeDocs, decodeTfs, skipLastDoc, skipPositions, skipCountOf } from './postings-reader';
import { builderBegin, builderKeyBegin, builderPosting, builderKeyEnd, builderForward, builderFinish, builderRelease } from './segment-builder';
import { segmentAt, segmentCount, segmentLiveAt, segmentsReplace } from './segments';

export const MERGE_FACTOR: u32 = 10;
const MAX_MERGE: u32 = 64;
const cursors = heapScratch(<i32>(MAX_MERGE * 4));
const blockDocs = heapScratch(<i32>(BLOCK * 4));
const blockTfs = heapScratch(<i32>(BLOCK * 4));
let positionScratch: Buffer = changetype<Buffer>(0);

@inline function cursorAt(i: u32): u32 { return load<u32>(cursors + (i << 2)); }
@inline function setCursor(i: u32, v: u32): void { store<u32>(cursors + (i << 2), v); }

/** Copies one key's postings from segment `s` (live docs only) into the builder. */
function copyKey(s: usize, key: usize, newBase: u32): bool {
  const field = keyField(key);
  const first = keyFirstSkip(key);
  const blocks = keyBlockCount(key);
  const shift = segDocBase(s) - newBase;
  let prevLast: u32 = 0;
  for (let b: u32 = 0; b < blocks; b++) {
    const skip = skipAt(s, first + b);
    const count = skipCountOf(skip);
    decodeTfs(decodeDocs(s, first + b, prevLast, blockDocs), count, blockTfs);
    prevLast = skipLastDoc(skip);
    let at = segPositions(s) + skipPositions(skip);
    for (let i: u32 = 0; i < count; i++) {
      const local = load<u32>(blockDocs + (i << 2));
      const tf = load<u32>(blockTfs + (i << 2));
      const doc = segDocBase(s) + local;
      positionScratch.length = 0;
      if (!bufferReserve(positionScratch, <usize>tf << 2)) return false;
      let position: u32 = 0;
      for (let p: u32 = 0; p < tf; p++) {
        position += varintRead(at);
        at = varintEnd;
        store<u32>(positionScratch.data + (<usize>p << 2), position);
      }
      if (isLive(doc) && !builderPosting(local + shift, tf, fieldLength(doc, field), positionScratch.data)) return false;
    }
  }
  return true;
}

/** Merges segments [from, to) into one; false (segments untouched) when memory cannot grow. */
export function mergeRange(from: u32, to: u32): bool {
  if (to - from > MAX_MERGE) to = from + MAX_MERGE;
  if (!changetype<usize>(positionScratch)) positionScratch = bufferNew();
  if (!changetype<usize>(positionScratch)) return false;
  const first = segmentAt(from);
  const last = segmentAt(to - 1);
  const base = segDocBase(first);
  const span = segDocBase(last) + segDocSpan(last) - base;
  if (!builderBegin(base, span)) return false;
  for (let i = from; i < to; i++) setCursor(i - from, 0);
  while (true) {
    // The smallest (term, field) among the segments' next keys.
    let best: u64 = 0xffffffffffffffff;
    for (let i = from; i < to; i++) {
      const s = segmentAt(i);
      const c = cursorAt(i - from);
      if (c < segKeyCount(s)) {
        const k = keyAt(s, c);
        const id = (<u64>keyTerm(k) << 32) | keyField(k);
        if (id < best) best = id;
      }
    }
    if (best == 0xffffffffffffffff) break;
    builderKeyBegin(<u32>(best >> 32), <u32>best);
    for (let i = from; i < to; i++) {
      const s = segmentAt(i);
      const c = cursorAt(i - from);
      if (c < segKeyCount(s)) {
        const k = keyAt(s, c);
        if (((<u64>keyTerm(k) << 32) | keyField(k)) == best) {
          if (!copyKey(s, k, base)) return false;
          setCursor(i - from, c + 1);
        }
      }
    }
    if (!builderKeyEnd()) return false;
  }
  // Forward entries: live docs keep theirs, deleted docs get an empty one.
  let live: u32 = 0;
  for (let i = from; i < to; i++) {
    const s = segmentAt(i);
    const starts = segForwardStarts(s);
    for (let local: u32 = 0; local < segDocSpan(s); local++) {
      const begin = load<u32>(starts + (<usize>local << 2));
      const end = load<u32>(starts + ((<usize>local + 1) << 2));
      const alive = isLive(segDocBase(s) + local);
      if (alive) live++;
      if (!builderForward(segForward(s) + begin, alive ? <usize>(end - begin) : 0)) return false;
    }
  }
  const merged = builderFinish(live);
  if (!merged) return false;
  segmentsReplace(from, to, merged, live);
  builderRelease();
  return true;
}

function level(live: u32): u32 {
  let l: u32 = 0;
  while (live >= MERGE_FACTOR) { live /= MERGE_FACTOR; l++; }
  return l;
}

/** Applies the merge policy; false when a merge ran out of memory (the index stays valid). */
export function applyMergePolicy(): bool {
  for (let i: u32 = 0; i < segmentCount(); i++) {
    const held = segHeld(segmentAt(i));
    if (held >= 16 && segmentLiveAt(i) * 2 < held && !mergeRange(i, i + 1)) return false;
  }
  while (true) {
    const count = segmentCount();
    if (count < MERGE_FACTOR) return true;
    const lastLevel = level(segmentLiveAt(count - 1));
    let run: u32 = 1;
    while (run < count && level(segmentLiveAt(count - 1 - run)) == lastLevel) run++;
    if (run < MERGE_FACTOR) return true;
    if (!mergeRange(count - run, count)) return false;
  }
}
