// `synthex serve` over real sockets, run by the same runtime as this file (Node, Bun or Deno
// each host it on their own server): every route against an in-process reference index on the
// Cranfield collection, every error path (bad parameters, bad JSON, wrong types, oversized and
// stalled bodies, unknown routes and methods, tokens, read-only writes), streamed NDJSON uploads
// with progress, atomic saves, /metrics through promtool, aborted requests, 200 concurrent
// searches, and graceful shutdown draining an upload that is still arriving.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIndex, loadIndex } from '../dist/index.js';
import { cranfield } from './helpers/cranfield.mjs';
import { runtimeCommand, runtimeName } from './helpers/runtime.mjs';
import { startServe } from './helpers/serve-process.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cliPath = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'synthex-serve-'));
const TOKEN = 'serve-test-token-5678';

// Cranfield with a keyword filter derived from each abstract's source (its decade).
const { docs: cranDocs, queries } = await cranfield();
const decadeOf = (source) => { const m = /19([4-6])\d/.exec(source ?? ''); return m ? `19${m[1]}0s` : 'unknown'; };
const docs = cranDocs.map((d) => ({ id: d.id, title: d.title, text: d.text, author: d.author, decade: decadeOf(d.source) }));
const OPTIONS = { fields: { title: { boost: 2 }, text: {} }, store: ['title', 'author'], filters: { decade: 'keyword' } };
const reference = await createIndex(OPTIONS);
reference.addAll(docs);
const snapshot = reference.save();
writeFileSync(join(dir, 'read.synx'), snapshot);
writeFileSync(join(dir, 'write.synx'), snapshot);
writeFileSync(join(dir, 'drain.synx'), snapshot);

/** Starts `synthex serve <file in dir> …` and resolves with its base URL once it listens. */
const startServer = (file, args = []) => startServe([join(dir, file), ...args]);

