// LEB128 unsigned varints: small numbers (doc gaps, term frequencies, position gaps) in 1-2 bytes.

/** Writes `value` at `ptr`; returns bytes written (at most 5). */
@inline export function varintWrite(ptr: usize, value: u32): usize {
  let n: usize = 0;
  while (value >= 0x80) {
    store<u8>(ptr + n, <u8>(value | 0x80));
    value >>>= 7;
    n++;
  }
  store<u8>(ptr + n, <u8>value);
  return n + 1;
}

// Decoding returns the value and leaves the new read position in `varintEnd`.
export let varintEnd: usize = 0;

@inline export function varintRead(ptr: usize): u32 {
  let b = <u32>load<u8>(ptr);
  if (b < 0x80) { varintEnd = ptr + 1; return b; }
  let value = b & 0x7f;
  let shift: u32 = 7;
  let at = ptr + 1;
  do {
    b = <u32>load<u8>(at++);
    value |= (b & 0x7f) << shift;
    shift += 7;
  } while (b >= 0x80 && shift < 35);
  varintEnd = at;
  return value;
}
