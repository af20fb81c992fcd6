// Kernel snapshot: the index's arrays and segments copied out as they lie in memory, and
// copied back on load — no tokenizing, no rebuilding. Loading validates every count, offset
// and ordering it will later trust, so damaged bytes become an error code, never a bad read.
//
// Layout (u32 little-endian unless noted, sections 8-byte aligned):
//   header: magic "SXK1", version, fieldCount, tokenFlags, k1 (f32), b (f32), boosts (16 × f32),
//           docCount, liveCount, termCount, segmentCount, slotCount, termBytesLength,
//           pendingBase, 0, totals (16 × f64)
//   termBytes, termStarts (termCount + 1), termHashes, docFreq, slots, fieldLengths, liveBits,
//   doc values: numberFields, valueCount, docValuesTotal, 0, valueFields, docValueStarts,
//   docValues, number columns (numberFields × docCount f64),
//   then per segment: u32 live docs, u32 0, segment bytes
import { Buffer, bufferReserve } from '../util/buffer';
import { heapAlloc, heapFree } from '../memory/heap';
import { configure, setFieldBoost, fieldCount, tokenFlags, k1, b, fieldBoost, MAX_FIELDS } from './config';
import {
  termCount, docFreq, dictionaryTermBytes, dictionaryTermStarts, dictionaryTermHashes, dictionarySlots,
  dictionarySlotCount, dictionaryAdopt, hashTerm,
} from './dictionary';
import { docCount, liveCount, fieldLengths, liveBits, documentsTotalsPtr, documentsAdopt } from './documents';
import { pendingDocCount, pendingReset } from './pending';
import { flushPending } from './flush';
import {
  SEGMENT_MAGIC, SEGMENT_HEADER, KEY_BYTES, SKIP_BYTES, BLOCK, segTotalBytes, segDocBase, segDocSpan,
  segKeyCount, segSkipCount,
} from './segment';
import { segmentAt, segmentCount, segmentLiveAt, segmentsReserve, segmentsPushBorrowed } from './segments';
import { bitsetCount } from '../search/bitset';
import {
  numberFieldCount, valueCount, valueFields, docValueStarts, docValues, numberColumn, docValuesAdoptFrom,
} from './doc-values';

const MAGIC: u32 = 0x314b5853; // "SXK1"
// Version 2 made the keys' minimum field length a minimum length / tf ratio (f32). Version 1
// segments still read right: a length read as an f32 is far below any real ratio (≥ 1), so
// their bounds are merely loose.
const VERSION: u32 = 2;
const OLDEST_VERSION: u32 = 1;
const HEADER: usize = 256;

export const SNAPSHOT_OK: i32 = 0;
export const SNAPSHOT_BAD_MAGIC: i32 = 1;
export const SNAPSHOT_BAD_VERSION: i32 = 2;
export const SNAPSHOT_TRUNCATED: i32 = 3;
export const SNAPSHOT_NO_MEMORY: i32 = 5;
export const SNAPSHOT_CONFIG: i32 = 6;

/** Corruption codes name the failed check (host reports `CORRUPT (check n)`). */
@inline function corrupt(check: i32): i32 { return 1000 + check; }

@inline function align8(n: usize): usize { return (n + 7) & ~(<usize>7); }

/** Bytes of the live bitset in a snapshot: whole words plus the two spare ones. */
@inline function liveBytesFor(docs: u32): usize { return (((<usize>docs + 63) >> 6) + 2) << 3; }

function sectionSizes(): usize {
  let size = HEADER;
  size += align8(dictionaryTermBytes().length);
  size += align8((<usize>termCount + 1) << 2);
  size += align8(<usize>termCount << 2) * 2;
  size += align8(<usize>dictionarySlotCount() << 2);
  size += align8(fieldLengths.length);
  size += liveBytesFor(docCount);
  size += 16 + align8(<usize>valueCount() << 2) + align8(<usize>docCount << 2) + align8(docValues.length) + <usize>numberFieldCount * docCount * 8;
  for (let i: u32 = 0; i < segmentCount(); i++) size += 8 + align8(segTotalBytes(segmentAt(i)));
  return size;
}

/** Flushes pending docs and returns the snapshot size in bytes, or 0 when memory cannot grow. */
export function snapshotPrepare(): usize {
  if (pendingDocCount() && !flushPending()) return 0;
  return sectionSizes();
}

function put(at: usize, src: usize, len: usize): usize {
  memory.copy(at, src, len);
  memory.fill(at + len, 0, align8(len) - len); // padding is zeros, not whatever memory held
  return at + align8(len);
}

