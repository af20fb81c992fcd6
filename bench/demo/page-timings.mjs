// The browser demo's headline timings, in Debian's headless Chromium (playwright-core) against
// the built dist/demo/ served on loopback:
//   - page load → first result on the embedded Cranfield corpus (a fresh browser context per run,
//     so nothing is cached: HTML, scripts, the kernel compile and the 1 MB snapshot all count),
//     from a plain static host and from a cross-origin isolated one (COOP + COEP);
//   - in-browser indexing speed in MB/s (the page's own figure: read, parse, index, build the
//     segment; the IndexedDB write is reported apart) for a generated multi-MB corpus, as one
//     .jsonl file and as many .txt files;
//   - beside it, the same .jsonl indexed in this Node process the way the worker does it (the
//     reference: what the engine does without a browser around it);
//   - a reload after indexing: page load → engine ready with the files' snapshot from IndexedDB;
//   - the page's own p50/p99 over Cranfield's 225 queries (isolated: 5 µs timers).
// Runs are interleaved (A, B, A, B, …) and reported as medians with min–max.
//
//   node bench/demo/page-timings.mjs [--runs 5] [--mb 8]
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { gunzipSync } from 'node:zlib';
import { createIndex, loadIndex } from '../../dist/index.js';
import { generateZipfCorpus } from '../data/zipf-corpus.mjs';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, mb: { type: 'string', default: '8' } } });
const RUNS = Number(values.runs);
const TARGET_BYTES = Number(values.mb) * 1e6;
const DIR = 'dist/demo';
if (!existsSync(`${DIR}/index.html`)) throw new Error('dist/demo is missing: npm run build');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.gz': 'application/gzip' };
function staticServer(isolated) {
  const server = createServer(async (req, res) => {
    const path = normalize(new URL(req.url, 'http://x').pathname).replace(/^(\.\.[/\\])+/, '');
    const headers = isolated ? { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' } : {};
    try {
      const file = join(DIR, path.endsWith('/') ? `${path}index.html` : path);
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404, headers).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${server.address().port}/` })));
}

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
const spread = (xs) => `${median(xs).toFixed(1)} (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;

// The generated corpus: Zipf-distributed made-up words, as JSON Lines and as .txt files.
const records = [];
let size = 0;
for (const doc of generateZipfCorpus({ docs: 1e7, seed: 7 })) {
  const line = JSON.stringify(doc);
  size += line.length + 1;
  records.push(doc);
  if (size >= TARGET_BYTES) break;
}
const jsonl = Buffer.from(records.map((doc) => JSON.stringify(doc)).join('\n'));
const PER_FILE = Math.ceil(records.length / 200);
const txtFiles = [];
for (let i = 0; i < records.length; i += PER_FILE) {
  txtFiles.push({ name: `doc-${txtFiles.length}.txt`, mimeType: 'text/plain', buffer: Buffer.from(records.slice(i, i + PER_FILE).map((d) => `${d.title}\n${d.text}`).join('\n\n')) });
}
const corpora = {
  [`one .jsonl (${(jsonl.length / 1e6).toFixed(1)} MB, ${records.length} records)`]: [{ name: 'corpus.jsonl', mimeType: 'application/x-ndjson', buffer: jsonl }],
  [`${txtFiles.length} .txt files (${(txtFiles.reduce((n, f) => n + f.buffer.length, 0) / 1e6).toFixed(1)} MB)`]: txtFiles,
};

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
});
const hosts = { static: await staticServer(false), isolated: await staticServer(true) };
const loadBefore = loadavg()[0];

async function firstResult(url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(`${url}?q=boundary+layer+transition`);
    await page.waitForFunction(() => performance.getEntriesByName('synthex:first-result').length > 0 && document.body.dataset.engine === 'ready', null, { timeout: 60_000 });
    return await page.evaluate(() => ({
      first: performance.getEntriesByName('synthex:first-result')[0].startTime,
      startup: ['synthex:main-start', 'synthex:engine-ready'].map((name) => `${name.slice(8)} ${performance.getEntriesByName(name)[0].startTime.toFixed(0)}`).join(', '),
    }));
  } finally {
    await context.close();
  }
}

async function indexing(url, files) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.engine === 'ready');
    await page.setInputFiles('#file-input', files);
    await page.waitForFunction(() => document.getElementById('index-status').dataset.state === 'done', null, { timeout: 300_000 });
    const text = await page.textContent('#index-status');
    if (!/^Indexed/.test(text)) throw new Error(text);
    const result = { mbps: Number(await page.getAttribute('#index-status', 'data-mbps')), persistMs: Number(/IndexedDB, (\d+) ms/.exec(text)?.[1] ?? NaN), snapshot: await page.textContent('[data-number="index-size"]') };
    // The reload that IndexedDB makes instant: both collections loaded again, no re-indexing.
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.engine === 'ready' && document.querySelector('[data-collection="files"]').getAttribute('aria-pressed') === 'true', null, { timeout: 120_000 });
    result.reloadMs = await page.evaluate(() => performance.getEntriesByName('synthex:engine-ready')[0].startTime);
    return result;
  } finally {
    await context.close();
  }
}

