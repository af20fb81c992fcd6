// Pool builds A/B in one process (Node, Linux): a pool of 2 workers from each build's dist/
// (the first is the base), all alive together and searched in alternating bursts, so the load
// of a shared machine falls on every build alike. Per burst: main-thread CPU per query
// (/proc/self/task/<pid>/schedstat), process CPU per query, pool wake-ups per query (the
// Atomics.waitAsync sleeps that ended) and throughput; prints medians and per-burst ratios to
// the base. `single` as a build is the index on the main thread, queries served in turn.
// Run: node bench/concurrency/pool-ab.mjs --clients 8 --bursts 30 --ms 400 /path/to/base/dist dist [single]
import process from 'node:process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCranfield } from '../data/cranfield.mjs';
import { loadSpamAssassin } from '../data/spam-assassin.mjs';
import { option } from '../search/runtime.mjs';

const clients = Number(option('clients', 8));
const bursts = Number(option('bursts', 30));
const burstMs = Number(option('ms', 400));
const builds = process.argv.slice(2).filter((arg, i, all) => !arg.startsWith('--') && !all[i - 1]?.startsWith('--'));
if (builds.length < 2) throw new Error('give at least two builds: dist directories, or single');
const toUrl = (dist) => pathToFileURL(resolve(dist)).href;

const mainCpuUs = () => Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8').split(' ')[0]) / 1e3;
const processCpuUs = () => { const { user, system } = process.cpuUsage(); return user + system; };
let wakeUps = 0;
const waitAsync = Atomics.waitAsync;
Atomics.waitAsync = function (...args) {
  const waiting = waitAsync.apply(Atomics, args);
  if (waiting.async) waiting.value.then(() => { wakeUps++; });
  return waiting;
};

const firstBuild = builds.find((b) => b !== 'single');
const { createIndex } = await import(`${toUrl(firstBuild)}/index.js`);
const built = await createIndex({ fields: ['title', 'text'], store: ['title'] });
built.addAll(loadSpamAssassin().map(({ id, title, text }) => ({ id, title, text })));
const bytes = built.save();
built.close();
const queries = loadCranfield().queries.map((q) => q.text);

const runs = [];
for (const build of builds) {
  let search, close;
  if (build === 'single') {
    const { loadIndex } = await import(`${toUrl(firstBuild)}/index.js`);
    const index = await loadIndex(bytes);
    let chain = Promise.resolve();
    search = (q) => { const answer = chain.then(() => index.search(q, { limit: 10 })); chain = answer.catch(() => {}); return answer; };
    close = () => index.close();
  } else {
    const { createSearchPool } = await import(`${toUrl(build)}/index.js`);
    const pool = await createSearchPool({ index: bytes, minWorkers: 2, maxWorkers: 2 });
    search = (q) => pool.search(q, { limit: 10 });
    close = () => pool.close();
  }
  runs.push({ build, search, close, main: [], cpu: [], wakes: [], qps: [] });
}

let next = 0;
async function burst(search, ms) {
  let n = 0;
  const end = performance.now() + ms;
  await Promise.all(Array.from({ length: clients }, async () => {
    while (performance.now() < end) { await search(queries[next++ % queries.length]); n++; }
  }));
  return n;
}
for (const run of runs) await burst(run.search, 300); // warm-up
for (let b = 0; b < bursts; b++) {
  for (const run of b % 2 ? [...runs].reverse() : runs) {
    const main0 = mainCpuUs(), cpu0 = processCpuUs(), wakes0 = wakeUps, t0 = performance.now();
    const n = await burst(run.search, burstMs);
    run.main.push((mainCpuUs() - main0) / n);
    run.cpu.push((processCpuUs() - cpu0) / n);
    run.wakes.push((wakeUps - wakes0) / n);
    run.qps.push(n / ((performance.now() - t0) / 1000));
  }
}

const median = (list) => [...list].sort((x, y) => x - y)[list.length >> 1];
const ratio = (run, key) => median(run[key].map((v, i) => v / runs[0][key][i]));
console.log(`${clients} clients, ${bursts} bursts of ${burstMs} ms per build; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
console.log('| build | main CPU µs/q | process CPU µs/q | pool wake-ups/q | queries/s | main vs first | process vs first | queries/s vs first |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
for (const run of runs) {
  console.log(`| ${run.build} | ${median(run.main).toFixed(2)} | ${median(run.cpu).toFixed(2)} | ${median(run.wakes).toFixed(3)} | ${median(run.qps).toFixed(0)} | ${ratio(run, 'main').toFixed(3)} | ${ratio(run, 'cpu').toFixed(3)} | ${ratio(run, 'qps').toFixed(3)} |`);
}
for (const run of runs) await run.close();
process.exit(0);
