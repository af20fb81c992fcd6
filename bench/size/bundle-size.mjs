// What a browser user pays for synthex, in bytes over the wire: an app that imports
// `{ createIndex, loadIndex }` bundled with esbuild (minify, tree shaking, ESM, platform browser),
// counting the JS the page loads up front plus the one kernel chunk (the inlined WASM) that the
// first createIndex/loadIndex fetches. Also the whole package entry, MiniSearch measured the same
// way, and the demo's static folder (dist/demo/) when it has been built.
// Run: node scripts/build.mjs && node bench/size/bundle-size.mjs [--json]
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = join(root, '.tmp', 'bundle-size');
const KB = 1024;
// Pagefind ships no npm bundle to measure here: its own figure, as the issue states it.
const PAGEFIND_STATED_GZIP = 85 * KB;

if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('dist/ is missing: run `node scripts/build.mjs` first');
  process.exit(2);
}

// GNU gzip -9 where it exists: Node's bundled zlib (Chromium's fork) compresses WASM-like data up
// to 15% worse than the zlib that web servers and CDNs use, which would overstate every figure.
let gzipTool = 'gzip -9';
try {
  execFileSync('gzip', ['--version'], { stdio: 'ignore' });
} catch {
  gzipTool = 'node:zlib level 9';
}
function gzipBytes(bytes) {
  if (gzipTool === 'gzip -9') return execFileSync('gzip', ['-9', '-n', '-c'], { input: bytes, maxBuffer: 1 << 28 }).length;
  return gzipSync(bytes, { level: 9 }).length;
}
const brotliBytes = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Sizes of a set of files fetched separately (each compressed on its own, as a server does). */
function sizes(files) {
  let raw = 0, gzip = 0, brotli = 0;
  for (const file of files) {
    const bytes = readFileSync(file);
    raw += bytes.length;
    gzip += gzipBytes(bytes);
    brotli += brotliBytes(bytes);
  }
  return { raw, gzip, brotli, files: files.length };
}
const add = (...parts) => parts.reduce((sum, p) => ({
  raw: sum.raw + p.raw, gzip: sum.gzip + p.gzip, brotli: sum.brotli + p.brotli, files: sum.files + p.files,
}), { raw: 0, gzip: 0, brotli: 0, files: 0 });

/**
 * Bundles `source` as an app would. Returns the up-front JS (the entry chunk and the chunks it
 * imports statically) and each lazily imported chunk keyed by the source module that produced it.
 */
async function bundleApp(name, source) {
  const dir = join(scratch, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const entry = join(dir, 'app.mjs');
  writeFileSync(entry, source);
  const { metafile } = await build({
    entryPoints: [entry], outdir: join(dir, 'out'), bundle: true, minify: true, treeShaking: true,
    format: 'esm', platform: 'browser', target: 'es2022', splitting: true, metafile: true,
    logLevel: 'error', absWorkingDir: root, legalComments: 'none',
  });
  const outputs = metafile.outputs;
  const entryChunk = Object.keys(outputs).find((file) => outputs[file].entryPoint);
  const upFront = new Set();
  const visit = (file) => {
    if (upFront.has(file)) return;
    upFront.add(file);
    for (const dep of outputs[file].imports) if (dep.kind === 'import-statement' && !dep.external) visit(dep.path);
  };
  visit(entryChunk);
  const lazy = {};
  for (const [file, output] of Object.entries(outputs)) {
    if (upFront.has(file) || file.endsWith('.map')) continue;
    const origin = Object.keys(output.inputs).find((input) => /kernel-bytes-(simd|scalar|threads)/.test(input));
    lazy[origin ? origin.match(/kernel-bytes-(\w+)/)[1] : relative(root, file)] = join(root, file);
  }
  const flavourChunk = (flavour) => (lazy[flavour] ? sizes([lazy[flavour]]) : undefined);
  return {
    js: sizes([...upFront].map((file) => join(root, file))),
    simd: flavourChunk('simd'), scalar: flavourChunk('scalar'), threads: flavourChunk('threads'),
    otherLazy: Object.keys(lazy).filter((k) => !['simd', 'scalar', 'threads'].includes(k)),
  };
}

/**
 * The demo's static folder by kind, as a first visit loads it: JS, the SIMD kernel chunk (the
 * inlined WASM), CSS, HTML, the snapshot. Chunks a page loads only when needed (the scalar and
 * threads kernels, the inflate fallback) are listed apart and left out of the total.
 */
function demoSizes(dir) {
  const files = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else files.push(path);
    }
  };
  walk(dir);
  const kinds = { JS: [], 'WASM (SIMD kernel chunk)': [], CSS: [], HTML: [], 'snapshot and other data': [], 'only when needed (scalar, threads, inflate fallback)': [] };
  for (const file of files) {
    if (file.endsWith('.map')) continue;
    const name = relative(dir, file);
    if (/kernel-bytes-simd|\.wasm$/.test(name)) kinds['WASM (SIMD kernel chunk)'].push(file);
    else if (/kernel-bytes-(scalar|threads)|inflate-fallback/.test(name)) kinds['only when needed (scalar, threads, inflate fallback)'].push(file);
    else if (/\.m?js$/.test(name)) kinds.JS.push(file);
    else if (name.endsWith('.css')) kinds.CSS.push(file);
    else if (/\.html?$/.test(name)) kinds.HTML.push(file);
    else kinds['snapshot and other data'].push(file);
  }
  return Object.fromEntries(Object.entries(kinds).map(([kind, list]) => [kind, { ...sizes(list), names: list.map((f) => relative(dir, f)) }]));
}
const DEMO_NOT_LOADED = 'only when needed (scalar, threads, inflate fallback)';

