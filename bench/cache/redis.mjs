// Redis as the shared cache and snapshot plane, measured. The SpamAssassin index (6,046 mails)
// is searched by 3 reader processes at once, each answering `--searches` queries of its own
// Zipf-distributed stream (s = 1.0 by default; the same stream in every mode) over a pool of
// queries (distinct mail subjects), back to back: no cache, L1 only (the in-process LRU, 1000
// entries), and L1 + L2 (the same L1 in front of a shared redis-server). Modes are interleaved
// over `--rounds` rounds, each L1+L2 phase starting with an empty Redis namespace. Reported per
// mode (medians over rounds; sums over the 3 readers): hit ratio, p50/p99 per search, req/s and
// CPU per search. `--highlight` makes every search ask for highlights (a costlier search).
// Then the time from publishSnapshot() starting to all 3 followers serving the new generation.
//   node bench/cache/redis.mjs [--searches 20000] [--rounds 2] [--queries 4000] [--s 1.0] [--publishes 5] [--highlight]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createIndex, createRedisCache, loadIndex, publishSnapshot } from '../../dist/index.js';
import { loadSpamAssassin } from '../data/spam-assassin.mjs';
import { startRedis, stopAllRedis } from '../../tests/helpers/redis-servers.mjs';
import { formatTable, machineInfo } from '../lib/measure.mjs';

const { values } = parseArgs({ options: {
  searches: { type: 'string', default: '20000' },
  highlight: { type: 'boolean', default: false },
  rounds: { type: 'string', default: '2' },
  queries: { type: 'string', default: '4000' },
  s: { type: 'string', default: '1.0' },
  publishes: { type: 'string', default: '5' },
  readers: { type: 'string', default: '3' },
} });
const searchesPerPhase = Number(values.searches), rounds = Number(values.rounds), readers = Number(values.readers);
const median = (list) => { const sorted = [...list].sort((a, b) => a - b); return sorted.length ? sorted[Math.floor((sorted.length - 1) / 2)] : NaN; };
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
const readerScript = new URL('./redis-reader.mjs', import.meta.url).pathname;

