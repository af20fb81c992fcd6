// createSearchHandler called with fetch Requests, in process (so it also runs in the browser
// leg, where an edge or service-worker host would call it): answers equal Index.search on
// Cranfield, JSON errors, option checks, CORS, a duck-typed pool (async answers, queue-full,
// timeouts) and drain() during shutdown.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, createSearchHandler, QueueFullError } from '../dist/index.js';
import { cranfield } from './helpers/cranfield.mjs';
import { isError } from './helpers/errors.mjs';

const { docs, queries } = await cranfield();
const index = await createIndex({ fields: ['title', 'text'], store: ['title'], cache: { maxEntries: 100 } });
index.addAll(docs.map(({ id, title, text }) => ({ id, title, text })));
const reference = await createIndex({ fields: ['title', 'text'], store: ['title'] });
reference.addAll(docs.map(({ id, title, text }) => ({ id, title, text })));
const handler = createSearchHandler({ index, corsOrigins: ['https://app.example'] });

const call = async (path, init) => {
  const response = await handler(new Request(`http://synthex.test${path}`, init));
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: response.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : text };
};
const strip = ({ tookMs, ...rest }) => rest;
const expected = (q, o) => JSON.parse(JSON.stringify(strip(reference.search(q, o))));

test('answers equal Index.search, including from the result cache', async () => {
  for (const { text } of queries.slice(0, 40)) {
    for (let round = 0; round < 2; round++) {
      const reply = await call(`/search?q=${encodeURIComponent(text)}&limit=4`);
      assert.is(reply.status, 200);
      assert.equal(strip(reply.body), expected(text, { limit: 4 }));
    }
  }
  const metrics = await handler.metrics;
  const text = metrics.text();
  assert.match(text, /^synthex_search_cache_hits_total 40$/m);
  assert.match(text, /^synthex_search_cache_misses_total 40$/m);
  assert.match(text, /^synthex_http_requests_total\{route="\/search",method="GET",status="200"\} 80$/m);
});