/** Writes the snapshot (size from snapshotPrepare) at `out`. */
export function snapshotWrite(out: usize): void {
  memory.fill(out, 0, HEADER);
  store<u32>(out, MAGIC);
  store<u32>(out, VERSION, 4);
  store<u32>(out, fieldCount, 8);
  store<u32>(out, tokenFlags, 12);
  store<f32>(out, k1, 16);
  store<f32>(out, b, 20);
  for (let f: u32 = 0; f < MAX_FIELDS; f++) store<f32>(out + 24 + (f << 2), fieldBoost(f));
  store<u32>(out, docCount, 88);
  store<u32>(out, liveCount, 92);
  store<u32>(out, termCount, 96);
  store<u32>(out, segmentCount(), 100);
  store<u32>(out, dictionarySlotCount(), 104);
  store<u32>(out, <u32>dictionaryTermBytes().length, 108);
  store<u32>(out, docCount, 112);
  memory.copy(out + 120, documentsTotalsPtr(), MAX_FIELDS * 8);
  let at = out + HEADER;
  at = put(at, dictionaryTermBytes().data, dictionaryTermBytes().length);
  at = put(at, dictionaryTermStarts().data, (<usize>termCount + 1) << 2);
  at = put(at, dictionaryTermHashes().data, <usize>termCount << 2);
  at = put(at, docFreq.data, <usize>termCount << 2);
  at = put(at, dictionarySlots(), <usize>dictionarySlotCount() << 2);
  at = put(at, fieldLengths.data, fieldLengths.length);
  const liveBytes = liveBytesFor(docCount);
  memory.fill(at, 0, liveBytes);
  memory.copy(at, liveBits.data, min<usize>(liveBits.length, liveBytes));
  at += liveBytes;
  store<u32>(at, numberFieldCount);
  store<u32>(at, valueCount(), 4);
  store<u32>(at, <u32>(docValues.length >> 2), 8);
  store<u32>(at, 0, 12);
  at += 16;
  at = put(at, valueFields.data, <usize>valueCount() << 2);
  at = put(at, docValueStarts.data, <usize>docCount << 2);
  at = put(at, docValues.data, docValues.length);
  for (let f: u32 = 0; f < numberFieldCount; f++) at = put(at, numberColumn(f).data, <usize>docCount << 3);
  for (let i: u32 = 0; i < segmentCount(); i++) {
    const s = segmentAt(i);
    store<u32>(at, segmentLiveAt(i));
    store<u32>(at, 0, 4);
    at = put(at + 8, s, segTotalBytes(s));
  }
}

// ---- loading ----

let cursor: usize = 0;
let end: usize = 0;

/** Takes `len` bytes (8-aligned) from the input; 0 when the input is too short. */
function take(len: usize): usize {
  const at = cursor;
  const next = at + align8(len);
  if (next > end || next < at) return 0;
  cursor = next;
  return at;
}

function adoptInto(buf: Buffer, src: usize, len: usize): bool {
  buf.length = 0;
  if (!bufferReserve(buf, len)) return false;
  memory.copy(buf.data, src, len);
  buf.length = len;
  return true;
}

