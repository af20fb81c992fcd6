// What waits on a busy pool's messages: 128 clients of long queries (7 Cranfield queries
// joined, as in tests/search-pool-transport.test.mjs) keep 2 workers' 64-deep rings full while
// (1) 6 reloads run between thirds of the Cranfield collection: per reload, how many answers
// the pool served while it waited and how long it took (idle reloads take 2-4 ms); and (2) one
// more client asks 40 highlighted queries, which travel as messages: their p50 and max latency.
// Run: node bench/concurrency/reload-under-load.mjs [--dist <dir>]   (also bun, deno run -A)
//      SYNTHEX_SHARED_MEMORY=0 … for per-worker copies (each worker loads the bytes itself)
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { loadCranfield } from '../data/cranfield.mjs';
import { option, runtimeName } from '../search/runtime.mjs';

const dist = option('dist', undefined);
const { createIndex, createSearchPool } = await import(dist ? pathToFileURL(resolve(String(dist), 'index.js')).href : '../../dist/index.js');
const RELOADS = 6;
const CLIENTS = 128;
const { docs, queries } = loadCranfield();
const third = Math.floor(docs.length / 3);
const snapshots = [];
for (let g = 0; g < 3; g++) {
  const index = await createIndex({ fields: ['title', 'text'], store: ['title'] });
  index.addAll(docs.slice(g * third, (g + 1) * third));
  snapshots.push(index.save());
  index.close();
}
const probe = Array.from({ length: 30 }, (_, p) => queries.slice(p * 7, p * 7 + 7).map((q) => q.text).join(' ').slice(0, 900));
const pool = await createSearchPool({ index: snapshots[0], minWorkers: 2, maxWorkers: 2, pipeline: 64 });
let stop = false;
let answered = 0;
const clients = Array.from({ length: CLIENTS }, async (_, c) => {
  for (let i = c; !stop; i++) {
    await pool.search(probe[i % probe.length], { limit: 10 });
    answered++;
  }
});
const waits = [];
for (let r = 0; r < RELOADS; r++) {
  await new Promise((done) => setTimeout(done, 30));
  const from = answered;
  const started = performance.now();
  await pool.reload(snapshots[(r + 1) % snapshots.length]);
  waits.push({ answers: answered - from, ms: performance.now() - started });
}
const highlighted = [];
for (let i = 0; i < 40; i++) {
  const started = performance.now();
  await pool.search('boundary layer', { limit: 5, highlight: true });
  highlighted.push(performance.now() - started);
}
highlighted.sort((a, b) => a - b);
stop = true;
await Promise.all(clients);
const transport = pool.stats().transport;
await pool.close();
console.log(`${runtimeName}, ${transport}, ${CLIENTS} clients: answers served while each reload waited: ${waits.map((w) => `${w.answers} (${w.ms.toFixed(0)} ms)`).join(', ')}`);
console.log(`highlighted queries (messages) meanwhile: p50 ${highlighted[20].toFixed(1)} ms, max ${highlighted[39].toFixed(1)} ms`);
