// SearchPool: workers answer exactly what one Index answers (Cranfield and random corpora),
// with typed errors, backpressure, cancellation, adaptive sizing, reloads that never mix
// generations, and graceful close. Runs on worker_threads (Node, Bun, Deno) and Web Workers.
import { test } from 'uvu';
import { rejects } from './helpers/errors.mjs';
import * as assert from 'uvu/assert';
import {
  createIndex, loadIndex, createSearchPool, ClosedError, QueueFullError, SnapshotError,
  FilterError, QueryError,
} from '../dist/index.js';
import { cranfield, cranfieldPoolFixture } from './helpers/cranfield.mjs';
import { seededRandom } from './helpers/random.mjs';

const inBrowser = typeof window !== 'undefined';
const strip = ({ tookMs, ...rest }) => rest;

const cranfieldSetup = cranfieldPoolFixture;

test('2 workers answer all 225 Cranfield queries exactly as the index does (limits, offsets, filters, facets, highlights)', async () => {
  const { index, queries, bytes } = await cranfieldSetup();
  const pool = await createSearchPool({ index: bytes, minWorkers: 2, maxWorkers: 2 });
  try {
    const variants = [{}, { limit: 3, offset: 2 }, { limit: 5, highlight: true }, { facets: ['author'], limit: 1 }, { filter: { author: 'unknown' } }];
    const jobs = queries.flatMap((q, i) => [[q.text, variants[i % variants.length]]]);
    const pooled = await Promise.all(jobs.map(([q, o]) => pool.search(q, o)));
    jobs.forEach(([q, o], i) => assert.equal(strip(pooled[i]), strip(index.search(q, o)), `query ${i}: ${q}`));
    const stats = pool.stats();
    assert.is(stats.workers, 2);
    assert.is(stats.completed, jobs.length);
    assert.is(stats.failed, 0);
    assert.ok(stats.latency.samples === jobs.length && stats.latency.p50 > 0 && stats.latency.p99 >= stats.latency.p95);
    if (typeof SharedArrayBuffer === 'function') assert.ok(stats.sharedSnapshot, 'the snapshot is shared where SharedArrayBuffer exists');
    assert.is(stats.snapshotBytes, bytes.length);
  } finally {
    await pool.close();
  }
});

test('random corpora and random queries (grammar, phrases, prefixes, fuzzy): pool equals index', async () => {
  const random = seededRandom(29);
  const vocabulary = Array.from({ length: 300 }, (_, i) => `w${i.toString(36)}x`);
  const pick = () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)];
  for (let round = 0; round < 3; round++) {
    const index = await createIndex({ fields: ['title', 'text'], store: ['title'], language: 'none' });
    const count = 300 + Math.floor(random() * 2000);
    for (let i = 0; i < count; i++) {
      index.add({ id: `d${i}`, title: Array.from({ length: 1 + Math.floor(random() * 3) }, pick).join(' '), text: Array.from({ length: Math.floor(random() * 30) }, pick).join(' ') });
    }
    for (let i = 0; i < count / 10; i++) index.remove(`d${Math.floor(random() * count)}`);
    const pool = await createSearchPool({ index, minWorkers: 1, maxWorkers: 2 });
    try {
      const queries = Array.from({ length: 60 }, () => {
        const shapes = [
          () => `${pick()} ${pick()}`, () => `+${pick()} ${pick()} -${pick()}`, () => `"${pick()} ${pick()}"`,
          () => `${pick().slice(0, 3)}*`, () => `${pick()}~1`, () => `title:${pick()} OR (${pick()} AND ${pick()})`,
        ];
        return shapes[Math.floor(random() * shapes.length)]();
      });
      const pooled = await Promise.all(queries.map((q) => pool.search(q, { limit: 20 })));
      queries.forEach((q, i) => assert.equal(strip(pooled[i]), strip(index.search(q, { limit: 20 })), `round ${round} query ${q}`));
    } finally {
      await pool.close();
    }
  }
});

test('errors come back as the same typed errors Index.search throws; a bad query does not hurt the next', async () => {
  const { bytes } = await cranfieldSetup();
  const pool = await createSearchPool({ index: bytes });
  try {
    await rejects(pool.search('wing', { filter: { nope: 'x' } }), (e) => e instanceof FilterError && /nope/.test(e.message), 'unknown filter field');
    await rejects(pool.search({ type: 'bogus' }), (e) => e instanceof QueryError, 'malformed JSON query');
    await rejects(pool.search('wing', { limit: -1 }), (e) => e instanceof RangeError, 'negative limit');
    await rejects(pool.search('wing', { colour: 'red' }), (e) => e instanceof TypeError && /colour/.test(e.message), 'unknown option');
    await rejects(pool.search('wing', { timeoutMs: -5 }), (e) => e instanceof RangeError, 'bad timeout');
    await rejects(pool.search('wing', { signal: 'stop' }), (e) => e instanceof TypeError, 'bad signal');
    await rejects(pool.search('wing', { filter: { author: () => 1 } }), (e) => e instanceof TypeError || e instanceof FilterError, 'uncloneable option');
    const hostile = await pool.search('"unclosed ((( -- ~~ ** __proto__ constructor:x', { limit: 5 });
    assert.ok(Array.isArray(hostile.hits), 'user text never throws');
    assert.ok((await pool.search('wing')).hits.length > 0);
    assert.is(pool.stats().workers, 1, 'no worker was lost to bad input');
  } finally {
    await pool.close();
  }
});

