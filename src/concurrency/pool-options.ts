// SearchPool options, their defaults and validation.
import type { Index } from '../search/search-index.js';

export interface SearchPoolOptions {
  /** What the workers search: an Index (saved once) or snapshot bytes from `save()`. */
  index: Index | Uint8Array;
  /** Workers kept running (default 1). */
  minWorkers?: number;
  /** Workers started under load (default: the machine's core count, at least minWorkers). */
  maxWorkers?: number;
  /** Queries allowed to wait; one more is refused with QueueFullError (default 1024). */
  maxQueue?: number;
  /** A worker above minWorkers idle this long is stopped (default 30,000 ms). */
  idleMs?: number;
  /** A worker with work that answers nothing this long hangs: it is replaced and its queries retried once (default 30,000 ms). */
  hangMs?: number;
  /**
   * Queries sent ahead to each worker, so it never waits for the next and one wake-up of the
   * pool settles several (default 16: under heavy load each wake-up, some 20 µs of the pool's
   * thread and 15 µs of the worker's on a 2-core VM, serves up to 15 answers instead of 7).
   */
  pipeline?: number;
  /**
   * Linear memory ceiling in 64 KiB pages: of each worker's instance, or in shared-memory mode
   * of the one shared memory (default 16384 = 1 GiB there; it is reserved as address space).
   */
  maxMemoryPages?: number;
  /**
   * Load the snapshot once into a shared WebAssembly memory that every worker searches in place
   * (default true; used where SharedArrayBuffer, cross-origin isolation, WASM SIMD and threads
   * are available). false: each worker loads its own copy. `stats().snapshotMode` says which.
   */
  sharedMemory?: boolean;
  /** The worker script (default: dist/search-worker.js beside this module). For bundlers that move files. */
  workerUrl?: URL | string;
}

function cores(): number {
  const n = (globalThis as any).navigator?.hardwareConcurrency;
  return typeof n === 'number' && n > 0 ? n : 2;
}

function count(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new RangeError(`createSearchPool: ${name} must be an integer ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

function sharedMemoryOption(value: unknown): boolean {
  if (value === undefined) return true;
  if (typeof value !== 'boolean') throw new TypeError(`createSearchPool: sharedMemory must be a boolean, got ${String(value)}`);
  return value;
}

export function checkPoolOptions(options: SearchPoolOptions) {
  const minWorkers = count('minWorkers', options.minWorkers, 1, 1);
  const maxWorkers = count('maxWorkers', options.maxWorkers, Math.max(minWorkers, cores()), 1);
  if (maxWorkers < minWorkers) throw new RangeError(`createSearchPool: maxWorkers (${maxWorkers}) is below minWorkers (${minWorkers})`);
  return {
    minWorkers,
    maxWorkers,
    maxQueue: count('maxQueue', options.maxQueue, 1024, 0),
    idleMs: count('idleMs', options.idleMs, 30_000, 1),
    hangMs: count('hangMs', options.hangMs, 30_000, 1),
    pipeline: count('pipeline', options.pipeline, 16, 1),
    maxMemoryPages: options.maxMemoryPages,
    sharedMemory: sharedMemoryOption(options.sharedMemory),
    workerUrl: options.workerUrl ?? '',
  };
}
