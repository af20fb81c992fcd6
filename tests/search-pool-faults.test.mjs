// SearchPool health: crashed, exiting and hung workers are replaced and their query retried
// once on another worker; timeouts stop a stuck worker; the pool keeps answering throughout.
// Faults are injected by a worker script (tests/fixtures/faulty-search-worker.mjs), on each
// transport (shared rings and messages).
import { test } from 'uvu';
import { rejects } from './helpers/errors.mjs';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createIndex, createSearchPool, SearchTimeoutError, WorkerError } from '../dist/index.js';
import { cranfield } from './helpers/cranfield.mjs';
import { transports, poolOver } from './helpers/transport.mjs';

const workerUrl = new URL('./fixtures/faulty-search-worker.mjs', import.meta.url);

let bytes;
let reference;
async function setup() {
  if (!bytes) {
    const { docs } = await cranfield();
    reference = await createIndex({ fields: ['title', 'text'], store: ['title'] });
    reference.addAll(docs);
    bytes = reference.save();
  }
  return bytes;
}
const strip = ({ tookMs, ...rest }) => rest;
const healthy = async (pool) => assert.equal(strip(await pool.search('boundary layer')), strip(reference.search('boundary layer')));

for (const transport of transports) {
  test(`${transport}: a crashing query is retried once, then fails with WORKER_CRASHED; workers are replaced`, async () => {
    const pool = await poolOver(transport, { index: await setup(), minWorkers: 2, maxWorkers: 2, workerUrl });
    try {
      for (const fault of ['fault:crash', 'fault:exit']) {
        const before = pool.stats();
        await rejects(pool.search(fault), (e) => e instanceof WorkerError && e.code === 'WORKER_CRASHED', fault);
        const after = pool.stats();
        assert.is(after.retried - before.retried, 1, `${fault}: retried once`);
        assert.is(after.replaced - before.replaced, 2, `${fault}: both workers that ran it were replaced`);
        await healthy(pool);
      }
      assert.is(pool.stats().workers, 2);
    } finally {
      await pool.close();
    }
  });

  test(`${transport}: a query whose first worker crashes succeeds on the retry`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'synthex-pool-'));
    const pool = await poolOver(transport, { index: await setup(), minWorkers: 2, maxWorkers: 2, workerUrl });
    try {
      const marker = join(dir, 'crashed-once');
      const result = await pool.search(`fault:crash-once:${marker}`);
      assert.equal(strip(result), strip(reference.search(`fault:crash-once:${marker}`)));
      assert.is(pool.stats().retried, 1);
      assert.is(pool.stats().failed, 0);
      const others = await Promise.all(['wing', 'flutter', 'heat transfer'].map((q) => pool.search(q)));
      assert.ok(others.every((r) => r.total > 0), 'queries around the crash are answered');
    } finally {
      await pool.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test(`${transport}: a hung worker is detected after hangMs, replaced, and the query fails after one retry`, async () => {
    const pool = await poolOver(transport, { index: await setup(), minWorkers: 1, maxWorkers: 2, hangMs: 300, workerUrl });
    try {
      const hung = pool.search('fault:hang');
      // Sent to the same worker behind the hang (pipeline 2): it never ran there, so it is
      // requeued without using up its retry, and survives both deaths of the hung query.
      const bystander = pool.search('wing');
      await rejects(hung, (e) => e instanceof WorkerError && e.code === 'WORKER_HUNG', 'hang');
      assert.ok((await bystander).total > 0);
      assert.ok(pool.stats().retried >= 2, 'the hung query and its bystander were both resent');
      assert.is(pool.stats().failed, 1, 'only the hung query failed');
      await healthy(pool);
    } finally {
      await pool.close();
    }
  });

  test(`${transport}: timeoutMs rejects a slow query with SearchTimeoutError and replaces its stuck worker`, async () => {
    const pool = await poolOver(transport, { index: await setup(), minWorkers: 1, maxWorkers: 1, workerUrl });
    try {
      await rejects(pool.search('fault:hang', { timeoutMs: 200 }), (e) => e instanceof SearchTimeoutError && e.timeoutMs === 200, 'timeout');
      const stats = pool.stats();
      assert.is(stats.timedOut, 1);
      assert.is(stats.replaced, 1);
      await healthy(pool);
      // Waiting in the queue counts against the timeout too.
      const slow = pool.search('fault:slow:400');
      await rejects(pool.search('wing', { timeoutMs: 100 }), (e) => e instanceof SearchTimeoutError, 'queued past its deadline');
      assert.ok((await slow).hits !== undefined);
    } finally {
      await pool.close();
    }
  });
}

test('a worker script that cannot start fails createSearchPool with WORKER_START instead of looping', async () => {
  const missing = new URL('./fixtures/no-such-worker.mjs', import.meta.url);
  await rejects(createSearchPool({ index: await setup(), workerUrl: missing }), (e) => e instanceof WorkerError && e.code === 'WORKER_START', 'missing script');
});

if (transports.includes('shared-rings')) {
  test('shared-rings: a reload under a load that never lets the ring empty waits about one ring, not for the clients to stop', async () => {
    // Each query holds the worker 5 ms, and 64 clients keep its 64-deep ring full. A commit
    // that answered every query in the ring, including those written after it, stayed in its
    // handler (and the worker away from its other messages) until the ring ran empty, which
    // here it does only when the clients give up (after GIVE_UP answers during the reload).
    // Answering only what the commit found, the reload waits about one ring (64 answers).
    const GIVE_UP = 400;
    const pool = await poolOver('shared-rings', { index: await setup(), minWorkers: 1, maxWorkers: 1, pipeline: 64, workerUrl });
    try {
      let answered = 0;
      let from = -1;
      let stop = false;
      const clients = Array.from({ length: 64 }, async () => {
        while (!stop && !(from >= 0 && answered - from > GIVE_UP)) {
          await pool.search('fault:slow:5');
          answered++;
        }
      });
      await new Promise((done) => setTimeout(done, 100));
      from = answered;
      await pool.reload(await setup());
      const during = answered - from;
      stop = true;
      await Promise.all(clients);
      assert.ok(during < GIVE_UP, `${during} answers served while the reload waited`);
      assert.is(pool.stats().generation, 2);
      await healthy(pool);
    } finally {
      await pool.close();
    }
  });
}

test.run();
