// Log-linear (HDR-style) histogram of non-negative integer values: values below 2^SUB_BITS are
// counted exactly; above, each power of two is split into 2^(SUB_BITS-1) equal buckets, so a
// bucket's width is at most 1/128 of its lowest value. Reporting a bucket's midpoint keeps
// every percentile within 2^-SUB_BITS (0.4 %) of the true sample. Counts live in linear memory
// (34 KB per histogram); recording is a shift, a count-leading-zeros and an add.
import { heapAllocZeroed, heapFree } from '../memory/heap';

const SUB_BITS: u32 = 8;
const SUB_COUNT: u64 = 1 << SUB_BITS;
const HALF_COUNT: u64 = SUB_COUNT >> 1;
/** Values are clamped to 2^40 - 1 (about 12.7 days in microseconds). */
const MAX_VALUE: u64 = (<u64>1 << 40) - 1;

@unmanaged class Histogram {
  count: u64 = 0;
  sum: f64 = 0;
  min: u64 = 0;
  max: u64 = 0;
}

const HEADER: usize = offsetof<Histogram>();

@inline function bucketOf(value: u64): u32 {
  if (value < SUB_COUNT) return <u32>value;
  const shift = <u64>(63 - <u32>clz(value)) - (SUB_BITS - 1);
  return <u32>(shift * HALF_COUNT + (value >> shift));
}

const BUCKETS: u32 = bucketOf(MAX_VALUE) + 1;

/** The lowest value a bucket holds. */
@inline function bucketLow(bucket: u32): u64 {
  if (<u64>bucket < SUB_COUNT) return bucket;
  const shift = <u64>bucket / HALF_COUNT - 1;
  return (<u64>bucket - shift * HALF_COUNT) << shift;
}

@inline function bucketWidth(bucket: u32): u64 {
  return <u64>bucket < SUB_COUNT ? 1 : <u64>1 << (<u64>bucket / HALF_COUNT - 1);
}

/** The value reported for a bucket: its only value when exact, else its midpoint. */
@inline function bucketValue(bucket: u32): f64 {
  const width = bucketWidth(bucket);
  return <f64>bucketLow(bucket) + (width == 1 ? 0 : <f64>(width >> 1));
}

@inline function counts(h: usize): usize { return h + HEADER; }

export function histCreate(): usize {
  return heapAllocZeroed(HEADER + (<usize>BUCKETS << 3));
}

export function histDestroy(h: usize): void { heapFree(h); }

export function histBucketCount(): u32 { return BUCKETS; }

export function histMaxValue(): f64 { return <f64>MAX_VALUE; }

/** Adds `times` observations of `value` (the host passes finite, non-negative integers). */
export function histRecord(h: usize, value: f64, times: f64): void {
  const hist = changetype<Histogram>(h);
  const v: u64 = value >= <f64>MAX_VALUE ? MAX_VALUE : <u64>value;
  const n: u64 = <u64>times;
  const at = counts(h) + (<usize>bucketOf(v) << 3);
  store<u64>(at, load<u64>(at) + n);
  if (hist.count == 0 || v < hist.min) hist.min = v;
  if (v > hist.max) hist.max = v;
  hist.count += n;
  hist.sum += <f64>v * <f64>n;
}

export function histCount(h: usize): f64 { return <f64>changetype<Histogram>(h).count; }
export function histSum(h: usize): f64 { return changetype<Histogram>(h).sum; }
export function histMin(h: usize): f64 { return <f64>changetype<Histogram>(h).min; }
export function histMax(h: usize): f64 { return <f64>changetype<Histogram>(h).max; }

/**
 * The value at percentile `p` (0–100) by nearest rank: the ceil(p/100·count)-th smallest
 * observation's bucket value, clamped to the exact min and max. 0 when empty.
 */
export function histPercentile(h: usize, p: f64): f64 {
  const hist = changetype<Histogram>(h);
  if (hist.count == 0) return 0;
  let rank = <u64>Math.ceil(p / 100 * <f64>hist.count);
  if (rank < 1) rank = 1;
  if (rank > hist.count) rank = hist.count;
  const base = counts(h);
  let seen: u64 = 0;
  for (let b: u32 = 0; b < BUCKETS; b++) {
    seen += load<u64>(base + (<usize>b << 3));
    if (seen >= rank) {
      const value = bucketValue(b);
      return min<f64>(max<f64>(value, <f64>hist.min), <f64>hist.max);
    }
  }
  return <f64>hist.max;
}

/**
 * Cumulative counts at `n` ascending bounds (f64 at `bounds`) into f64 at `out`, in one pass:
 * out[i] counts the observations whose bucket lies at or below the bucket of bounds[i]
 * (exact below 2^SUB_BITS, within a bucket's width above).
 */
export function histCumulative(h: usize, bounds: usize, n: u32, out: usize): void {
  const base = counts(h);
  let seen: u64 = 0;
  let b: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const bound = load<f64>(bounds + (<usize>i << 3));
    const last: u32 = bound >= <f64>MAX_VALUE ? BUCKETS - 1 : bucketOf(<u64>max<f64>(bound, 0));
    for (; b <= last; b++) seen += load<u64>(base + (<usize>b << 3));
    store<f64>(out + (<usize>i << 3), <f64>seen);
  }
}

/** Adds every observation of `src` into `dst`. */
export function histMerge(dst: usize, src: usize): void {
  const d = changetype<Histogram>(dst);
  const s = changetype<Histogram>(src);
  if (s.count == 0) return;
  const to = counts(dst);
  const from = counts(src);
  for (let b: u32 = 0; b < BUCKETS; b++) {
    const at = to + (<usize>b << 3);
    store<u64>(at, load<u64>(at) + load<u64>(from + (<usize>b << 3)));
  }
  if (d.count == 0 || s.min < d.min) d.min = s.min;
  if (s.max > d.max) d.max = s.max;
  d.count += s.count;
  d.sum += s.sum;
}

export function histReset(h: usize): void {
  memory.fill(h, 0, HEADER + (<usize>BUCKETS << 3));
}
