// BM25 for runs of postings, four at a time with SIMD, added straight into the accumulator:
//   score = wk · tf / (tf + c0 + c1 · len)
// where wk = idf · boost · (k1 + 1), c0 = k1 · (1 − b), c1 = k1 · b / avgLength.
// The scalar build evaluates the identical f32 expression in the same order, so both flavours
// produce bit-identical scores.
import { fieldCount } from '../index/config';
import { fieldLengths } from '../index/documents';

/**
 * Adds the BM25 scores of `count` postings (docs segment-local, tfs) to the fixed-point
 * accumulator `acc` (indexed by doc − ws) and, when `bits` is non-zero, sets each doc's bit.
 * The SIMD loop and the scalar tail evaluate the same f32 expression in the same order.
 */
export function scoreAdd(docs: usize, tfs: usize, count: u32, docBase: u32, ws: u32, field: u32, wk: f32, c0: f32, c1: f32, acc: usize, bits: usize): void {
  let i: u32 = 0;
  // Lengths of this field: one u32 per doc, `stride` bytes apart.
  const stride = <usize>fieldCount << 2;
  const lengths = fieldLengths.data + ((<usize>docBase * fieldCount + field) << 2);
  // Every score is below wk: when wk·2^32 is below FAST_LIMIT, no lane needs truncateHuge.
  if (ASC_FEATURE_SIMD && <f64>wk * FIXED_ONE < FAST_LIMIT) {
    const vwk = f32x4.splat(wk);
    const vc0 = f32x4.splat(c0);
    const vc1 = f32x4.splat(c1);
    const vone = f64x2.splat(FIXED_ONE);
    const vbias = f64x2.splat(ROUNDING_BIAS);
    for (; i + 4 <= count; i += 4) {
      const at = <usize>i << 2;
      const d0 = load<u32>(docs + at);
      const d1 = load<u32>(docs + at, 4);
      const d2 = load<u32>(docs + at, 8);
      const d3 = load<u32>(docs + at, 12);
      const tf = f32x4.convert_i32x4_u(v128.load(tfs + at));
      let lens = i32x4.splat(load<u32>(lengths + <usize>d0 * stride));
      lens = i32x4.replace_lane(lens, 1, load<u32>(lengths + <usize>d1 * stride));
      lens = i32x4.replace_lane(lens, 2, load<u32>(lengths + <usize>d2 * stride));
      lens = i32x4.replace_lane(lens, 3, load<u32>(lengths + <usize>d3 * stride));
      const norm = f32x4.add(vc0, f32x4.mul(vc1, f32x4.convert_i32x4_u(lens)));
      const score = f32x4.div(f32x4.mul(vwk, tf), f32x4.add(tf, norm));
      // toFixed on two lanes at a time: the same f64 operations, so the same bits.
      const low = i64x2.sub(f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(score), vone), vbias), vbias);
      const high = i64x2.sub(f64x2.add(f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<u32>(score, score, 2, 3, 2, 3)), vone), vbias), vbias);
      addFixed(acc, d0 - ws, i64x2.extract_lane(low, 0));
      addFixed(acc, d1 - ws, i64x2.extract_lane(low, 1));
      addFixed(acc, d2 - ws, i64x2.extract_lane(high, 0));
      addFixed(acc, d3 - ws, i64x2.extract_lane(high, 1));
      if (bits) {
        markBit(bits, d0 - ws);
        markBit(bits, d1 - ws);
        markBit(bits, d2 - ws);
        markBit(bits, d3 - ws);
      }
    }
  }
  for (; i < count; i++) {
    const at = <usize>i << 2;
    const doc = load<u32>(docs + at);
    const tf = <f32>load<u32>(tfs + at);
    const len = <f32>load<u32>(lengths + <usize>doc * stride);
    accumulate(acc, doc - ws, (wk * tf) / (tf + (c0 + c1 * len)));
    if (bits) markBit(bits, doc - ws);
  }
}

@inline function accumulate(acc: usize, slot: u32, score: f32): void {
  addFixed(acc, slot, toFixed(score));
}

