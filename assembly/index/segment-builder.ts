// Writes one segment from postings fed in (term, field, doc) order — by a flush of pending
// documents or by a merge of older segments — then lays it out as one contiguous block.
import { Buffer, bufferNew, bufferReserve, bufferFree } from '../util/buffer';
import { varintWrite } from '../util/varint';
import { heapAlloc } from '../memory/heap';
import {
  SEGMENT_MAGIC, SEGMENT_HEADER, KEY_BYTES, SKIP_BYTES, BLOCK, bloomHash1, bloomHash2,
} from './segment';

let keys: Buffer = changetype<Buffer>(0);
let skips: Buffer = changetype<Buffer>(0);
let postings: Buffer = changetype<Buffer>(0);
let positions: Buffer = changetype<Buffer>(0);
let forwardStarts: Buffer = changetype<Buffer>(0);
let forward: Buffer = changetype<Buffer>(0);
let docBase: u32 = 0;
let docSpan: u32 = 0;
let distinctTerms: u32 = 0;
let lastTerm: i64 = -1;

// The key being written.
let keyTermId: u32 = 0;
let keyFieldId: u32 = 0;
let keyDf: u32 = 0;
let keyBlocks: u32 = 0;
let keyFirstSkip: u32 = 0;
let keyMaxTf: u32 = 0;
let keyMinRatio: f32 = 0;
let prevBlockLast: u32 = 0;
let blockFill: u32 = 0;
let blockPositionsStart: usize = 0;
const blockDocs = heapScratch(<i32>(BLOCK * 4));
const blockTfs = heapScratch(<i32>(BLOCK * 4));

function ensureBuffers(): bool {
  if (!changetype<usize>(keys)) {
    keys = bufferNew(); skips = bufferNew(); postings = bufferNew();
    positions = bufferNew(); forwardStarts = bufferNew(); forward = bufferNew();
  }
  return changetype<usize>(keys) != 0 && changetype<usize>(skips) != 0 && changetype<usize>(postings) != 0
    && changetype<usize>(positions) != 0 && changetype<usize>(forwardStarts) != 0 && changetype<usize>(forward) != 0;
}

export function builderBegin(base: u32, span: u32): bool {
  if (!ensureBuffers()) return false;
  keys.length = 0; skips.length = 0; postings.length = 0;
  positions.length = 0; forwardStarts.length = 0; forward.length = 0;
  docBase = base;
  docSpan = span;
  distinctTerms = 0;
  lastTerm = -1;
  return true;
}

export function builderKeyBegin(term: u32, field: u32): void {
  keyTermId = term;
  keyFieldId = field;
  keyDf = 0;
  keyBlocks = 0;
  keyFirstSkip = <u32>(skips.length / SKIP_BYTES);
  keyMaxTf = 0;
  keyMinRatio = Infinity;
  prevBlockLast = 0;
  blockFill = 0;
  blockPositionsStart = positions.length;
}

function flushBlock(): bool {
  if (!bufferReserve(postings, <usize>blockFill * 10) || !bufferReserve(skips, SKIP_BYTES)) return false;
  const start = postings.length;
  let at = postings.data + start;
  let prev = prevBlockLast;
  for (let i: u32 = 0; i < blockFill; i++) {
    const doc = load<u32>(blockDocs + (i << 2));
    at += varintWrite(at, doc - prev);
    prev = doc;
  }
  for (let i: u32 = 0; i < blockFill; i++) at += varintWrite(at, load<u32>(blockTfs + (i << 2)));
  postings.length = at - postings.data;
  const skip = skips.data + skips.length;
  store<u32>(skip, prev);
  store<u32>(skip, <u32>start, 4);
  store<u32>(skip, <u32>blockPositionsStart, 8);
  store<u32>(skip, blockFill, 12);
  skips.length += SKIP_BYTES;
  keyBlocks++;
  prevBlockLast = prev;
  blockFill = 0;
  blockPositionsStart = positions.length;
  return true;
}

/**
 * Adds a posting: segment-local doc (ascending), its term frequency (≥ 1), field length (for
 * the bound used by pruning) and `tf` positions (u32, ascending) at `positionsPtr`.
 */
export function builderPosting(localDoc: u32, tf: u32, fieldLength: u32, positionsPtr: usize): bool {
  if (!bufferReserve(positions, <usize>tf * 5)) return false;
  let at = positions.data + positions.length;
  let prev: u32 = 0;
  for (let i: u32 = 0; i < tf; i++) {
    const p = load<u32>(positionsPtr + (<usize>i << 2));
    at += varintWrite(at, p - prev);
    prev = p;
  }
  positions.length = at - positions.data;
  store<u32>(blockDocs + (blockFill << 2), localDoc);
  store<u32>(blockTfs + (blockFill << 2), tf);
  blockFill++;
  keyDf++;
  // Rounding of the division is covered by the slack scoreBound adds.
  const ratio = <f32>fieldLength / <f32>tf;
  if (tf > keyMaxTf) keyMaxTf = tf;
  if (ratio < keyMinRatio) keyMinRatio = ratio;
  return blockFill < BLOCK || flushBlock();
}

