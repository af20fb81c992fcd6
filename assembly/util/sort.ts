// In-place ascending sort of u32 arrays in linear memory (introsort-free quicksort with an
// insertion-sort tail; inputs here are short term lists or distinct term ids).

@inline function at(base: usize, i: isize): u32 { return load<u32>(base + (<usize>i << 2)); }
@inline function put(base: usize, i: isize, v: u32): void { store<u32>(base + (<usize>i << 2), v); }

function insertionSort(base: usize, lo: isize, hi: isize): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = at(base, i);
    let j = i - 1;
    while (j >= lo && at(base, j) > v) { put(base, j + 1, at(base, j)); j--; }
    put(base, j + 1, v);
  }
}

function quickSort(base: usize, lo: isize, hi: isize): void {
  while (hi - lo > 16) {
    // Median of three keeps sorted and reversed inputs fast.
    const mid = lo + ((hi - lo) >> 1);
    let a = at(base, lo), b = at(base, mid), c = at(base, hi);
    const pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
    let i = lo, j = hi;
    while (i <= j) {
      while (at(base, i) < pivot) i++;
      while (at(base, j) > pivot) j--;
      if (i <= j) {
        const t = at(base, i); put(base, i, at(base, j)); put(base, j, t);
        i++; j--;
      }
    }
    // Recurse into the smaller side, loop on the larger: stack depth stays logarithmic.
    if (j - lo < hi - i) { quickSort(base, lo, j); lo = i; } else { quickSort(base, i, hi); hi = j; }
  }
  insertionSort(base, lo, hi);
}

export function sortU32(base: usize, count: usize): void {
  if (count > 1) quickSort(base, 0, <isize>count - 1);
}