const readServer = startServer('read.synx');
const writeServer = startServer('write.synx', ['--writable', '--save', '--token', TOKEN, '--max-body-bytes', '2048', '--max-upload-bytes', '400000', '--timeout-ms', '1500']);
const READ = await readServer.url;
const WRITE = await writeServer.url;
test.after(() => {
  readServer.child.kill('SIGTERM');
  writeServer.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const json = async (response) => ({ status: response.status, headers: response.headers, body: await response.json() });
const get = (base, path, init) => fetch(`${base}${path}`, init).then(json);
const post = (base, path, body, headers = {}) => fetch(`${base}${path}`, {
  method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body),
}).then(json);
const auth = { Authorization: `Bearer ${TOKEN}` };
/** What the reference index answers, as JSON would carry it (tookMs aside). */
const expected = (query, options) => { const { tookMs, ...rest } = reference.search(query, options); return JSON.parse(JSON.stringify(rest)); };
const withoutTime = ({ tookMs, ...rest }) => rest;

function assertError(reply, status, code) {
  assert.is(reply.status, status, JSON.stringify(reply.body));
  assert.is(reply.body.error.code, code, JSON.stringify(reply.body));
  assert.type(reply.body.error.message, 'string');
  assert.ok(reply.body.error.message.length > 10);
}

test('GET /search answers exactly what the index answers, for Cranfield queries with paging', async () => {
  for (const { text } of queries.slice(0, 30)) {
    const reply = await get(READ, `/search?q=${encodeURIComponent(text)}&limit=7&offset=2`);
    assert.is(reply.status, 200);
    assert.is(reply.headers.get('content-type'), 'application/json');
    assert.equal(withoutTime(reply.body), expected(text, { limit: 7, offset: 2 }));
    assert.type(reply.body.tookMs, 'number');
  }
  const plain = await get(READ, '/search?q=wing');
  assert.is(plain.body.hits.length, 10);
  const highlighted = await get(READ, '/search?q=slipstream+wing&highlight=true&facets=decade&limit=3');
  assert.equal(withoutTime(highlighted.body), expected('slipstream wing', { highlight: true, facets: ['decade'], limit: 3 }));
  assert.ok(highlighted.body.hits[0].highlights.title.matches.length > 0);
  const empty = await get(READ, '/search?q=');
  assert.equal(withoutTime(empty.body), { hits: [], total: 0, totalExact: true });
  const unicode = await get(READ, `/search?q=${encodeURIComponent('Élan "unterminated ( aero* ~~ 🚀')}`);
  assert.is(unicode.status, 200, 'malformed query text degrades, never fails');
});

test('POST /search takes filters and JSON query objects', async () => {
  const body = { query: 'boundary layer', filter: { decade: ['1950s', '1960s'] }, facets: ['decade'], limit: 5, offset: 1, highlight: true };
  const reply = await post(READ, '/search', body);
  assert.is(reply.status, 200);
  const { query, ...options } = body;
  assert.equal(withoutTime(reply.body), expected(query, options));
  const object = { and: [{ phrase: 'boundary layer' }, { or: ['heat', { term: 'transfer' }] }] };
  const structured = await post(READ, '/search', { query: object, limit: 4 });
  assert.equal(withoutTime(structured.body), expected(object, { limit: 4 }));
  // countUpTo is passed to the index as given (Cranfield's 1,400 documents are one window,
  // counted whole whatever the limit, so both answers are the library's, exact).
  const bounded = await get(READ, '/search?q=wing&limit=5&countUpTo=0');
  assert.equal(withoutTime(bounded.body), expected('wing', { limit: 5, countUpTo: 0 }));
  const counted = await post(READ, '/search', { query: 'wing', limit: 5, countUpTo: 0 });
  assert.equal(withoutTime(counted.body), withoutTime(bounded.body));
  const none = await post(READ, '/search', { query: 'wing', filter: { decade: 'no-such-decade' } });
  assert.equal(withoutTime(none.body), { hits: [], total: 0, totalExact: true });
});

test('GET /documents/:id, /healthz, /readyz, /stats and the demo page', async () => {
  const doc = await get(READ, '/documents/12');
  assert.is(doc.status, 200);
  assert.equal(doc.body, { id: '12', fields: reference.get('12') });
  assertError(await get(READ, '/documents/99999'), 404, 'not_found');
  assertError(await get(READ, '/documents/%E0%A4%A'), 400, 'bad_request');
  assert.equal((await get(READ, '/healthz')).body, { status: 'ok' });
  assert.equal((await get(READ, '/readyz')).body, { status: 'ready' });
  const stats = await get(READ, '/stats');
  assert.is(stats.body.index.docs, docs.length);
  assert.is(stats.body.pool, undefined);
  const { request, search } = stats.body.latency;
  assert.ok(search.count >= 30, JSON.stringify(search));
  for (const key of ['p50', 'p95', 'p99', 'max']) assert.ok(request[key] > 0 && request[key] < 5, `${key} ${request[key]}`);
  assert.ok(request.p50 <= request.p95 && request.p95 <= request.p99 && request.p99 <= request.max);
  const page = await fetch(`${READ}/`);
  assert.is(page.status, 200);
  assert.match(page.headers.get('content-type'), /text\/html/);
  assert.is(page.headers.get('cross-origin-opener-policy'), 'same-origin');
  assert.is(page.headers.get('cross-origin-embedder-policy'), 'require-corp');
  const html = await page.text();
  // The browser demo (dist/demo/): its script, the worker and the Cranfield snapshot are served beside it.
  assert.match(html, /<script type="module" src="main\.js">/);
  assert.not.match(html, /(src|href)="(https?:)?\/\//, 'the page loads nothing from elsewhere');
  for (const [path, type] of [['/main.js', /text\/javascript/], ['/search-worker.js', /text\/javascript/], ['/demo.css', /text\/css/]]) {
    const asset = await fetch(`${READ}${path}`);
    assert.is(asset.status, 200, path);
    assert.match(asset.headers.get('content-type'), type, path);
    assert.ok((await asset.text()).length > 1000, path);
  }
  const snapshot = await fetch(`${READ}/cranfield.synx.gz`);
  assert.is(snapshot.status, 200);
  const bytes = new Uint8Array(await snapshot.arrayBuffer());
  assert.is(Number(snapshot.headers.get('content-length')), bytes.length);
  assert.equal([bytes[0], bytes[1]], [0x1f, 0x8b], 'gzip bytes, sent as they are');
  const head = await fetch(`${READ}/`, { method: 'HEAD' });
  assert.is(head.status, 200);
  assert.is(await head.text(), '');
  assertError(await fetch(`${READ}/main.js`, { method: 'POST' }).then(async (r) => ({ status: r.status, body: await r.json() })), 405, 'method_not_allowed');
});

test('bad query strings, bad JSON and wrong types are 400s naming the problem', async () => {
  const bad = [
    ['/search', 'bad_request', /missing the q parameter/],
    ['/search?q=a&limit=x', 'bad_request', /limit/],
    ['/search?q=a&limit=-1', 'bad_request', /limit/],
    ['/search?q=a&limit=1.5', 'bad_request', /limit/],
    ['/search?q=a&limit=1001', 'bad_request', /at most 1000/],
    ['/search?q=a&offset=99999999999', 'bad_request', /offset/],
    ['/search?q=a&q=b', 'bad_request', /more than once/],
    ['/search?q=a&filter=x', 'bad_request', /unknown parameter 'filter'/],
    ['/search?q=a&highlight=maybe', 'bad_request', /highlight/],
    ['/search?q=a&countUpTo=all', 'bad_request', /countUpTo/],
    ['/search?q=a&countUpTo=-5', 'bad_request', /countUpTo/],
    ['/search?q=a&facets=nope', 'invalid_filter', /nope/],
  ];
  for (const [path, code, pattern] of bad) {
    const reply = await get(READ, path);
    assertError(reply, 400, code);
    assert.match(reply.body.error.message, pattern, path);
  }
  const bodies = [
    ['{"query": "wing"', 'bad_json'],
    ['\u00ff\u00fe', 'bad_json'],
    [new Uint8Array([0x7b, 0xff, 0x7d]), 'bad_json'],
    ['[1,2]', 'bad_request'],
    ['"wing"', 'bad_request'],
    ['null', 'bad_request'],
    [{ query: 42 }, 'bad_request'],
    [{ query: 'wing', limit: '10' }, 'bad_request'],
    [{ query: 'wing', highlight: 'yes' }, 'bad_request'],
    [{ query: 'wing', countUpTo: -1 }, 'bad_request'],
    [{ query: 'wing', countUpTo: 1e12 }, 'bad_request'],
    [{ query: 'wing', facets: 'decade' }, 'bad_request'],
    [{ query: 'wing', filter: [] }, 'bad_request'],
    [{ query: 'wing', extra: 1 }, 'bad_request'],
    [{ query: 'wing', filter: { nope: 'x' } }, 'invalid_filter'],
    [{ query: 'wing', filter: { decade: { gte: 3 } } }, 'invalid_filter'],
    [{ query: { and: 'not-an-array' } }, 'invalid_query'],
    [{ query: { frobnicate: [] } }, 'invalid_query'],
  ];
  for (const [body, code] of bodies) {
    const reply = await fetch(`${READ}/search`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: typeof body === 'object' && !(body instanceof Uint8Array) ? JSON.stringify(body) : body }).then(json);
    assertError(reply, 400, code);
  }
  assertError(await post(READ, '/search', 'q=wing', { 'Content-Type': 'application/x-www-form-urlencoded' }), 415, 'unsupported_media_type');
});

test('unknown routes are 404, wrong methods 405 with Allow, oversized bodies 413', async () => {
  assertError(await get(READ, '/nope'), 404, 'not_found');
  assertError(await get(READ, '/search/extra?q=a'), 404, 'not_found');
  const wrong = await get(READ, '/search', { method: 'PUT' });
  assertError(wrong, 405, 'method_not_allowed');
  assert.is(wrong.headers.get('allow'), 'GET, POST');
  assertError(await get(READ, '/metrics', { method: 'POST' }), 405, 'method_not_allowed');
  assertError(await get(READ, '/healthz', { method: 'DELETE' }), 405, 'method_not_allowed');
  // The write server caps search bodies at 2,048 bytes: declared and chunked alike.
  const big = JSON.stringify({ query: 'wing '.repeat(1000) });
  assertError(await post(WRITE, '/search', big), 413, 'payload_too_large');
  const chunked = new ReadableStream({ start(c) { for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode(' '.repeat(500))); c.close(); } });
  const reply = await fetch(`${WRITE}/search`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: chunked, duplex: 'half' }).then(json);
  assertError(reply, 413, 'payload_too_large');
});

