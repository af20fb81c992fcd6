// Flush: turns the pending documents into one new immutable segment. Tokens are bucketed by
// term with a counting sort; since pending tokens are in (doc, field, position) order, each
// bucket comes out already sorted the way postings need.
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
let order: Buffer = changetype<Buffer>(0);      // token indices grouped by term
let tokenDocs: Buffer = changetype<Buffer>(0);  // pending doc index per token
let positionScratch: Buffer = changetype<Buffer>(0);

function ensure(buf: Buffer): Buffer {
  return changetype<usize>(buf) ? buf : bufferNew();
}

/** Builds a segment from pending docs; false (pending intact) when memory cannot grow. */
export function flushPending(): bool {
  const docs = pendingDocCount();
  if (!docs) return true;
  termSlot = ensure(termSlot); localTerms = ensure(localTerms); bucketStarts = ensure(bucketStarts);
  order = ensure(order); tokenDocs = ensure(tokenDocs); positionScratch = ensure(positionScratch);
  if (!changetype<usize>(termSlot) || !changetype<usize>(localTerms) || !changetype<usize>(bucketStarts)
    || !changetype<usize>(order) || !changetype<usize>(tokenDocs) || !changetype<usize>(positionScratch)) return false;
  const tokens = <u32>(pendingTokens.length / 12);
  if (!bufferResizeZeroed(termSlot, <usize>termCount << 2)) return false;
  memory.fill(termSlot.data, 0, <usize>termCount << 2);
  localTerms.length = 0;
  if (!bufferReserve(order, <usize>tokens << 2) || !bufferReserve(tokenDocs, <usize>tokens << 2) || !segmentsReserve(1)) return false;

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

  // Counting sort of token indices by local term; remember each token's doc.
  for (let d: u32 = 0; d < docs; d++) {
    const end = d + 1 < docs ? pendingTokenStart(d + 1) : tokens;
    for (let t = pendingTokenStart(d); t < end; t++) store<u32>(tokenDocs.data + (<usize>t << 2), d);
  }
  for (let t: u32 = 0; t < tokens; t++) {
    const local = load<u32>(termSlot.data + (<usize>load<u32>(pendingTokens.data + <usize>t * 12) << 2));
    const at = bucketStarts.data + ((<usize>local + 1) << 2);
    store<u32>(at, load<u32>(at) + 1);
  }
  for (let i: u32 = 1; i <= distinct; i++) {
    const at = bucketStarts.data + (<usize>i << 2);
    store<u32>(at, load<u32>(at) + load<u32>(at - 4));
  }
  for (let t: u32 = 0; t < tokens; t++) {
    const local = load<u32>(termSlot.data + (<usize>load<u32>(pendingTokens.data + <usize>t * 12) << 2));
    const at = bucketStarts.data + (<usize>local << 2);
    const fill = load<u32>(at);
    store<u32>(order.data + (<usize>fill << 2), t);
    store<u32>(at, fill + 1);
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
  bufferTrim(order, keep);
  bufferTrim(tokenDocs, keep);
  bufferTrim(positionScratch, keep);
  builderRelease();
}

/** Writes the postings of `term` in `field` from bucket [start, end) (skips deleted docs). */
function emitKey(term: u32, field: u32, start: u32, end: u32): bool {
  let begun = false;
  let t = start;
  while (t < end) {
    const token = load<u32>(order.data + (<usize>t << 2));
    if (load<u32>(pendingTokens.data + <usize>token * 12 + 4) != field) { t++; continue; }
    const d = load<u32>(tokenDocs.data + (<usize>token << 2));
    // Gather this doc's positions for the term in this field.
    positionScratch.length = 0;
    let tf: u32 = 0;
    while (t < end) {
      const tok = load<u32>(order.data + (<usize>t << 2));
      if (load<u32>(tokenDocs.data + (<usize>tok << 2)) != d) break;
      if (load<u32>(pendingTokens.data + <usize>tok * 12 + 4) == field) {
        if (!bufferReserve(positionScratch, 4)) return false;
        store<u32>(positionScratch.data + positionScratch.length, load<u32>(pendingTokens.data + <usize>tok * 12 + 8));
        positionScratch.length += 4;
        tf++;
      }
      t++;
    }
    const doc = pendingBase + d;
    if (!isLive(doc)) continue;
    if (!begun) { builderKeyBegin(term, field); begun = true; }
    if (!builderPosting(d, tf, fieldLength(doc, field), positionScratch.data)) return false;
  }
  return !begun || builderKeyEnd();
}
