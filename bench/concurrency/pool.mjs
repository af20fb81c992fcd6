// SearchPool throughput and latency: Cranfield queries over the SpamAssassin index, with 1, 2 and
// 4 workers and 1, 8 and 64 clients in flight, beside the same index searched on the main
// thread (queries served one after another, FIFO, as a single-threaded server would). Resident
// memory per worker count is measured in a fresh process each, so earlier runs do not linger.
// Every cell also reports CPU time per query: of the whole process (all threads) and of the
// main thread alone (Linux: /proc/self/task/<pid>/schedstat). On a machine shared with other
// work, throughput varies with the load but CPU per query does not, so the bench also predicts
// the 2-worker speedup on idle cores from CPU time: min(cores / process CPU, 1 / main-thread
// CPU) per query, against the single thread's least CPU per query. Pools run on the transport the
// runtime picks ('shared-rings' where it can) and, for 2 workers, also on messages (A/B).
// Run: node bench/concurrency/pool.mjs [--quick] [--seconds 3]
//      npx bun bench/concurrency/pool.mjs …   npx deno run -A bench/concurrency/pool.mjs …
// Results: Markdown on stdout, JSON in bench-results/pool-<runtime>.json.
import process from 'node:process';
import { spawnSync } from 'node:child_process';
import { writeFileSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIndex, loadIndex, createSearchPool } from '../../dist/index.js';
import { machineInfo, formatTable, fixed } from '../lib/measure.mjs';
import { loadCranfield } from '../data/cranfield.mjs';
import { loadSpamAssassin } from '../data/spam-assassin.mjs';
import { runtimeName, option, writeResults } from '../search/runtime.mjs';

const LIMIT = 10;
const quick = option('quick', false) === true;
const seconds = Number(option('seconds', quick ? 1 : 3));
const rounds = quick ? 1 : 3; // each cell is the median of this many runs
const WORKERS = [1, 2, 4];
const CLIENTS = [1, 8, 64];
const GOALS = { speedupAt2: 1.8, p99RatioAt8: 2, rssGrowthPerWorker: 0.1 };

const columns = (pairs) => pairs.map(([label, format]) => ({ label, format }));
const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];

/** CPU time of the main thread in µs (Linux), or undefined elsewhere. */
function mainThreadCpuUs() {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e3;
  } catch {
    return undefined;
  }
}
const processCpuUs = () => { const { user, system } = process.cpuUsage(); return user + system; };

/** A pool on messages: the transport every runtime has (Atomics.waitAsync hidden while it is built). */
function createMessagePool(options) {
  const waitAsync = Atomics.waitAsync;
  Atomics.waitAsync = undefined;
  const pool = createSearchPool(options);
  Atomics.waitAsync = waitAsync;
  return pool;
}

/** Closed loop: `clients` callers each issue the next query as soon as their last returns. */
async function closedLoop(search, queries, clients, durationMs) {
  const latencies = [];
  let next = 0;
  let errors = 0;
  const cpu0 = processCpuUs();
  const main0 = mainThreadCpuUs();
  const end = performance.now() + durationMs;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) {
      const q = queries[next++ % queries.length];
      const t0 = performance.now();
      try { await search(q); } catch { errors++; }
      latencies.push(performance.now() - t0);
    }
  }));
  const elapsed = durationMs + Math.max(0, performance.now() - end);
  const cpuUs = (processCpuUs() - cpu0) / latencies.length;
  const main1 = mainThreadCpuUs();
  const mainCpuUs = main0 === undefined || main1 === undefined ? undefined : (main1 - main0) / latencies.length;
  latencies.sort((a, b) => a - b);
  return { qps: latencies.length / (elapsed / 1000), p50: percentile(latencies, 0.5), p95: percentile(latencies, 0.95), p99: percentile(latencies, 0.99), samples: latencies.length, errors, cpuUs, mainCpuUs };
}

/** The median run (by throughput) of `rounds` runs. */
async function medianRun(run) {
  const runs = [];
  for (let i = 0; i < rounds; i++) runs.push(await run());
  runs.sort((a, b) => a.qps - b.qps);
  return runs[runs.length >> 1];
}

/** One index on this thread, queries served one at a time in arrival order. */
function mainThreadServer(index) {
  let chain = Promise.resolve();
  return (q) => {
    const answer = chain.then(() => index.search(q, { limit: LIMIT }));
    chain = answer.catch(() => {});
    return answer;
  };
}

