// Host handle for a bump arena in its own WASM instance (assembly/memory/arena.ts).
import { ClosedError } from '../errors.js';
import { instantiateKernels, type WasmOptions } from '../wasm/loader.js';
import type { KernelInstance } from '../wasm/kernel-instance.js';
import { statsFromScratch, type MemoryStats } from './memory-stats.js';
import { checkAlignment, checkSize, describe } from './validate.js';

export interface ArenaOptions extends WasmOptions {
  /** Bytes per chunk taken from the heap (default 64 KiB); larger requests get a chunk of their own. */
  chunkSize?: number;
}

/** An opaque position returned by `mark()`. */
export type ArenaMark = number;

export class Arena {
  #wasm: KernelInstance | undefined;
  readonly #handle: number;

  private constructor(wasm: KernelInstance, handle: number) {
    this.#wasm = wasm;
    this.#handle = handle;
  }

  static async create(options: ArenaOptions = {}): Promise<Arena> {
    const chunkSize = options.chunkSize ?? 65536;
    const wasm = await instantiateKernels(options);
    checkSize('Arena chunkSize', chunkSize, wasm.maxBytes);
    const handle = wasm.kernels.arenaCreate(chunkSize);
    if (!handle) throw wasm.limitError('Arena.create');
    return new Arena(wasm, handle);
  }

  private get wasm(): KernelInstance {
    if (!this.#wasm) throw new ClosedError('Arena');
    return this.#wasm;
  }

  get closed(): boolean {
    return this.#wasm === undefined;
  }

  /** Reserves `size` bytes aligned to `align`; returns their address in `memory`. */
  alloc(size: number, align = 8): number {
    const wasm = this.wasm;
    checkSize('Arena.alloc', size, wasm.maxBytes);
    checkAlignment('Arena.alloc', align);
    const ptr = wasm.kernels.arenaAlloc(this.#handle, size, align) >>> 0;
    if (!ptr) throw wasm.limitError(`Arena.alloc(${size})`);
    return ptr;
  }

  mark(): ArenaMark {
    return this.wasm.kernels.arenaMark(this.#handle);
  }

  /** Releases everything allocated after `mark`; the memory is reused by later allocations. */
  rewind(mark: ArenaMark): void {
    const wasm = this.wasm;
    if (typeof mark !== 'number' || !Number.isInteger(mark) || mark < 0) {
      throw new TypeError(`Arena.rewind: expected a mark from mark(), got ${describe(mark)}`);
    }
    if (!wasm.kernels.arenaRewind(this.#handle, mark)) {
      throw new RangeError(`Arena.rewind: mark ${mark} lies beyond the current position ${this.mark()}`);
    }
  }

  reset(): void {
    this.wasm.kernels.arenaReset(this.#handle);
  }

  /** The instance's linear memory; views over it detach when it grows, so take them after allocating. */
  get memory(): WebAssembly.Memory {
    return this.wasm.memory;
  }

  /** The ceiling of `memory` in bytes. */
  get memoryLimitBytes(): number {
    return this.wasm.maxBytes;
  }

  bytes(ptr: number, length: number): Uint8Array {
    return new Uint8Array(this.wasm.memory.buffer, ptr, length);
  }

  int32(ptr: number, length: number): Int32Array {
    return new Int32Array(this.wasm.memory.buffer, ptr, length);
  }

  float64(ptr: number, length: number): Float64Array {
    return new Float64Array(this.wasm.memory.buffer, ptr, length);
  }

  stats(): MemoryStats {
    const wasm = this.wasm;
    wasm.kernels.arenaStats(this.#handle, wasm.scratch);
    return statsFromScratch(wasm.readScratchF64(6), wasm.memoryBytes);
  }

  /** Frees the arena and its instance; later calls throw ClosedError. Closing twice is a no-op. */
  close(): void {
    if (!this.#wasm) return;
    this.#wasm.kernels.arenaDestroy(this.#handle);
    this.#wasm = undefined;
  }
}