test('writes: read-only servers refuse them, tokens are required and checked', async () => {
  assertError(await post(READ, '/documents', [docs[0]]), 403, 'read_only');
  assertError(await get(READ, '/documents/1', { method: 'DELETE' }), 403, 'read_only');
  const missing = await post(WRITE, '/documents', [{ id: 'x1', title: 'x' }]);
  assertError(missing, 401, 'unauthorized');
  assert.match(missing.headers.get('www-authenticate'), /^Bearer/);
  assertError(await post(WRITE, '/documents', [{ id: 'x1', title: 'x' }], { Authorization: `Bearer ${TOKEN}x` }), 401, 'unauthorized');
  assertError(await post(WRITE, '/documents', [{ id: 'x1', title: 'x' }], { Authorization: `Basic ${TOKEN}` }), 401, 'unauthorized');
  assertError(await get(WRITE, '/documents/1', { method: 'DELETE', headers: { Authorization: 'Bearer wrong' } }), 401, 'unauthorized');
  assert.is((await get(WRITE, '/documents/x1')).status, 404, 'nothing was added');
});

test('POST /documents (JSON array): adds, reports refused documents, saves the snapshot atomically', async () => {
  const batch = [
    { id: 'n1', title: 'hypersonic ramjet intake', text: 'scramjet combustion at mach 7', decade: '1960s' },
    { id: 'n2', title: 'second new document', text: 'ramjet ramjet' },
    { id: '1', title: 'duplicate of an existing id' },
    { id: 'n3', title: 42 },
    'not an object',
  ];
  const reply = await post(WRITE, '/documents', batch, auth);
  assert.is(reply.status, 200);
  assert.is(reply.body.added, 2);
  assert.is(reply.body.failed, 3);
  assert.equal(reply.body.failures.map((f) => [f.at, f.code]), [[2, 'duplicate_id'], [3, 'invalid_document'], [4, 'invalid_document']]);
  const found = await get(WRITE, '/search?q=ramjet');
  assert.equal(found.body.hits.map((h) => h.id), ['n1', 'n2'], 'the title match (boost 2) ranks first');
  const saved = await loadIndex(readFileSync(join(dir, 'write.synx')));
  assert.is(saved.size, docs.length + 2);
  assert.equal(saved.get('n1'), { title: 'hypersonic ramjet intake' });
  saved.close();
  assertError(await post(WRITE, '/documents', { id: 'z' }, auth), 400, 'bad_request');
  assertError(await post(WRITE, '/documents', '[{"id": "z"', auth), 400, 'bad_json');
  assertError(await post(WRITE, '/documents', 'id,title', { ...auth, 'Content-Type': 'text/csv' }), 415, 'unsupported_media_type');
});

