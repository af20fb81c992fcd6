// General-purpose allocator over linear memory, shaped like TLSF (two-level segregated fit).
// synthex owns allocation instead of using the AssemblyScript runtime so that running out of
// memory returns 0 to the caller — who reports a clean RangeError and keeps its structures
// intact — instead of trapping halfway through an update.
//
// Block layout (every block starts 16-byte aligned, so payloads suit v128 loads):
//   +0 u32 size   whole block in bytes, header included, multiple of 16
//   +4 u32 flags  FREE | PREV_FREE
//   +8 u32 prev   physically previous block (meaningful while PREV_FREE is set)
//   +16 payload;  a free block keeps its free-list links at +16 (next) and +20 (prev)
// Each region of the heap ends with a zero-size used sentinel block ("tail") so `next` never
// runs off the end.
//
// Regions: an instance usually owns one region, from __heap_base to the end of memory, grown in
// place. On a shared memory (threads flavour) several instances live side by side, so each is
// given its own region (heapInitRegion) and memory grown by another instance in between makes
// the next growth a new region; the free lists span all regions, a block never crosses one.
// The allocator's own tables (free-list heads, region list) sit at the start of the first
// region, never in static data, which every instantiation on a shared memory re-applies.

const HEADER: usize = 16;
const MIN_BLOCK: usize = 32;
const FREE: u32 = 1;
const PREV_FREE: u32 = 2;
const SL_BITS: u32 = 4;
const SL_COUNT: u32 = 1 << SL_BITS;
const SMALL_LIMIT: usize = 256; // below this, classes are linear in 16-byte steps
const FL_COUNT: u32 = 25; // enough classes for blocks up to 2^31 bytes
const MAX_REQUEST: usize = 0x7fff0000;
const PAGE: usize = 65536;

const MAX_REGIONS: u32 = 64;
const TABLES: usize = (<usize>FL_COUNT * SL_COUNT * 4 + <usize>FL_COUNT * 4 + <usize>MAX_REGIONS * 8 + 15) & ~(<usize>15);

let heads: usize = 0;   // FL_COUNT × SL_COUNT u32 free-list heads
let slMaps: usize = 0;  // FL_COUNT u32 second-level bitmaps
let regions: usize = 0; // per region: u32 first block, u32 tail
let regionCount: u32 = 0;
let ownedBytes: usize = 0; // bytes of all regions (growth steps scale with it)
let flMap: u32 = 0;
let heapStart: usize = 0; // first block of the first region (0 until initialised)
let tail: usize = 0;      // tail of the newest region, the one that grows in place
let usedBytes: usize = 0;
let blockCount: u32 = 0;

@inline function sizeOf(block: usize): usize { return load<u32>(block); }
@inline function flagsOf(block: usize): u32 { return load<u32>(block, 4); }
@inline function setSize(block: usize, size: usize): void { store<u32>(block, <u32>size); }
@inline function setFlags(block: usize, flags: u32): void { store<u32>(block, flags, 4); }
@inline function prevOf(block: usize): usize { return load<u32>(block, 8); }
@inline function setPrev(block: usize, prev: usize): void { store<u32>(block, <u32>prev, 8); }
@inline function nextFree(block: usize): usize { return load<u32>(block, 16); }
@inline function prevFree(block: usize): usize { return load<u32>(block, 20); }
@inline function align16(n: usize): usize { return (n + 15) & ~(<usize>15); }

@inline function firstLevel(size: usize): u32 {
  return size < SMALL_LIMIT ? 0 : (31 - clz<u32>(<u32>size)) - 7;
}
@inline function secondLevel(size: usize, fl: u32): u32 {
  return fl == 0 ? <u32>(size >> 4) : <u32>(size >> (fl + 7 - SL_BITS)) & (SL_COUNT - 1);
}
@inline function headSlot(fl: u32, sl: u32): usize { return heads + ((fl * SL_COUNT + sl) << 2); }

