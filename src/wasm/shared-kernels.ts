// The threads flavour: kernels built with `--sharedMemory` (SIMD + threads), for instances that
// live side by side in one shared WebAssembly.Memory — a SearchPool loads its snapshot there
// once and every worker's instance searches it in place. Each instance gets a heap region of
// its own (heapInitRegion) before its start function allocates its scratch there.
import { runtimeSupportsSimd } from './simd-probe.js';
import { instantiateKernelModule, type KernelInstance } from './kernel-instance.js';
import { compileInlined } from './compile-inlined.js';

/**
 * Default ceiling of a shared kernel memory: 16384 pages (1 GiB). A shared memory cannot move,
 * so engines reserve its whole maximum as address space up front (not resident memory); 1 GiB
 * leaves room for large snapshots while staying reservable in 32-bit browsers' address space.
 */
export const DEFAULT_SHARED_MAX_PAGES = 16384;

// A module that only imports a shared memory: it validates exactly when the runtime has threads.
const THREADS_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x02, 0x10, 0x01, // import section: 16 bytes, one import
  0x03, 0x65, 0x6e, 0x76, 0x06, 0x6d, 0x65, 0x6d, 0x6f, 0x72, 0x79, // "env" "memory"
  0x02, 0x03, 0x01, 0x01, // memory, shared with a maximum, 1 page, at most 1
]);

let compiled: Promise<WebAssembly.Module> | undefined;
let supported: boolean | undefined;

function environmentRefuses(): boolean {
  try {
    const value = (globalThis as any).process?.env?.SYNTHEX_SHARED_MEMORY;
    return value === '0' || value === 'false';
  } catch {
    return false;
  }
}

/**
 * Whether shared kernel memory works here: SharedArrayBuffer exists (a page must be
 * cross-origin isolated), the runtime has WASM SIMD and threads, and a shared Memory can be made.
 * SYNTHEX_SHARED_MEMORY=0 turns it off (tests of the per-worker fallback).
 */
export function sharedKernelsSupported(): boolean {
  if (environmentRefuses()) return false;
  if (supported !== undefined) return supported;
  supported = false;
  try {
    if (typeof SharedArrayBuffer !== 'function' || (globalThis as any).crossOriginIsolated === false) return false;
    if (!runtimeSupportsSimd() || !WebAssembly.validate(THREADS_PROBE)) return false;
    const probe = new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true } as WebAssembly.MemoryDescriptor);
    supported = probe.buffer instanceof SharedArrayBuffer;
  } catch {
    supported = false;
  }
  return supported;
}

export function createSharedMemory(maxPages: number, initialPages = 1): WebAssembly.Memory {
  return new WebAssembly.Memory({ initial: initialPages, maximum: maxPages, shared: true } as WebAssembly.MemoryDescriptor);
}

/** The compiled threads module: posted to workers, engines share its code instead of compiling it again per worker. */
export function sharedKernelModule(): Promise<WebAssembly.Module> {
  return compile();
}

function compile(): Promise<WebAssembly.Module> {
  if (!compiled) {
    compiled = import('./kernel-bytes-threads.js').then(({ default: deflated }) => compileInlined(deflated));
    compiled.catch(() => { compiled = undefined; });
  }
  return compiled;
}

/**
 * A threads-flavour instance on `memory`. With `region` ([start, bytes], reserved by another
 * instance's heap) its heap is that region; without, it is everything above static data — only
 * for the first instance on a fresh memory.
 */
export async function instantiateSharedKernels(memory: WebAssembly.Memory, maxPages: number, region?: readonly [number, number], compiled?: WebAssembly.Module): Promise<KernelInstance> {
  const module = compiled ?? await compile();
  return instantiateKernelModule(module, memory, maxPages, 'threads', (exports) => {
    if (region && !exports.heapInitRegion(region[0], region[1])) throw new RangeError(`synthex: a heap region of ${region[1]} bytes is too small`);
    exports._start();
  });
}