test('DELETE /documents/:id removes, saves, and is 404 the second time', async () => {
  const removed = await get(WRITE, '/documents/n2', { method: 'DELETE', headers: auth });
  assert.equal([removed.status, removed.body], [200, { removed: 'n2' }]);
  assertError(await get(WRITE, '/documents/n2', { method: 'DELETE', headers: auth }), 404, 'not_found');
  assert.equal((await get(WRITE, '/search?q=ramjet')).body.hits.map((h) => h.id), ['n1']);
  const saved = await loadIndex(readFileSync(join(dir, 'write.synx')));
  assert.is(saved.has('n2'), false);
  saved.close();
});

test('POST /documents (NDJSON) streams progress lines, then the summary', async () => {
  const lines = [];
  for (let i = 0; i < 2500; i++) lines.push(JSON.stringify({ id: `s${i}`, title: `streamed ${i % 7 === 0 ? 'qorbitalq' : 'qgliderq'} note`, text: `body ${i}` }));
  lines.splice(1200, 0, '{not json', '', '["an array"]');
  const response = await fetch(`${WRITE}/documents`, { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson', ...auth }, body: lines.join('\n') + '\n' });
  assert.is(response.status, 200);
  assert.is(response.headers.get('content-type'), 'application/x-ndjson');
  const out = (await response.text()).trim().split('\n').map((line) => JSON.parse(line));
  const progress = out.slice(0, -1).map((line) => line.progress);
  assert.ok(progress.length >= 2, JSON.stringify(out));
  assert.ok(progress.every((p, i) => i === 0 || p.added > progress[i - 1].added));
  const summary = out.at(-1);
  assert.is(summary.added, 2500);
  assert.is(summary.failed, 2);
  assert.equal(summary.failures.map((f) => [f.at, f.code]), [[1200, 'bad_json'], [1202, 'invalid_document']]);
  assert.is((await get(WRITE, '/search?q=qorbitalq&limit=1')).body.total, Math.ceil(2500 / 7));
  // An upload past --max-upload-bytes ends with an error line; what arrived before stays.
  const huge = Array.from({ length: 6000 }, (_, i) => JSON.stringify({ id: `h${i}`, title: 'h'.repeat(60) })).join('\n');
  const cut = await fetch(`${WRITE}/documents`, { method: 'POST', headers: { 'Content-Type': 'application/x-ndjson', ...auth }, body: new ReadableStream({ start(c) { c.enqueue(new TextEncoder().encode(huge)); c.close(); } }), duplex: 'half' });
  const last = (await cut.text()).trim().split('\n').map((line) => JSON.parse(line)).at(-1);
  assert.is(last.error.code, 'payload_too_large');
  assert.ok(last.added > 0 && last.added < 6000, JSON.stringify(last));
});

test('200 concurrent searches all answer correctly', async () => {
  const picked = queries.slice(0, 200);
  const replies = await Promise.all(picked.map(({ text }) => get(READ, `/search?q=${encodeURIComponent(text)}&limit=3`)));
  replies.forEach((reply, i) => assert.equal(withoutTime(reply.body), expected(picked[i].text, { limit: 3 })));
});

/** Sends headers and part of a body over a raw node:http request, returning its handle. */
function partialUpload(base, first, headers = {}) {
  const url = new URL(`${base}/documents`);
  const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'Content-Type': 'application/x-ndjson', 'Transfer-Encoding': 'chunked', ...headers } });
  const response = new Promise((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
  response.catch(() => {});
  req.write(first);
  return { req, response };
}

async function inFlight(base) {
  return (await get(base, '/stats')).body.inFlight;
}

test('an aborted upload and a stalled client do not leak requests', async () => {
  const aborted = partialUpload(WRITE, `${JSON.stringify({ id: 'ab1', title: 'aborted upload' })}\n{"id": "ab2", "ti`, auth);
  await new Promise((resolve) => setTimeout(resolve, 200));
  aborted.req.destroy();
  let count = 0;
  for (let i = 0; i < 50 && (count = await inFlight(WRITE)) !== 1; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.is(count, 1, 'only the /stats request itself is in flight');
  // A client that sends half a body and stalls gets 408 once --timeout-ms (1.5 s) passes.
  const stalled = partialUpload(WRITE, `${JSON.stringify({ id: 'st1', title: 'stalled' })}\n`, auth);
  const outcome = await stalled.response.catch((error) => ({ error }));
  if (outcome.error) {
    assert.ok(/socket hang up|ECONNRESET/.test(String(outcome.error)), String(outcome.error));
  } else {
    assert.ok(outcome.status === 408 || /request_timeout/.test(outcome.text), JSON.stringify(outcome));
  }
  stalled.req.destroy();
  for (let i = 0; i < 50 && (count = await inFlight(WRITE)) !== 1; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  assert.is(count, 1);
  assert.is((await get(WRITE, '/healthz')).status, 200);
});

test('/metrics is valid Prometheus text with the service\'s figures', async () => {
  const response = await fetch(`${WRITE}/metrics`);
  assert.is(response.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
  const text = await response.text();
  for (const family of [
    'synthex_http_requests_total', 'synthex_http_request_duration_seconds', 'synthex_search_duration_seconds',
    'synthex_http_requests_in_flight', 'synthex_search_cache_hits_total', 'synthex_search_cache_misses_total',
    'synthex_index_documents', 'synthex_index_bytes', 'synthex_wasm_memory_bytes', 'synthex_event_loop_lag_seconds',
    'synthex_memory_growth_bytes_per_hour',
  ]) assert.match(text, new RegExp(`^# TYPE ${family} `, 'm'), family);
  assert.match(text, /^synthex_http_requests_total\{route="\/documents",method="POST",status="401"\} 3$/m);
  assert.match(text, /^synthex_http_requests_total\{route="\/documents\/:id",method="DELETE",status="404"\} 1$/m);
  const documents = Number(/^synthex_index_documents (\d+)$/m.exec(text)[1]);
  assert.ok(documents > docs.length + 2500, String(documents));
  if (runtimeName !== 'deno' || process.memoryUsage) assert.match(text, /^process_resident_memory_bytes \d+$/m);
  // promtool (Debian's prometheus package) checks the format and the naming conventions.
  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (check.error?.code === 'ENOENT') {
    if (process.env.CI) assert.unreachable('promtool is missing in CI: install Debian\'s prometheus package (.ci/run does)');
    console.warn('\n!!! server-http: promtool not found (apt-get install prometheus): /metrics NOT checked by promtool !!!\n');
    return;
  }
  assert.is(check.status, 0, `${check.stdout}${check.stderr}`);
});

test('serve refuses bad arguments with a usage error, and a port in use with a clear one', () => {
  const run = (args) => {
    const all = ['serve', ...args];
    const [command, commandArgs] = runtimeCommand([cliPath, ...all], ['run', cliPath, ...all], [cliPath, ...all]);
    return spawnSync(command, commandArgs, { cwd: root, encoding: 'utf8', timeout: 30_000 });
  };
  for (const [args, pattern] of [
    [['--port', '70000'], /--port must be a port number/],
    [['--port', 'abc'], /--port must be a non-negative integer/],
    [[join(dir, 'read.synx'), '--save'], /--save needs --writable/],
    [['--writable', '--save'], /--save needs a snapshot file/],
    [[join(dir, 'read.synx'), '--workers', '2', '--writable'], /--writable needs --workers 0/],
    [['--max-body-bytes', '0'], /--max-body-bytes must be at least 1/],
    [['--bogus'], /Unknown option '--bogus'/],
    [['a.synx', 'b.synx'], /unexpected argument 'b.synx'/],
  ]) {
    const result = run(args);
    assert.is(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr, pattern);
  }
  const missing = run([join(dir, 'missing.synx')]);
  assert.is(missing.status, 1);
  assert.match(missing.stderr, /cannot read .*missing\.synx/);
  const busy = run([join(dir, 'read.synx'), '--port', new URL(READ).port]);
  assert.is(busy.status, 1, busy.stderr);
  assert.match(busy.stderr, /cannot listen on 127\.0\.0\.1:\d+: the port is in use/);
  const help = run(['--help']);
  assert.is(help.status, 0);
  assert.match(help.stdout, /Usage: synthex serve/);
});

test('--workers: the same answers from a search pool, its gauges, and a clean stop', async () => {
  const server = startServer('read.synx', ['--workers', '2']);
  const base = await server.url;
  assert.match(server.output(), /with 2 search worker\(s\)/);
  const picked = queries.slice(30, 90);
  const replies = await Promise.all(picked.map(({ text }) => get(base, `/search?q=${encodeURIComponent(text)}&limit=5&highlight=1`)));
  replies.forEach((reply, i) => assert.equal(withoutTime(reply.body), expected(picked[i].text, { limit: 5, highlight: true })));
  const filtered = await post(base, '/search', { query: 'heat', filter: { decade: '1950s' }, facets: ['decade'] });
  assert.equal(withoutTime(filtered.body), expected('heat', { filter: { decade: '1950s' }, facets: ['decade'] }));
  assert.equal((await get(base, '/documents/7')).body, { id: '7', fields: reference.get('7') });
  assertError(await get(base, '/documents/nope'), 404, 'not_found');
  assertError(await post(base, '/search', { query: 'x', filter: { nope: 1 } }), 400, 'invalid_filter');
  assertError(await post(base, '/search', { query: { nope: [] } }), 400, 'invalid_query');
  const stats = await get(base, '/stats');
  assert.is(stats.body.pool.workers, 2);
  assert.ok(stats.body.pool.completed >= 61);
  const text = await (await fetch(`${base}/metrics`)).text();
  assert.match(text, /^synthex_pool_workers 2$/m);
  assert.match(text, /^synthex_pool_queue_depth \d+$/m);
  assert.match(text, /^synthex_pool_busy_workers \d+$/m);
  server.child.kill('SIGTERM');
  const { code, signal } = await server.exited;
  if (runtimeName === 'deno' && code === null) assert.is(signal, 'SIGTERM'); // see the test below
  else assert.is(code, 0, server.output());
  assert.match(server.output(), /synthex serve: stopped\n$/);
});

test('SIGTERM drains an upload still arriving, refuses new connections, then exits 0', async () => {
  const server = startServer('drain.synx', ['--writable']);
  const base = await server.url;
  const upload = partialUpload(base, `${JSON.stringify({ id: 'late1', title: 'first half' })}\n`);
  await new Promise((resolve) => setTimeout(resolve, 300));
  server.child.kill('SIGTERM');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const refused = await fetch(`${base}/healthz`).then((r) => r.status, () => 'refused');
  assert.ok(refused === 'refused' || refused === 503, `a new request during shutdown got ${refused}`);
  upload.req.end(`${JSON.stringify({ id: 'late2', title: 'second half' })}\n`);
  const { status, text } = await upload.response;
  assert.is(status, 200);
  assert.equal(JSON.parse(text.trim().split('\n').at(-1)), { added: 2, failed: 0, failures: [] });
  const { code, signal } = await server.exited;
  // Deno's node:child_process reports (null, 'SIGTERM') for any child it sent SIGTERM, even one
  // that handled it and exited 0 (checked with `sh -c 'trap "exit 0" TERM; …'`); the output shows it stopped.
  if (runtimeName === 'deno' && code === null) assert.is(signal, 'SIGTERM');
  else assert.is(code, 0, server.output());
  assert.match(server.output(), /SIGTERM, finishing 1 request\(s\) in flight\n(.|\n)*synthex serve: stopped\n$/);
});

test.run();
