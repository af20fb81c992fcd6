// npm run build:demo: the browser demo as a static folder, dist/demo/ — the page, its styles,
// main.js (UI), search-worker.js (the engine, in a Web Worker) with the kernel flavours as
// chunks loaded on demand, and cranfield.synx.gz, the embedded collection's snapshot, which the
// worker fetches. Runs after scripts/build.mjs: it bundles the built library (dist/index.js).
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { decadeOf, venueOf } from '../demo/cranfield-facets.mjs';

if (!existsSync('dist/index.js')) throw new Error('build:demo needs the library build first (node scripts/build.mjs)');
const { createIndex } = await import('../dist/index.js');

// Built beside dist/demo and swapped in at the end, so a server never sees half a folder.
const OUT = 'dist/.demo-tmp';
rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });

execFileSync('node_modules/.bin/tsc', ['-p', 'demo/tsconfig.json'], { stdio: 'inherit' });
const bundle = {
  outdir: OUT, bundle: true, format: 'esm', platform: 'browser', target: 'es2022',
  minify: true, legalComments: 'none', logLevel: 'warning',
  // Server-side paths of the library (worker_threads for pools) are never reached in a page.
  external: ['node:*'], logOverride: { 'ignored-bare-import': 'silent' },
};
// The page's script in one file (no shared chunk to wait for on the way to the first result);
// the worker split, so each kernel flavour is a chunk fetched only when that flavour is used.
await build({ ...bundle, entryPoints: { main: 'demo/src/main.ts' } });
const worker = await build({ ...bundle, entryPoints: { 'search-worker': 'demo/src/search-worker.ts' }, splitting: true, chunkNames: 'chunks/[name]-[hash]', metafile: true });
// esbuild emits a chunk for every dynamic import in the graph, even one whose importing code
// was shaken out (the library's shared-memory flavour, which the demo never loads): keep only
// what the worker can actually reach.
const outputs = worker.metafile.outputs;
const reachable = new Set();
const visit = (path) => {
  if (reachable.has(path) || !outputs[path]) return;
  reachable.add(path);
  for (const { path: next } of outputs[path].imports) visit(next);
};
for (const [path, output] of Object.entries(outputs)) if (output.entryPoint === 'demo/src/search-worker.ts') visit(path);
for (const path of Object.keys(outputs)) if (!reachable.has(path)) rmSync(path);
for (const file of ['index.html', 'demo.css']) copyFileSync(`demo/${file}`, `${OUT}/${file}`);

// Cranfield, with the two facets the page offers (see demo/cranfield-facets.mjs).
const index = await createIndex({
  fields: ['title', 'text'],
  store: ['title', 'author', 'source', 'text'],
  filters: { decade: 'keyword', venue: 'keyword' },
});
for (const line of readFileSync('data/cranfield/docs.jsonl', 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const { id, title, author, source, text } = JSON.parse(line);
  index.add({ id, title, author: author ?? '', source: source ?? '', text, decade: decadeOf(source), venue: venueOf(source) });
}
// Gzipped here rather than left to the host: static hosts rarely compress unknown types.
writeFileSync(`${OUT}/cranfield.synx.gz`, gzipSync(index.save(), { level: 9 }));
index.close();

rmSync('dist/demo', { recursive: true, force: true });
renameSync(OUT, 'dist/demo');
console.log('built dist/demo/');
