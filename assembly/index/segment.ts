// Immutable segment layout: one contiguous, position-independent block (every reference is an
// offset from the segment start), so snapshots copy segments byte for byte.
//
// header (64 bytes, u32 each): magic, totalBytes, docBase, docSpan, keyCount, keysOff, skipsOff,
//   postingsOff, positionsOff, forwardStartsOff, forwardOff, bloomOff, bloomWords, skipCount,
//   held (live docs when written), 0
// keys:  32 bytes each, sorted by (term, field): term, field, df, blockCount, firstSkip,
//        maxTf, minRatio (f32), lastDoc
// skips: 16 bytes per block of up to 128 postings: lastDoc, postings offset, positions offset, count
// minRatio is the least field length / tf over the key's postings: with maxTf it bounds any
// posting's BM25 score for every collection average (see scoreBound), which pruning needs.
// postings block: varint doc gaps (first from the previous block's lastDoc, or 0), then varint tfs
// positions: per posting, tf varint position gaps
// forward: per doc, varint gaps of its sorted distinct term ids (to undo df on delete)
// bloom: 64-bit words over the segment's term ids, 3 probes
import { mix32 } from '../util/hash';

export const SEGMENT_MAGIC: u32 = 0x31474553; // "SEG1"
export const SEGMENT_HEADER: u32 = 64;
export const KEY_BYTES: u32 = 32;
export const SKIP_BYTES: u32 = 16;
export const BLOCK: u32 = 128;

@inline export function segTotalBytes(s: usize): u32 { return load<u32>(s, 4); }
@inline export function segDocBase(s: usize): u32 { return load<u32>(s, 8); }
@inline export function segDocSpan(s: usize): u32 { return load<u32>(s, 12); }
@inline export function segKeyCount(s: usize): u32 { return load<u32>(s, 16); }
@inline export function segKeys(s: usize): usize { return s + load<u32>(s, 20); }
@inline export function segSkips(s: usize): usize { return s + load<u32>(s, 24); }
@inline export function segPostings(s: usize): usize { return s + load<u32>(s, 28); }
@inline export function segPositions(s: usize): usize { return s + load<u32>(s, 32); }
@inline export function segForwardStarts(s: usize): usize { return s + load<u32>(s, 36); }
@inline export function segForward(s: usize): usize { return s + load<u32>(s, 40); }
@inline export function segBloom(s: usize): usize { return s + load<u32>(s, 44); }
@inline export function segBloomWords(s: usize): u32 { return load<u32>(s, 48); }
@inline export function segSkipCount(s: usize): u32 { return load<u32>(s, 52); }
@inline export function segHeld(s: usize): u32 { return load<u32>(s, 56); }

@inline export function keyAt(s: usize, i: u32): usize { return segKeys(s) + <usize>i * KEY_BYTES; }
@inline export function keyTerm(k: usize): u32 { return load<u32>(k); }
@inline export function keyField(k: usize): u32 { return load<u32>(k, 4); }
@inline export function keyDf(k: usize): u32 { return load<u32>(k, 8); }
@inline export function keyBlockCount(k: usize): u32 { return load<u32>(k, 12); }
@inline export function keyFirstSkip(k: usize): u32 { return load<u32>(k, 16); }
@inline export function keyMaxTf(k: usize): u32 { return load<u32>(k, 20); }
@inline export function keyMinRatio(k: usize): f32 { return load<f32>(k, 24); }

@inline export function skipAt(s: usize, i: u32): usize { return segSkips(s) + <usize>i * SKIP_BYTES; }

/** Bloom probe positions: double hashing from one mixed hash of the term id. */
@inline export function bloomHash1(term: u32): u32 { return mix32(term); }
@inline export function bloomHash2(h: u32): u32 { return (h >>> 17) | (h << 15) | 1; }

export function segMightContain(s: usize, term: u32): bool {
  const mask = (segBloomWords(s) << 6) - 1;
  const bloom = segBloom(s);
  const h = bloomHash1(term);
  const step = bloomHash2(h);
  for (let i: u32 = 0; i < 3; i++) {
    const bit = (h + i * step) & mask;
    if ((load<u64>(bloom + ((<usize>bit >> 6) << 3)) & (<u64>1 << (bit & 63))) == 0) return false;
  }
  return true;
}

/**
 * Index of the first key with this term, or -1. A lower-bound search over the sorted keys whose
 * first probes interpolate: term ids spread fairly evenly over a segment's keys, so a few
 * guesses land close and the bisection that follows is short. Any probe inside [lo, hi] keeps
 * the search correct.
 */
export function segFindTerm(s: usize, term: u32): i32 {
  const count = <i32>segKeyCount(s);
  let lo: i32 = 0;
  let hi: i32 = count - 1;
  let guesses = 3;
  while (lo <= hi) {
    let mid: i32;
    if (guesses > 0) {
      guesses--;
      const low = keyTerm(keyAt(s, lo));
      const high = keyTerm(keyAt(s, hi));
      if (term <= low) break; // the bound is lo
      if (term > high) { lo = hi + 1; break; }
      mid = lo + <i32>((<u64>(term - low) * <u64>(hi - lo)) / <u64>(high - low));
    } else {
      mid = (lo + hi) >>> 1;
    }
    if (keyTerm(keyAt(s, mid)) < term) lo = mid + 1; else hi = mid - 1;
  }
  return lo < count && keyTerm(keyAt(s, lo)) == term ? lo : -1;
}
