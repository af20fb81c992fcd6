// Term dictionary: open-addressing hash table from term bytes to dense term ids, plus the
// per-term document frequency (live documents containing the term in any field).
import { Buffer, bufferNew, bufferReserve, bufferPushU32, bufferU32 } from '../util/buffer';
import { heapAllocZeroed, heapFree } from '../memory/heap';
import { xxh32 } from '../util/hash';

const SEED: u32 = 0x5eed;
export let termCount: u32 = 0;
/** Bumped whenever the dictionary is replaced: caches of term ids (term-cache.ts) start over. */
export let dictionaryEpoch: u32 = 0;
/** The dictionary is another instance's, attached read-only (a pool worker's). */
export let dictionaryAttached = false;
let termBytes: Buffer = changetype<Buffer>(0);   // concatenated term bytes
let termStarts: Buffer = changetype<Buffer>(0);  // u32 offsets, termCount + 1 entries
let termHashes: Buffer = changetype<Buffer>(0);  // u32 per term
export let docFreq: Buffer = changetype<Buffer>(0); // u32 per term
let slots: usize = 0;        // u32 per slot: term id + 1, 0 = empty
let slotMask: u32 = 0;

export function dictionaryInit(): bool {
  dictionaryEpoch++;
  dictionaryAttached = false;
  termBytes = bufferNew(); termStarts = bufferNew(); termHashes = bufferNew(); docFreq = bufferNew();
  if (!changetype<usize>(termBytes) || !changetype<usize>(termStarts) || !changetype<usize>(termHashes) || !changetype<usize>(docFreq)) return false;
  if (!bufferReserve(termStarts, 4)) return false;
  bufferPushU32(termStarts, 0);
  slots = heapAllocZeroed(1024 * 4);
  slotMask = 1023;
  return slots != 0;
}

@inline export function termStart(id: u32): usize { return termBytes.data + bufferU32(termStarts, id); }
@inline export function termLength(id: u32): u32 { return bufferU32(termStarts, id + 1) - bufferU32(termStarts, id); }
@inline export function termHash(id: u32): u32 { return bufferU32(termHashes, id); }

function equalBytes(a: usize, b: usize, len: usize): bool {
  for (let i: usize = 0; i < len; i++) if (load<u8>(a + i) != load<u8>(b + i)) return false;
  return true;
}

export function hashTerm(ptr: usize, len: usize): u32 { return xxh32(ptr, len, SEED); }

/** Term id of the bytes, or -1 when absent. */
export function dictionaryFind(ptr: usize, len: u32, hash: u32): i32 {
  let slot = hash & slotMask;
  while (true) {
    const entry = load<u32>(slots + (slot << 2));
    if (!entry) return -1;
    const id = entry - 1;
    if (termHash(id) == hash && termLength(id) == len && equalBytes(termStart(id), ptr, len)) return <i32>id;
    slot = (slot + 1) & slotMask;
  }
}

function rehash(newSize: u32): bool {
  const table = heapAllocZeroed(<usize>newSize << 2);
  if (!table) return false;
  const mask = newSize - 1;
  for (let id: u32 = 0; id < termCount; id++) {
    let slot = termHash(id) & mask;
    while (load<u32>(table + (slot << 2))) slot = (slot + 1) & mask;
    store<u32>(table + (slot << 2), id + 1);
  }
  heapFree(slots);
  slots = table;
  slotMask = mask;
  return true;
}

/** Id of the term, inserting it if new; -1 when memory cannot grow (dictionary unchanged). */
export function dictionaryIntern(ptr: usize, len: u32): i32 {
  const hash = hashTerm(ptr, len);
  const found = dictionaryFind(ptr, len, hash);
  if (found >= 0) return found;
  // Reserve everything first so a failure leaves no half-inserted term.
  if ((termCount + 1) * 2 > slotMask + 1 && !rehash((slotMask + 1) << 1)) return -1;
  if (!bufferReserve(termBytes, len) || !bufferReserve(termStarts, 4) || !bufferReserve(termHashes, 4) || !bufferReserve(docFreq, 4)) return -1;
  memory.copy(termBytes.data + termBytes.length, ptr, len);
  termBytes.length += len;
  bufferPushU32(termStarts, <u32>termBytes.length);
  bufferPushU32(termHashes, hash);
  bufferPushU32(docFreq, 0);
  const id = termCount++;
  let slot = hash & slotMask;
  while (load<u32>(slots + (slot << 2))) slot = (slot + 1) & slotMask;
  store<u32>(slots + (slot << 2), id + 1);
  return <i32>id;
}

@inline export function dfOf(id: u32): u32 { return bufferU32(docFreq, id); }
@inline export function dfAdd(id: u32, delta: i32): void {
  store<u32>(docFreq.data + (<usize>id << 2), <u32>(<i32>bufferU32(docFreq, id) + delta));
}

export function dictionaryBytes(): usize {
  return termBytes.capacity + termStarts.capacity + termHashes.capacity + docFreq.capacity + ((<usize>slotMask + 1) << 2);
}

// Snapshot access: the raw arrays, so a snapshot is a copy and a load is a copy back.
export function dictionaryTermBytes(): Buffer { return termBytes; }
export function dictionaryTermStarts(): Buffer { return termStarts; }
export function dictionaryTermHashes(): Buffer { return termHashes; }
export function dictionarySlots(): usize { return slots; }
export function dictionarySlotCount(): u32 { return slotMask + 1; }
export function dictionaryAdopt(count: u32, table: usize, tableSize: u32): void {
  dictionaryEpoch++;
  dictionaryAttached = false;
  termCount = count;
  heapFree(slots);
  slots = table;
  slotMask = tableSize - 1;
}

/** Writes the dictionary's state (7 u32) at `out`, for instances attaching to this index. */
export function dictionaryShare(out: usize): void {
  store<u32>(out, termCount);
  store<u32>(out, changetype<usize>(termBytes), 4);
  store<u32>(out, changetype<usize>(termStarts), 8);
  store<u32>(out, changetype<usize>(termHashes), 12);
  store<u32>(out, changetype<usize>(docFreq), 16);
  store<u32>(out, <u32>slots, 20);
  store<u32>(out, slotMask, 24);
}

/** Points this instance's dictionary at another instance's (read-only from here on). */
export function dictionaryAttach(from: usize): void {
  dictionaryEpoch++;
  dictionaryAttached = true;
  termCount = load<u32>(from);
  termBytes = changetype<Buffer>(<usize>load<u32>(from, 4));
  termStarts = changetype<Buffer>(<usize>load<u32>(from, 8));
  termHashes = changetype<Buffer>(<usize>load<u32>(from, 12));
  docFreq = changetype<Buffer>(<usize>load<u32>(from, 16));
  slots = <usize>load<u32>(from, 20);
  slotMask = load<u32>(from, 24);
}