let configs = 0;
function startReader(config) {
  const file = join(dir, `reader-${configs++}.json`); // too long for an argument
  writeFileSync(file, JSON.stringify(config));
  const child = spawn(process.execPath, [readerScript, file], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = [];
  const waiters = [];
  let buffer = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (chunk) => {
    buffer += chunk;
    let at;
    while ((at = buffer.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffer.slice(0, at));
      buffer = buffer.slice(at + 1);
      lines.push(line);
      for (const waiter of waiters.splice(0)) waiter();
    }
  });
  const next = async (test) => {
    for (;;) {
      const found = lines.findIndex(test);
      if (found >= 0) return lines.splice(found, 1)[0];
      await new Promise((resolve) => waiters.push(resolve));
    }
  };
  return { child, next, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

const dir = mkdtempSync(join(tmpdir(), 'synthex-redis-bench-'));
const server = await startRedis();
try {
  const mails = loadSpamAssassin();
  const make = async (cache) => {
    const index = await createIndex({ fields: ['title', 'text'], store: ['title'], ...(cache ? { cache: { maxEntries: 1000 } } : {}) });
    index.addAll(mails.map(({ id, title, text }) => ({ id, title, text })));
    return index;
  };
  const plain = await make(false);
  const cached = await make(true);
  writeFileSync(join(dir, 'plain.synx'), plain.save());
  writeFileSync(join(dir, 'cached.synx'), cached.save());
  cached.close();
  const queries = [...new Set(mails.map((mail) => mail.title.toLowerCase().replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim()).filter((title) => title.length > 3))].slice(0, Number(values.queries));

  // Search phases: every reader loads, then all start together.
  const modes = ['none', 'l1', 'l1l2'];
  const phases = [];
  for (let round = 0; round < rounds; round++) {
    for (const mode of modes) phases.push({ name: `${mode}#${round}`, mode, namespace: `bench-${round}-${Date.now()}` });
  }
  const searchers = Array.from({ length: readers }, (_, i) => startReader({
    mode: 'search', url: server.url, snapshot: join(dir, 'plain.synx'), cachedSnapshot: join(dir, 'cached.synx'),
    queries, s: Number(values.s), seed: 1000 + i, phases, l1Entries: 1000, searches: searchesPerPhase, highlight: values.highlight,
  }));
  const perMode = Object.fromEntries(modes.map((mode) => [mode, []]));
  for (const phase of phases) {
    await Promise.all(searchers.map((reader) => reader.next((line) => line.ready === phase.name)));
    for (const reader of searchers) reader.child.stdin.write('go\n');
    const results = await Promise.all(searchers.map((reader) => reader.next((line) => line.phase === phase.name)));
    const samples = results.flatMap((result) => result.samples).sort((a, b) => a - b);
    const searches = results.reduce((sum, result) => sum + result.searches, 0);
    const cpuMs = results.reduce((sum, result) => sum + result.cpuMs, 0);
    let hits = 0, l2Hits = 0, l2Failures = 0;
    for (const result of results) {
      if (result.mode === 'l1') hits += result.l1Hits;
      if (result.mode === 'l1l2') {
        const { hits: h, misses, errors, refused } = result.redis;
        const l2Lookups = h + misses + errors + refused;
        hits += result.searches - l2Lookups + h;
        l2Hits += h;
        l2Failures += errors + refused;
      }
    }
    perMode[phase.mode].push({
      hitRatio: hits / searches, l2Share: l2Hits / searches, l2Failures: l2Failures / searches, p50: percentile(samples, 0.5), p99: percentile(samples, 0.99),
      rps: results.reduce((sum, result) => sum + result.searches / result.seconds, 0), cpuUsPerSearch: (cpuMs * 1000) / searches,
    });
  }
  for (const reader of searchers) reader.child.stdin.end();
  await Promise.all(searchers.map((reader) => reader.exited));

  // Publish → served by every follower.
  const cache = await createRedisCache({ url: server.url, namespace: 'bench-follow' });
  await publishSnapshot(cache, 'spam', plain);
  const followers = Array.from({ length: readers }, () => startReader({ mode: 'follow', url: server.url }));
  await Promise.all(followers.map((follower) => follower.next((line) => 'ready' in line)));
  const propagation = [], publishCall = [];
  for (let i = 0; i < Number(values.publishes); i++) {
    plain.add({ id: `bench-${i}`, title: `bench generation ${i}`, text: 'a document added to make a new generation' });
    const started = Date.now();
    const t = performance.now();
    const manifest = await publishSnapshot(cache, 'spam', plain);
    publishCall.push(performance.now() - t);
    const swaps = await Promise.all(followers.map((follower) => follower.next((line) => line.swap === manifest.generation)));
    propagation.push(Math.max(...swaps.map((swap) => swap.at)) - started);
  }
  for (const follower of followers) follower.child.stdin.end();
  await Promise.all(followers.map((follower) => follower.exited));
  cache.close();
  const snapshotBytes = plain.save().length;

  // A paused Redis (SIGSTOP) under a search loop: time until the circuit opens, and after
  // SIGCONT until it closes again. Searches keep being answered locally meanwhile.
  const faultCache = await createRedisCache({ url: server.url, namespace: 'bench-fault' });
  const faulty = await loadIndex(plain.save(), { sharedCache: { cache: faultCache, name: 'spam', maxEntries: 0 } });
  const toOpen = [], toClose = [];
  let failed = 0, answered = 0, running = true;
  const loop = (async () => {
    for (let i = 0; running; i++) {
      try { await faulty.searchAsync(queries[i % queries.length]); answered++; } catch { failed++; }
      if (i % 8 === 0) await new Promise((resolve) => setTimeout(resolve, 0));
    }
  })();
  const waitFor = async (check) => { const t = performance.now(); while (!check()) await new Promise((resolve) => setTimeout(resolve, 1)); return performance.now() - t; };
  for (let i = 0; i < 5; i++) {
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.pause();
    toOpen.push(await waitFor(() => faultCache.stats().circuit.state === 'open'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    server.resume();
    toClose.push(await waitFor(() => faultCache.stats().circuit.state === 'closed'));
  }
  running = false;
  await loop;
  faulty.close();
  faultCache.close();
  plain.close();

  const machine = await machineInfo();
  console.log(`\nRedis cache and snapshots: SpamAssassin (${mails.length} mails), ${readers} reader processes × ${searchesPerPhase} searches${values.highlight ? ' with highlights' : ''}, Zipf s=${values.s} over ${queries.length} distinct queries, ${rounds} round(s) per mode`);
  console.log(`${machine.runtime}, ${machine.cpu} (${machine.cores} cores), redis-server on loopback; load average ${os.loadavg().map((n) => n.toFixed(2)).join(' ')}`);
  const label = { none: 'no cache', l1: 'L1 only', l1l2: 'L1 + L2 (Redis)' };
  const rows = modes.map((mode) => {
    const runs = perMode[mode];
    const pick = (name) => median(runs.map((run) => run[name]));
    return { mode: label[mode], hitRatio: pick('hitRatio'), l2Share: pick('l2Share'), l2Failures: pick('l2Failures'), p50: pick('p50'), p99: pick('p99'), rps: pick('rps'), cpu: pick('cpuUsPerSearch') };
  });
  console.log(formatTable(rows, [
    { label: 'mode', format: (row) => row.mode },
    { label: 'hit ratio', format: (row) => `${(row.hitRatio * 100).toFixed(1)} %` },
    { label: 'of which L2', format: (row) => `${(row.l2Share * 100).toFixed(1)} %` },
    { label: 'L2 errors + refused', format: (row) => `${(row.l2Failures * 100).toFixed(2)} %` },
    { label: 'p50 ms', format: (row) => row.p50.toFixed(3) },
    { label: 'p99 ms', format: (row) => row.p99.toFixed(3) },
    { label: 'req/s (3 readers)', format: (row) => row.rps.toFixed(0) },
    { label: 'CPU µs/search', format: (row) => row.cpu.toFixed(0) },
  ]));
  const sorted = [...propagation].sort((a, b) => a - b);
  console.log(`\npublish → all ${readers} followers serving the new generation (${snapshotBytes} byte snapshot, ${propagation.length} publishes): median ${median(propagation)} ms, max ${sorted[sorted.length - 1]} ms; publishSnapshot() itself median ${median(publishCall).toFixed(0)} ms`);
  console.log(`Redis paused (SIGSTOP) under a search loop, 5 times: circuit open after median ${median(toOpen).toFixed(0)} ms (max ${Math.max(...toOpen).toFixed(0)}); closed again after SIGCONT in median ${median(toClose).toFixed(0)} ms; ${answered} searches answered, ${failed} failed`);
} finally {
  await stopAllRedis();
  rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
