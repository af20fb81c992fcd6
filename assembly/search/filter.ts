// Filters and facets of the current query. Filters become a bitset per window — keyword
// values (any of a group, groups ANDed) from each value's doc list, number ranges from a SIMD
// compare over the field's column — applied before scoring. Facets count keyword values over
// every matching document.
import { Buffer, bufferNew, bufferReserve, bufferResizeZeroed } from '../util/buffer';
import {
  valueCount, valueList, valueFields, numberColumn, numberFieldCount, docValues, docValuesStart, docValuesEnd,
} from '../index/doc-values';
import { bitsetFillFirst, bitsetClear, bitSet, bitsetAnd, shiftedWord } from './bitset';

const MAX_CLAUSES: u32 = 64;
const KIND_VALUES: u32 = 0;
const KIND_RANGE: u32 = 1;
// Clause: kind, first value index (values) or field (range), value count, flags, lo (f64), hi (f64)
const clauses = heapScratch(<i32>(MAX_CLAUSES * 32));
let clauseCount: u32 = 0;
let groupValues: Buffer = changetype<Buffer>(0);
const group = heapScratch(<i32>512, 16);
const rangeBits = heapScratch(<i32>512, 16);
let facetMask: u64 = 0;
let counts: Buffer = changetype<Buffer>(0);
// Dense keyword values (a doc list longer than its bitset would be, like 'ham' over mail) keep a
// bitset over all docs, built on first use and extended as the list grows: walking a list of
// thousands of docs in every window of every query was most of a filtered query's cost.
// Per value id, 12 bytes: bitset Buffer, list entries already set in it, the list it mirrors.
let denseSets: Buffer = changetype<Buffer>(0);

@inline function C(i: u32): usize { return clauses + (i << 5); }

export function filterBegin(): bool {
  clauseCount = 0;
  facetMask = 0;
  if (!changetype<usize>(groupValues)) { groupValues = bufferNew(); counts = bufferNew(); denseSets = bufferNew(); }
  if (!changetype<usize>(groupValues) || !changetype<usize>(counts) || !changetype<usize>(denseSets)) return false;
  groupValues.length = 0;
  return true;
}

@inline export function filterActive(): bool { return clauseCount != 0; }

/** Starts a keyword clause: documents having any of the values added next. */
export function filterValuesBegin(): bool {
  if (clauseCount >= MAX_CLAUSES) return false;
  const at = C(clauseCount++);
  store<u32>(at, KIND_VALUES);
  store<u32>(at, <u32>(groupValues.length >> 2), 4);
  store<u32>(at, 0, 8);
  return true;
}

export function filterValue(value: u32): bool {
  if (!clauseCount || value >= valueCount() || !bufferReserve(groupValues, 4)) return false;
  store<u32>(groupValues.data + groupValues.length, value);
  groupValues.length += 4;
  const at = C(clauseCount - 1);
  store<u32>(at, load<u32>(at, 8) + 1, 8);
  return true;
}

/** Documents whose number `field` lies between lo and hi (flags: 1 lo inclusive, 2 hi inclusive). */
export function filterRange(field: u32, lo: f64, hi: f64, flags: u32): bool {
  if (clauseCount >= MAX_CLAUSES || field >= numberFieldCount) return false;
  const at = C(clauseCount++);
  store<u32>(at, KIND_RANGE);
  store<u32>(at, field, 4);
  store<u32>(at, flags, 12);
  store<f64>(at, lo, 16);
  store<f64>(at, hi, 24);
  return true;
}

/** Sets bits of `list` docs in [start, start+n) into `out` (window-relative). */
function listWindow(list: Buffer, start: u32, n: u32, out: usize): void {
  const count = <u32>(list.length >> 2);
  let lo: u32 = 0, hi: u32 = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (load<u32>(list.data + (<usize>mid << 2)) < start) lo = mid + 1; else hi = mid;
  }
  for (let i = lo; i < count; i++) {
    const doc = load<u32>(list.data + (<usize>i << 2));
    if (doc >= start + n) break;
    bitSet(out, doc - start);
  }
}

/**
 * The bitset of a dense value's docs brought up to date with its list, or 0 when the value is
 * sparse (its list is the cheaper form) or memory cannot hold the bitset (the list still works).
 */
