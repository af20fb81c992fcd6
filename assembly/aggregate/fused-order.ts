// The order of fused results: score descending, then a tie key ascending (best rank and list,
// unique per result), so the order is total and every runtime gets the same one. Sorting here
// rather than with Array.prototype.sort and a JS comparator takes ~3x less time at 10 × 100.
//
// Scores are finite and ≥ 0, so the high 32 bits of an f64 (sign masked, so -0 is 0) order
// them coarsely. Up to a few thousand results, one bucketing pass over those keys (as many
// buckets as results) leaves buckets of a few results each, which the full comparison orders;
// at 10 × 100 this takes half the time of the radix sort. Past that, or when scores crowd into
// a few buckets, an LSD radix sort on the keys (byte passes: no comparisons, so no mispredicted
// branches) leaves only runs of scores equal to ~6 digits for the full comparison: insertion
// for short runs, a merge sort for long ones (many equal scores).

@inline function before(scores: usize, ties: usize, p: u32, q: u32): bool {
  const sp = load<f64>(scores + <usize>p * 8), sq = load<f64>(scores + <usize>q * 8);
  return sp > sq || (sp == sq && load<f64>(ties + <usize>p * 8) < load<f64>(ties + <usize>q * 8));
}

/** Ascending in this key is descending in score (coarsely). */
@inline function coarseKey(scores: usize, i: u32): u32 {
  return ~(<u32>(load<u64>(scores + <usize>i * 8) >> 32) & 0x7fffffff);
}

const RUN: u32 = 8;
/** Below this many results bucketing costs more than it saves: a merge sort does it all. */
const BUCKETS_FROM: u32 = 48;
/**
 * Up to this many results one bucketing pass is cheapest (10 × 100 fused: half the time of the
 * radix sort); above it the radix sort's four passes win.
 */
const BUCKETS_UP_TO: u32 = 4096;
/**
 * A bucket this full means skewed or repeated scores (outliers stretch the range, so most
 * results share a few buckets): the radix sort, which does not mind, takes over.
 */
const CROWDED: u32 = 32;
/** Histogram room at the end of `scratch`, in u32: four byte passes of 256 buckets. */
const HISTOGRAM_U32: u32 = 4 * 256;

/** Insertion sort of the indices at a[lo..hi) by the full comparison. */
function insertionSort(scores: usize, ties: usize, a: usize, lo: u32, hi: u32): void {
  for (let i = lo + 1; i < hi; i++) {
    const x = load<u32>(a + <usize>i * 4);
    let j = i;
    while (j > lo && before(scores, ties, x, load<u32>(a + <usize>(j - 1) * 4))) {
      store<u32>(a + <usize>j * 4, load<u32>(a + <usize>(j - 1) * 4));
      j--;
    }
    store<u32>(a + <usize>j * 4, x);
  }
}

/** Merge sort of the indices at out[0..count) by the full comparison; scratch holds count u32. */
function mergeSort(scores: usize, ties: usize, count: u32, out: usize, scratch: usize): void {
  let a = out, b = scratch;
  for (let lo: u32 = 0; lo < count; lo += RUN) insertionSort(scores, ties, a, lo, min<u32>(count, lo + RUN));
  for (let width = RUN; width < count; width <<= 1) {
    for (let lo: u32 = 0; lo < count; lo += width << 1) {
      const mid = min<u32>(count, lo + width), hi = min<u32>(count, lo + (width << 1));
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        const p = load<u32>(a + <usize>i * 4), q = load<u32>(a + <usize>j * 4);
        if (before(scores, ties, q, p)) { store<u32>(b + <usize>k * 4, q); j++; }
        else { store<u32>(b + <usize>k * 4, p); i++; }
        k++;
      }
      while (i < mid) { store<u32>(b + <usize>k * 4, load<u32>(a + <usize>i * 4)); i++; k++; }
      while (j < hi) { store<u32>(b + <usize>k * 4, load<u32>(a + <usize>j * 4)); j++; k++; }
    }
    const t = a; a = b; b = t;
  }
  if (a != out) memory.copy(out, a, <usize>count * 4);
}