function insertFree(block: usize): void {
  const size = sizeOf(block);
  const fl = firstLevel(size);
  const sl = secondLevel(size, fl);
  const slot = headSlot(fl, sl);
  const head = load<u32>(slot);
  store<u32>(block, head, 16);
  store<u32>(block, 0, 20);
  if (head) store<u32>(head, <u32>block, 20);
  store<u32>(slot, <u32>block);
  flMap |= 1 << fl;
  store<u32>(slMaps + (fl << 2), load<u32>(slMaps + (fl << 2)) | (1 << sl));
}

function removeFree(block: usize): void {
  const size = sizeOf(block);
  const fl = firstLevel(size);
  const sl = secondLevel(size, fl);
  const next = nextFree(block);
  const prev = prevFree(block);
  if (next) store<u32>(next, <u32>prev, 20);
  if (prev) {
    store<u32>(prev, <u32>next, 16);
    return;
  }
  const slot = headSlot(fl, sl);
  store<u32>(slot, <u32>next);
  if (!next) {
    const map = load<u32>(slMaps + (fl << 2)) & ~(1 << sl);
    store<u32>(slMaps + (fl << 2), map);
    if (!map) flMap &= ~(1 << fl);
  }
}

// Rounds a request up to the start of the next class so any block found in the class fits.
@inline function searchSize(size: usize): usize {
  if (size < SMALL_LIMIT) return size;
  const shift = (31 - clz<u32>(<u32>size)) - SL_BITS;
  return size + (<usize>1 << shift) - 1;
}

function findFree(size: usize): usize {
  let fl = firstLevel(size);
  let sl = secondLevel(size, fl);
  let map = load<u32>(slMaps + (fl << 2)) & (~(<u32>0) << sl);
  if (!map) {
    const flBits = fl + 1 < 32 ? flMap & (~(<u32>0) << (fl + 1)) : 0;
    if (!flBits) return 0;
    fl = ctz<u32>(flBits);
    map = load<u32>(slMaps + (fl << 2));
  }
  sl = ctz<u32>(map);
  return load<u32>(headSlot(fl, sl));
}

// Lays out the allocator over [start, end): its tables first, then one free block.
function initRegion(start: usize, end: usize): bool {
  start = align16(start);
  end = end & ~(<usize>15);
  if (end < start + TABLES + 2 * HEADER + MIN_BLOCK) return false;
  heads = start;
  slMaps = heads + <usize>FL_COUNT * SL_COUNT * 4;
  regions = slMaps + <usize>FL_COUNT * 4;
  memory.fill(start, 0, TABLES);
  flMap = 0;
  regionCount = 0;
  ownedBytes = 0;
  usedBytes = 0;
  blockCount = 0;
  heapStart = start + TABLES;
  addRegion(heapStart, end);
  return true;
}

// Adds [start, end) (16-aligned) as a region holding one free block and a tail sentinel.
function addRegion(start: usize, end: usize): void {
  tail = end - HEADER;
  setSize(tail, 0);
  setFlags(tail, PREV_FREE);
  setSize(start, tail - start);
  setFlags(start, FREE);
  setPrev(tail, start);
  insertFree(start);
  const entry = regions + (<usize>regionCount << 3);
  store<u32>(entry, <u32>start);
  store<u32>(entry, <u32>tail, 4);
  regionCount++;
  ownedBytes += end - start;
}

function init(): void {
  // The first use without heapInitRegion: the heap is everything above static data.
  const start = align16(__heap_base);
  if ((<usize>memory.size() << 16) < start + TABLES + 4 * MIN_BLOCK && memory.grow(1) < 0) return;
  initRegion(start, (<usize>memory.size()) << 16);
}

/**
 * Gives this instance the heap [start, start + size) (a block the host reserved in a shared
 * memory); must come before any allocation. False when the region is too small.
 */
export function heapInitRegion(start: usize, size: usize): bool {
  return initRegion(start, start + size);
}

