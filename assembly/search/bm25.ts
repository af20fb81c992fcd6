// BM25 for a run of postings, four at a time with SIMD:
//   score = wk · tf / (tf + c0 + c1 · len)
// where wk = idf · boost · (k1 + 1), c0 = k1 · (1 − b), c1 = k1 · b / avgLength.
// The scalar build evaluates the identical f32 expression in the same order, so both flavours
// produce bit-identical scores.
import { fieldCount } from '../index/config';
import { fieldLengths } from '../index/documents';

@inline function lengthOf(docBase: u32, doc: u32, field: u32): u32 {
  return load<u32>(fieldLengths.data + ((<usize>(docBase + doc) * fieldCount + field) << 2));
}

/** Writes `count` scores (f32) to `out` for docs (segment-local, + docBase) with tfs. */
export function scoreRun(docs: usize, tfs: usize, count: u32, docBase: u32, field: u32, wk: f32, c0: f32, c1: f32, out: usize): void {
  let i: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    const vwk = f32x4.splat(wk);
    const vc0 = f32x4.splat(c0);
    const vc1 = f32x4.splat(c1);
    for (; i + 4 <= count; i += 4) {
      const at = <usize>i << 2;
      const tf = f32x4.convert_i32x4_u(v128.load(tfs + at));
      let lens = i32x4.splat(lengthOf(docBase, load<u32>(docs + at), field));
      lens = i32x4.replace_lane(lens, 1, lengthOf(docBase, load<u32>(docs + at, 4), field));
      lens = i32x4.replace_lane(lens, 2, lengthOf(docBase, load<u32>(docs + at, 8), field));
      lens = i32x4.replace_lane(lens, 3, lengthOf(docBase, load<u32>(docs + at, 12), field));
      const norm = f32x4.add(vc0, f32x4.mul(vc1, f32x4.convert_i32x4_u(lens)));
      v128.store(out + at, f32x4.div(f32x4.mul(vwk, tf), f32x4.add(tf, norm)));
    }
  }
  for (; i < count; i++) {
    const at = <usize>i << 2;
    const tf = <f32>load<u32>(tfs + at);
    const len = <f32>lengthOf(docBase, load<u32>(docs + at), field);
    store<f32>(out + at, (wk * tf) / (tf + (c0 + c1 * len)));
  }
}

/** Upper bound of one list's contribution: the largest tf with the shortest field. */
export function scoreBound(maxTf: u32, minLength: u32, wk: f32, c0: f32, c1: f32): f32 {
  const tf = <f32>maxTf;
  // Slightly inflated so f32 rounding in a different summation order can never exceed it.
  return ((wk * tf) / (tf + (c0 + c1 * <f32>minLength))) * 1.0001;
}

// Scores are summed as fixed-point integers (2^-32 units): integer addition is associative, so
// a document's score does not depend on the order lists were added in — a pruned search and
// an exhaustive one give bit-identical scores and rankings.
export const FIXED_ONE: f64 = 4294967296.0;

@inline export function toFixed(score: f32): i64 { return <i64>(<f64>score * FIXED_ONE); }
@inline export function toFixedCeil(score: f32): i64 { return <i64>Math.ceil(<f64>score * FIXED_ONE); }

/**
 * out = cand ∩ { d : acc[d] + extra > threshold } over `words` 64-doc words (fixed point).
 * Only words with candidates are compared (SIMD: two documents per i64x2 compare).
 */
export function thresholdMask(acc: usize, extra: i64, threshold: i64, cand: usize, out: usize, words: u32): void {
  for (let w: u32 = 0; w < words; w++) {
    const c = load<u64>(cand + (<usize>w << 3));
    let mask: u64 = 0;
    if (c) {
      const base = acc + (<usize>w << 9);
      if (ASC_FEATURE_SIMD) {
        const vextra = i64x2.splat(extra);
        const vthreshold = i64x2.splat(threshold);
        for (let q: u32 = 0; q < 32; q++) {
          const sum = i64x2.add(v128.load(base + (<usize>q << 4)), vextra);
          mask |= <u64>i64x2.bitmask(i64x2.gt_s(sum, vthreshold)) << (q << 1);
        }
      } else {
        for (let d: u32 = 0; d < 64; d++) {
          if (load<i64>(base + (<usize>d << 3)) + extra > threshold) mask |= <u64>1 << d;
        }
      }
    }
    store<u64>(out + (<usize>w << 3), mask & c);
  }
}
