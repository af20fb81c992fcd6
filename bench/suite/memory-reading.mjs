// One reading of process memory, the same on Node, Bun and Deno: resident set, JS heap in use
// (Bun: JavaScriptCore's heap without its ArrayBuffer/WASM "extra memory"), and WASM bytes as the
// scenario reports them (linear memories of the indexes, arenas and pools it drives).
import process from 'node:process';
import { heapUsed } from '../search/runtime.mjs';

export function readMemory(wasmBytes) {
  const rss = globalThis.Deno ? globalThis.Deno.memoryUsage().rss : process.memoryUsage().rss;
  return { rss, heap: heapUsed(), wasm: wasmBytes ? wasmBytes() : 0 };
}