/** LSD radix sort of the indices at out[0..count) by coarse key; scratch: count + HISTOGRAM_U32 u32. */
function radixSort(scores: usize, count: u32, out: usize, scratch: usize): void {
  const histograms = scratch + <usize>count * 4;
  memory.fill(histograms, 0, HISTOGRAM_U32 * 4);
  for (let i: u32 = 0; i < count; i++) {
    const key = coarseKey(scores, i);
    for (let d: u32 = 0; d < 4; d++) {
      const at = histograms + (<usize>(d * 256 + ((key >> (d * 8)) & 255)) << 2);
      store<u32>(at, load<u32>(at) + 1);
    }
  }
  let a = out, b = scratch;
  const firstKey = coarseKey(scores, 0);
  for (let d: u32 = 0; d < 4; d++) {
    const histogram = histograms + <usize>(d * 256 * 4);
    const shift = d * 8;
    // A byte every key shares orders nothing: skip its pass.
    if (load<u32>(histogram + (<usize>((firstKey >> shift) & 255) << 2)) == count) continue;
    let sum: u32 = 0;
    for (let v = 0; v < 256; v++) {
      const at = histogram + (<usize>v << 2);
      const n = load<u32>(at);
      store<u32>(at, sum);
      sum += n;
    }
    for (let i: u32 = 0; i < count; i++) {
      const x = load<u32>(a + <usize>i * 4);
      const at = histogram + (<usize>((coarseKey(scores, x) >> shift) & 255) << 2);
      const position = load<u32>(at);
      store<u32>(at, position + 1);
      store<u32>(b + <usize>position * 4, x);
    }
    const t = a; a = b; b = t;
  }
  if (a != out) memory.copy(out, a, <usize>count * 4);
}

/**
 * One bucketing pass, then exact order within each bucket, into out[0..count); scratch: count +
 * buckets + 1 u32. Returns false, having written nothing to `out`, when a bucket is CROWDED. The coarse keys' range is cut into as many buckets as results (a power of
 * two), indices are counted into them and scattered in bucket order, and each bucket is
 * ordered by the full comparison (insertion sort; a merge sort for a long one, such as many
 * equal scores). Keys are read once, into scratch, so the scatter does not chase scores.
 */
function bucketSort(scores: usize, ties: usize, count: u32, out: usize, scratch: usize): bool {
  const keys = scratch;
  let low: u32 = 0xffffffff, high: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    const key = coarseKey(scores, i);
    store<u32>(keys + <usize>i * 4, key);
    low = min<u32>(low, key);
    high = max<u32>(high, key);
  }
  let buckets: u32 = 16;
  while (buckets < count) buckets <<= 1;
  const span = high - low;
  let shift: u32 = 0;
  while ((span >> shift) >= buckets) shift++;
  const starts = scratch + <usize>count * 4; // buckets + 1 u32
  memory.fill(starts, 0, <usize>(buckets + 1) * 4);
  for (let i: u32 = 0; i < count; i++) {
    const at = starts + (<usize>((load<u32>(keys + <usize>i * 4) - low) >> shift) << 2);
    store<u32>(at, load<u32>(at) + 1);
  }
  let sum: u32 = 0, largest: u32 = 0;
  for (let b: u32 = 0; b < buckets; b++) {
    const at = starts + (<usize>b << 2);
    const n = load<u32>(at);
    store<u32>(at, sum);
    sum += n;
    largest = max<u32>(largest, n);
  }
  if (largest > CROWDED) return false;
  for (let i: u32 = 0; i < count; i++) {
    const at = starts + (<usize>((load<u32>(keys + <usize>i * 4) - low) >> shift) << 2);
    const position = load<u32>(at);
    store<u32>(at, position + 1);
    store<u32>(out + <usize>position * 4, i);
  }
  // Bucket b now ends at starts[b] (and begins where bucket b - 1 ended).
  let lo: u32 = 0;
  for (let b: u32 = 0; b < buckets; b++) {
    const hi = load<u32>(starts + (<usize>b << 2));
    if (hi - lo > RUN) mergeSort(scores, ties, hi - lo, out + <usize>lo * 4, keys);
    else if (hi - lo > 1) insertionSort(scores, ties, out, lo, hi);
    lo = hi;
  }
  return true;
}

/**
 * Writes the indices 0..count-1 to `out` in fused order of (scores[i], ties[i]), both f64
 * (scores finite and ≥ 0). `scratch` holds 3 · count + 1024 u32.
 */
export function fusedOrder(scores: usize, ties: usize, count: u32, out: usize, scratch: usize): void {
  if (count >= BUCKETS_FROM && count <= BUCKETS_UP_TO && bucketSort(scores, ties, count, out, scratch)) return;
  for (let i: u32 = 0; i < count; i++) store<u32>(out + <usize>i * 4, i);
  if (count < BUCKETS_FROM) {
    mergeSort(scores, ties, count, out, scratch);
    return;
  }
  radixSort(scores, count, out, scratch);
  // Exact order within each run of equal coarse keys.
  let lo: u32 = 0;
  while (lo < count) {
    const key = coarseKey(scores, load<u32>(out + <usize>lo * 4));
    let hi = lo + 1;
    while (hi < count && coarseKey(scores, load<u32>(out + <usize>hi * 4)) == key) hi++;
    if (hi - lo <= RUN) insertionSort(scores, ties, out, lo, hi);
    else mergeSort(scores, ties, hi - lo, out + <usize>lo * 4, scratch);
    lo = hi;
  }
}