@inline function addFixed(acc: usize, slot: u32, fixed: i64): void {
  const at = acc + (<usize>slot << 3);
  store<i64>(at, load<i64>(at) + fixed);
}

@inline function markBit(bits: usize, bit: u32): void {
  const at = bits + ((<usize>bit >> 6) << 3);
  store<u64>(at, load<u64>(at) | (<u64>1 << (bit & 63)));
}

/**
 * Upper bound of the score of any posting with tf ≤ maxTf and len / tf ≥ minRatio:
 *   wk · tf / (tf + c0 + c1 · len) = wk / (1 + c0 / tf + c1 · len / tf) ≤ wk / (1 + c0 / maxTf + c1 · minRatio)
 * for every c0, c1 ≥ 0, so a segment's bounds stay valid as the collection's averages move.
 * Negative weights (odd outside statistics) bound at 0.
 */
export function scoreBound(maxTf: u32, minRatio: f32, wk: f32, c0: f32, c1: f32): f32 {
  if (wk <= 0) return 0;
  // Slightly inflated so f32 rounding, here or in a different summation order, never exceeds it.
  return (wk / (1 + c0 / <f32>maxTf + c1 * minRatio)) * 1.0001;
}

// Scores are summed as fixed-point integers (2^-32 units): integer addition is associative, so
// a document's score does not depend on the order lists were added in — a pruned search and
// an exhaustive one give bit-identical scores and rankings.
export const FIXED_ONE: f64 = 4294967296.0;

// For 0 ≤ x < 2^51, x + 2^52 lands where the f64 spacing is exactly 1, so its low bits are x
// rounded to an integer: one add instead of V8's checked f64→i64 truncation, which cost more
// than the BM25 arithmetic itself. An f32 score ≥ 2^-9 times 2^32 is already an integer, so
// only tinier scores round (to nearest) rather than truncate — the same way in every flavour.
const ROUNDING_BIAS: f64 = 4503599627370496.0; // 2^52
const FAST_LIMIT: f64 = 2251799813685248.0; // 2^51
@inline export function toFixed(score: f32): i64 {
  const x = <f64>score * FIXED_ONE;
  if (x < FAST_LIMIT) return reinterpret<i64>(x + ROUNDING_BIAS) - reinterpret<i64>(ROUNDING_BIAS);
  return truncateHuge(x);
}
// Scores ≥ 2^19 need a real truncation. The counter is a side effect that keeps the optimizer
// from turning the branch into a select that would compute both conversions every time.
let hugeScores: u32 = 0;
function truncateHuge(x: f64): i64 {
  hugeScores++;
  return <i64>x;
}
@inline export function toFixedCeil(score: f32): i64 { return <i64>Math.ceil(<f64>score * FIXED_ONE); }

/**
 * out = cand ∩ { d : acc[d] + extra > threshold } (fixed point), over the 64-doc words whose
 * bits are set in `visit` (bit w: word w); the other words of `out` must already be zero, and
 * of `cand` empty. Returns the words of `out` that are not empty: the `visit` of the next call
 * when cand becomes out, so a window's later lists pass over the candidates' words only. Only
 * words with candidates are compared: one by one when a word holds a few, else all 64
 * documents (SIMD: two per i64x2 compare).
 */
export function thresholdMask(acc: usize, extra: i64, threshold: i64, cand: usize, out: usize, visit: u64): u64 {
  let nonEmpty: u64 = 0;
  while (visit) {
    const w = <u32>ctz<u64>(visit);
    visit &= visit - 1;
    const c = load<u64>(cand + (<usize>w << 3));
    let mask: u64 = 0;
    if (c) {
      const base = acc + (<usize>w << 9);
      if (popcnt<u64>(c) <= 8) {
        // Few candidates in these 64 documents: compare just them.
        let bits = c;
        while (bits) {
          const d = ctz<u64>(bits);
          bits &= bits - 1;
          if (load<i64>(base + (<usize>d << 3)) + extra > threshold) mask |= <u64>1 << d;
        }
      } else if (ASC_FEATURE_SIMD) {
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
    mask &= c;
    store<u64>(out + (<usize>w << 3), mask);
    if (mask) nonEmpty |= <u64>1 << w;
  }
  return nonEmpty;
}
