// Host handle for a fixed-size record pool in its own WASM instance (assembly/memory/pool.ts).
import { ClosedError, PoolRecordError } from '../errors.js';
import { instantiateKernels, type WasmOptions } from '../wasm/loader.js';
import type { KernelInstance } from '../wasm/kernel-instance.js';
import { statsFromScratch, type MemoryStats } from './memory-stats.js';
import { checkSize, describe } from './validate.js';

export interface PoolOptions extends WasmOptions {
  /** Bytes per record (rounded up to a multiple of 8). */
  recordSize: number;
  /** Records in the first slab (default 64); each later slab doubles. */
  initialCapacity?: number;
}

const FREE_FOREIGN = 1;

export class Pool {
  #wasm: KernelInstance | undefined;
  readonly #handle: number;
  /** The record size actually used (rounded up to a multiple of 8). */
  readonly recordSize: number;

  private constructor(wasm: KernelInstance, handle: number) {
    this.#wasm = wasm;
    this.#handle = handle;
    this.recordSize = wasm.kernels.poolRecordSize(handle);
  }

  static async create(options: PoolOptions): Promise<Pool> {
    if (!options || typeof options !== 'object') throw new TypeError('Pool.create: options with recordSize are required');
    const wasm = await instantiateKernels(options);
    checkSize('Pool recordSize', options.recordSize, 1 << 24);
    const capacity = options.initialCapacity ?? 64;
    checkSize('Pool initialCapacity', capacity, 1 << 24);
    const handle = wasm.kernels.poolCreate(options.recordSize, capacity);
    if (!handle) throw wasm.limitError('Pool.create');
    return new Pool(wasm, handle);
  }

  private get wasm(): KernelInstance {
    if (!this.#wasm) throw new ClosedError('Pool');
    return this.#wasm;
  }

  get closed(): boolean {
    return this.#wasm === undefined;
  }

  /** Returns the address of a free record of `recordSize` bytes (contents undefined). */
  alloc(): number {
    const wasm = this.wasm;
    const ptr = wasm.kernels.poolAlloc(this.#handle) >>> 0;
    if (!ptr) throw wasm.limitError('Pool.alloc');
    return ptr;
  }

  /** Returns a record to the pool; a foreign address or a second free throws PoolRecordError. */
  free(ptr: number): void {
    const wasm = this.wasm;
    if (typeof ptr !== 'number' || !Number.isInteger(ptr) || ptr <= 0 || ptr >= wasm.memoryBytes) {
      throw new PoolRecordError('FOREIGN_RECORD', `Pool.free: ${describe(ptr)} is not a record of this pool`);
    }
    const result = wasm.kernels.poolFree(this.#handle, ptr);
    if (result === FREE_FOREIGN) {
      throw new PoolRecordError('FOREIGN_RECORD', `Pool.free: ${ptr} is not a record of this pool`);
    }
    if (result !== 0) throw new PoolRecordError('DOUBLE_FREE', `Pool.free: record ${ptr} is already free`);
  }

  get memory(): WebAssembly.Memory {
    return this.wasm.memory;
  }

  /** The ceiling of `memory` in bytes. */
  get memoryLimitBytes(): number {
    return this.wasm.maxBytes;
  }

  /** A view of one record's bytes. */
  bytes(ptr: number): Uint8Array {
    return new Uint8Array(this.wasm.memory.buffer, ptr, this.recordSize);
  }

  stats(): MemoryStats {
    const wasm = this.wasm;
    wasm.kernels.poolStats(this.#handle, wasm.scratch);
    return statsFromScratch(wasm.readScratchF64(6), wasm.memoryBytes);
  }

  close(): void {
    if (!this.#wasm) return;
    this.#wasm.kernels.poolDestroy(this.#handle);
    this.#wasm = undefined;
  }
}
