// The sorted terms grouped by first code point: each group's range of sorted positions and
// which ASCII bytes follow that code point in it. A one-edit fuzzy walk spends its edit on
// every first letter but the query's first two, and can then only continue with the query's
// own bytes: the masks dismiss most such letters (every other script's, for a Latin word)
// without reading their terms. Built lazily from the sorted order, rebuilt when it changes.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { sortedTermCount, sortedTermsVersion } from './sorted-terms';
import { sortedTermBytesUpdate, sortedStart, sortedLength } from './sorted-term-bytes';
import { decodeUtf8, decodedCodePoint, decodedLength } from '../text/utf8';

// Entry: code point, first position, end position, code point's byte length (u32 each), then
// the ASCII bytes seen right after the code point as a 128-bit mask (two u64).
const ENTRY_BYTES: u32 = 32;
let entries: Buffer = changetype<Buffer>(0);
let entryCount: u32 = 0;
let builtVersion: u32 = 0; // sorted-terms version the table describes (0: none)

/** Brings the table up to date with the sorted order; false when memory cannot grow. */
export function sortedFirstLettersUpdate(): bool {
  const version = sortedTermsVersion();
  if (builtVersion == version) return true;
  if (!sortedTermBytesUpdate()) return false;
  if (!changetype<usize>(entries)) entries = bufferNew();
  if (!changetype<usize>(entries)) return false;
  entries.length = 0;
  entryCount = 0;
  const total = sortedTermCount();
  let i: u32 = 0;
  while (i < total) {
    const start = sortedStart(i);
    const decoded = decodeUtf8(start, start + sortedLength(i));
    const width = decodedLength(decoded);
    let low: u64 = 0, high: u64 = 0;
    let j = i;
    for (; j < total; j++) {
      const at = sortedStart(j);
      const length = sortedLength(j);
      if (length < width || memory.compare(at, start, width) != 0) break;
      if (length == width) continue;
      const next = <u32>load<u8>(at + width);
      if (next < 64) low |= <u64>1 << next;
      else if (next < 128) high |= <u64>1 << (next - 64);
    }
    if (!bufferReserve(entries, ENTRY_BYTES)) return false;
    const entry = entries.data + entries.length;
    store<u32>(entry, decodedCodePoint(decoded));
    store<u32>(entry, i, 4);
    store<u32>(entry, j, 8);
    store<u32>(entry, width, 12);
    store<u64>(entry, low, 16);
    store<u64>(entry, high, 24);
    entries.length += ENTRY_BYTES;
    entryCount++;
    i = j;
  }
  builtVersion = version;
  return true;
}

@inline function entryAt(e: u32): usize { return entries.data + <usize>e * ENTRY_BYTES; }
@inline export function firstLetterCount(): u32 { return entryCount; }
@inline export function firstLetter(e: u32): u32 { return load<u32>(entryAt(e)); }
@inline export function firstLetterStart(e: u32): u32 { return load<u32>(entryAt(e), 4); }
@inline export function firstLetterEnd(e: u32): u32 { return load<u32>(entryAt(e), 8); }
@inline export function firstLetterBytes(e: u32): u32 { return load<u32>(entryAt(e), 12); }

/** False when no term of group e continues with `next` right after its first code point (known for ASCII bytes only). */
export function firstLetterMayPrecede(e: u32, next: u32): bool {
  if (next >= 128) return true;
  const mask = next < 64 ? load<u64>(entryAt(e), 16) : load<u64>(entryAt(e), 24);
  return ((mask >> (<u64>(next & 63))) & 1) != 0;
}
