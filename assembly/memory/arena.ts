// Bump arena: allocation is a pointer increment inside a chunk; everything is released at once
// by rewinding to a mark or resetting. Chunks come from the heap and are kept for reuse, so a
// loop of "allocate, use, reset" settles into a fixed footprint with no allocator traffic.
//
// A mark is a position in the arena's virtual byte sequence (all chunks laid end to end), so it
// fits in an f64 and stays meaningful across chunk boundaries.
import { heapAlloc, heapFree } from './heap';

@unmanaged class Chunk {
  prev: usize = 0;     // older chunk in the active list
  start: usize = 0;    // first payload byte
  end: usize = 0;      // one past the last payload byte
  base: f64 = 0;       // virtual position of `start`
}

@unmanaged export class Arena {
  chunk: usize = 0;    // current (newest active) chunk
  spare: usize = 0;    // released chunks kept for reuse (linked through Chunk.prev)
  cursor: usize = 0;
  chunkSize: usize = 0;
  reserved: f64 = 0;
  highWater: f64 = 0;
  allocations: f64 = 0;
  frees: f64 = 0;
  failures: f64 = 0;
}

const CHUNK_HEADER: usize = 32; // sizeof<Chunk> rounded up so payloads stay 16-aligned

@inline function position(arena: Arena): f64 {
  const chunk = changetype<Chunk>(arena.chunk);
  return chunk.base + <f64>(arena.cursor - chunk.start);
}

export function arenaCreate(chunkSize: usize): usize {
  const ptr = heapAlloc(offsetof<Arena>());
  if (!ptr) return 0;
  memory.fill(ptr, 0, offsetof<Arena>());
  const arena = changetype<Arena>(ptr);
  arena.chunkSize = chunkSize;
  return ptr;
}

// Takes a spare chunk big enough for `size` bytes at `align`, or allocates a new one.
function nextChunk(arena: Arena, size: usize, align: usize): usize {
  const need = size + align + CHUNK_HEADER;
  let link = changetype<usize>(arena) + offsetof<Arena>('spare');
  let spare = arena.spare;
  while (spare) {
    const candidate = changetype<Chunk>(spare);
    if (candidate.end - spare >= need) {
      store<usize>(link, candidate.prev);
      return spare;
    }
    link = spare + offsetof<Chunk>('prev');
    spare = candidate.prev;
  }
  const bytes = max<usize>(arena.chunkSize, need);
  const ptr = heapAlloc(bytes);
  if (!ptr) return 0;
  const chunk = changetype<Chunk>(ptr);
  chunk.start = ptr + CHUNK_HEADER;
  chunk.end = ptr + bytes;
  arena.reserved += <f64>bytes;
  return ptr;
}

/** Returns an address aligned to `align` (a power of two) with `size` bytes, or 0 when out of memory. */
export function arenaAlloc(arenaPtr: usize, size: usize, align: usize): usize {
  const arena = changetype<Arena>(arenaPtr);
  const mask = align - 1;
  if (arena.chunk) {
    const at = (arena.cursor + mask) & ~mask;
    const chunk = changetype<Chunk>(arena.chunk);
    if (at + size <= chunk.end && at >= arena.cursor) {
      arena.cursor = at + size;
      arena.allocations += 1;
      const pos = position(arena);
      if (pos > arena.highWater) arena.highWater = pos;
      return at;
    }
  }
  const fresh = nextChunk(arena, size, align);
  if (!fresh) {
    arena.failures += 1;
    return 0;
  }
  const chunk = changetype<Chunk>(fresh);
  chunk.base = arena.chunk ? position(arena) : 0;
  chunk.prev = arena.chunk;
  arena.chunk = fresh;
  const at = (chunk.start + mask) & ~mask;
  arena.cursor = at + size;
  arena.allocations += 1;
  const pos = position(arena);
  if (pos > arena.highWater) arena.highWater = pos;
  return at;
}

export function arenaMark(arenaPtr: usize): f64 {
  const arena = changetype<Arena>(arenaPtr);
  return arena.chunk ? position(arena) : 0;
}

/** Rewinds to a mark taken earlier; returns false when the mark lies beyond the current position. */
export function arenaRewind(arenaPtr: usize, mark: f64): bool {
  const arena = changetype<Arena>(arenaPtr);
  if (mark > arenaMark(arenaPtr) || mark < 0) return false;
  while (arena.chunk) {
    const chunk = changetype<Chunk>(arena.chunk);
    if (chunk.base <= mark && (chunk.base < mark || !chunk.prev)) {
      arena.cursor = chunk.start + <usize>(mark - chunk.base);
      break;
    }
    arena.chunk = chunk.prev;
    chunk.prev = arena.spare;
    arena.spare = changetype<usize>(chunk);
  }
  arena.frees += 1;
  return true;
}

export function arenaReset(arenaPtr: usize): void {
  arenaRewind(arenaPtr, 0);
}

export function arenaBytesInUse(arenaPtr: usize): f64 { return arenaMark(arenaPtr); }

/** Writes reserved, inUse, highWater, allocations, frees, failures as f64 at `out`. */
export function arenaStats(arenaPtr: usize, out: usize): void {
  const arena = changetype<Arena>(arenaPtr);
  store<f64>(out, arena.reserved);
  store<f64>(out, arenaMark(arenaPtr), 8);
  store<f64>(out, arena.highWater, 16);
  store<f64>(out, arena.allocations, 24);
  store<f64>(out, arena.frees, 32);
  store<f64>(out, arena.failures, 40);
}

function freeChain(chunk: usize): void {
  while (chunk) {
    const prev = changetype<Chunk>(chunk).prev;
    heapFree(chunk);
    chunk = prev;
  }
}

export function arenaDestroy(arenaPtr: usize): void {
  const arena = changetype<Arena>(arenaPtr);
  freeChain(arena.chunk);
  freeChain(arena.spare);
  heapFree(arenaPtr);
}
