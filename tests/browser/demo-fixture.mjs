// Shared by the demo's browser tests (tests/browser/demo.*.mjs): the built static folder
// (dist/demo/) served on loopback like any static host — plain, or cross-origin isolated —
// one headless Chromium, and the same Cranfield snapshot loaded in Node as the ranking oracle.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { loadIndex } from '../../dist/index.js';

export const DEMO_DIR = 'dist/demo';
export const ARTIFACTS = '.tmp/artifacts';
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.gz': 'application/gzip' };
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

const servers = new Map();
let browserReady;

/**
 * Base URL of dist/demo served on loopback; `isolated` adds COOP/COEP to every response, `under`
 * serves the folder below a path (as a site hosting the demo in a subfolder would).
 */
export function demoServer({ isolated = false, under = '/' } = {}) {
  const key = `${isolated} ${under}`;
  if (!servers.has(key)) {
    servers.set(key, new Promise((resolve) => {
      const server = createServer(async (req, res) => {
        const requested = new URL(req.url, 'http://x').pathname;
        if (!requested.startsWith(under)) return void res.writeHead(404).end('not found');
        const path = normalize(decodeURIComponent(requested.slice(under.length - 1))).replace(/^(\.\.[/\\])+/, '');
        const file = join(DEMO_DIR, path.endsWith('/') ? `${path}index.html` : path);
        const headers = isolated ? { ...ISOLATION } : {};
        try {
          const body = await readFile(file);
          res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body);
        } catch {
          res.writeHead(404, headers).end('not found');
        }
      });
      server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}${under}` }));
    }));
  }
  return servers.get(key).then(({ url }) => url);
}

export function browser() {
  browserReady ??= chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
  });
  return browserReady;
}

/** A page in a fresh context (its own IndexedDB), with page errors collected. */
export async function openDemo(path = '', { isolated = false, under = '/', viewport = { width: 1280, height: 900 }, colorScheme = 'light', context: reuse } = {}) {
  const context = reuse ?? await (await browser()).newContext({ viewport, colorScheme });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${await demoServer({ isolated, under })}${path}`);
  await page.waitForFunction(() => document.body.dataset.engine === 'ready' || document.body.dataset.engine === 'failed', null, { timeout: 30_000 });
  return { page, context, errors, close: () => (reuse ? page.close() : context.close()) };
}

/** Types a query as a user would and waits for its answer on screen. */
export async function typeQuery(page, query) {
  await page.fill('#q', '');
  await page.type('#q', query);
  await waitForAnswer(page, query);
}

export async function waitForAnswer(page, query) {
  await page.waitForFunction((q) => document.getElementById('status').dataset.query === q, query, { timeout: 30_000 });
}

/** The hits on screen: id, score and the marked words, in rank order. */
export function shownHits(page) {
  return page.$$eval('#hits .hit', (items) => items.map((item) => ({
    id: item.dataset.id,
    rank: Number(item.dataset.rank),
    score: Number(item.dataset.score),
    marks: [...item.querySelectorAll('mark')].map((mark) => mark.textContent.toLowerCase()),
  })));
}

let oracle;
/** The page's own snapshot, loaded in Node: what the worker must answer. */
export function cranfieldOracle() {
  oracle ??= loadIndex(gunzipSync(readFileSync(join(DEMO_DIR, 'cranfield.synx.gz'))));
  return oracle;
}

export async function closeDemoFixtures() {
  if (browserReady) await (await browserReady).close();
  for (const ready of servers.values()) (await ready).server.close();
  if (oracle) (await oracle).close();
}
