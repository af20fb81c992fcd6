// The raw kernel surface (assembly/index.ts). Pointers and sizes are byte offsets in linear memory.
export interface KernelExports {
  heapAlloc(size: number): number;
  heapAllocZeroed(size: number): number;
  heapFree(ptr: number): number;
  heapRealloc(ptr: number, size: number): number;
  heapUsedBytes(): number;
  heapLiveBlocks(): number;
  heapCheck(): number;

  arenaCreate(chunkSize: number): number;
  arenaAlloc(arena: number, size: number, align: number): number;
  arenaMark(arena: number): number;
  arenaRewind(arena: number, mark: number): number;
  arenaReset(arena: number): void;
  arenaStats(arena: number, out: number): void;
  arenaDestroy(arena: number): void;

  poolCreate(recordSize: number, firstSlabCount: number): number;
  poolAlloc(pool: number): number;
  poolFree(pool: number, ptr: number): number;
  poolStats(pool: number, out: number): void;
  poolRecordSize(pool: number): number;
  poolDestroy(pool: number): void;

  simdEnabled(): number;
}
