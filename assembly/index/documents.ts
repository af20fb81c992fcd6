// Per-document state: field lengths (BM25 norms), the live bitset (deletes), and collection
// totals for average field lengths. Doc numbers are dense, assigned in add order, never reused.
import { Buffer, bufferNew, bufferReserve, bufferResizeZeroed } from '../util/buffer';
import { fieldCount, MAX_FIELDS } from './config';

export let docCount: u32 = 0;      // doc numbers handed out (live or not)
export let liveCount: u32 = 0;
export let fieldLengths: Buffer = changetype<Buffer>(0); // u32 per doc per field
export let liveBits: Buffer = changetype<Buffer>(0);     // bit per doc, 64-bit words
const totalLengths = heapScratch(<i32>(MAX_FIELDS * 8)); // f64 per field, live docs only

export function documentsInit(): bool {
  fieldLengths = bufferNew();
  liveBits = bufferNew();
  return changetype<usize>(fieldLengths) != 0 && changetype<usize>(liveBits) != 0;
}

@inline export function fieldLength(doc: u32, field: u32): u32 {
  return load<u32>(fieldLengths.data + ((<usize>doc * fieldCount + field) << 2));
}

@inline export function isLive(doc: u32): bool {
  return (load<u64>(liveBits.data + ((<usize>doc >> 6) << 3)) & (<u64>1 << (doc & 63))) != 0;
}

@inline export function totalLength(field: u32): f64 { return load<f64>(totalLengths + (field << 3)); }

export function averageLength(field: u32): f64 {
  return liveCount ? totalLength(field) / <f64>liveCount : 0;
}

/** Reserves room for one more document; false (nothing changed) when memory cannot grow. */
export function documentsReserveOne(): bool {
  if (!bufferReserve(fieldLengths, <usize>fieldCount << 2)) return false;
  // Two spare words: window bit extraction reads one word past the last doc.
  const words = (((<usize>docCount + 1 + 63) >> 6) + 2) << 3;
  return words <= liveBits.length || bufferResizeZeroed(liveBits, words);
}

/** Appends a live document with the field lengths at `lengths` (u32 × fieldCount). */
export function documentsAppend(lengths: usize): u32 {
  const doc = docCount++;
  memory.copy(fieldLengths.data + fieldLengths.length, lengths, <usize>fieldCount << 2);
  fieldLengths.length += <usize>fieldCount << 2;
  const word = liveBits.data + ((<usize>doc >> 6) << 3);
  store<u64>(word, load<u64>(word) | (<u64>1 << (doc & 63)));
  liveCount++;
  for (let f: u32 = 0; f < fieldCount; f++) {
    const at = totalLengths + (f << 3);
    store<f64>(at, load<f64>(at) + <f64>load<u32>(lengths + (f << 2)));
  }
  return doc;
}

/** Marks a live document deleted and removes it from the totals. */
export function documentsKill(doc: u32): void {
  const word = liveBits.data + ((<usize>doc >> 6) << 3);
  store<u64>(word, load<u64>(word) & ~(<u64>1 << (doc & 63)));
  liveCount--;
  for (let f: u32 = 0; f < fieldCount; f++) {
    const at = totalLengths + (f << 3);
    store<f64>(at, load<f64>(at) - <f64>fieldLength(doc, f));
  }
}

export function documentsTotalsPtr(): usize { return totalLengths; }
export function documentsAdopt(docs: u32, live: u32): void { docCount = docs; liveCount = live; }

/** Writes the documents' state (4 u32, then MAX_FIELDS f64 at +16) at `out` (8-aligned). */
export function documentsShare(out: usize): void {
  store<u32>(out, docCount);
  store<u32>(out, liveCount, 4);
  store<u32>(out, changetype<usize>(fieldLengths), 8);
  store<u32>(out, changetype<usize>(liveBits), 12);
  memory.copy(out + 16, totalLengths, MAX_FIELDS * 8);
}

/** Points this instance's documents at another instance's (read-only from here on). */
export function documentsAttach(from: usize): void {
  docCount = load<u32>(from);
  liveCount = load<u32>(from, 4);
  fieldLengths = changetype<Buffer>(<usize>load<u32>(from, 8));
  liveBits = changetype<Buffer>(<usize>load<u32>(from, 12));
  memory.copy(totalLengths, from + 16, MAX_FIELDS * 8);
}
