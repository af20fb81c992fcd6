// The dictionary's terms in byte order, for prefix and fuzzy expansion. Kept lazily: new
// terms are sorted and merged in when an expansion needs the order.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { termCount, termStart, termLength } from './dictionary';

let sorted: Buffer = changetype<Buffer>(0);   // u32 term ids in byte order
let scratch: Buffer = changetype<Buffer>(0);
let sortedCount: u32 = 0;
let version: u32 = 1;                          // changes whenever the order does

/** Byte-wise comparison of term `id` with bytes [ptr, ptr+len). */
export function compareTermTo(id: u32, ptr: usize, len: u32): i32 {
  const a = termStart(id);
  const alen = termLength(id);
  const n = min<u32>(alen, len);
  for (let i: u32 = 0; i < n; i++) {
    const x = <i32>load<u8>(a + i);
    const y = <i32>load<u8>(ptr + i);
    if (x != y) return x - y;
  }
  return <i32>alen - <i32>len;
}

@inline function less(a: u32, b: u32): bool { return compareTermTo(a, termStart(b), termLength(b)) < 0; }

function sortIds(base: usize, lo: i32, hi: i32): void {
  while (hi - lo > 12) {
    const pivot = load<u32>(base + (<usize>((lo + hi) >>> 1) << 2));
    let i = lo, j = hi;
    while (i <= j) {
      while (less(load<u32>(base + (<usize>i << 2)), pivot)) i++;
      while (less(pivot, load<u32>(base + (<usize>j << 2)))) j--;
      if (i <= j) {
        const t = load<u32>(base + (<usize>i << 2));
        store<u32>(base + (<usize>i << 2), load<u32>(base + (<usize>j << 2)));
        store<u32>(base + (<usize>j << 2), t);
        i++; j--;
      }
    }
    if (j - lo < hi - i) { sortIds(base, lo, j); lo = i; } else { sortIds(base, i, hi); hi = j; }
  }
  for (let i = lo + 1; i <= hi; i++) {
    const v = load<u32>(base + (<usize>i << 2));
    let j = i - 1;
    while (j >= lo && less(v, load<u32>(base + (<usize>j << 2)))) { store<u32>(base + (<usize>(j + 1) << 2), load<u32>(base + (<usize>j << 2))); j--; }
    store<u32>(base + (<usize>(j + 1) << 2), v);
  }
}

/** Brings the order up to date with the dictionary; false when memory cannot grow. */
export function sortedTermsUpdate(): bool {
  if (!changetype<usize>(sorted)) { sorted = bufferNew(); scratch = bufferNew(); }
  if (!changetype<usize>(sorted) || !changetype<usize>(scratch)) return false;
  if (sortedCount >= termCount) return true;
  const fresh = termCount - sortedCount;
  scratch.length = 0;
  if (!bufferReserve(scratch, (<usize>termCount) << 2) || !bufferReserve(sorted, (<usize>fresh) << 2)) return false;
  // New ids go after the sorted ones, get sorted, then both runs merge into scratch.
  const newRun = sorted.data + (<usize>sortedCount << 2);
  for (let i: u32 = 0; i < fresh; i++) store<u32>(newRun + (<usize>i << 2), sortedCount + i);
  sortIds(newRun, 0, <i32>fresh - 1);
  let a: u32 = 0, b: u32 = 0, out: u32 = 0;
  while (a < sortedCount || b < fresh) {
    let take: u32;
    if (b >= fresh || (a < sortedCount && !less(load<u32>(newRun + (<usize>b << 2)), load<u32>(sorted.data + (<usize>a << 2))))) {
      take = load<u32>(sorted.data + (<usize>a << 2));
      a++;
    } else {
      take = load<u32>(newRun + (<usize>b << 2));
      b++;
    }
    store<u32>(scratch.data + (<usize>out << 2), take);
    out++;
  }
  const swap = sorted;
  sorted = scratch;
  scratch = swap;
  sorted.length = <usize>termCount << 2;
  sortedCount = termCount;
  version++;
  return true;
}

@inline export function sortedTermAt(i: u32): u32 { return load<u32>(sorted.data + (<usize>i << 2)); }
@inline export function sortedTermCount(): u32 { return sortedCount; }
/** Changes whenever the order changes (never 0), so derived structures know to rebuild. */
@inline export function sortedTermsVersion(): u32 { return version; }

/** Index of the first term ≥ bytes [ptr, ptr+len) in byte order. */
export function sortedLowerBound(ptr: usize, len: u32): u32 {
  let lo: u32 = 0;
  let hi: u32 = sortedCount;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareTermTo(sortedTermAt(mid), ptr, len) < 0) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Forget the order (a snapshot load replaces the dictionary). */
export function sortedTermsReset(): void { sortedCount = 0; version++; }
