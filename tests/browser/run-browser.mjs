// Bundles the browser-safe tests with esbuild, serves them on loopback (cross-origin isolated,
// so SharedArrayBuffer exists), and runs them in Debian's headless Chromium via playwright-core.
import { createServer } from 'node:http';
import { readFile, rm } from 'node:fs/promises';
import { join, extname } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const OUT = '.tmp/browser';
const TIMEOUT_MS = 15 * 60_000;
await rm(OUT, { recursive: true, force: true });
await build({
  entryPoints: ['tests/browser/entry.mjs'], outdir: OUT, bundle: true, splitting: true, format: 'esm',
  platform: 'browser', target: 'es2022', external: ['node:*'], logLevel: 'warning',
  define: { 'process.env.NODE_ENV': '"test"' },
});

const types = { '.js': 'text/javascript', '.html': 'text/html', '.json': 'application/json' };
const page = '<!doctype html><meta charset="utf-8"><title>synthex tests</title><script type="module" src="/entry.js"></script>';
const server = createServer(async (req, res) => {
  const headers = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
  const path = new URL(req.url, 'http://x').pathname;
  try {
    if (path === '/') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html' }).end(page);
    } else if (path === '/search-worker.js' || path.startsWith('/chunks/')) {
      // The pool's worker script and its chunks, from the package build (dist/).
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript' }).end(await readFile(join('dist', path)));
    } else if (path.startsWith('/data/')) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/plain' }).end(await readFile(join('.', path)));
    } else {
      const body = await readFile(join(OUT, path));
      res.writeHead(200, { ...headers, 'Content-Type': types[extname(path)] ?? 'application/octet-stream' }).end(body);
    }
  } catch {
    res.writeHead(404, headers).end('not found');
  }
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
});
let finished;
const done = new Promise((resolve) => { finished = resolve; });
const tab = await browser.newPage();
tab.on('console', (message) => {
  const text = message.text();
  console.log(text);
  if (text.startsWith('@@leg ')) finished(JSON.parse(text.slice(6)));
});
tab.on('pageerror', (error) => {
  console.log(`page error: ${error.message}`);
  finished({ total: 1, passed: 0, failed: 1, skipped: 0 });
});
await tab.goto(url);
const timer = setTimeout(() => finished({ total: 1, passed: 0, failed: 1, skipped: 0, timedOut: true }), TIMEOUT_MS);
const result = await done;
clearTimeout(timer);
await browser.close();
server.close();
process.exit(result.failed ? 1 : 0);
