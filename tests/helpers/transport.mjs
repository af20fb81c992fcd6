// Pools over each transport the runtime offers. The pool picks shared rings by itself where
// SharedArrayBuffer (with cross-origin isolation) and Atomics.waitAsync exist; hiding
// Atomics.waitAsync while one is constructed gets the message transport every runtime has.
import { createSearchPool } from '../../dist/index.js';

export const ringsAvailable = typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated !== false && typeof Atomics.waitAsync === 'function';
export const transports = ringsAvailable ? ['shared-rings', 'messages'] : ['messages'];

export async function poolOver(transport, options) {
  if (transport === 'shared-rings') return createSearchPool(options);
  const waitAsync = Atomics.waitAsync;
  Atomics.waitAsync = undefined;
  const pool = createSearchPool(options); // the transport is chosen as the pool is constructed, synchronously
  Atomics.waitAsync = waitAsync;
  return pool;
}
