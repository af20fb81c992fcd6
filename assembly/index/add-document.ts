// Adding a document: the host stages each field's UTF-8 text, then commits. Every step
// reserves memory before changing state, so a failure (memory ceiling) is undone by abort.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { varintWrite } from '../util/varint';
import { sortU32 } from '../util/sort';
import { tokenize, stemWord, TOKEN_RECORD_BYTES, TOKEN_STEM } from '../text/tokenizer';
import { termCacheFind, termCacheFill } from './term-cache';
import { tokenFlags, MAX_FIELDS } from './config';
import { dictionaryIntern, dfAdd, termCount } from './dictionary';
import { documentsReserveOne, documentsAppend } from './documents';
import { pendingTokens, pendingTokenStarts, pendingForward, pendingForwardStarts } from './pending';
import { docValuesBegin, docValuesReserve, docValuesCommit } from './doc-values';

// Texts are tokenized in chunks so a 50 MB field never needs a 1 GB token buffer.
const CHUNK: usize = 16384;
let records: Buffer = changetype<Buffer>(0);
let terms: Buffer = changetype<Buffer>(0);
let scratchIds: Buffer = changetype<Buffer>(0);
// Per term id: the commit that last saw it (docCommit's dedupe without sorting every token).
let seenIn: Buffer = changetype<Buffer>(0);
let commitStamp: u32 = 0;
let stageStart: usize = 0;   // pendingTokens length when the staged doc began
const stagedLengths = heapScratch(<i32>(MAX_FIELDS * 4));

export function addDocumentInit(): bool {
  records = bufferNew(); terms = bufferNew(); scratchIds = bufferNew(); seenIn = bufferNew();
  return changetype<usize>(records) != 0 && changetype<usize>(terms) != 0 && changetype<usize>(scratchIds) != 0
    && changetype<usize>(seenIn) != 0
    && bufferReserve(records, (CHUNK + 1) * TOKEN_RECORD_BYTES) && bufferReserve(terms, 3 * CHUNK + 64);
}

export function docBegin(): void {
  stageStart = pendingTokens.length;
  docValuesBegin();
  memory.fill(stagedLengths, 0, MAX_FIELDS * 4);
}

/** Chunk end: the last ASCII whitespace before `limit`, else the last UTF-8 boundary. */
function chunkEnd(src: usize, len: usize, limit: usize): usize {
  if (limit >= len) return len;
  for (let i = limit; i > limit - 256; i--) {
    const c = load<u8>(src + i);
    if (c == 0x20 || c == 0x0a || c == 0x09 || c == 0x0d) return i + 1;
  }
  let i = limit;
  while (i > 1 && (load<u8>(src + i) & 0xc0) == 0x80) i--;
  return i;
}

/**
 * Tokenizes one field's UTF-8 text into the staged document.
 * Returns the number of tokens kept, or -1 when memory cannot grow (then call docAbort).
 */
export function docAddField(field: u32, src: usize, len: usize): i32 {
  let offset: usize = 0;
  let positionBase: u32 = 0;
  let kept: u32 = 0;
  // Stemming waits for a term-cache miss: a hit already knows the stemmed term's id.
  const stem = (tokenFlags & TOKEN_STEM) != 0;
  while (offset < len) {
    const end = chunkEnd(src + offset, len - offset, CHUNK);
    const chunkLen = <u32>end;
    const count = tokenize(src + offset, chunkLen, tokenFlags & ~TOKEN_STEM, records.data, chunkLen + 1, terms.data, 3 * chunkLen + 64);
    if (count < 0) return -1; // cannot happen with these capacities; treated as failure
    if (!bufferReserve(pendingTokens, <usize>count * 12)) return -1;
    let lastPosition: u32 = 0;
    for (let i = 0; i < count; i++) {
      const record = records.data + <usize>i * TOKEN_RECORD_BYTES;
      const term = terms.data + load<u32>(record);
      let termLen = load<u32>(record, 4);
      let id = termCacheFind(term, termLen);
      if (id < 0) {
        if (stem) termLen = stemWord(term, termLen);
        id = dictionaryIntern(term, termLen);
        if (id < 0) return -1;
        termCacheFill(<u32>id);
      }
      lastPosition = load<u32>(record, 8);
      const at = pendingTokens.data + pendingTokens.length;
      store<u32>(at, <u32>id);
      store<u32>(at, field, 4);
      store<u32>(at, positionBase + lastPosition, 8);
      pendingTokens.length += 12;
    }
    if (count > 0) positionBase += lastPosition + 1;
    kept += <u32>count;
    offset += end;
  }
  const slot = stagedLengths + (field << 2);
  store<u32>(slot, load<u32>(slot) + kept);
  return <i32>kept;
}

export function docAbort(): void {
  pendingTokens.length = stageStart;
}

/** Commits the staged document; returns its doc number, or -1 (nothing committed). */
export function docCommit(): i32 {
  const tokenCount = (pendingTokens.length - stageStart) / 12;
  scratchIds.length = 0;
  const seenBytes = <usize>termCount << 2;
  if (!bufferReserve(scratchIds, tokenCount << 2) || !bufferReserve(seenIn, seenBytes > seenIn.length ? seenBytes - seenIn.length : 0)) return -1;
  // Distinct ids first (a term's stamp says which commit saw it last), then only those sorted.
  if (++commitStamp == 0) { memory.fill(seenIn.data, 0, seenIn.capacity); commitStamp = 1; }
  if (seenIn.length < seenBytes) {
    memory.fill(seenIn.data + seenIn.length, 0, seenBytes - seenIn.length);
    seenIn.length = seenBytes;
  }
  let unique: usize = 0;
  for (let i: usize = 0; i < tokenCount; i++) {
    const id = load<u32>(pendingTokens.data + stageStart + i * 12);
    const stamp = seenIn.data + (<usize>id << 2);
    if (load<u32>(stamp) == commitStamp) continue;
    store<u32>(stamp, commitStamp);
    store<u32>(scratchIds.data + (unique << 2), id);
    unique++;
  }
  sortU32(scratchIds.data, unique);
  if (!bufferReserve(pendingForward, unique * 5) || !bufferReserve(pendingForwardStarts, 4)
    || !bufferReserve(pendingTokenStarts, 4) || !documentsReserveOne() || !docValuesReserve()) return -1;
  store<u32>(pendingForwardStarts.data + pendingForwardStarts.length, <u32>pendingForward.length);
  pendingForwardStarts.length += 4;
  store<u32>(pendingTokenStarts.data + pendingTokenStarts.length, <u32>(stageStart / 12));
  pendingTokenStarts.length += 4;
  let previous: u32 = 0;
  for (let i: usize = 0; i < unique; i++) {
    const id = load<u32>(scratchIds.data + (i << 2));
    pendingForward.length += varintWrite(pendingForward.data + pendingForward.length, id - previous);
    previous = id;
    dfAdd(id, 1);
  }
  const doc = documentsAppend(stagedLengths);
  docValuesCommit(doc);
  return <i32>doc;
}
