// Category 4: concurrent operations. With the search pool (createSearchPool) in this build: 1, 2
// and 4 workers × 1, 8 and 64 clients in flight over the SpamAssassin snapshot. Without it: many
// clients in flight against one Index through async calls on this thread, and the report says so.
import * as synthex from '../../../dist/index.js';
import { synthexIndex, corpusShortQueries, cranfieldQueries } from '../fixtures.mjs';
import { runScenario } from '../sampler.mjs';

export const key = 'concurrency';
export const title = 'Concurrent operations';
export const description = 'Many clients in flight, each issuing search calls and awaiting the answers.';

const CLIENTS = [1, 8, 64];
const yieldTurn = globalThis.setImmediate ?? ((f) => setTimeout(f, 0));
const WORKERS = [1, 2, 4];

function checked(result) {
  if (!Array.isArray(result?.hits)) throw new Error('search returned no hits array');
}

async function poolScenarios(ctx, index, queries) {
  const scenarios = [];
  const bytes = index.save();
  for (const workers of WORKERS) {
    const pool = await synthex.createSearchPool({ index: bytes, minWorkers: workers, maxWorkers: workers });
    try {
      for (const clients of CLIENTS) {
        ctx.log(`pool ${workers}w ×${clients}…`);
        const result = await runScenario(async (i) => checked(await pool.search(queries[i % queries.length], { limit: 10 })), { ...ctx.settings, concurrency: clients });
        scenarios.push({ id: `pool-${workers}w-${clients}c`, name: `search pool, ${workers} worker${workers > 1 ? 's' : ''}, ${clients} client${clients > 1 ? 's' : ''} in flight`, judged: true, engine: 'synthex', workers, clients, poolStats: safeStats(pool), ...result });
      }
    } finally {
      await pool.close();
    }
  }
  // Longer queries (Cranfield's 225, ~10× the work of a short one): where parallel workers should pay.
  const heavy = cranfieldQueries();
  const pool = await synthex.createSearchPool({ index: bytes, minWorkers: 2, maxWorkers: 2 });
  try {
    ctx.log('pool 2w ×64 long queries…');
    const result = await runScenario(async (i) => checked(await pool.search(heavy[i % heavy.length], { limit: 10 })), { ...ctx.settings, concurrency: 64 });
    scenarios.push({ id: 'pool-2w-64c-long', name: "search pool, 2 workers, 64 clients in flight, Cranfield's 225 queries", judged: true, engine: 'synthex', workers: 2, clients: 64, long: true, poolStats: safeStats(pool), ...result });
  } finally {
    await pool.close();
  }
  ctx.log('async ×64 long queries…');
  const result = await runScenario((i) => new Promise((resolve) => yieldTurn(resolve)).then(() => checked(index.search(heavy[i % heavy.length], { limit: 10 }))),
    { ...ctx.settings, concurrency: 64, wasmBytes: () => index.stats().memoryBytes });
  scenarios.push({ id: 'async-64c-long', name: "one Index, 64 async clients in flight, Cranfield's 225 queries (one thread, no pool)", judged: false, engine: 'synthex', workers: 0, clients: 64, long: true, ...result });
  return scenarios;
}

/** The pool's own counters after the scenario (cumulative over the pool's life). */
function safeStats(pool) {
  try {
    const { workers, completed, failed, retried, timedOut, replaced, workerKind, sharedSnapshot } = pool.stats();
    return { workers, completed, failed, retried, timedOut, replaced, workerKind, sharedSnapshot };
  } catch {
    return undefined;
  }
}

async function asyncScenarios(ctx, index, queries, judged) {
  const scenarios = [];
  const wasmBytes = () => index.stats().memoryBytes;
  for (const clients of CLIENTS) {
    ctx.log(`async ×${clients}…`);
    // Each call yields to the event loop before searching, as a request handler would
    // (setImmediate where it exists: setTimeout 0 would add its ~1 ms clamp to every call).
    const op = (i) => new Promise((resolve) => yieldTurn(resolve)).then(() => checked(index.search(queries[i % queries.length], { limit: 10 })));
    const result = await runScenario(op, { ...ctx.settings, concurrency: clients, wasmBytes });
    scenarios.push({ id: `async-${clients}c`, name: `one Index, ${clients} async client${clients > 1 ? 's' : ''} in flight (one thread, no pool)`, judged, engine: 'synthex', workers: 0, clients, ...result });
  }
  return scenarios;
}

export async function run(ctx) {
  const index = await synthexIndex('spam');
  const queries = corpusShortQueries('spam');
  const hasPool = typeof synthex.createSearchPool === 'function';
  // Without the pool, one thread's async clients are what is measured (and judged); with it they
  // stay as the reference the pool is compared to.
  const scenarios = hasPool
    ? [...await poolScenarios(ctx, index, queries), ...await asyncScenarios(ctx, index, queries, false)]
    : await asyncScenarios(ctx, index, queries, true);
  return {
    scenarios,
    extra: { pool: hasPool },
    notes: [hasPool
      ? `createSearchPool over the SpamAssassin snapshot, minWorkers = maxWorkers = ${WORKERS.join('/')}, ${CLIENTS.join('/')} clients in flight; SpamAssassin short queries. The one-thread rows (async clients on one Index, no pool) are references, not graded. WASM memory of the workers is not in the peak figures (it lives in the workers).`
      : 'The search pool (createSearchPool) is not in this build, so it is NOT measured: these rows are many async clients in flight against one Index on one thread (each call yields one event-loop turn first, as a request handler would); SpamAssassin short queries.'],
  };
}
