// Words repeat (Zipf): a direct-mapped cache of recent word → stem pairs saves re-running
// Porter on most tokens. Transparent: a hit gives exactly what porterStem would.
import { porterStem } from './porter';
import { heapScratch } from '../memory/heap';

const ENTRIES: u32 = 2048;          // a power of two (96 KB)
const KEY_MAX: u32 = 22;            // longer words are stemmed directly
const ENTRY_BYTES: u32 = 48;        // key length, stem length, key bytes, stem bytes
const table = heapScratch(<i32>(ENTRIES * ENTRY_BYTES), 16);

/** Stems the lower-case ASCII word [p, p+len) in place; returns the stem's length. */
export function stemCached(p: usize, len: u32): u32 {
  if (len > KEY_MAX || len < 3) return <u32>porterStem(p, <i32>len);
  let hash: u32 = 0x811c9dc5;
  for (let i: usize = 0; i < len; i++) hash = (hash ^ <u32>load<u8>(p + i)) * 0x01000193;
  const entry = table + <usize>((hash & (ENTRIES - 1)) * ENTRY_BYTES);
  const key = entry + 2;
  const stem = key + KEY_MAX;
  if (<u32>load<u8>(entry) == len && memory.compare(key, p, len) == 0) {
    const stemLen = <u32>load<u8>(entry, 1);
    memory.copy(p, stem, stemLen);
    return stemLen;
  }
  store<u8>(entry, <u8>len);
  memory.copy(key, p, len);
  const stemLen = <u32>porterStem(p, <i32>len);
  store<u8>(entry, <u8>stemLen, 1);
  memory.copy(stem, p, stemLen);
  return stemLen;
}