test('errors are JSON with a code and status', async () => {
  assert.equal((await call('/search?q=a&limit=nope')).body.error.code, 'bad_request');
  assert.is((await call('/search', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{' })).status, 400);
  assert.is((await call('/elsewhere')).status, 404);
  const wrong = await call('/stats', { method: 'PATCH' });
  assert.is(wrong.status, 405);
  assert.is(wrong.headers.get('allow'), 'GET');
  assert.is((await call('/documents', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '[]' })).body.error.code, 'read_only');
});

/** Browsers drop a script's Origin header from Requests, so these go through handleExchange. */
const exchange = (target, path, method = 'GET', headers = {}) => target.handleExchange({
  method, url: path, header: (name) => headers[name.toLowerCase()] ?? null, body: () => null,
});

test('origin-form targets decode as URLSearchParams does: +, escapes, bad escapes, raw text', async () => {
  const body = (out) => JSON.parse(typeof out.body === 'string' ? out.body : new TextDecoder().decode(out.body));
  for (const query of ['q=wing+lift&limit=3', 'q=wing%20lift%2Bdrag&limit=3', 'q=flow%zz&limit=3', 'q=100%&limit=3', 'q=stréss%C3%A9&limit=3', '&q=mach&&limit=2&']) {
    const params = new URLSearchParams(new URL(`http://x/search?${query}`).search);
    const out = await exchange(handler, `/search?${query}`);
    assert.is(out.status, 200, query);
    assert.equal(strip(body(out)), expected(params.get('q'), { limit: Number(params.get('limit')) }), query);
  }
  assert.is((await exchange(handler, '/search/../search?q=wing')).status, 200, 'dot segments go through the URL parser');
  assert.is((await exchange(handler, '/search?q=wing&q=lift')).status, 400);
});

test('CORS headers go only to configured origins; preflight answers 204', async () => {
  const allowed = await exchange(handler, '/healthz', 'GET', { origin: 'https://app.example' });
  assert.is(allowed.headers['Access-Control-Allow-Origin'], 'https://app.example');
  assert.is(allowed.headers.Vary, 'Origin');
  const other = await exchange(handler, '/healthz', 'GET', { origin: 'https://evil.example' });
  assert.is(other.headers['Access-Control-Allow-Origin'], undefined);
  const preflight = await exchange(handler, '/search', 'OPTIONS', { origin: 'https://app.example', 'access-control-request-method': 'POST' });
  assert.is(preflight.status, 204);
  assert.match(preflight.headers['Access-Control-Allow-Methods'], /POST/);
  const plain = createSearchHandler({ index });
  const none = await exchange(plain, '/healthz', 'GET', { origin: 'https://app.example' });
  assert.is(none.headers['Access-Control-Allow-Origin'], undefined, 'CORS is off unless configured');
  assert.is((await plain(new Request('http://x/search', { method: 'OPTIONS' }))).status, 405);
  plain.close();
});

test('bad options are refused', async () => {
  for (const options of [undefined, null, {}, { index, pool: { search() {}, stats() {} } }, { pool: {} }, { index: {} },
    { index, writable: true, save: 'file.synx' }, { index, token: '' }, { pool: { search() {}, stats() {} }, writable: true }]) {
    assert.throws(() => createSearchHandler(options), isError(TypeError), JSON.stringify(options));
  }
  for (const key of ['maxBodyBytes', 'maxUploadBytes', 'requestTimeoutMs']) {
    for (const value of [0, -1, 1.5, NaN, '10']) assert.throws(() => createSearchHandler({ index, [key]: value }), isError(RangeError), `${key}=${value}`);
  }
});

test('a duck-typed pool: async answers, documents, queue-full 503, timeout 504', async () => {
  let mode = 'ok';
  const pool = {
    async search(query, options) {
      if (mode === 'full') throw new QueueFullError(8);
      if (mode === 'hang') return new Promise(() => {});
      const { timeoutMs, ...rest } = options;
      assert.is(timeoutMs, 60);
      await new Promise((resolve) => setTimeout(resolve, 1));
      return reference.search(query, rest);
    },
    stats: () => ({ workers: 3, busy: 1, queueDepth: 2 }),
    get: async (id) => reference.get(id),
  };
  const pooled = createSearchHandler({ pool, requestTimeoutMs: 60 });
  const ask = async (path) => { const r = await pooled(new Request(`http://x${path}`)); return { status: r.status, headers: r.headers, body: await r.json() }; };
  const replies = await Promise.all(queries.slice(0, 20).map(({ text }) => ask(`/search?q=${encodeURIComponent(text)}`)));
  replies.forEach((reply, i) => assert.equal(strip(reply.body), expected(queries[i].text, {})));
  assert.equal((await ask('/documents/3')).body, { id: '3', fields: reference.get('3') });
  assert.is((await ask('/documents/none')).status, 404);
  assert.equal((await ask('/stats')).body.pool, { workers: 3, busy: 1, queueDepth: 2 });
  const text = (await pooled.metrics).text();
  assert.match(text, /^synthex_pool_workers 3$/m);
  assert.match(text, /^synthex_pool_queue_depth 2$/m);
  mode = 'full';
  const full = await ask('/search?q=wing');
  assert.equal([full.status, full.body.error.code, full.headers.get('retry-after')], [503, 'queue_full', '1']);
  mode = 'hang';
  const late = await ask('/search?q=wing');
  assert.equal([late.status, late.body.error.code], [504, 'timeout']);
  pooled.close();
});

test('drain(): in-flight requests finish, new ones get 503, the promise says whether all finished', async () => {
  let release;
  const gate = new Promise((resolve) => { release = resolve; });
  const pool = { search: async (q, o) => { await gate; return reference.search(q, { limit: o.limit }); }, stats: () => ({}) };
  const slow = createSearchHandler({ pool });
  const inFlight = slow(new Request('http://x/search?q=wing&limit=2'));
  await new Promise((resolve) => setTimeout(resolve, 5));
  assert.is(slow.inFlight, 1);
  assert.is(await slow.drain(20), false, 'still running after 20 ms');
  const refused = await slow(new Request('http://x/healthz'));
  assert.equal([refused.status, (await refused.json()).error.code], [503, 'shutting_down']);
  const drained = slow.drain(1000);
  release();
  assert.is(await drained, true);
  const answer = await inFlight;
  assert.is(answer.status, 200);
  assert.equal(strip(await answer.json()), expected('wing', { limit: 2 }));
  assert.is(slow.inFlight, 0);
  slow.close();
});

test.run();
