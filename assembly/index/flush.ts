// Flush: turns the pending documents into one new immutable segment. Tokens are bucketed by
// term with a counting sort that copies out what postings need (doc and field packed in one
// u32, position in another): since pending tokens are in (doc, field, position) order, each
// bucket comes out already sorted the way postings need, and writing a key then reads its
// bucket front to back instead of chasing token indices across the pending buffer.
import { Buffer, bufferNew, bufferReserve, bufferResizeZeroed, bufferTrim } from '../util/buffer';
import { sortU32 } from '../util/sort';
import { fieldCount } from './config';
import { termCount } from './dictionary';
import { docCount, fieldLength, isLive } from './documents';
import {
  pendingBase, pendingTokens, pendingDocCount, pendingTokenStart, pendingForward,
  pendingForwardStart, pendingForwardEnd, pendingReset,
} from './pending';
import { builderBegin, builderKeyBegin, builderPosting, builderKeyEnd, builderForward, builderFinish, builderRelease } from './segment-builder';
import { segmentsReserve, segmentsPush } from './segments';

let termSlot: Buffer = changetype<Buffer>(0);   // u32 per term id: local index + 1 during a flush
let localTerms: Buffer = changetype<Buffer>(0); // distinct term ids of the flush, sorted
let bucketStarts: Buffer = changetype<Buffer>(0);
let sortedKeys: Buffer = changetype<Buffer>(0);      // per token, grouped by term: pending doc << 4 | field
let sortedPositions: Buffer = changetype<Buffer>(0); // per token, grouped by term: its position
// MAX_FIELDS is 16: a field fits in the low 4 bits of a sorted key.
const FIELD_BITS: u32 = 4;

function ensure(buf: Buffer): Buffer {
  return changetype<usize>(buf) ? buf : bufferNew();
}

/** Builds a segment from pending docs; false (pending intact) when memory cannot grow. */
export function flushPending(): bool {
  const docs = pendingDocCount();
  if (!docs) return true;
  termSlot = ensure(termSlot); localTerms = ensure(localTerms); bucketStarts = ensure(bucketStarts);
  sortedKeys = ensure(sortedKeys); sortedPositions = ensure(sortedPositions);
  if (!changetype<usize>(termSlot) || !changetype<usize>(localTerms) || !changetype<usize>(bucketStarts)
    || !changetype<usize>(sortedKeys) || !changetype<usize>(sortedPositions)) return false;
  const tokens = <u32>(pendingTokens.length / 12);
  if (!bufferResizeZeroed(termSlot, <usize>termCount << 2)) return false;
  memory.fill(termSlot.data, 0, <usize>termCount << 2);
  localTerms.length = 0;
  if (!bufferReserve(sortedKeys, <usize>tokens << 2) || !bufferReserve(sortedPositions, <usize>tokens << 2) || !segmentsReserve(1)) return false;

  // Distinct terms, sorted, then their local indices.
  for (let t: u32 = 0; t < tokens; t++) {
    const term = load<u32>(pendingTokens.data + <usize>t * 12);
    const slot = termSlot.data + (<usize>term << 2);
    if (!load<u32>(slot)) {
      if (!bufferReserve(localTerms, 4)) return false;
      store<u32>(slot, 1);
      store<u32>(localTerms.data + localTerms.length, term);
      localTerms.length += 4;
    }
  }
  const distinct = <u32>(localTerms.length >> 2);
  sortU32(localTerms.data, distinct);
  if (!bufferResizeZeroed(bucketStarts, (<usize>distinct + 1) << 2)) return false;
  memory.fill(bucketStarts.data, 0, (<usize>distinct + 1) << 2);
  for (let i: u32 = 0; i < distinct; i++) store<u32>(termSlot.data + (<usize>load<u32>(localTerms.data + (<usize>i << 2)) << 2), i);

  // Counting sort of the tokens by local term.
  for (let t: u32 = 0; t < tokens; t++) {
    const local = load<u32>(termSlot.data + (<usize>load<u32>(pendingTokens.data + <usize>t * 12) << 2));
    const at = bucketStarts.data + ((<usize>local + 1) << 2);
    store<u32>(at, load<u32>(at) + 1);
  }
  for (let i: u32 = 1; i <= distinct; i++) {
    const at = bucketStarts.data + (<usize>i << 2);
    store<u32>(at, load<u32>(at) + load<u32>(at - 4));
  }
  for (let d: u32 = 0; d < docs; d++) {
    const end = d + 1 < docs ? pendingTokenStart(d + 1) : tokens;
    for (let t = pendingTokenStart(d); t < end; t++) {
      const token = pendingTokens.data + <usize>t * 12;
      const local = load<u32>(termSlot.data + (<usize>load<u32>(token) << 2));
      const at = bucketStarts.data + (<usize>local << 2);
      const fill = load<u32>(at);
      store<u32>(sortedKeys.data + (<usize>fill << 2), (d << FIELD_BITS) | load<u32>(token, 4));
      store<u32>(sortedPositions.data + (<usize>fill << 2), load<u32>(token, 8));
      store<u32>(at, fill + 1);
    }
  }
  // bucketStarts[i] now holds the end of bucket i; bucket i starts at the end of bucket i-1.

  if (!builderBegin(pendingBase, docs)) return false;
  for (let i: u32 = 0; i < distinct; i++) {
    const start = i ? load<u32>(bucketStarts.data + ((<usize>i - 1) << 2)) : 0;
    const end = load<u32>(bucketStarts.data + (<usize>i << 2));
    const term = load<u32>(localTerms.data + (<usize>i << 2));
    for (let field: u32 = 0; field < fieldCount; field++) {
      if (!emitKey(term, field, start, end)) return false;
    }
  }
  for (let d: u32 = 0; d < docs; d++) {
    const from = pendingForwardStart(d);
    if (!builderForward(pendingForward.data + from, pendingForwardEnd(d) - from)) return false;
  }
  let live: u32 = 0;
  for (let d: u32 = 0; d < docs; d++) if (isLive(pendingBase + d)) live++;
  const segment = builderFinish(live);
  if (!segment) return false;
  segmentsPush(segment, live);
  pendingReset(docCount);
  releaseScratch();
  return true;
}

/** Flush scratch is sized by the batch: give it back so the index keeps only its segments. */
function releaseScratch(): void {
  const keep: usize = 1 << 20;
  bufferTrim(termSlot, keep);
  bufferTrim(localTerms, keep);
  bufferTrim(bucketStarts, keep);
  bufferTrim(sortedKeys, keep);
  bufferTrim(sortedPositions, keep);
  builderRelease();
}

/** Writes the postings of `term` in `field` from bucket [start, end) (skips deleted docs). */
function emitKey(term: u32, field: u32, start: u32, end: u32): bool {
  let begun = false;
  let t = start;
  while (t < end) {
    const key = load<u32>(sortedKeys.data + (<usize>t << 2));
    if ((key & ((1 << FIELD_BITS) - 1)) != field) { t++; continue; }
    // This doc's positions of the term in this field are the run of equal keys.
    let run = t + 1;
    while (run < end && load<u32>(sortedKeys.data + (<usize>run << 2)) == key) run++;
    const d = key >> FIELD_BITS;
    const doc = pendingBase + d;
    if (isLive(doc)) {
      if (!begun) { builderKeyBegin(term, field); begun = true; }
      if (!builderPosting(d, run - t, fieldLength(doc, field), sortedPositions.data + (<usize>t << 2))) return false;
    }
    t = run;
  }
  return !begun || builderKeyEnd();
}