async function residentWithWorkers(snapshotPath, workers) {
  const self = fileURLToPath(import.meta.url);
  const args = globalThis.Deno ? ['run', '-A', self] : [self];
  const child = spawnSync(process.execPath, [...args, '--memory-probe', String(workers), '--snapshot', snapshotPath], { encoding: 'utf8' });
  const line = child.stdout.split('\n').find((l) => l.startsWith('@@rss '));
  if (!line) throw new Error(`memory probe with ${workers} workers failed: ${child.stderr}`);
  return JSON.parse(line.slice(6));
}

// Child mode: a pool of N workers answering queries, then its resident memory.
if (option('memory-probe', false)) {
  const workers = Number(option('memory-probe'));
  const bytes = new Uint8Array(readFileSync(String(option('snapshot'))));
  const queries = loadCranfield().queries.map((q) => q.text);
  const rss = () => process.memoryUsage().rss;
  const before = rss();
  const pool = await createSearchPool({ index: bytes, minWorkers: workers, maxWorkers: workers });
  await closedLoop((q) => pool.search(q, { limit: LIMIT }), queries, 8, 1000);
  console.log(`@@rss ${JSON.stringify({ workers, before, after: rss(), shared: pool.stats().sharedSnapshot, transport: pool.stats().transport })}`);
  await pool.close();
  process.exit(0);
}

function loadAverage() {
  try {
    return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
  } catch {
    return 'unknown';
  }
}

const machine = await machineInfo();
console.log(`# SearchPool — ${runtimeName}, ${machine.cpu} × ${machine.cores}, ${seconds}s per cell, median of ${rounds}\n`);
const docs = loadSpamAssassin();
const queries = loadCranfield().queries.map((q) => q.text);
const built = await createIndex({ fields: ['title', 'text'], store: ['title'] });
built.addAll(docs.map(({ id, title, text }) => ({ id, title, text })));
const bytes = built.save();
built.close();
console.log(`SpamAssassin: ${docs.length} messages, snapshot ${(bytes.length / 1e6).toFixed(1)} MB; ${queries.length} Cranfield queries, limit ${LIMIT}\n`);

const rows = [];
const single = await loadIndex(bytes);
const serve = mainThreadServer(single);
await closedLoop(serve, queries, 1, 300); // warm-up
for (const clients of CLIENTS) rows.push({ setup: 'main thread', workers: 0, clients, ...(await medianRun(() => closedLoop(serve, queries, clients, seconds * 1000))) });
single.close();

const setups = [...WORKERS.map((workers) => ({ workers, create: createSearchPool })), { workers: 2, create: createMessagePool }];
let transport;
for (const { workers, create } of setups) {
  const pool = await create({ index: bytes, minWorkers: workers, maxWorkers: workers });
  const setup = create === createMessagePool ? 'pool, messages' : 'pool';
  if (setup === 'pool') transport = pool.stats().transport;
  const search = (q) => pool.search(q, { limit: LIMIT });
  await closedLoop(search, queries, 8, 300); // warm-up
  for (const clients of CLIENTS) rows.push({ setup, workers, clients, ...(await medianRun(() => closedLoop(search, queries, clients, seconds * 1000))) });
  await pool.close();
}

const us = (v) => (v === undefined ? '—' : v.toFixed(1));
console.log(`Pools run on transport '${transport}'. CPU µs per query: the whole process, and its main thread.\n`);
console.log(formatTable(rows, columns([
  ['setup', (r) => r.setup], ['workers', (r) => String(r.workers || '—')], ['clients', (r) => String(r.clients)],
  ['queries/s', (r) => r.qps.toFixed(0)], ['p50 ms', (r) => fixed(3)(r.p50)], ['p95 ms', (r) => fixed(3)(r.p95)],
  ['p99 ms', (r) => fixed(3)(r.p99)], ['CPU µs/q', (r) => us(r.cpuUs)], ['main CPU µs/q', (r) => us(r.mainCpuUs)], ['errors', (r) => String(r.errors)],
])));

