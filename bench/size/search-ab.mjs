// Does a size change cost search speed or change results? Two builds of synthex side by side in
// one process: the same corpora indexed by each, the Cranfield queries (and 1–3 word queries) run
// in interleaved rounds (A B, B A, …), CPU time per round from process.cpuUsage. Reports the
// median queries per CPU-second of each and the ratio B/A, p99 per-query latency, the first
// createIndex (import + inflate + compile) of each, and whether every result is identical.
// Run: node bench/size/search-ab.mjs --a <old dist dir> [--b dist] [--rounds 12] [--corpus cranfield|spam|all]
import process from 'node:process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadCranfield } from '../data/cranfield.mjs';
import { loadSpamAssassin } from '../data/spam-assassin.mjs';
import { shortQueries } from '../data/short-queries.mjs';

function option(name, fallback) {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}
const dirs = { A: option('a'), B: option('b', 'dist') };
if (!dirs.A) {
  console.error('usage: node bench/size/search-ab.mjs --a <old dist dir> [--b dist] [--rounds N] [--corpus cranfield|spam|all]');
  process.exit(2);
}
const ROUNDS = Number(option('rounds', 12));
const corpusChoice = option('corpus', 'all');
const LIMIT = 10;

const cpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[s.length >> 1]; };
const percentile = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };

// Each build's first createIndex pays for importing its bundle and compiling its kernel.
const libs = {};
for (const name of ['A', 'B']) {
  const started = performance.now();
  const lib = await import(pathToFileURL(resolve(dirs[name], 'index.js')).href);
  (await lib.createIndex({ fields: ['text'] })).close?.();
  libs[name] = { lib, firstIndexMs: performance.now() - started };
}

// Creating an instance (fresh memory, start function) after the first: interleaved, median of rounds.
const createMs = { A: [], B: [] };
for (let round = 0; round < 10; round++) {
  for (const name of round % 2 ? ['B', 'A'] : ['A', 'B']) {
    const started = performance.now();
    for (let i = 0; i < 20; i++) (await libs[name].lib.createIndex({ fields: ['text'] })).close?.();
    createMs[name].push((performance.now() - started) / 20);
  }
}

const cranfield = loadCranfield();
const corpora = [];
if (corpusChoice !== 'spam') corpora.push({ name: 'Cranfield', docs: cranfield.docs.map(({ id, title, text }) => ({ id, title, text })) });
if (corpusChoice !== 'cranfield') corpora.push({ name: 'SpamAssassin', docs: loadSpamAssassin().map(({ id, title, text }) => ({ id, title, text })) });

const rows = [];
for (const corpus of corpora) {
  const querySets = { cranfield: cranfield.queries.map((q) => q.text), short: shortQueries(corpus.docs, 1000).queries };
  const indexes = {};
  for (const name of ['A', 'B']) {
    const index = await libs[name].lib.createIndex({ fields: ['title', 'text'] });
    index.addAll(corpus.docs);
    index.search('');
    indexes[name] = index;
  }
  for (const [setName, queries] of Object.entries(querySets)) {
    // Identical results first: ids and scores of every query.
    let differences = 0;
    for (const query of queries) {
      const [a, b] = ['A', 'B'].map((name) => JSON.stringify(indexes[name].search(query, { limit: LIMIT }).hits.map((h) => [h.id, h.score])));
      if (a !== b) differences++;
    }
    const perSecond = { A: [], B: [] };
    const latencies = { A: [], B: [] };
    const repeats = Math.max(1, Math.round(2000 / queries.length));
    for (let round = 0; round < ROUNDS; round++) {
      for (const name of round % 2 ? ['B', 'A'] : ['A', 'B']) {
        const index = indexes[name];
        const cpuStart = cpuMs();
        for (let r = 0; r < repeats; r++) {
          for (const query of queries) {
            const t = performance.now();
            index.search(query, { limit: LIMIT });
            latencies[name].push(performance.now() - t);
          }
        }
        perSecond[name].push((repeats * queries.length) / ((cpuMs() - cpuStart) / 1000));
      }
    }
    const a = median(perSecond.A), b = median(perSecond.B);
    rows.push({
      corpus: corpus.name, queries: setName, aPerCpuSecond: a, bPerCpuSecond: b, ratio: b / a,
      aP99Us: percentile(latencies.A, 0.99) * 1000, bP99Us: percentile(latencies.B, 0.99) * 1000, differences,
    });
  }
  for (const index of Object.values(indexes)) index.close?.();
}

const os = await import('node:os');
console.log(`A = ${dirs.A}, B = ${dirs.B}; ${ROUNDS} interleaved rounds; ${process.release?.name ?? 'runtime'} ${process.version}; load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
console.log(`first createIndex (import + kernel compile): A ${libs.A.firstIndexMs.toFixed(1)} ms, B ${libs.B.firstIndexMs.toFixed(1)} ms; later createIndex (median): A ${median(createMs.A).toFixed(3)} ms, B ${median(createMs.B).toFixed(3)} ms`);
console.log('\n| corpus | queries | A q/CPU-s | B q/CPU-s | B/A | A p99 µs | B p99 µs | differing results |');
console.log('|---|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.corpus} | ${r.queries} | ${r.aPerCpuSecond.toFixed(0)} | ${r.bPerCpuSecond.toFixed(0)} | ${r.ratio.toFixed(3)} | ${r.aP99Us.toFixed(0)} | ${r.bP99Us.toFixed(0)} | ${r.differences} |`);
}
if (rows.some((r) => r.differences)) process.exitCode = 1;