test('bad pool options and bad snapshots are refused with typed errors', async () => {
  const { bytes } = await cranfieldSetup();
  await rejects(createSearchPool({ index: bytes, minWorkers: 0 }), (e) => e instanceof RangeError, 'minWorkers 0');
  await rejects(createSearchPool({ index: bytes, minWorkers: 3, maxWorkers: 2 }), (e) => e instanceof RangeError, 'max below min');
  await rejects(createSearchPool({ index: bytes, pipeline: 0 }), (e) => e instanceof RangeError, 'pipeline 0');
  await rejects(createSearchPool({ index: bytes, maxQueue: -1 }), (e) => e instanceof RangeError, 'negative queue');
  await rejects(createSearchPool({ index: 'not bytes' }), (e) => e instanceof TypeError, 'not bytes');
  await rejects(createSearchPool(), (e) => e instanceof TypeError, 'no options');
  const damaged = bytes.slice();
  damaged[damaged.length >> 1] ^= 0xff;
  await rejects(createSearchPool({ index: damaged }), (e) => e instanceof SnapshotError && e.code === 'CHECKSUM', 'damaged snapshot');
  await rejects(createSearchPool({ index: bytes.subarray(0, 100) }), (e) => e instanceof SnapshotError && e.code === 'TRUNCATED', 'truncated snapshot');
});

test('a full queue refuses at once with QueueFullError; the queued queries still complete', async () => {
  const { bytes, queries } = await cranfieldSetup();
  const pool = await createSearchPool({ index: bytes, minWorkers: 1, maxWorkers: 1, maxQueue: 4, pipeline: 2 });
  try {
    const accepted = Array.from({ length: 6 }, (_, i) => pool.search(queries[i].text)); // 2 sent to the worker + 4 waiting
    assert.is(pool.stats().queueDepth, 4);
    await rejects(pool.search('wing'), (e) => e instanceof QueueFullError && e.code === 'QUEUE_FULL' && e.maxQueue === 4, 'fifth waiting query');
    const done = await Promise.all(accepted);
    assert.is(done.length, 6);
    assert.ok((await pool.search('wing')).hits.length > 0, 'accepts again once drained');
  } finally {
    await pool.close();
  }
});

test('AbortSignal cancels queued, running and already-aborted queries with the signal reason', async () => {
  const { bytes, queries } = await cranfieldSetup();
  const pool = await createSearchPool({ index: bytes, minWorkers: 1, maxWorkers: 1, pipeline: 1 });
  try {
    await rejects(pool.search('wing', { signal: AbortSignal.abort() }), (e) => e?.name === 'AbortError', 'already aborted');
    const running = new AbortController();
    const queued = new AbortController();
    const first = pool.search(queries[0].text, { signal: running.signal });
    const second = pool.search(queries[1].text, { signal: queued.signal });
    const third = pool.search(queries[2].text);
    assert.is(pool.stats().queueDepth, 2);
    queued.abort(new Error('user went away'));
    assert.is(pool.stats().queueDepth, 1, 'a cancelled queued query leaves the queue at once');
    running.abort();
    await rejects(first, (e) => e?.name === 'AbortError', 'running query');
    await rejects(second, (e) => e?.message === 'user went away', 'queued query');
    assert.ok((await third).hits.length > 0, 'others are unaffected');
    assert.is(pool.stats().cancelled, 3);
    assert.is(pool.stats().workers, 1);
  } finally {
    await pool.close();
  }
});

test('the pool grows under load up to maxWorkers and shrinks back to minWorkers when idle', async () => {
  const { bytes, queries } = await cranfieldSetup();
  const pool = await createSearchPool({ index: bytes, minWorkers: 1, maxWorkers: 2, idleMs: 100 });
  try {
    let peak = 0;
    for (let round = 0; round < 20 && peak < 2; round++) {
      const batch = queries.map((q) => pool.search(q.text));
      peak = Math.max(peak, pool.stats().workers);
      await Promise.all(batch);
      peak = Math.max(peak, pool.stats().workers);
    }
    assert.is(peak, 2, 'a backlog starts a second worker');
    for (let i = 0; i < 100 && pool.stats().workers > 1; i++) await new Promise((r) => setTimeout(r, 50));
    assert.is(pool.stats().workers, 1, 'idle workers above minWorkers are retired');
    assert.ok((await pool.search('wing')).hits.length > 0);
  } finally {
    await pool.close();
  }
});