/** Checks a segment's internal structure against the limits the search code relies on. */
/** 0 when a segment's structure respects every limit the search code relies on, else a check number. */
function segmentProblem(s: usize, size: usize, expectedBase: u32, docs: u32, fields: u32, terms: u32): i32 {
  if (size < SEGMENT_HEADER || load<u32>(s) != SEGMENT_MAGIC || <usize>segTotalBytes(s) != size) return 1;
  const base = segDocBase(s);
  const span = segDocSpan(s);
  if (base != expectedBase || <u64>base + span > <u64>docs || span == 0) return 2;
  const keys = <usize>load<u32>(s, 20);
  const skips = <usize>load<u32>(s, 24);
  const postings = <usize>load<u32>(s, 28);
  const positions = <usize>load<u32>(s, 32);
  const forwardStarts = <usize>load<u32>(s, 36);
  const forward = <usize>load<u32>(s, 40);
  const bloom = <usize>load<u32>(s, 44);
  const bloomWords = <usize>load<u32>(s, 48);
  const keyCount = <usize>segKeyCount(s);
  const skipCount = <usize>segSkipCount(s);
  if (keys != SEGMENT_HEADER || keys + keyCount * KEY_BYTES != skips || skips + skipCount * SKIP_BYTES != postings) return 3;
  if (postings > positions || positions > forwardStarts || forwardStarts + ((<usize>span + 1) << 2) > forward) return 4;
  if (forward > bloom || bloomWords == 0 || (bloomWords & (bloomWords - 1)) != 0 || bloom + (bloomWords << 3) != size) return 5;
  // Keys: sorted, unique, their skip ranges inside the skip table, in order.
  let nextSkip: usize = 0;
  let previous: u64 = 0;
  for (let i: usize = 0; i < keyCount; i++) {
    const k = s + keys + i * KEY_BYTES;
    const id = (<u64>load<u32>(k) << 32) | load<u32>(k, 4);
    if ((i && id <= previous) || load<u32>(k, 4) >= fields || load<u32>(k) >= terms) return 6;
    if (load<u32>(k, 20) == 0 || !boundRatio(load<f32>(k, 24))) return 13; // max tf, min ratio: the key's bound
    previous = id;
    const blocks = <usize>load<u32>(k, 12);
    if (<usize>load<u32>(k, 16) != nextSkip || blocks == 0) return 7;
    let postingsLeft = load<u32>(k, 8);
    let lastDoc: i64 = -1;
    for (let j: usize = 0; j < blocks; j++) {
      const skip = s + skips + (nextSkip + j) * SKIP_BYTES;
      const count = load<u32>(skip, 12);
      const last = <i64>load<u32>(skip);
      if (count == 0 || count > BLOCK || count > postingsLeft || last <= lastDoc || last >= <i64>span) return 8;
      if (postings + <usize>load<u32>(skip, 4) >= positions || positions + <usize>load<u32>(skip, 8) > forwardStarts) return 9;
      postingsLeft -= count;
      lastDoc = last;
    }
    if (postingsLeft != 0) return 10;
    nextSkip += blocks;
  }
  if (nextSkip != skipCount) return 11;
  let previousStart: u32 = 0;
  for (let d: usize = 0; d <= <usize>span; d++) {
    const start = load<u32>(s + forwardStarts + (d << 2));
    if (start < previousStart || forward + <usize>start > bloom) return 12;
    previousStart = start;
  }
  return 0;
}

/** A ratio pruning can trust: finite and not negative (a NaN would disable every comparison). */
@inline function boundRatio(ratio: f32): bool { return ratio >= 0 && ratio < Infinity; }

/**
 * Replaces this (empty) index with the snapshot at [ptr, ptr+len), which lies in the heap block
 * `block`; returns a SNAPSHOT_* code. On success the index owns `block` (its segments stay in it).
 */