function denseBitset(value: u32, list: Buffer): Buffer {
  const count = <u32>(list.length >> 2);
  if (!count) return changetype<Buffer>(0);
  const docs = load<u32>(list.data + (<usize>(count - 1) << 2)) + 1;
  if (<u64>count * 32 < <u64>docs) return changetype<Buffer>(0);
  if ((<usize>value + 1) * 12 > denseSets.length && !bufferResizeZeroed(denseSets, (<usize>value + 1) * 12)) return changetype<Buffer>(0);
  const entry = denseSets.data + <usize>value * 12;
  let bits = changetype<Buffer>(load<u32>(entry));
  let covered = load<u32>(entry, 4);
  if (!changetype<usize>(bits)) {
    bits = bufferNew();
    if (!changetype<usize>(bits)) return changetype<Buffer>(0);
    store<u32>(entry, changetype<usize>(bits));
  }
  // A list replaced or shortened (a snapshot adopted into this instance) is mirrored anew.
  if (load<u32>(entry, 8) != <u32>changetype<usize>(list) || covered > count) {
    bits.length = 0;
    covered = 0;
    store<u32>(entry, changetype<usize>(list), 8);
  }
  if (covered == count) return bits;
  // One spare word, so reading a window's last word and the one after stays in bounds.
  const bytes = (<usize>((docs + 63) >> 6) + 1) << 3;
  if (bytes > bits.length && !bufferResizeZeroed(bits, bytes)) {
    store<u32>(entry, 0, 4);
    store<u32>(entry, 0, 8);
    return changetype<Buffer>(0);
  }
  for (let i = covered; i < count; i++) bitSet(bits.data, load<u32>(list.data + (<usize>i << 2)));
  store<u32>(entry, count, 4);
  return bits;
}

/** ORs bits [start, start+n) of `bits` into `out` (window-relative). */
function bitsetWindow(bits: Buffer, start: u32, n: u32, out: usize): void {
  const have = <u32>(bits.length >> 3) - 1; // words holding docs; one spare word follows
  const from = start >> 6;
  const first = bits.data + (<usize>from << 3);
  const shift = <u64>(start & 63);
  const words = (n + 63) >> 6;
  for (let w: u32 = 0; w < words && from + w < have; w++) {
    const dst = out + (<usize>w << 3);
    store<u64>(dst, load<u64>(dst) | shiftedWord(first, w, shift));
  }
  // Bits past the window's end are cleared by the caller's AND with the filled window.
}

/** Range test over the column, two docs per SIMD compare; NaN (absent) never matches. */
function rangeWindow(column: Buffer, start: u32, n: u32, lo: f64, hi: f64, flags: u32, out: usize): void {
  bitsetClear(out, (n + 63) >> 6);
  const base = column.data + (<usize>start << 3);
  let d: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    const vlo = f64x2.splat(lo);
    const vhi = f64x2.splat(hi);
    for (; d + 2 <= n; d += 2) {
      const v = v128.load(base + (<usize>d << 3));
      const above = flags & 1 ? f64x2.ge(v, vlo) : f64x2.gt(v, vlo);
      const below = flags & 2 ? f64x2.le(v, vhi) : f64x2.lt(v, vhi);
      const mask = <u64>i64x2.bitmask(v128.and(above, below));
      if (mask) {
        const word = out + ((<usize>d >> 6) << 3);
        store<u64>(word, load<u64>(word) | (mask << (d & 63)));
      }
    }
  }
  for (; d < n; d++) {
    const v = load<f64>(base + (<usize>d << 3));
    const above = flags & 1 ? v >= lo : v > lo;
    const below = flags & 2 ? v <= hi : v < hi;
    if (above && below) bitSet(out, d);
  }
}

/** out = documents of [start, start+n) passing every filter clause. */
export function filterWindow(start: u32, n: u32, out: usize): void {
  const words = (n + 63) >> 6;
  bitsetFillFirst(out, n, words);
  for (let c: u32 = 0; c < clauseCount; c++) {
    const at = C(c);
    if (load<u32>(at) == KIND_VALUES) {
      bitsetClear(group, words);
      const first = load<u32>(at, 4);
      const count = load<u32>(at, 8);
      for (let v: u32 = 0; v < count; v++) {
        const value = load<u32>(groupValues.data + ((<usize>first + v) << 2));
        const list = valueList(value);
        const bits = denseBitset(value, list);
        if (changetype<usize>(bits)) bitsetWindow(bits, start, n, group);
        else listWindow(list, start, n, group);
      }
      bitsetAnd(out, group, words);
    } else {
      rangeWindow(numberColumn(load<u32>(at, 4)), start, n, load<f64>(at, 16), load<f64>(at, 24), load<u32>(at, 12), rangeBits);
      bitsetAnd(out, rangeBits, words);
    }
  }
}

/** Counts keyword values of `field`s (bit mask) over matching docs; false on no memory. */
export function facetBegin(fields: u64): bool {
  facetMask = fields;
  counts.length = 0;
  return bufferResizeZeroed(counts, <usize>valueCount() << 2);
}

export function facetWindow(matchedBits: usize, start: u32, words: u32): void {
  if (!facetMask) return;
  for (let w: u32 = 0; w < words; w++) {
    let word = load<u64>(matchedBits + (<usize>w << 3));
    while (word) {
      const doc = start + (w << 6) + <u32>ctz<u64>(word);
      word &= word - 1;
      for (let i = docValuesStart(doc); i < docValuesEnd(doc); i++) {
        const value = load<u32>(docValues.data + (<usize>i << 2));
        if (facetMask & (<u64>1 << load<u32>(valueFields.data + (<usize>value << 2)))) {
          const at = counts.data + (<usize>value << 2);
          store<u32>(at, load<u32>(at) + 1);
        }
      }
    }
  }
}

/** Per value id, matching docs counted by the last search (u32 array of valueCount entries). */
export function facetCounts(): usize { return counts.data; }
