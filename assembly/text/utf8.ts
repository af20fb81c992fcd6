// UTF-8 decoding and encoding on raw memory. Decoding never reads at or past `end` and always
// consumes at least one byte, so scanners built on it cannot overrun or stall on malformed input.

/** Code point reported for a malformed or truncated sequence (which then consumes one byte). */
export const REPLACEMENT: u32 = 0xfffd;

// A decoded result packs the sequence length (1..4) above the 21-bit code point, so decoding
// returns one integer instead of needing an out-parameter.
const LEN_SHIFT: u32 = 24;
const INVALID: u32 = (1 << LEN_SHIFT) | REPLACEMENT;

@inline export function decodedCodePoint(decoded: u32): u32 { return decoded & 0x1fffff; }
@inline export function decodedLength(decoded: u32): u32 { return decoded >> LEN_SHIFT; }

@inline function isContinuation(b: u32): bool { return (b & 0xc0) == 0x80; }

/**
 * Decodes the code point at `p` (requires p < end). Accepts exactly the well-formed sequences of
 * Unicode Table 3-7: overlong forms, surrogates (ED A0..BF), values above U+10FFFF and sequences
 * cut off by `end` or by a non-continuation byte all give U+FFFD with length 1.
 */
export function decodeUtf8(p: usize, end: usize): u32 {
  const b0 = <u32>load<u8>(p);
  if (b0 < 0x80) return (1 << LEN_SHIFT) | b0;
  const avail = end - p;
  if (b0 < 0xc2) return INVALID; // stray continuation byte or overlong 2-byte lead (C0, C1)
  if (b0 < 0xe0) {
    if (avail < 2) return INVALID;
    const b1 = <u32>load<u8>(p, 1);
    if (!isContinuation(b1)) return INVALID;
    return (2 << LEN_SHIFT) | ((b0 & 0x1f) << 6) | (b1 & 0x3f);
  }
  if (b0 < 0xf0) {
    if (avail < 3) return INVALID;
    const b1 = <u32>load<u8>(p, 1);
    const b2 = <u32>load<u8>(p, 2);
    // E0 needs A0..BF (no overlongs), ED needs 80..9F (no surrogates).
    const lo: u32 = b0 == 0xe0 ? 0xa0 : 0x80;
    const hi: u32 = b0 == 0xed ? 0x9f : 0xbf;
    if (b1 < lo || b1 > hi || !isContinuation(b2)) return INVALID;
    return (3 << LEN_SHIFT) | ((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f);
  }
  if (b0 < 0xf5) {
    if (avail < 4) return INVALID;
    const b1 = <u32>load<u8>(p, 1);
    const b2 = <u32>load<u8>(p, 2);
    const b3 = <u32>load<u8>(p, 3);
    // F0 needs 90..BF (no overlongs), F4 needs 80..8F (nothing above U+10FFFF).
    const lo: u32 = b0 == 0xf0 ? 0x90 : 0x80;
    const hi: u32 = b0 == 0xf4 ? 0x8f : 0xbf;
    if (b1 < lo || b1 > hi || !isContinuation(b2) || !isContinuation(b3)) return INVALID;
    return (4 << LEN_SHIFT) | ((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f);
  }
  return INVALID; // F5..FF never start a sequence
}

/** Bytes needed to encode `cp` (a valid scalar value). */
@inline export function utf8Length(cp: u32): u32 {
  return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/** Writes `cp` as UTF-8 at `dst`; returns the number of bytes written. */
export function encodeUtf8(cp: u32, dst: usize): u32 {
  if (cp < 0x80) {
    store<u8>(dst, cp);
    return 1;
  }
  if (cp < 0x800) {
    store<u8>(dst, 0xc0 | (cp >> 6));
    store<u8>(dst, 0x80 | (cp & 0x3f), 1);
    return 2;
  }
  if (cp < 0x10000) {
    store<u8>(dst, 0xe0 | (cp >> 12));
    store<u8>(dst, 0x80 | ((cp >> 6) & 0x3f), 1);
    store<u8>(dst, 0x80 | (cp & 0x3f), 2);
    return 3;
  }
  store<u8>(dst, 0xf0 | (cp >> 18));
  store<u8>(dst, 0x80 | ((cp >> 12) & 0x3f), 1);
  store<u8>(dst, 0x80 | ((cp >> 6) & 0x3f), 2);
  store<u8>(dst, 0x80 | (cp & 0x3f), 3);
  return 4;
}
