// SearchPool transports: plain queries through shared request/response rings where the runtime
// allows, messages elsewhere. Both give exactly Index.search's answers and errors, including at
// the edges of what a ring slot holds (long text, long hit lists, odd UTF-16, bad options), and
// both keep the pool's guarantees (reloads never mixing generations, cancellation, close).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, ClosedError } from '../dist/index.js';
import { rejects } from './helpers/errors.mjs';
import { cranfieldPoolFixture } from './helpers/cranfield.mjs';
import { transports, ringsAvailable, poolOver } from './helpers/transport.mjs';

const strip = ({ tookMs, ...rest }) => rest;
const SLOT_TEXT = 1008; // UTF-16 units a request slot holds (ring-layout.ts)
const SLOT_HITS = 128; // hits a response slot holds

const setup = cranfieldPoolFixture;

/** What Index.search does with (query, options): its result, or its error's class and message. */
function outcome(run) {
  try {
    return { result: strip(run()) };
  } catch (error) {
    return { error: [error.constructor.name, error.message] };
  }
}
async function pooled(run) {
  try {
    return { result: strip(await run()) };
  } catch (error) {
    return { error: [error.constructor.name, error.message] };
  }
}

test('the pool picks its transport by itself and reports it', async () => {
  const { bytes } = await setup();
  for (const transport of transports) {
    const pool = await poolOver(transport, { index: bytes, minWorkers: 1, maxWorkers: 1 });
    try {
      assert.is(pool.stats().transport, transport);
      assert.ok((await pool.search('boundary layer')).hits.length > 0);
    } finally {
      await pool.close();
    }
  }  if (typeof SharedArrayBuffer === 'function' && globalThis.crossOriginIsolated !== false) {
    assert.ok(ringsAvailable, 'every runtime with shared memory here has Atomics.waitAsync too');
  }
});

test('both transports answer every Cranfield query exactly as the index does, 64 in flight', async () => {
  const { index, queries, bytes } = await setup();
  const variants = [{}, { limit: 3, offset: 2 }, { limit: 5, highlight: true }, { facets: ['author'], limit: 1 }, { filter: { author: 'unknown' } }, { limit: SLOT_HITS + 1 }, { limit: 0 }];
  const jobs = queries.map((q, i) => [q.text, variants[i % variants.length]]);
  for (const transport of transports) {
    const pool = await poolOver(transport, { index: bytes, minWorkers: 2, maxWorkers: 2 });
    try {
      let next = 0;
      const answers = new Array(jobs.length);
      await Promise.all(Array.from({ length: 64 }, async () => {
        while (next < jobs.length) {
          const at = next++;
          answers[at] = await pool.search(...jobs[at]);
        }
      }));
      jobs.forEach(([q, o], i) => assert.equal(strip(answers[i]), strip(index.search(q, o)), `${transport}, query ${i}: ${q}`));
      const stats = pool.stats();
      assert.is(stats.completed, jobs.length);
      assert.is(stats.failed, 0);
    } finally {
      await pool.close();
    }
  }
});

