/** Counters shared by Arena and Pool (bytes are linear-memory bytes). */
export interface MemoryStats {
  /** Bytes taken from the instance heap (chunks or slabs, headers included). */
  bytesReserved: number;
  /** Bytes currently handed out. */
  bytesInUse: number;
  /** Most bytes ever in use at once. */
  highWaterBytes: number;
  allocations: number;
  /** Pool: records freed. Arena: rewinds and resets. */
  frees: number;
  /** Allocations refused because memory hit its ceiling. */
  failures: number;
  /** Linear memory size of the instance behind this object. */
  wasmMemoryBytes: number;
}

export function statsFromScratch(values: Float64Array, wasmMemoryBytes: number): MemoryStats {
  return {
    bytesReserved: values[0],
    bytesInUse: values[1],
    highWaterBytes: values[2],
    allocations: values[3],
    frees: values[4],
    failures: values[5],
    wasmMemoryBytes,
  };
}
