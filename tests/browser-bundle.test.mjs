// An app that imports only createIndex/loadIndex, bundled for the browser with esbuild and no
// extra configuration: it must build (no node:* specifier left for the bundler to resolve), leave
// out the server-side parts (MCP, HTTP server, worker pool), load the kernel lazily, stay within
// the size goal, and work.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
// A computed specifier: the browser leg bundles every test file's imports, and esbuild is not for browsers.
const ESBUILD = 'esbuild';
const { build } = await import(ESBUILD);

const APP = `import { createIndex, loadIndex } from 'synthex';
const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title'] });
index.add({ id: 'a', title: 'Wing flutter', text: 'lift and drag of a swept wing' });
index.add({ id: 'b', title: 'Boundary layer', text: 'laminar flow over a flat plate' });
const again = await loadIndex(index.save());
export const ids = again.search('wing lift').hits.map((hit) => hit.id);
`;

async function bundle(dir) {
  const entry = join(dir, 'app.mjs');
  writeFileSync(entry, APP);
  return build({
    entryPoints: [entry], outdir: join(dir, 'out'), bundle: true, minify: true, format: 'esm',
    platform: 'browser', target: 'es2022', splitting: true, metafile: true, logLevel: 'silent',
    absWorkingDir: resolve('.'), nodePaths: [],
  });
}

// Issue 10's goal: what such a page loads (its JS and the SIMD kernel chunk) is at most 60 KB gzipped.
const GOAL_GZIP_BYTES = 60 * 1024;

test('createIndex/loadIndex bundle for the browser with no externals, lean (≤ 60 KB gzip with the SIMD kernel), kernel lazy, and search', async () => {
  // Inside the package folder so that 'synthex' resolves to this package (its exports map).
  mkdirSync('.tmp', { recursive: true });
  const dir = mkdtempSync(join(resolve('.tmp'), 'browser-bundle-'));
  try {
    const { metafile } = await bundle(dir);
    const outputs = Object.entries(metafile.outputs);
    const [entryFile, entryOutput] = outputs.find(([, output]) => output.entryPoint);
    const entryText = readFileSync(resolve(entryFile), 'utf8');
    assert.not.match(entryText, /(?:\bimport\s*\(?|\bfrom)\s*["']node:/, 'a node:* import is left in the browser bundle');
    const inputs = outputs.flatMap(([, output]) => Object.keys(output.inputs));
    for (const part of ['src/mcp/', 'src/server/', 'concurrency/search-pool', 'metrics/registry']) {
      assert.not.ok(inputs.some((input) => input.includes(part) || input.includes(part.replace('src/', 'dist/'))), `${part} is bundled`);
    }
    // The kernels arrive in chunks of their own, imported on first use, not in the entry.
    assert.ok(entryOutput.imports.some((i) => i.kind === 'dynamic-import'), 'no lazily imported kernel chunk');
    assert.ok(entryText.length < 100_000, `entry chunk is ${entryText.length} bytes: kernel bytes inlined up front?`);
    const upFront = [entryFile, ...entryOutput.imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => i.path)];
    const simdChunk = outputs.find(([, output]) => Object.keys(output.inputs).some((input) => input.includes('kernel-bytes-simd')));
    assert.ok(simdChunk, 'no SIMD kernel chunk');
    const gzipped = [...upFront, simdChunk[0]].reduce((sum, file) => sum + gzipSync(readFileSync(resolve(file)), { level: 9 }).length, 0);
    assert.ok(gzipped <= GOAL_GZIP_BYTES, `JS + SIMD kernel: ${gzipped} bytes gzipped, over the ${GOAL_GZIP_BYTES} goal`);
    const { ids } = await import(pathToFileURL(resolve(entryFile)).href);
    assert.equal(ids, ['a']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
