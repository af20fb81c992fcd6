// synthex/internal: raw kernel access for synthex's own tests and benchmarks. Not a stable API.
export { instantiateKernels } from './wasm/loader.js';
export { compileInlined } from './wasm/compile-inlined.js';
export { inflateFallback } from './wasm/inflate-fallback.js';
export { sharedKernelsSupported, createSharedMemory, instantiateSharedKernels } from './wasm/shared-kernels.js';
export type { KernelInstance } from './wasm/kernel-instance.js';
export type { KernelExports } from './wasm/kernel-exports.js';
export * from './search/query-language.js';
export * from './search/result-cache.js';
export * from './search/snippet.js';
export { serveSearchWorker, currentWorkerPort, type WorkerPort } from './concurrency/search-worker-loop.js';
export { minhashSignatures, MINHASH_SIZE, aggregationKernels } from './concurrency/near-duplicates.js';
export { CircuitBreaker } from './cache/circuit-breaker.js';
export { ConnectionPool } from './cache/connection-pool.js';
export { encodeCachePayload, decodeCachePayload } from './cache/payload-codec.js';
export { crc32 } from './cache/crc32.js';
export { keySlot } from './cache/key-slot.js';
export { textKind, BLANK, PLAIN, GRAMMAR as GRAMMAR_TEXT } from './search/plain-text.js';
