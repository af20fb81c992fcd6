// Decoding one postings block (up to 128 docs) into flat arrays for scoring or merging.
import { varintRead, varintEnd } from '../util/varint';
import { segPostings, skipAt } from './segment';

/** Skip entry fields. */
@inline export function skipLastDoc(skip: usize): u32 { return load<u32>(skip); }
@inline export function skipPostings(skip: usize): u32 { return load<u32>(skip, 4); }
@inline export function skipPositions(skip: usize): u32 { return load<u32>(skip, 8); }
@inline export function skipCountOf(skip: usize): u32 { return load<u32>(skip, 12); }

/**
 * Decodes the doc ids of block `skipIndex` into `docs` (u32, segment-local); `prevLast` is the
 * previous block's last doc within the same key, or 0 for the key's first block.
 * Returns the address where the block's term frequencies start.
 */
export function decodeDocs(s: usize, skipIndex: u32, prevLast: u32, docs: usize): usize {
  const skip = skipAt(s, skipIndex);
  const count = skipCountOf(skip);
  let at = segPostings(s) + skipPostings(skip);
  let doc = prevLast;
  if (singleBytes(at, count)) {
    // Every gap under 128 (dense lists): no varint branching at all.
    let i: u32 = 0;
    if (ASC_FEATURE_SIMD) {
      // Prefix sums of four gaps at a time, carried from lane 3 to the next four.
      let carry = i32x4.splat(doc);
      const zero = i32x4.splat(0);
      for (; i + 4 <= count; i += 4) {
        let v = i32x4.extend_low_i16x8_u(i16x8.extend_low_i8x16_u(v128.load32_zero(at + i)));
        v = i32x4.add(v, v128.shuffle<u32>(zero, v, 0, 4, 5, 6));
        v = i32x4.add(v, v128.shuffle<u32>(zero, v, 0, 1, 4, 5));
        v = i32x4.add(v, carry);
        v128.store(docs + (<usize>i << 2), v);
        carry = v128.shuffle<u32>(v, v, 3, 3, 3, 3);
      }
      doc = i32x4.extract_lane(carry, 0);
    }
    for (; i < count; i++) {
      doc += <u32>load<u8>(at + i);
      store<u32>(docs + (<usize>i << 2), doc);
    }
    return at + count;
  }
  for (let i: u32 = 0; i < count; i++) {
    const b = <u32>load<u8>(at);
    if (b < 0x80) { doc += b; at++; } else { doc += varintRead(at); at = varintEnd; }
    store<u32>(docs + (<usize>i << 2), doc);
  }
  return at;
}

/** The first doc id of block `skipIndex` (one varint read; `prevLast` as for decodeDocs). */
export function blockFirstDoc(s: usize, skipIndex: u32, prevLast: u32): u32 {
  return prevLast + varintRead(segPostings(s) + skipPostings(skipAt(s, skipIndex)));
}

/** Decodes `count` term frequencies starting at `at` into `tfs` (u32). */
export function decodeTfs(at: usize, count: u32, tfs: usize): void {
  let i: u32 = 0;
  if (singleBytes(at, count)) {
    if (ASC_FEATURE_SIMD) {
      for (; i + 16 <= count; i += 16) {
        const bytes = v128.load(at + i);
        const low = i16x8.extend_low_i8x16_u(bytes);
        const high = i16x8.extend_high_i8x16_u(bytes);
        const out = tfs + (<usize>i << 2);
        v128.store(out, i32x4.extend_low_i16x8_u(low));
        v128.store(out, i32x4.extend_high_i16x8_u(low), 16);
        v128.store(out, i32x4.extend_low_i16x8_u(high), 32);
        v128.store(out, i32x4.extend_high_i16x8_u(high), 48);
      }
    }
    for (; i < count; i++) store<u32>(tfs + (<usize>i << 2), <u32>load<u8>(at + i));
    return;
  }
  for (; i < count; i++) {
    const b = <u32>load<u8>(at);
    if (b < 0x80) { store<u32>(tfs + (<usize>i << 2), b); at++; } else { store<u32>(tfs + (<usize>i << 2), varintRead(at)); at = varintEnd; }
  }
}

/** True when none of the `count` bytes at `at` has its continuation bit: one byte per value. */
function singleBytes(at: usize, count: u32): bool {
  let i: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    for (; i + 16 <= count; i += 16) if (i8x16.bitmask(v128.load(at + i))) return false;
  } else {
    for (; i + 8 <= count; i += 8) if (load<u64>(at + i) & 0x8080808080808080) return false;
  }
  for (; i < count; i++) if (load<u8>(at + i) & 0x80) return false;
  return true;
}