// Grows linear memory so a free block of at least `size` exists; false when the ceiling refuses.
function growFor(size: usize): bool {
  const scale = ASC_FEATURE_THREADS ? <i32>(ownedBytes >> 16) : memory.size();
  // A free block just before the tail merges with the new pages, so it counts toward `size`.
  const reusable = flagsOf(tail) & PREV_FREE ? sizeOf(prevOf(tail)) : 0;
  // On a shared memory the new pages may not follow this heap (another instance grew it in
  // between), so they must hold the whole block as a region of their own.
  const deficit = ASC_FEATURE_THREADS ? size + 2 * HEADER : size + 2 * HEADER > reusable ? size + 2 * HEADER - reusable : HEADER;
  const needed = <i32>((deficit + PAGE - 1) >> 16);
  let grown = max<i32>(needed, scale >> 1);
  let before = memory.grow(grown);
  if (before < 0) {
    grown = needed;
    before = memory.grow(grown);
    if (before < 0) return false;
  }
  const start = (<usize>before) << 16;
  const end = start + ((<usize>grown) << 16);
  if (start != tail + HEADER) {
    // Another instance grew the shared memory since: the new pages are a region of their own.
    if (regionCount >= MAX_REGIONS || end - start < size + 2 * HEADER) return false;
    addRegion(start, end);
    return true;
  }
  ownedBytes += end - start;
  // The old tail becomes the start of a new free block reaching the new tail.
  let block = tail;
  const tailFlags = flagsOf(tail);
  tail = end - HEADER;
  setSize(tail, 0);
  setFlags(tail, PREV_FREE);
  if (tailFlags & PREV_FREE) {
    const prev = prevOf(block);
    removeFree(prev);
    block = prev;
  }
  setSize(block, tail - block);
  setFlags(block, FREE);
  setPrev(tail, block);
  insertFree(block);
  store<u32>(regions + (<usize>(regionCount - 1) << 3), <u32>tail, 4);
  return true;
}

// Marks a free, unlinked block used, splitting off what is not needed.
function takeBlock(block: usize, need: usize): void {
  const size = sizeOf(block);
  const rest = size - need;
  if (rest >= MIN_BLOCK) {
    setSize(block, need);
    const remainder = block + need;
    setSize(remainder, rest);
    setFlags(remainder, FREE);
    setPrev(remainder, block);
    setPrev(remainder + rest, remainder);
    insertFree(remainder);
  } else {
    const next = block + size;
    setFlags(next, flagsOf(next) & ~PREV_FREE);
  }
  setFlags(block, flagsOf(block) & ~FREE);
  usedBytes += sizeOf(block);
  blockCount++;
}

@inline function blockSizeFor(size: usize): usize {
  return max<usize>(align16(size) + HEADER, MIN_BLOCK);
}

/** Allocates `size` bytes aligned to 16; returns 0 when memory cannot grow. */
export function heapAlloc(size: usize): usize {
  if (!heapStart) {
    init();
    if (!heapStart) return 0;
  }
  if (size > MAX_REQUEST) return 0;
  const need = blockSizeFor(size);
  const wanted = searchSize(need);
  let block = findFree(wanted);
  if (!block) {
    if (!growFor(wanted)) return 0;
    block = findFree(wanted);
    if (!block) return 0;
  }
  removeFree(block);
  takeBlock(block, need);
  return block + HEADER;
}

/** Allocates and zero-fills. */
export function heapAllocZeroed(size: usize): usize {
  const ptr = heapAlloc(size);
  if (ptr) memory.fill(ptr, 0, size);
  return ptr;
}

