// synthex/internal: raw kernel access for synthex's own tests and benchmarks. Not a stable API.
export { instantiateKernels } from './wasm/loader.js';
export type { KernelInstance } from './wasm/kernel-instance.js';
export type { KernelExports } from './wasm/kernel-exports.js';
