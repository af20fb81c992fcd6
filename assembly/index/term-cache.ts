// Words repeat (Zipf): a direct-mapped cache from a token's folded (unstemmed) bytes to its
// term id lets most words of an added document or a query skip stemming, hashing the term and
// probing the dictionary. Transparent: a hit gives the id the dictionary would. It is emptied
// whenever the dictionary is replaced (init, snapshot load), since ids then mean other terms.
// A pool worker, whose dictionary is attached from the shared index, keeps none: 128 KB more
// per worker for searches that spend their time scoring.
import { dictionaryEpoch, dictionaryAttached } from './dictionary';
import { heapAllocZeroed } from '../memory/heap';

const ENTRIES: u32 = 4096;           // a power of two (128 KB)
const ENTRY_BYTES: u32 = 32;         // u32 id + 1 (0: none yet), u32 key length, key as 3 zero-padded u64
const KEY_MAX: u32 = 24;
// Made on first use. A built or loaded index usually has the room to spare (Cranfield's and
// SpamAssassin's memoryBytes did not change); where it has not, memory grows by 128 KB once.
let table: usize = 0;
let epoch: u32 = 0;
/** The entry a miss claimed for its key: termCacheFill gives it the id. */
let claimed: usize = 0;

/**
 * The key's bytes [p + at, p + len) as a u64, zero past its end. Reads 8 bytes: callers' term
 * buffers keep slack past their last term.
 */
@inline function keyWord(p: usize, at: u32, len: u32): u64 {
  const word = load<u64>(p + <usize>at);
  const left = len - at;
  return left >= 8 ? word : word & ((<u64>1 << (<u64>left << 3)) - 1);
}

/** The term id cached for the bytes [p, p+len), or -1 (a miss claims their entry, see termCacheFill). */
export function termCacheFind(p: usize, len: u32): i32 {
  claimed = 0;
  if (len > KEY_MAX || len == 0 || dictionaryAttached) return -1;
  if (epoch != dictionaryEpoch || !table) {
    if (!table) table = heapAllocZeroed(<usize>ENTRIES * ENTRY_BYTES);
    else memory.fill(table, 0, ENTRIES * ENTRY_BYTES);
    if (!table) return -1; // no memory for it: every token takes the long way
    epoch = dictionaryEpoch;
  }
  const w0 = keyWord(p, 0, len);
  const w1 = len > 8 ? keyWord(p, 8, len) : 0;
  const w2 = len > 16 ? keyWord(p, 16, len) : 0;
  let h = (w0 ^ (<u64>len << 59)) * 0x9e3779b97f4a7c15;
  h = (h ^ w1 ^ (w2 << 1)) * 0xff51afd7ed558ccd;
  const entry = table + <usize>((<u32>(h >> 40) & (ENTRIES - 1)) * ENTRY_BYTES);
  const id = load<u32>(entry);
  if (id && load<u32>(entry, 4) == len && load<u64>(entry, 8) == w0 && load<u64>(entry, 16) == w1 && load<u64>(entry, 24) == w2) return <i32>(id - 1);
  store<u32>(entry, 0);
  store<u32>(entry, len, 4);
  store<u64>(entry, w0, 8);
  store<u64>(entry, w1, 16);
  store<u64>(entry, w2, 24);
  claimed = entry;
  return -1;
}

/** The id of the bytes the last miss claimed an entry for. */
export function termCacheFill(id: u32): void {
  if (claimed) store<u32>(claimed, id + 1);
  claimed = 0;
}