test('the edges of a ring slot: text length, hit counts, UTF-16, empty and hostile options', async () => {
  const { index, bytes } = await setup();
  const words = 'boundary layer flow over a flat plate at hypersonic speed ';
  const long = (n) => words.repeat(Math.ceil(n / words.length)).slice(0, n);
  const cases = [
    ['', {}], ['   ', {}], ['boundary', { limit: SLOT_HITS }], ['boundary', { limit: SLOT_HITS + 1 }], ['flow', { limit: 1000, offset: 5 }],
    [long(SLOT_TEXT), {}], [long(SLOT_TEXT + 1), { limit: 4 }], [long(20000), { limit: 2 }],
    ['\ud800 lone surrogate wing', {}], ['😀 emoji 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 wing', {}], ['naïve café ümlaut', {}], ['wing\u0000nul', {}],
    ['wing', { limit: undefined, offset: undefined }], ['wing', { offset: 2 ** 31 - 1 }], ['wing', { limit: 2 ** 31 }], ['wing', { limit: 2 ** 40 }],
    ['wing', { limit: -1 }], ['wing', { limit: 1.5 }], ['wing', { limit: NaN }], ['wing', { limit: '5' }], ['wing', { offset: -0 }],
    ['wing', { nope: 1 }], ['wing', { nope: undefined }], ['wing', { limit: 2, highlight: true }], ['wing', { limit: 2, highlight: false }], ['wing', { highlight: 0 }],
    ['wing', { filter: undefined, facets: undefined, collectionStats: undefined, highlight: undefined }], ['wing', { filter: null }], ['(wing AND', {}], ['title:wing -flutter', { limit: 7 }],
    [{ type: 'term', text: 'wing' }, { limit: 3 }], [{ type: 'nonsense' }, {}], [42, {}], [null, {}],
  ];
  for (const transport of transports) {
    const pool = await poolOver(transport, { index: bytes, minWorkers: 1, maxWorkers: 2 });
    try {
      const answers = await Promise.all(cases.map(([q, o]) => pooled(() => pool.search(q, o))));
      cases.forEach(([q, o], i) => assert.equal(answers[i], outcome(() => index.search(q, o)), `${transport}, case ${i}: ${String(q).slice(0, 40)} ${JSON.stringify(o)}`));
      assert.is(pool.stats().workers >= 1, true);
      assert.is(pool.stats().replaced, 0, 'no bad input costs a worker');
    } finally {
      await pool.close();
    }
  }
});

test('ids and stored fields come from the pool\'s one copy: get() and hits agree, absent ids are undefined', async () => {
  const { index, docs, bytes } = await setup();
  for (const transport of transports) {
    const pool = await poolOver(transport, { index: bytes, minWorkers: 2, maxWorkers: 2 });
    try {
      const { hits } = await pool.search('boundary layer', { limit: 20 });
      for (const hit of hits) {
        assert.equal(hit.fields, index.get(hit.id));
        assert.is(await pool.get(hit.id), hit.fields, `${transport}: the same stored object, not a copy per answer`);
      }
      assert.equal(await pool.get(docs[7].id), index.get(docs[7].id));
      for (const id of ['no such id', 0, -1, '', NaN]) assert.is(await pool.get(id), undefined, `${transport}: get(${String(id)})`);
      await rejects(pool.get(docs[7].id, { timeoutMs: -5 }), (e) => e instanceof RangeError, 'bad timeoutMs');
    } finally {
      await pool.close();
    }
    await rejects(pool.get(docs[7].id), (e) => e instanceof ClosedError, 'get after close');
  }
});

