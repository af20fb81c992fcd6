// Growable byte buffer living in linear memory. Growth can fail (memory ceiling): callers
// reserve first and only then write, so a failed reserve leaves the buffer as it was.
import { heapAllocZeroed, heapFree, heapRealloc } from '../memory/heap';

@unmanaged export class Buffer {
  data: usize = 0;
  length: usize = 0;   // bytes in use
  capacity: usize = 0;
}

/** A new empty buffer, or null (address 0) when memory cannot grow. */
export function bufferNew(): Buffer {
  return changetype<Buffer>(heapAllocZeroed(offsetof<Buffer>()));
}

/** Ensures room for `extra` more bytes; false (buffer unchanged) when memory cannot grow. */
export function bufferReserve(buf: Buffer, extra: usize): bool {
  const need = buf.length + extra;
  if (need < buf.length) return false;
  if (need <= buf.capacity) return true;
  let capacity = max<usize>(buf.capacity + (buf.capacity >> 1), 64);
  if (capacity < need) capacity = need;
  let data = heapRealloc(buf.data, capacity);
  if (!data && capacity > need) {
    capacity = need;
    data = heapRealloc(buf.data, capacity);
  }
  if (!data) return false;
  buf.data = data;
  buf.capacity = capacity;
  return true;
}

/** Sets the length to `length` bytes, zero-filling growth. */
export function bufferResizeZeroed(buf: Buffer, length: usize): bool {
  if (length > buf.length) {
    if (!bufferReserve(buf, length - buf.length)) return false;
    memory.fill(buf.data + buf.length, 0, length - buf.length);
  }
  buf.length = length;
  return true;
}

@inline export function bufferPushU32(buf: Buffer, value: u32): void {
  store<u32>(buf.data + buf.length, value);
  buf.length += 4;
}

@inline export function bufferU32(buf: Buffer, index: usize): u32 {
  return load<u32>(buf.data + (index << 2));
}

@inline export function bufferSetU32(buf: Buffer, index: usize, value: u32): void {
  store<u32>(buf.data + (index << 2), value);
}

export function bufferFree(buf: Buffer): void {
  if (buf.data) heapFree(buf.data);
  heapFree(changetype<usize>(buf));
}

export function bufferClear(buf: Buffer): void {
  buf.length = 0;
}

/** Empties the buffer and gives its memory back when it holds more than `keep` bytes. */
export function bufferTrim(buf: Buffer, keep: usize): void {
  buf.length = 0;
  if (buf.capacity > keep) {
    heapFree(buf.data);
    buf.data = 0;
    buf.capacity = 0;
  }
}
