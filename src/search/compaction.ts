// Giving memory back. Linear memory can grow but never shrink, and a bulk build peaks far above
// what the finished index needs (pending-document buffers, a merge holding old and new
// segments at once): Cranfield ends at 7–8 MB of memory for 3 MB of index, SpamAssassin at
// 38 MB for 13 MB. When a flush leaves at least as much free as live (and at least
// MIN_FREE_BYTES), the index moves into a fresh instance sized to fit: its kernel state is
// written as a snapshot section and loaded there (no re-tokenizing; segments are copied byte
// for byte), and the old memory is left to the garbage collector.
import { instantiateKernels } from '../wasm/loader.js';
import type { KernelInstance } from '../wasm/kernel-instance.js';

// Below this a move gains too little to be worth its cost (about a save() and a loadIndex()).
// Cranfield's bulk build leaves 3.9–4.7 MB free, depending on where memory grew: at 4 MiB its
// move depended on that luck.
const MIN_FREE_BYTES = 2 << 20;

/** Whether enough of this instance's memory is free to be worth a move. */
export function worthCompacting(wasm: KernelInstance): boolean {
  if (wasm.flavour === 'threads') return false; // shared with a pool's workers: never moved
  const live = wasm.kernels.heapUsedBytes();
  return wasm.memoryBytes - live >= Math.max(MIN_FREE_BYTES, live);
}

/**
 * A new instance of the same flavour and ceiling, its memory sized like loadIndex sizes it: the
 * snapshot section (which the index keeps, its segments stay in it) plus the arrays copied out.
 */
export function freshInstanceFor(wasm: KernelInstance): Promise<KernelInstance> {
  const size = wasm.kernels.snapshotPrepare();
  return instantiateKernels({ maxMemoryPages: wasm.maxPages }, Math.ceil(size * 1.3) + (1 << 20), wasm.flavour === 'threads' ? undefined : wasm.flavour);
}

/**
 * Copies the index in `from` (no pending documents) into `to`, already initialised with the
 * same configuration. False, with `from` untouched, when either memory cannot hold the copy.
 */
export function copyIndex(from: KernelInstance, to: KernelInstance): boolean {
  const k = from.kernels;
  const size = k.snapshotPrepare();
  if (!size) return false;
  const ptr = k.heapAlloc(size) >>> 0;
  if (!ptr) return false;
  try {
    k.snapshotWrite(ptr);
    const at = to.kernels.heapAlloc(size) >>> 0;
    if (!at) return false;
    to.u8.set(from.u8.subarray(ptr, ptr + size), at);
    // The kernel section of our own snapshot: it validates, and `to` now owns the block.
    if (to.kernels.snapshotLoad(at, at, size) !== 0) {
      to.kernels.heapFree(at);
      return false;
    }
    return true;
  } finally {
    k.heapFree(ptr);
  }
}