test('reload under 128 clients on each transport: every answer is wholly one generation, and the reload is not starved', async () => {
  const { docs, queries } = await setup();
  const third = Math.floor(docs.length / 3);
  const generations = [];
  for (let g = 0; g < 3; g++) {
    const index = await createIndex({ fields: ['title', 'text'], store: ['title'] });
    index.addAll(docs.slice(g * third, (g + 1) * third));
    generations.push(index);
  }
  // Long queries (many words, still within a ring slot), so each worker's ring holds tens of
  // milliseconds of work and stays busy through any pause of the pool's thread.
  const probe = Array.from({ length: 30 }, (_, p) => queries.slice(p * 7, p * 7 + 7).map((q) => q.text).join(' ').slice(0, SLOT_TEXT));
  const expected = generations.map((index) => probe.map((q) => JSON.stringify(strip(index.search(q, { limit: 10 })))));
  // A worker kept busy through its ring must still read the reload's message. One that did not
  // (it counted the message as it arrived, then served its ring until the ring ran dry for
  // 25 ms; or served its ring, even inside a commit's handler, until the pool stopped
  // refilling it) left the reload waiting until the clients paused, which here they never
  // do: they give up after this many answers during one reload (a few hundred suffice).
  const STARVED = 5000;
  for (const transport of transports) {
    const pool = await poolOver(transport, { index: generations[0], minWorkers: 2, maxWorkers: 2, pipeline: 64 });
    try {
      let stop = false, answered = 0, reloadFrom = -1;
      const starved = () => reloadFrom >= 0 && answered - reloadFrom > STARVED;
      const seen = new Set();
      const clients = Array.from({ length: 128 }, async (_, c) => {
        for (let i = c; !stop && !starved(); i++) {
          const at = i % probe.length;
          const answer = JSON.stringify(strip(await pool.search(probe[at], { limit: 10 })));
          const g = expected.findIndex((answers) => answers[at] === answer);
          assert.ok(g >= 0, `${transport}: query ${at} answered by one whole generation`);
          seen.add(g);
          answered++;
        }
      });
      for (const next of [1, 2]) {
        await new Promise((r) => setTimeout(r, 30));
        reloadFrom = answered;
        await pool.reload(generations[next].save());
        assert.ok(!starved(), `${transport}: reload ${next} waited while ${answered - reloadFrom} answers were served`);
        reloadFrom = -1;
        const after = await Promise.all(probe.map((q) => pool.search(q, { limit: 10 })));
        after.forEach((r, at) => assert.is(JSON.stringify(strip(r)), expected[next][at], `${transport}: after reload ${next}, query ${at}`));
      }
      stop = true;
      await Promise.all(clients);
      assert.ok(seen.has(2), `${transport}: the last generation answered`);
      assert.is(pool.stats().generation, 3);
    } finally {
      await pool.close();
    }
  }
});

test('a backlog held in the workers\' pipelines grows the pool as a queue does, on each transport', async () => {
  const { index, queries, bytes } = await setup();
  for (const transport of transports) {
    const pool = await poolOver(transport, { index: bytes, minWorkers: 1, maxWorkers: 3 });
    try {
      const texts = queries.slice(0, 3).map((q) => q.text);
      const first = texts.map((q) => pool.search(q)); // all three go to the one worker's pipeline
      assert.is(pool.stats().queueDepth, 0);
      assert.is(pool.stats().workers, 2, `${transport}: a second worker starts once the first has a query waiting`);
      (await Promise.all(first)).forEach((r, i) => assert.equal(strip(r), strip(index.search(texts[i]))));
    } finally {
      await pool.close();
    }
    const single = await poolOver(transport, { index: bytes, minWorkers: 1, maxWorkers: 2 });
    try {
      await single.search('wing');
      assert.is(single.stats().workers, 1, `${transport}: one query at a time needs no second worker`);
    } finally {
      await single.close();
    }
  }
});

test('cancellation and close on each transport: aborted queries reject, the rest are answered', async () => {
  const { index, queries, bytes } = await setup();
  for (const transport of transports) {
    const pool = await poolOver(transport, { index: bytes, minWorkers: 1, maxWorkers: 1 });
    const controller = new AbortController();
    const texts = queries.slice(0, 16).map((q) => q.text);
    const searches = texts.map((q, i) => pool.search(q, i % 2 ? { signal: controller.signal } : {}));
    controller.abort(new Error('stop'));
    const outcomes = await Promise.allSettled(searches);
    outcomes.forEach((o, i) => {
      if (o.status === 'fulfilled') assert.equal(strip(o.value), strip(index.search(texts[i])), `${transport}: query ${i}`);
      else assert.ok(i % 2 === 1 && o.reason.message === 'stop', `${transport}: only aborted queries reject (${i})`);
    });
    assert.ok(pool.stats().cancelled > 0);
    const draining = texts.map((q) => pool.search(q));
    await pool.close();
    assert.is((await Promise.all(draining)).length, texts.length, `${transport}: close drains`);
  }
});

test.run();