test('reload under load: every answer is wholly old or wholly new, and all are new once it resolves', async () => {
  const { docs, queries } = await cranfieldSetup();
  const half = docs.length >> 1;
  const older = await createIndex({ fields: ['title', 'text'], store: ['title'] });
  older.addAll(docs.slice(0, half));
  const newer = await createIndex({ fields: ['title', 'text'], store: ['title'] });
  newer.addAll(docs.slice(half));
  const pool = await createSearchPool({ index: older, minWorkers: 2, maxWorkers: 2 });
  try {
    const probe = queries.slice(0, 40).map((q) => q.text);
    const oldAnswers = probe.map((q) => JSON.stringify(strip(older.search(q))));
    const newAnswers = probe.map((q) => JSON.stringify(strip(newer.search(q))));
    const inFlight = probe.map((q) => pool.search(q));
    const reload = pool.reload(newer.save());
    const during = probe.map((q) => pool.search(q));
    await reload;
    const after = await Promise.all(probe.map((q) => pool.search(q)));
    const mixed = await Promise.all([...inFlight, ...during]);
    mixed.forEach((r, i) => {
      const s = JSON.stringify(strip(r));
      assert.ok(s === oldAnswers[i % probe.length] || s === newAnswers[i % probe.length], `answer ${i} is one generation`);
    });
    after.forEach((r, i) => assert.is(JSON.stringify(strip(r)), newAnswers[i], `after reload, query ${i}`));
    assert.is(pool.stats().generation, 2);

    const damaged = newer.save();
    damaged[40] ^= 1;
    await rejects(pool.reload(damaged), (e) => e instanceof SnapshotError, 'damaged reload');
    assert.is(pool.stats().generation, 2, 'a refused reload keeps the current generation');
    const still = await Promise.all(probe.map((q) => pool.search(q)));
    still.forEach((r, i) => assert.is(JSON.stringify(strip(r)), newAnswers[i], 'still the new generation'));
    await rejects(pool.reload('nope'), (e) => e instanceof TypeError, 'reload with junk');
  } finally {
    await pool.close();
  }
});

test('close drains by default, rejects waiting queries with drain: false, and refuses new ones', async () => {
  const { bytes, queries } = await cranfieldSetup();
  const pool = await createSearchPool({ index: bytes, minWorkers: 1, maxWorkers: 1 });
  const drained = queries.slice(0, 10).map((q) => pool.search(q.text));
  await pool.close();
  assert.is((await Promise.all(drained)).length, 10, 'queued work finished before close resolved');
  await rejects(pool.search('wing'), (e) => e instanceof ClosedError, 'after close');
  await pool.close(); // idempotent

  const hard = await createSearchPool({ index: bytes, minWorkers: 1, maxWorkers: 1 });
  const waiting = Promise.allSettled(queries.slice(0, 10).map((q) => hard.search(q.text)));
  await hard.close({ drain: false });
  const outcomes = await waiting;
  assert.ok(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof ClosedError), 'every unfinished query rejected with ClosedError');
  await rejects(hard.reload(bytes), (e) => e instanceof ClosedError, 'reload after close');
});

test('64 clients in flight over an Index given directly: identical answers, nothing lost', async () => {
  const { index, queries } = await cranfieldSetup();
  const pool = await createSearchPool({ index, minWorkers: 2, maxWorkers: 2 });
  try {
    const texts = Array.from({ length: 64 * 4 }, (_, i) => queries[(i * 7) % queries.length].text);
    let next = 0;
    const mismatches = [];
    await Promise.all(Array.from({ length: 64 }, async () => {
      while (next < texts.length) {
        const q = texts[next++];
        const r = await pool.search(q, { limit: 10 });
        if (JSON.stringify(strip(r)) !== JSON.stringify(strip(index.search(q, { limit: 10 })))) mismatches.push(q);
      }
    }));
    assert.equal(mismatches, []);
    assert.is(pool.stats().completed, texts.length);
    const { docs } = await cranfield();
    const loaded = await loadIndex(index.save());
    assert.equal(await pool.get(docs[5].id), loaded.get(docs[5].id));
    assert.ok((await pool.get(docs[5].id)).title.length > 0);
    assert.is(await pool.get('no such id'), undefined);
  } finally {
    await pool.close();
  }
});

test.run();
