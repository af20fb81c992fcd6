// Slab pool of fixed-size records: O(1) alloc and free through an intrusive free list.
// Slabs double in size, so finding the slab that owns a pointer (to refuse foreign or
// misaligned frees) scans at most ~26 slabs. A bit per record catches double frees.
import { heapAlloc, heapFree } from './heap';

@unmanaged class Slab {
  next: usize = 0;
  start: usize = 0;     // first record
  count: u32 = 0;       // records in this slab
  carved: u32 = 0;      // records handed out at least once (the rest were never touched)
  bits: usize = 0;      // live-record bitmap, one bit per record
}

@unmanaged export class Pool {
  recordSize: usize = 0;
  slabs: usize = 0;     // newest first
  freeHead: usize = 0;  // intrusive list of freed records (link in the record's first 4 bytes)
  live: f64 = 0;
  reserved: f64 = 0;
  highWater: f64 = 0;
  allocations: f64 = 0;
  frees: f64 = 0;
  failures: f64 = 0;
  nextSlabCount: u32 = 0;
}

const SLAB_HEADER: usize = 32;
export const POOL_FREE_OK: i32 = 0;
export const POOL_FREE_FOREIGN: i32 = 1;
export const POOL_FREE_DOUBLE: i32 = 2;

export function poolCreate(recordSize: usize, firstSlabCount: u32): usize {
  const ptr = heapAlloc(offsetof<Pool>());
  if (!ptr) return 0;
  memory.fill(ptr, 0, offsetof<Pool>());
  const pool = changetype<Pool>(ptr);
  pool.recordSize = (max<usize>(recordSize, 4) + 7) & ~(<usize>7);
  pool.nextSlabCount = max<u32>(firstSlabCount, 8);
  return ptr;
}

function addSlab(pool: Pool): usize {
  const count = pool.nextSlabCount;
  const recordBytes = <u64>count * <u64>pool.recordSize;
  const bitBytes = <u64>(((count + 31) >> 5) << 2);
  const total = <u64>SLAB_HEADER + bitBytes + recordBytes + 8;
  if (total > 0x7fff0000) return 0;
  const ptr = heapAlloc(<usize>total);
  if (!ptr) return 0;
  const slab = changetype<Slab>(ptr);
  slab.bits = ptr + SLAB_HEADER;
  memory.fill(slab.bits, 0, <usize>bitBytes);
  slab.start = (slab.bits + <usize>bitBytes + 7) & ~(<usize>7);
  slab.count = count;
  slab.carved = 0;
  slab.next = pool.slabs;
  pool.slabs = ptr;
  pool.reserved += <f64>total;
  pool.nextSlabCount = count < 0x4000000 ? count << 1 : count;
  return ptr;
}

@inline function flipBit(slab: Slab, index: u32): void {
  const word = slab.bits + ((index >> 5) << 2);
  store<u32>(word, load<u32>(word) ^ (1 << (index & 31)));
}

@inline function bitIsSet(slab: Slab, index: u32): bool {
  return (load<u32>(slab.bits + ((index >> 5) << 2)) & (1 << (index & 31))) != 0;
}

function slabOf(pool: Pool, ptr: usize): usize {
  let slab = pool.slabs;
  while (slab) {
    const s = changetype<Slab>(slab);
    if (ptr >= s.start && ptr < s.start + <usize>s.count * pool.recordSize) return slab;
    slab = s.next;
  }
  return 0;
}

/** Returns a record address, or 0 when memory cannot grow. */
export function poolAlloc(poolPtr: usize): usize {
  const pool = changetype<Pool>(poolPtr);
  let ptr = pool.freeHead;
  let slab: usize = 0;
  if (ptr) {
    pool.freeHead = load<u32>(ptr);
    slab = slabOf(pool, ptr);
  } else {
    slab = pool.slabs;
    if (!slab || changetype<Slab>(slab).carved == changetype<Slab>(slab).count) slab = addSlab(pool);
    if (!slab) {
      pool.failures += 1;
      return 0;
    }
    const s = changetype<Slab>(slab);
    ptr = s.start + <usize>s.carved * pool.recordSize;
    s.carved++;
  }
  const s = changetype<Slab>(slab);
  flipBit(s, <u32>((ptr - s.start) / pool.recordSize));
  pool.live += 1;
  pool.allocations += 1;
  if (pool.live > pool.highWater) pool.highWater = pool.live;
  return ptr;
}

/** Frees a record: POOL_FREE_OK, or POOL_FREE_FOREIGN / POOL_FREE_DOUBLE with nothing changed. */
export function poolFree(poolPtr: usize, ptr: usize): i32 {
  const pool = changetype<Pool>(poolPtr);
  const slab = slabOf(pool, ptr);
  if (!slab) return POOL_FREE_FOREIGN;
  const s = changetype<Slab>(slab);
  const offset = ptr - s.start;
  if (offset % pool.recordSize) return POOL_FREE_FOREIGN;
  const index = <u32>(offset / pool.recordSize);
  if (index >= s.carved) return POOL_FREE_FOREIGN;
  if (!bitIsSet(s, index)) return POOL_FREE_DOUBLE;
  flipBit(s, index);
  store<u32>(ptr, <u32>pool.freeHead);
  pool.freeHead = ptr;
  pool.live -= 1;
  pool.frees += 1;
  return POOL_FREE_OK;
}

/** Writes reserved, inUse, highWater (bytes), allocations, frees, failures as f64 at `out`. */
export function poolStats(poolPtr: usize, out: usize): void {
  const pool = changetype<Pool>(poolPtr);
  const size = <f64>pool.recordSize;
  store<f64>(out, pool.reserved);
  store<f64>(out, pool.live * size, 8);
  store<f64>(out, pool.highWater * size, 16);
  store<f64>(out, pool.allocations, 24);
  store<f64>(out, pool.frees, 32);
  store<f64>(out, pool.failures, 40);
}

export function poolRecordSize(poolPtr: usize): usize {
  return changetype<Pool>(poolPtr).recordSize;
}

export function poolDestroy(poolPtr: usize): void {
  let slab = changetype<Pool>(poolPtr).slabs;
  while (slab) {
    const next = changetype<Slab>(slab).next;
    heapFree(slab);
    slab = next;
  }
  heapFree(poolPtr);
}
