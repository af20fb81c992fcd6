// What the search benchmarks need from the runtime, the same on Node, Bun and Deno:
// its name, a forced GC, the JS heap in use, command-line options and the results folder.
import process from 'node:process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const runtimeName = globalThis.Deno ? 'deno' : globalThis.Bun ? 'bun' : 'node';

/** How a full GC is forced here, or undefined when this runtime was started without one. */
export const gcMethod = globalThis.Bun
  ? 'Bun.gc(true)'
  : typeof globalThis.gc === 'function' ? 'gc()' : undefined;

/** Forces a full collection (twice: weak references and finalizers settle on the second). */
export function forceGc() {
  if (globalThis.Bun) { globalThis.Bun.gc(true); globalThis.Bun.gc(true); return true; }
  if (typeof globalThis.gc === 'function') { globalThis.gc(); globalThis.gc(); return true; }
  return false;
}

/**
 * Lets the current job end (a macrotask turn), then forces a full GC. Objects touched through a
 * WeakRef during a job stay alive until it ends, so a GC inside the same chain of awaits can
 * miss an index that was just released.
 */
export async function settleAndGc() {
  await new Promise((resolve) => setTimeout(resolve, 0));
  return forceGc();
}

const jsc = globalThis.Bun ? await import('bun:jsc') : undefined;

/**
 * Bytes of JS objects in use: V8's heapUsed (Node, Deno). Bun's heapUsed is JavaScriptCore's heap
 * size including "extra memory" — the external bytes of ArrayBuffers and WASM memories (it counts
 * an index's linear memory about twice) — so there the extra memory is taken out.
 */
export function heapUsed() {
  if (jsc) {
    const { heapSize, extraMemorySize } = jsc.heapStats();
    return heapSize - extraMemorySize;
  }
  return globalThis.Deno ? globalThis.Deno.memoryUsage().heapUsed : process.memoryUsage().heapUsed;
}

/** `--name value` or `--name=value`; flags without a value give true. */
export function option(name, fallback) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}`) return argv[i + 1] !== undefined && !argv[i + 1].startsWith('--') ? argv[i + 1] : true;
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return fallback;
}

/** Writes bench-results/<name> at the repository root (git-ignored) and returns its path. */
export function writeResults(name, value) {
  const dir = fileURLToPath(new URL('../../bench-results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const path = `${dir}${name}`;
  writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
  return path;
}

export const now = () => performance.now();

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const MB = 2 ** 20;
export const utf8Bytes = (() => {
  const encoder = new TextEncoder();
  return (text) => encoder.encode(text).length;
})();

/** Which engine build ran: modification time and SHA-256 prefix of dist/index.js (others rebuild dist/). */
export async function distFingerprint() {
  const { readFileSync, statSync } = await import('node:fs');
  const path = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
  const digest = await crypto.subtle.digest('SHA-256', readFileSync(path));
  const sha256 = [...new Uint8Array(digest)].slice(0, 6).map((b) => b.toString(16).padStart(2, '0')).join('');
  return { file: 'dist/index.js', sha256, modified: statSync(path).mtime.toISOString() };
}
