// The order of fused results: score descending, then a tie key ascending (best rank and list,
// unique per result), so the order is total and every runtime gets the same one. Sorting here
// rather than with Array.prototype.sort and a JS comparator takes ~3x less time at 10 × 100.

@inline function before(scores: usize, ties: usize, p: u32, q: u32): bool {
  const sp = load<f64>(scores + <usize>p * 8), sq = load<f64>(scores + <usize>q * 8);
  return sp > sq || (sp == sq && load<f64>(ties + <usize>p * 8) < load<f64>(ties + <usize>q * 8));
}

const RUN: u32 = 8;

/**
 * Writes the indices 0..count-1 to `out` in fused order of (scores[i], ties[i]), both f64.
 * `scratch` holds count u32 for the merge passes.
 */
export function fusedOrder(scores: usize, ties: usize, count: u32, out: usize, scratch: usize): void {
  let a = out, b = scratch;
  for (let i: u32 = 0; i < count; i++) store<u32>(a + <usize>i * 4, i);
  // Insertion-sorted runs, then bottom-up merges alternating between the two buffers.
  for (let lo: u32 = 0; lo < count; lo += RUN) {
    const hi = min<u32>(count, lo + RUN);
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
