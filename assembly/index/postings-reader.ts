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
  // Gaps under 128 (one byte) are the common case; the position stays in a local.
  for (let i: u32 = 0; i < count; i++) {
    const b = <u32>load<u8>(at);
    if (b < 0x80) { doc += b; at++; } else { doc += varintRead(at); at = varintEnd; }
    store<u32>(docs + (<usize>i << 2), doc);
  }
  return at;
}

/** Decodes `count` term frequencies starting at `at` into `tfs` (u32). */
export function decodeTfs(at: usize, count: u32, tfs: usize): void {
  for (let i: u32 = 0; i < count; i++) {
    const b = <u32>load<u8>(at);
    if (b < 0x80) { store<u32>(tfs + (<usize>i << 2), b); at++; } else { store<u32>(tfs + (<usize>i << 2), varintRead(at)); at = varintEnd; }
  }
}
