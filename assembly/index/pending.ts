// Documents added since the last flush: their tokens as (term, field, position) triples and
// their sorted distinct terms (the forward entry used to undo document frequencies on delete).
import { Buffer, bufferNew, bufferTrim } from '../util/buffer';

// Buffers above this size are released after a flush: a big batch should not pin its peak.
const KEEP_BYTES: usize = 1 << 20;

export let pendingBase: u32 = 0;                             // doc number of the first pending doc
export let pendingTokens: Buffer = changetype<Buffer>(0);     // u32 × 3 per token
export let pendingTokenStarts: Buffer = changetype<Buffer>(0); // u32 per pending doc (token index)
export let pendingForward: Buffer = changetype<Buffer>(0);     // varint-delta term ids per doc
export let pendingForwardStarts: Buffer = changetype<Buffer>(0); // u32 per pending doc (byte offset)

export function pendingInit(): bool {
  pendingTokens = bufferNew(); pendingTokenStarts = bufferNew();
  pendingForward = bufferNew(); pendingForwardStarts = bufferNew();
  return changetype<usize>(pendingTokens) != 0 && changetype<usize>(pendingTokenStarts) != 0
    && changetype<usize>(pendingForward) != 0 && changetype<usize>(pendingForwardStarts) != 0;
}

@inline export function pendingDocCount(): u32 { return <u32>(pendingTokenStarts.length >> 2); }

/** Token range [start, end) of pending doc `i` (0-based among pending docs). */
@inline export function pendingTokenStart(i: u32): u32 { return load<u32>(pendingTokenStarts.data + (<usize>i << 2)); }
export function pendingTokenEnd(i: u32, committedTokens: u32): u32 {
  return i + 1 < pendingDocCount() ? pendingTokenStart(i + 1) : committedTokens;
}

@inline export function pendingForwardStart(i: u32): u32 { return load<u32>(pendingForwardStarts.data + (<usize>i << 2)); }
export function pendingForwardEnd(i: u32): u32 {
  return i + 1 < pendingDocCount() ? pendingForwardStart(i + 1) : <u32>pendingForward.length;
}

/** Empties the buffer after a flush; the next pending doc is `nextBase`. */
export function pendingReset(nextBase: u32): void {
  pendingBase = nextBase;
  bufferTrim(pendingTokens, KEEP_BYTES);
  bufferTrim(pendingTokenStarts, KEEP_BYTES);
  bufferTrim(pendingForward, KEEP_BYTES);
  bufferTrim(pendingForwardStarts, KEEP_BYTES);
}
