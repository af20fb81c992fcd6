// One snapshot loaded once into a shared WebAssembly.Memory, searched in place by every worker.
//
// The pool's thread owns a "root" instance whose heap hands out regions of the shared memory:
// one per index generation (a loader instance validates and loads the snapshot there, then
// writes a small record of its index state) and one per worker instance (its scratch, query
// buffers and results). A worker instance attaches to a generation's record: its dictionary,
// segments, doc arrays and configuration point at the loaded structures, which it never writes.
// Memory therefore grows by a worker's own region (about 1 MiB) per worker, not by the index.
import { MemoryLimitError } from '../errors.js';
import { Index } from '../search/search-index.js';
import { decodeSnapshot, type SnapshotState } from '../search/snapshot-format.js';
import { tokenFlagsFor } from '../search/analyze.js';
import type { KernelInstance } from '../wasm/kernel-instance.js';
import { createSharedMemory, instantiateSharedKernels, sharedKernelModule, DEFAULT_SHARED_MAX_PAGES } from '../wasm/shared-kernels.js';

/** A worker instance's own heap region: scratch (~0.4 MiB) plus query buffers; it grows beyond when a query needs more. */
export const WORKER_REGION_BYTES = 1 << 20;

export type Region = readonly [start: number, bytes: number];

/** A loaded generation: where its state record lies, and what workers need besides. */
export interface SharedGeneration {
  region: Region;
  statePtr: number;
  state: SnapshotState;
  numberFields: number;
}

export class SharedSnapshotHost {
  private constructor(
    readonly memory: WebAssembly.Memory,
    readonly maxPages: number,
    /** Posted to workers with the memory: its compiled code is shared, not compiled per worker. */
    readonly module: WebAssembly.Module,
    private readonly root: KernelInstance,
  ) {}

  static async create(maxPages = DEFAULT_SHARED_MAX_PAGES): Promise<SharedSnapshotHost> {
    const memory = createSharedMemory(maxPages);
    const module = await sharedKernelModule();
    return new SharedSnapshotHost(memory, maxPages, module, await instantiateSharedKernels(memory, maxPages));
  }

  /** Reserves `bytes` of the shared memory for one instance's heap. */
  reserve(bytes: number, what: string): Region {
    const start = this.root.kernels.heapAlloc(bytes) >>> 0;
    if (!start) throw new MemoryLimitError(this.root.maxBytes, what);
    return [start, bytes];
  }

  release(region: Region): void {
    this.root.kernels.heapFree(region[0]);
  }

  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** Validates and loads `bytes` once; throws SnapshotError / MemoryLimitError like loadIndex. */
  async load(bytes: Uint8Array): Promise<SharedGeneration> {
    // The snapshot block plus the arrays copied out of it (as loadIndex sizes it), and scratch.
    const size = Math.ceil((bytes instanceof Uint8Array ? bytes.length : 0) * 1.3 / 16) * 16 + WORKER_REGION_BYTES;
    const region = this.reserve(size, 'SearchPool snapshot');
    try {
      const loader = await instantiateSharedKernels(this.memory, this.maxPages, region);
      const state = decodeSnapshot(loader, bytes);
      const k = loader.kernels;
      const statePtr = k.heapAlloc(k.indexStateBytes()) >>> 0;
      if (!statePtr) throw loader.limitError('SearchPool snapshot');
      if (!k.indexStateWrite(statePtr)) throw new Error('synthex: a loaded snapshot has pending documents');
      const numberFields = Object.values(state.config.filters).filter((kind) => kind === 'number').length;
      return { region, statePtr, state, numberFields };
    } catch (error) {
      this.release(region);
      throw error;
    }
  }
}

/** In a worker: an Index searching the generation loaded at `statePtr` of the shared `memory`; hits carry doc numbers. */
export async function attachSharedIndex(memory: WebAssembly.Memory, module: WebAssembly.Module | undefined, maxPages: number, region: Region, statePtr: number, state: SnapshotState, numberFields: number): Promise<Index> {
  const wasm = await instantiateSharedKernels(memory, maxPages, region, module);
  const { config } = state;
  // Its own empty structures first (pending documents and the like), then the shared index.
  if (!wasm.kernels.indexInit(config.fields.length, tokenFlagsFor(config.language), config.k1, config.b, numberFields)) throw wasm.limitError('SearchPool worker');
  wasm.kernels.indexStateAttach(statePtr);
  return new Index(wasm, config, state, undefined, true); // ids and stored fields stay with the pool
}
