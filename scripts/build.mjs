// npm run build: kernels (SIMD, scalar, and threads for shared memory) → build/, host bundle with them inlined → dist/,
// declarations → dist/*.d.ts, and the `synthex` CLI → dist/cli.js.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync, existsSync, chmodSync, rmSync, renameSync } from 'node:fs';
import { inflateSync, deflateSync } from 'node:zlib';
import { build } from 'esbuild';

const bin = (name) => `node_modules/.bin/${name}`;
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit' });

// Static scratch (memory.data(size)) would be one region shared by every instance on a shared
// memory (the threads flavour), and re-zeroed by each instantiation: mutable scratch comes from
// heapScratch(size), per instance. Constant tables (memory.data<T>([...])) are fine.
function checkNoStaticScratch(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) { checkNoStaticScratch(path); continue; }
    if (!entry.name.endsWith('.ts')) continue;
    readFileSync(path, 'utf8').split('\n').forEach((line, i) => {
      if (/memory\.data\(/.test(line.replace(/\/\/.*$/, ''))) {
        throw new Error(`${path}:${i + 1}: static scratch (memory.data(size)) is shared by all instances on a shared memory; use heapScratch(size)`);
      }
    });
  }
}
checkNoStaticScratch('assembly');

mkdirSync('build', { recursive: true });
for (const target of ['simd', 'scalar', 'threads']) run(bin('asc'), ['--target', target]);

// The module imports its memory; its declared minimum (static data) sizes the Memory we create.
function importedMemoryMinPages(bytes) {
  let at = 8;
  const leb = () => { let r = 0, s = 0, b; do { b = bytes[at++]; r |= (b & 0x7f) << s; s += 7; } while (b & 0x80); return r >>> 0; };
  while (at < bytes.length) {
    const id = bytes[at++]; const size = leb(); const end = at + size;
    if (id === 2) {
      for (let n = leb(); n > 0; n--) {
        const skipName = () => { const length = leb(); at += length; };
        skipName(); skipName(); // module and field names
        const kind = bytes[at++];
        if (kind === 0) leb();
        else if (kind === 1) { at++; const f = bytes[at++]; leb(); if (f & 1) leb(); }
        else if (kind === 2) { const f = bytes[at++]; const min = leb(); if (f & 1) leb(); return min; }
        else if (kind === 3) at += 2;
      }
    }
    at = end;
  }
  throw new Error('kernel module does not import its memory');
}
// Per-instance scratch is allocated when an instance starts, so the minimum is the smallest
// memory the start function runs in without growing it (static data alone is smaller; letting
// the heap grow would overshoot by its growth step, half of memory).
async function startedMinPages(target) {
  const bytes = readFileSync(`build/synthex-${target}.wasm`);
  const shared = target === 'threads';
  for (let initial = importedMemoryMinPages(bytes); ; initial++) {
    const memory = new WebAssembly.Memory({ initial, maximum: 65536, shared });
    const { instance: { exports } } = await WebAssembly.instantiate(bytes, { env: { memory, abort: () => { throw new Error('abort'); } } });
    exports._start?.();
    if (memory.buffer.byteLength === initial * 65536) return initial;
  }
}
const minPages = Math.max(...(await Promise.all(['simd', 'scalar', 'threads'].map(startedMinPages))));
writeFileSync('build/meta.json', JSON.stringify({ minPages }) + '\n');

// Each kernel is inlined deflated (zlib format, inflated by DecompressionStream('deflate') in
// src/wasm/compile-inlined.ts). GNU gzip -9 where it exists: Node's bundled zlib (Chromium's
// fork) compresses these modules about 15% worse. Its raw deflate stream is rewrapped as zlib.
function adler32(bytes) {
  let a = 1, b = 0;
  for (let i = 0; i < bytes.length; i++) { a = (a + bytes[i]) % 65521; b = (b + a) % 65521; }
  return ((b << 16) | a) >>> 0;
}
function deflateKernel(bytes) {
  let deflated;
  try {
    const gz = execFileSync('gzip', ['-9', '-n', '-c'], { input: bytes, maxBuffer: 1 << 28 });
    if (gz[0] !== 0x1f || gz[1] !== 0x8b || gz[3] !== 0) throw new Error('unexpected gzip header');
    const trailer = Buffer.alloc(4);
    trailer.writeUInt32BE(adler32(bytes));
    deflated = Buffer.concat([Buffer.from([0x78, 0xda]), gz.subarray(10, gz.length - 8), trailer]);
  } catch (error) {
    console.warn(`gzip unavailable (${error.message}): deflating the kernels with node:zlib, which packs them less tightly`);
    deflated = deflateSync(bytes, { level: 9 });
  }
  if (!inflateSync(deflated).equals(bytes)) throw new Error('deflated kernel does not inflate to the module');
  return deflated;
}
for (const target of ['simd', 'scalar', 'threads']) {
  writeFileSync(`build/synthex-${target}.wasm.deflate`, deflateKernel(readFileSync(`build/synthex-${target}.wasm`)));
}

const common = {
  bundle: true, format: 'esm', platform: 'neutral', target: 'es2022',
  loader: { '.deflate': 'binary' }, logLevel: 'warning', legalComments: 'none',
  mainFields: ['module', 'main'],
};
// Built beside dist/ and swapped in at the end, so a running process never sees half a build.
const OUT = '.dist-tmp';
rmSync(OUT, { recursive: true, force: true });
// The pool's worker script sits beside index.js, where `new URL('./search-worker.js', import.meta.url)` finds it.
// Minified: a page loading dist/ as is (a CDN, no bundler) gets 49 KB of host JS instead of 69 KB
// gzipped. Names are mangled; every error class sets its `name` itself, so errors read the same.
await build({
  ...common, minify: true, outdir: OUT, splitting: true, chunkNames: 'chunks/[name]-[hash]', external: ['node:*', '@redis/client'],
  entryPoints: { index: 'src/index.ts', internal: 'src/internal.ts', 'search-worker': 'src/concurrency/search-worker.ts' },
});
if (existsSync('src/cli/main.ts')) {
  await build({
    ...common, platform: 'node', entryPoints: ['src/cli/main.ts'], outfile: `${OUT}/cli.js`,
    banner: { js: '#!/usr/bin/env node' }, external: ['node:*', '@redis/client'],
  });
  chmodSync(`${OUT}/cli.js`, 0o755);
}
run(bin('tsc'), ['-p', 'tsconfig.json', '--outDir', OUT]);
rmSync('.dist-old', { recursive: true, force: true });
if (existsSync('dist')) renameSync('dist', '.dist-old');
renameSync(OUT, 'dist');
rmSync('.dist-old', { recursive: true, force: true });
console.log(`built dist/ (kernel memory minimum ${minPages} pages)`);