const kb = (bytes) => (bytes / KB).toFixed(1);
const row = (label, s, note = '') => `| ${label} | ${kb(s.raw)} | **${kb(s.gzip)}** | ${kb(s.brotli)} | ${note} |`;

const library = await bundleApp('library', "import { createIndex, loadIndex } from 'synthex';\nglobalThis.synthex = { createIndex, loadIndex };\n");
const everything = await bundleApp('package', "import * as synthex from 'synthex';\nglobalThis.synthex = synthex;\n");
const minisearch = await bundleApp('minisearch', "import MiniSearch from 'minisearch';\nglobalThis.MiniSearch = MiniSearch;\n");
// dist/ as published, imported with no bundler (a CDN, an import map): index.js, every chunk it
// imports statically, and the SIMD kernel chunk.
function publishedFiles() {
  const seen = new Set();
  const visit = (file) => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(file, 'utf8');
    for (const [, spec] of text.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^'"();]*?from\s*)?["'](\.[^"']+)["']/g)) {
      visit(join(file, '..', spec));
    }
  };
  visit(join(root, 'dist', 'index.js'));
  const kernel = readdirSync(join(root, 'dist', 'chunks')).find((name) => name.startsWith('kernel-bytes-simd-'));
  return { js: sizes([...seen]), simd: sizes([join(root, 'dist', 'chunks', kernel)]) };
}
const published = publishedFiles();
const demoDir = join(root, 'dist', 'demo');
const demo = existsSync(demoDir) && statSync(demoDir).isDirectory() ? demoSizes(demoDir) : undefined;

const libraryTotal = add(library.js, library.simd);
const result = {
  gzipTool,
  library: { js: library.js, simd: library.simd, scalar: library.scalar, totalSimd: libraryTotal, totalScalar: add(library.js, library.scalar) },
  published: { js: published.js, simd: published.simd, totalSimd: add(published.js, published.simd) },
  package: { js: everything.js, simd: everything.simd, threads: everything.threads, totalSimd: add(everything.js, everything.simd) },
  minisearch: minisearch.js,
  pagefindStatedGzip: PAGEFIND_STATED_GZIP,
  demo,
};

if (process.argv.includes('--json')) {
  console.log(JSON.stringify(result, null, 2));
} else {
  const lines = [
    `Bundled with esbuild (minify, tree shaking, ESM, platform browser); KB = 1024 bytes; gzip: ${gzipTool}; brotli: quality 11.`,
    '',
    '| What a browser loads | raw KB | gzip KB | brotli KB | |',
    '|---|---:|---:|---:|---|',
    row('synthex `createIndex`, `loadIndex`: JS', library.js),
    row('+ SIMD kernel (inlined WASM chunk)', library.simd),
    row('**synthex library, JS + WASM (SIMD)**', libraryTotal, 'goal ≤ 60 KB gzip'),
    row('synthex library, JS + WASM (scalar fallback)', result.library.totalScalar),
    row('synthex whole package entry, JS', everything.js, 'pool, MCP, server, metrics…'),
    row('synthex whole package entry, JS + WASM (SIMD)', result.package.totalSimd),
    row('dist/ as published, no bundler: index.js + its chunks + SIMD kernel', result.published.totalSimd, 'everything, e.g. from a CDN'),
    row('MiniSearch 7 (no WASM)', minisearch.js, 'measured the same way'),
    `| Pagefind (UI, worker and WASM) | – | ~${kb(PAGEFIND_STATED_GZIP)} | – | stated figure, not measured |`,
  ];
  if (demo) {
    lines.push('', '| Demo, dist/demo/ | files | raw KB | gzip KB | brotli KB |', '|---|---:|---:|---:|---:|');
    for (const [kind, s] of Object.entries(demo)) {
      if (s.files && kind !== DEMO_NOT_LOADED) lines.push(`| ${kind} | ${s.files} | ${kb(s.raw)} | ${kb(s.gzip)} | ${kb(s.brotli)} |`);
    }
    const total = add(...Object.entries(demo).filter(([kind]) => kind !== DEMO_NOT_LOADED).map(([, s]) => s));
    lines.push(`| **demo, first visit** | ${total.files} | ${kb(total.raw)} | **${kb(total.gzip)}** | ${kb(total.brotli)} |`);
    const apart = demo[DEMO_NOT_LOADED];
    if (apart.files) lines.push(`| ${DEMO_NOT_LOADED} | ${apart.files} | ${kb(apart.raw)} | ${kb(apart.gzip)} | ${kb(apart.brotli)} |`);
  } else {
    lines.push('', '(dist/demo/ not built: `npm run build:demo` adds the demo\'s sizes.)');
  }
  if (library.otherLazy.length) lines.push('', `Other chunks of the library bundle, loaded only when needed (not counted): ${library.otherLazy.map((f) => f.split('/').pop()).join(', ')}`);
  console.log(lines.join('\n'));
}