const dir = mkdtempSync(join(tmpdir(), 'synthex-pool-bench-'));
const snapshotPath = join(dir, 'spam.synx');
writeFileSync(snapshotPath, bytes);
// One process's RSS scatters by several MB from run to run (a worker thread's heap, the
// allocator), as much as a worker adds: each row is the median of PROBES fresh processes,
// taken in interleaved rounds.
const PROBES = quick ? 1 : 5;
const probes = WORKERS.map(() => []);
for (let round = 0; round < PROBES; round++) {
  for (const [at, workers] of WORKERS.entries()) probes[at].push(await residentWithWorkers(snapshotPath, workers));
}
const medianBy = (list, key) => [...list].sort((x, y) => x[key] - y[key])[list.length >> 1][key];
const memory = probes.map((list) => ({ ...list[0], before: medianBy(list, 'before'), after: medianBy(list, 'after'), afterAll: list.map((m) => m.after) }));
rmSync(dir, { recursive: true, force: true });
const mb = (b) => (b / 1048576).toFixed(1);
console.log(`\nResident memory (median of ${PROBES} fresh processes per row, after 1 s of 8 clients):\n`);
console.log(formatTable(memory, columns([
  ['workers', (m) => String(m.workers)], ['RSS before pool MB', (m) => mb(m.before)], ['RSS with pool MB', (m) => mb(m.after)],
  ['each run MB', (m) => m.afterAll.map(mb).join(', ')],
  ['shared snapshot', (m) => String(m.shared)],
])));

const cell = (setup, workers, clients) => rows.find((r) => r.setup === setup && r.workers === workers && r.clients === clients);
// Best against best: one thread also runs a little faster with more clients in flight (fewer
// event-loop turns per query), so its best cell, not its 1-client cell, is the baseline.
const oneAtOne = cell('main thread', 0, 1);
const best1 = Math.max(...CLIENTS.map((c) => cell('main thread', 0, c).qps));
const speedup2 = Math.max(...CLIENTS.map((c) => cell('pool', 2, c).qps)) / best1;
const p99Ratio8 = cell('pool', 2, 8).p99 / cell('main thread', 0, 8).p99;
const p99RatioVsOne = cell('pool', 2, 8).p99 / oneAtOne.p99;
/** Throughput on `cores` idle cores as CPU time allows it, relative to the single thread's. */
const predicted = (row, cores) => {
  const bound = Math.min(cores / row.cpuUs, row.mainCpuUs ? 1 / row.mainCpuUs : Infinity);
  return bound * singleCpuUs;
};
// The single thread's least CPU per query over its cells (CPU per query only grows with the machine's load).
const singleCpuUs = Math.min(...CLIENTS.map((c) => cell('main thread', 0, c).cpuUs));
const predicted2 = Math.max(...CLIENTS.map((c) => predicted(cell('pool', 2, c), 2)));
const predicted2Messages = Math.max(...CLIENTS.map((c) => predicted(cell('pool, messages', 2, c), 2)));
const perWorker = memory.slice(1).map((m, i) => {
  const prev = memory[i];
  return ((m.after - prev.after) / (m.workers - prev.workers)) / prev.after;
});
const growth = Math.max(...perWorker);
console.log(`\nGoals (this machine, ${machine.cores} cores):`);
console.log(`- 2 workers vs one thread, the best throughput of each: ${speedup2.toFixed(2)}× (goal ≥ ${GOALS.speedupAt2}×; load average ${loadAverage()})`);
console.log(`- the same predicted from CPU time per query on 2 idle cores: ${predicted2.toFixed(2)}× on '${transport}', ${predicted2Messages.toFixed(2)}× on messages`);
console.log(`- p99 at 8 in flight, 2 workers vs main thread at 8 in flight: ${p99Ratio8.toFixed(2)}× (goal ≤ ${GOALS.p99RatioAt8}×); vs main thread at 1 in flight: ${p99RatioVsOne.toFixed(2)}×`);
console.log(`- resident memory per added worker: ${perWorker.map((g) => `${(g * 100).toFixed(1)}%`).join(', ')} (goal < ${GOALS.rssGrowthPerWorker * 100}%)`);
const path = writeResults(`pool-${runtimeName}.json`, { machine, runtime: runtimeName, seconds, rounds, transport, rows, memory, speedup2, predicted2, predicted2Messages, p99Ratio8, p99RatioVsOne, perWorker });
console.log(`\nJSON: ${path}`);