export function snapshotLoad(block: usize, ptr: usize, len: usize): i32 {
  if (len < HEADER) return SNAPSHOT_TRUNCATED;
  if (load<u32>(ptr) != MAGIC) return SNAPSHOT_BAD_MAGIC;
  const version = load<u32>(ptr, 4);
  if (version < OLDEST_VERSION || version > VERSION) return SNAPSHOT_BAD_VERSION;
  if (docCount != 0 || termCount != 0) return SNAPSHOT_CONFIG;
  const fields = load<u32>(ptr, 8);
  if (fields == 0 || fields > MAX_FIELDS) return corrupt(1);
  const docs = load<u32>(ptr, 88);
  const live = load<u32>(ptr, 92);
  const terms = load<u32>(ptr, 96);
  const segments = load<u32>(ptr, 100);
  const slots = load<u32>(ptr, 104);
  const termBytesLength = <usize>load<u32>(ptr, 108);
  if (live > docs || load<u32>(ptr, 112) != docs || slots < 2 || (slots & (slots - 1)) != 0 || terms * 2 > slots) return corrupt(2);
  cursor = ptr + HEADER;
  end = ptr + len;
  const termBytes = take(termBytesLength);
  const starts = take((<usize>terms + 1) << 2);
  const hashes = take(<usize>terms << 2);
  const freqs = take(<usize>terms << 2);
  const table = take(<usize>slots << 2);
  const lengths = take(<usize>docs * fields * 4);
  const liveWords = liveBytesFor(docs);
  const bits = take(liveWords);
  if (!termBytes || !starts || !hashes || !freqs || !table || !lengths || !bits) return SNAPSHOT_TRUNCATED;
  const valuesHead = take(16);
  if (!valuesHead) return SNAPSHOT_TRUNCATED;
  const numberFields = load<u32>(valuesHead);
  const values = load<u32>(valuesHead, 4);
  const valueTotal = load<u32>(valuesHead, 8);
  if (numberFields != numberFieldCount) return corrupt(20);
  const fieldsOfValues = take(<usize>values << 2);
  const valueStarts = take(<usize>docs << 2);
  const valueIds = take(<usize>valueTotal << 2);
  const columns = take(<usize>numberFields * docs * 8);
  if ((values && !fieldsOfValues) || (docs && !valueStarts) || (valueTotal && !valueIds) || (numberFields && docs && !columns)) return SNAPSHOT_TRUNCATED;
  for (let v: u32 = 0; v < values; v++) if (load<u32>(fieldsOfValues + (<usize>v << 2)) >= 64) return corrupt(21);
  let previousStart: u32 = 0;
  for (let d: u32 = 0; d < docs; d++) {
    const start = load<u32>(valueStarts + (<usize>d << 2));
    if (start < previousStart || start > valueTotal) return corrupt(22);
    previousStart = start;
  }
  for (let i: u32 = 0; i < valueTotal; i++) if (load<u32>(valueIds + (<usize>i << 2)) >= values) return corrupt(23);

  // Dictionary: offsets ascending to the byte count, hashes match, the table indexes every term.
  if (load<u32>(starts) != 0 || <usize>load<u32>(starts + (<usize>terms << 2)) != termBytesLength) return corrupt(3);
  for (let t: u32 = 0; t < terms; t++) {
    const a = load<u32>(starts + (<usize>t << 2));
    const z = load<u32>(starts + ((<usize>t + 1) << 2));
    if (z < a || z - a > 64) return corrupt(4);
    if (hashTerm(termBytes + a, z - a) != load<u32>(hashes + (<usize>t << 2))) return corrupt(5);
    if (load<u32>(freqs + (<usize>t << 2)) > live) return corrupt(6);
  }
  let filled: u32 = 0;
  for (let i: u32 = 0; i < slots; i++) {
    const entry = load<u32>(table + (<usize>i << 2));
    if (entry > terms) return corrupt(7);
    if (entry) filled++;
  }
  if (filled != terms) return corrupt(8);
  if (bitsetCount(bits, <u32>(liveWords >> 3)) != live) return corrupt(9);

  // Segments: contiguous doc ranges covering every doc.
  let expectedBase: u32 = 0;
  const segmentStart = cursor;
  for (let i: u32 = 0; i < segments; i++) {
    const head = take(8);
    if (!head) return SNAPSHOT_TRUNCATED;
    if (cursor + SEGMENT_HEADER > end) return SNAPSHOT_TRUNCATED;
    const size = <usize>load<u32>(cursor, 4);
    const s = take(size);
    if (!s) return SNAPSHOT_TRUNCATED;
    if ((s & 7) != 0) return corrupt(50);
    const problem = segmentProblem(s, size, expectedBase, docs, fields, terms);
    if (problem) return corrupt(100 + problem);
    if (load<u32>(head) > segDocSpan(s)) return corrupt(10);
    expectedBase += segDocSpan(s);
  }
  if (expectedBase != docs || cursor != end) return corrupt(11);

  // Everything checked: copy into this index's own memory.
  configure(fields, load<u32>(ptr, 12), load<f32>(ptr, 16), load<f32>(ptr, 20));
  for (let f: u32 = 0; f < MAX_FIELDS; f++) setFieldBoost(f, load<f32>(ptr + 24 + (f << 2)));
  const newTable = heapAlloc(<usize>slots << 2);
  if (!newTable) return SNAPSHOT_NO_MEMORY;
  if (!adoptInto(dictionaryTermBytes(), termBytes, termBytesLength) || !adoptInto(dictionaryTermStarts(), starts, (<usize>terms + 1) << 2)
    || !adoptInto(dictionaryTermHashes(), hashes, <usize>terms << 2) || !adoptInto(docFreq, freqs, <usize>terms << 2)
    || !adoptInto(fieldLengths, lengths, <usize>docs * fields * 4) || !adoptInto(liveBits, bits, liveWords)
    || !segmentsReserve(segments)) {
    heapFree(newTable);
    return SNAPSHOT_NO_MEMORY;
  }
  memory.copy(newTable, table, <usize>slots << 2);
  dictionaryAdopt(terms, newTable, slots);
  // Segments are immutable: they stay where they are, inside the snapshot block, which the
  // index now owns (`block`, the heap allocation holding [ptr, ptr+len)).
  cursor = segmentStart;
  for (let i: u32 = 0; i < segments; i++) {
    const head = take(8);
    const size = <usize>load<u32>(cursor, 4);
    segmentsPushBorrowed(take(size), load<u32>(head), block);
  }
  if (!docValuesAdoptFrom(docs, valueStarts, valueIds, valueTotal, fieldsOfValues, values, columns)) return SNAPSHOT_NO_MEMORY;
  memory.copy(documentsTotalsPtr(), ptr + 120, MAX_FIELDS * 8);
  documentsAdopt(docs, live);
  pendingReset(docs);
  return SNAPSHOT_OK;
}
