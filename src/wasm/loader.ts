// Compiles the kernel module once per flavour (asynchronously: browsers refuse large
// synchronous compiles) and hands every engine object its own instance and memory. Each
// flavour's inlined bytes sit in a module of their own, loaded on first compile.
import meta from '../../build/meta.json';
import { runtimeSupportsSimd } from './simd-probe.js';
import { instantiateKernelModule, type KernelInstance } from './kernel-instance.js';
import { compileInlined } from './compile-inlined.js';

export type WasmFlavour = 'simd' | 'scalar';

export interface WasmOptions {
  /** Ceiling for this instance's linear memory, in 64 KiB pages (default 32768 = 2 GiB). */
  maxMemoryPages?: number;
}

export const DEFAULT_MAX_MEMORY_PAGES = 32768;
const WASM32_MAX_PAGES = 65536;

const compiled: Partial<Record<WasmFlavour, Promise<WebAssembly.Module>>> = {};
let forcedFlavour: WasmFlavour | undefined;

// SYNTHEX_WASM is read once, on first use: a process.env read costs ~0.6 µs on Node and Deno,
// and aggregate() asks for the flavour on every call. null: not read yet.
let environmentFlavour: WasmFlavour | undefined | null = null;

function flavourFromEnvironment(): WasmFlavour | undefined {
  if (environmentFlavour !== null) return environmentFlavour;
  let value: unknown;
  try {
    value = (globalThis as any).process?.env?.SYNTHEX_WASM;
  } catch {
    // Deno without --allow-env refuses; the default choice stands.
  }
  environmentFlavour = value === 'simd' || value === 'scalar' ? value : undefined;
  return environmentFlavour;
}

/** Forces a flavour for instances created from now on (tests, benchmarks); undefined restores auto. */
export function setWasmFlavour(flavour: WasmFlavour | undefined): void {
  if (flavour !== undefined && flavour !== 'simd' && flavour !== 'scalar') {
    throw new TypeError(`setWasmFlavour: expected 'simd', 'scalar' or undefined, got ${String(flavour)}`);
  }
  forcedFlavour = flavour;
}

/** The flavour new instances use: forced, then SYNTHEX_WASM, then SIMD when the runtime validates it. */
export function wasmFlavour(): WasmFlavour {
  const chosen = forcedFlavour ?? flavourFromEnvironment();
  if (chosen === 'simd' && !runtimeSupportsSimd()) {
    throw new Error('synthex: SIMD flavour requested but this runtime does not support WebAssembly SIMD');
  }
  return chosen ?? (runtimeSupportsSimd() ? 'simd' : 'scalar');
}

function compile(flavour: WasmFlavour): Promise<WebAssembly.Module> {
  let module = compiled[flavour];
  if (!module) {
    const bytes = flavour === 'simd' ? import('./kernel-bytes-simd.js') : import('./kernel-bytes-scalar.js');
    module = bytes.then(({ default: deflated }) => compileInlined(deflated));
    compiled[flavour] = module;
    module.catch(() => { delete compiled[flavour]; });
  }
  return module;
}

function checkMaxPages(value: number | undefined): number {
  if (value === undefined) return DEFAULT_MAX_MEMORY_PAGES;
  if (!Number.isInteger(value) || value < meta.minPages + 1 || value > WASM32_MAX_PAGES) {
    throw new RangeError(`maxMemoryPages must be an integer between ${meta.minPages + 1} and ${WASM32_MAX_PAGES}, got ${String(value)}`);
  }
  return value;
}

/**
 * A fresh kernel instance with its own linear memory. `expectedBytes` sizes the memory up front
 * (a snapshot about to be loaded) so it is not grown step by step; `flavour` defaults to
 * wasmFlavour() (a replacement instance keeps the flavour of the one it replaces).
 */
export async function instantiateKernels(options: WasmOptions = {}, expectedBytes = 0, flavour: WasmFlavour = wasmFlavour()): Promise<KernelInstance> {
  const maxPages = checkMaxPages(options.maxMemoryPages);
  const module = await compile(flavour);
  const initial = Math.min(maxPages, Math.max(meta.minPages, meta.minPages + Math.ceil(expectedBytes / 65536)));
  const memory = new WebAssembly.Memory({ initial, maximum: maxPages });
  return instantiateKernelModule(module, memory, maxPages, flavour);
}