export function builderKeyEnd(): bool {
  if (blockFill && !flushBlock()) return false;
  if (!keyDf) return true; // every posting was a deleted doc: no key
  if (!bufferReserve(keys, KEY_BYTES)) return false;
  const k = keys.data + keys.length;
  store<u32>(k, keyTermId);
  store<u32>(k, keyFieldId, 4);
  store<u32>(k, keyDf, 8);
  store<u32>(k, keyBlocks, 12);
  store<u32>(k, keyFirstSkip, 16);
  store<u32>(k, keyMaxTf, 20);
  store<f32>(k, keyMinRatio, 24);
  store<u32>(k, prevBlockLast, 28);
  keys.length += KEY_BYTES;
  if (<i64>keyTermId != lastTerm) { distinctTerms++; lastTerm = keyTermId; }
  return true;
}

/** Appends the next doc's forward entry (docs in order, one call per doc of the span). */
export function builderForward(ptr: usize, len: usize): bool {
  if (!bufferReserve(forwardStarts, 4) || !bufferReserve(forward, len)) return false;
  store<u32>(forwardStarts.data + forwardStarts.length, <u32>forward.length);
  forwardStarts.length += 4;
  memory.copy(forward.data + forward.length, ptr, len);
  forward.length += len;
  return true;
}

@inline function align8(n: usize): usize { return (n + 7) & ~(<usize>7); }

/** Lays the segment out in one heap block (`held`: live docs it holds); returns it, or 0. */
export function builderFinish(held: u32): usize {
  let bloomBits: u32 = 64;
  while (bloomBits < distinctTerms * 10 && bloomBits < 0x40000000) bloomBits <<= 1;
  const keysOff = SEGMENT_HEADER;
  const skipsOff = keysOff + <u32>keys.length;
  const postingsOff = skipsOff + <u32>skips.length;
  const positionsOff = postingsOff + <u32>postings.length;
  const forwardStartsOff = <u32>align8(positionsOff + <u32>positions.length);
  const forwardOff = forwardStartsOff + <u32>forwardStarts.length + 4;
  const bloomOff = <u32>align8(forwardOff + <u32>forward.length);
  const total = bloomOff + (bloomBits >> 3);
  const s = heapAlloc(total);
  if (!s) return 0;
  memory.fill(s, 0, total);
  store<u32>(s, SEGMENT_MAGIC);
  store<u32>(s, total, 4);
  store<u32>(s, docBase, 8);
  store<u32>(s, docSpan, 12);
  store<u32>(s, <u32>(keys.length / KEY_BYTES), 16);
  store<u32>(s, keysOff, 20);
  store<u32>(s, skipsOff, 24);
  store<u32>(s, postingsOff, 28);
  store<u32>(s, positionsOff, 32);
  store<u32>(s, forwardStartsOff, 36);
  store<u32>(s, forwardOff, 40);
  store<u32>(s, bloomOff, 44);
  store<u32>(s, bloomBits >> 6, 48);
  store<u32>(s, <u32>(skips.length / SKIP_BYTES), 52);
  store<u32>(s, held, 56);
  memory.copy(s + keysOff, keys.data, keys.length);
  memory.copy(s + skipsOff, skips.data, skips.length);
  memory.copy(s + postingsOff, postings.data, postings.length);
  memory.copy(s + positionsOff, positions.data, positions.length);
  memory.copy(s + forwardStartsOff, forwardStarts.data, forwardStarts.length);
  store<u32>(s + forwardStartsOff + <u32>forwardStarts.length, <u32>forward.length);
  memory.copy(s + forwardOff, forward.data, forward.length);
  const bloom = s + bloomOff;
  const mask = bloomBits - 1;
  const keyCount = <u32>(keys.length / KEY_BYTES);
  for (let i: u32 = 0; i < keyCount; i++) {
    const term = load<u32>(keys.data + <usize>i * KEY_BYTES);
    const h = bloomHash1(term);
    const step = bloomHash2(h);
    for (let j: u32 = 0; j < 3; j++) {
      const bit = (h + j * step) & mask;
      const word = bloom + ((<usize>bit >> 6) << 3);
      store<u64>(word, load<u64>(word) | (<u64>1 << (bit & 63)));
    }
  }
  return s;
}

/** Releases the builder's scratch (it is otherwise kept for the next segment). */
export function builderRelease(): void {
  if (!changetype<usize>(keys)) return;
  bufferFree(keys); bufferFree(skips); bufferFree(postings);
  bufferFree(positions); bufferFree(forwardStarts); bufferFree(forward);
  keys = changetype<Buffer>(0);
}