/** True when `ptr` is a live allocation of this heap (cheap checks, used to refuse bad frees). */
export function heapOwns(ptr: usize): bool {
  if (!heapStart || ptr & 15) return false;
  for (let r: u32 = 0; r < regionCount; r++) {
    const entry = regions + (<usize>r << 3);
    const first = <usize>load<u32>(entry);
    const last = <usize>load<u32>(entry, 4);
    if (ptr < first + HEADER || ptr >= last) continue;
    const block = ptr - HEADER;
    return (flagsOf(block) & FREE) == 0 && sizeOf(block) >= MIN_BLOCK && block + sizeOf(block) <= last;
  }
  return false;
}

/**
 * Zero-filled per-instance scratch for a module's top-level declarations (they run in the start
 * function, once per instance), in place of static data that all instances on a shared memory
 * would share. Traps when memory cannot hold it: the instance could not work at all.
 */
@global export function heapScratch(size: i32, align: i32 = 16): usize {
  const ptr = heapAllocZeroed(<usize>size);
  if (!ptr || (ptr & <usize>(align - 1))) unreachable();
  return ptr;
}

/** Frees a block; returns false (and changes nothing) for a pointer that is not live here. */
export function heapFree(ptr: usize): bool {
  if (!heapOwns(ptr)) return false;
  let block = ptr - HEADER;
  let size = sizeOf(block);
  usedBytes -= size;
  blockCount--;
  let flags = flagsOf(block);
  const next = block + size;
  if (flagsOf(next) & FREE) {
    removeFree(next);
    size += sizeOf(next);
  }
  if (flags & PREV_FREE) {
    const prev = prevOf(block);
    removeFree(prev);
    size += sizeOf(prev);
    block = prev;
    flags = flagsOf(prev);
  }
  setSize(block, size);
  setFlags(block, (flags & PREV_FREE) | FREE);
  const after = block + size;
  setPrev(after, block);
  setFlags(after, flagsOf(after) | PREV_FREE);
  insertFree(block);
  return true;
}

/** Resizes a block, in place when the next block is free; returns 0 (old block intact) on failure. */
export function heapRealloc(ptr: usize, size: usize): usize {
  if (!ptr) return heapAlloc(size);
  if (size > MAX_REQUEST) return 0;
  const block = ptr - HEADER;
  const have = sizeOf(block);
  const need = blockSizeFor(size);
  if (need <= have) return ptr;
  const next = block + have;
  if (flagsOf(next) & FREE && have + sizeOf(next) >= need) {
    removeFree(next);
    usedBytes -= have;
    blockCount--;
    setSize(block, have + sizeOf(next));
    takeBlock(block, need);
    return ptr;
  }
  const moved = heapAlloc(size);
  if (!moved) return 0;
  memory.copy(moved, ptr, have - HEADER);
  heapFree(ptr);
  return moved;
}

/** Bytes of live blocks, headers included. */
export function heapUsedBytes(): usize { return usedBytes; }
export function heapLiveBlocks(): u32 { return blockCount; }

/** Walks every block and checks the invariants; returns 0 when sound, else a code naming the fault. */
export function heapCheck(): i32 {
  if (!heapStart) return 0;
  let used: usize = 0;
  let live: u32 = 0;
  for (let r: u32 = 0; r < regionCount; r++) {
    const entry = regions + (<usize>r << 3);
    let block = <usize>load<u32>(entry);
    const last = <usize>load<u32>(entry, 4);
    let prevWasFree = false;
    let prev: usize = 0;
    while (block < last) {
      const size = sizeOf(block);
      const flags = flagsOf(block);
      if (size < MIN_BLOCK || size & 15) return 1;
      if (((flags & PREV_FREE) != 0) != prevWasFree) return 2;
      if (prevWasFree && prevOf(block) != prev) return 3;
      const isFree = (flags & FREE) != 0;
      if (isFree && prevWasFree) return 4;
      if (!isFree) { used += size; live++; }
      prevWasFree = isFree;
      prev = block;
      block += size;
    }
    if (block != last) return 5;
    if (((flagsOf(last) & PREV_FREE) != 0) != prevWasFree) return 6;
  }
  if (used != usedBytes || live != blockCount) return 7;
  return 0;
}