async function queryLatency(url) {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => document.body.dataset.engine === 'ready');
    const queries = readFileSync('data/cranfield/queries.jsonl', 'utf8').trim().split('\n').map((line) => JSON.parse(line).text);
    for (const query of queries) {
      await page.fill('#q', query);
      await page.waitForFunction((q) => document.getElementById('status').dataset.query === q, query);
    }
    return { p50: await page.textContent('[data-number="p50"]'), p99: await page.textContent('[data-number="p99"]') };
  } finally {
    await context.close();
  }
}

/** The worker's work on the .jsonl, in Node: decode, parse each line, add, build the segment. */
async function nodeIndexing() {
  const started = performance.now();
  const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title', 'text', 'path'], filters: { type: 'keyword' } });
  let n = 0;
  for (const line of new TextDecoder('utf-8', { fatal: true }).decode(jsonl).split('\n')) {
    const { title, ...rest } = JSON.parse(line);
    index.add({ id: `corpus.jsonl#${++n}`, title, text: Object.values(rest).join('\n'), path: 'corpus.jsonl', type: 'jsonl' });
  }
  index.search('');
  const ms = performance.now() - started;
  index.close();
  return jsonl.length / 1e6 / (ms / 1000);
}

/** The page's query options on the same snapshot in Node, and plain ranking: p50/p99 in µs. */
async function nodeQueryLatency() {
  const index = await loadIndex(gunzipSync(readFileSync(`${DIR}/cranfield.synx.gz`)));
  const queries = readFileSync('data/cranfield/queries.jsonl', 'utf8').trim().split('\n').map((line) => JSON.parse(line).text);
  const out = {};
  for (const [name, options] of [['as the page asks (highlight, facets)', { limit: 10, highlight: true, facets: ['decade', 'venue'] }], ['ranking only', { limit: 10 }]]) {
    for (const query of queries) index.search(query, options); // warm-up
    const times = [];
    for (let round = 0; round < 5; round++) for (const query of queries) { const t = performance.now(); index.search(query, options); times.push((performance.now() - t) * 1000); }
    times.sort((a, b) => a - b);
    out[name] = `p50 ${times[times.length >> 1].toFixed(0)} µs, p99 ${times[Math.floor(times.length * 0.99)].toFixed(0)} µs`;
  }
  index.close();
  return out;
}

const nodeMBps = [];
const load = { static: [], isolated: [] };
const speed = Object.fromEntries(Object.keys(corpora).map((name) => [name, { mbps: [], persistMs: [], reloadMs: [], snapshot: '' }]));
for (let run = 0; run < RUNS; run++) {
  for (const host of run % 2 ? ['isolated', 'static'] : ['static', 'isolated']) {
    const { first, startup } = await firstResult(hosts[host].url);
    load[host].push(first);
    process.stderr.write(`${host}: first result ${first.toFixed(0)} ms (${startup})\n`);
  }
  for (const [name, files] of Object.entries(corpora)) {
    const result = await indexing(hosts.static.url, files);
    speed[name].mbps.push(result.mbps);
    speed[name].persistMs.push(result.persistMs);
    speed[name].reloadMs.push(result.reloadMs);
    speed[name].snapshot = result.snapshot;
  }
  nodeMBps.push(await nodeIndexing());
  process.stderr.write(`run ${run + 1}/${RUNS} done\n`);
}
const latency = await queryLatency(hosts.isolated.url);
const nodeLatency = await nodeQueryLatency();
const loadAfter = loadavg()[0];

console.log(`\nsynthex demo in headless Chromium ${browser.version()}, ${RUNS} runs, median (min–max); load average ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}\n`);
console.log('| measure | result |\n| --- | --- |');
console.log(`| page load → first result, static host (ms) | ${spread(load.static)} |`);
console.log(`| page load → first result, cross-origin isolated (ms) | ${spread(load.isolated)} |`);
for (const [name, { mbps, persistMs, reloadMs, snapshot }] of Object.entries(speed)) {
  console.log(`| indexing ${name} (MB/s) | ${spread(mbps)}; snapshot ${snapshot}, IndexedDB write ${median(persistMs)} ms |`);
  console.log(`| reload with those files kept, page load → engine ready (ms) | ${spread(reloadMs)} |`);
}
console.log(`| the same .jsonl in Node ${process.versions.node}, in process (reference, MB/s) | ${spread(nodeMBps)} |`);
console.log(`| Cranfield's 225 queries in the page, engine time (isolated) | p50 ${latency.p50}, p99 ${latency.p99} (last 100) |`);
for (const [name, figures] of Object.entries(nodeLatency)) console.log(`| the same queries in Node, ${name} | ${figures} |`);

await browser.close();
for (const { server } of Object.values(hosts)) server.close();
