// The sorted terms' bytes copied side by side in byte order. Walks over the sorted order (fuzzy
// matching, prefix ranges, their binary searches) then read neighbouring memory, instead of
// chasing position → term id → dictionary offset → bytes scattered in insertion order: on a
// 58k-term dictionary that chase was most of a fuzzy query's time. Built lazily from the sorted
// order, rebuilt when that order changes.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { termStart, termLength } from './dictionary';
import { sortedTermAt, sortedTermCount, sortedTermsVersion } from './sorted-terms';

let starts: Buffer = changetype<Buffer>(0); // u32 per position and one more: offsets into bytes
let bytes: Buffer = changetype<Buffer>(0);
let builtVersion: u32 = 0;                  // sorted-terms version the copy describes (0: none)

/** Brings the copy up to date with the sorted order; false when memory cannot grow. */
export function sortedTermBytesUpdate(): bool {
  const version = sortedTermsVersion();
  if (builtVersion == version) return true;
  if (!changetype<usize>(starts)) { starts = bufferNew(); bytes = bufferNew(); }
  if (!changetype<usize>(starts) || !changetype<usize>(bytes)) return false;
  const total = sortedTermCount();
  let size: usize = 0;
  for (let i: u32 = 0; i < total; i++) size += termLength(sortedTermAt(i));
  starts.length = 0;
  bytes.length = 0;
  if (!bufferReserve(starts, (<usize>total + 1) << 2) || !bufferReserve(bytes, size)) return false;
  let at: u32 = 0;
  for (let i: u32 = 0; i < total; i++) {
    const id = sortedTermAt(i);
    const length = termLength(id);
    store<u32>(starts.data + (<usize>i << 2), at);
    memory.copy(bytes.data + at, termStart(id), length);
    at += length;
  }
  store<u32>(starts.data + (<usize>total << 2), at);
  builtVersion = version;
  return true;
}

/** Address of the bytes of the term at sorted position i. */
@inline export function sortedStart(i: u32): usize { return bytes.data + load<u32>(starts.data + (<usize>i << 2)); }
/** Byte length of the term at sorted position i. */
@inline export function sortedLength(i: u32): u32 {
  const at = starts.data + (<usize>i << 2);
  return load<u32>(at, 4) - load<u32>(at);
}
