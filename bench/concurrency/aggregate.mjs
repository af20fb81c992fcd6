// aggregate(): fusing 10 ranked lists of 100 hits (shards or "experts" over one corpus of 400
// documents, so lists overlap as real fusions do: ~380 distinct ids). Rows: RRF and score
// fusion with id dedupe, content dedupe, near dedupe (texts of ~50 words, every 8th document a
// lightly edited copy of another), beside a plain-JS RRF written here as the peer.
// Goal from the issue: 10 × 100 in under 50 µs p50.
//
// The machine is shared, so the cases run in interleaved rounds (each round gives every case a
// short turn), which spreads load spikes over all of them alike. Per case: latency p50/p99 of
// single calls, and CPU time per call (process.cpuUsage over its turns: includes GC). The load
// average is printed before and after. `--against DIR` also runs another build's dist/ (for
// example a worktree of an earlier commit, built) in the same rounds: an A/B in one process.
// Run: node bench/concurrency/aggregate.mjs [--quick] [--against ../other/dist]   (also bun, deno run -A)
import { do_not_optimize } from 'mitata';
import { aggregate } from '../../dist/index.js';
import { generateZipfCorpus, mulberry32 } from '../data/zipf-corpus.mjs';
import { machineInfo, formatTable, fixed } from '../lib/measure.mjs';
import { percentile } from '../suite/stats.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const againstAt = args.indexOf('--against');
const againstDir = againstAt >= 0 ? args[againstAt + 1] : undefined;
const LISTS = 10, PER_LIST = 100, CORPUS = 400;
const ROUNDS = quick ? 6 : 30, TURN_MS = quick ? 40 : 60;

const random = mulberry32(42);
const corpus = [...generateZipfCorpus({ docs: CORPUS, meanLength: 50, seed: 5 })];
for (let d = 7; d < CORPUS; d += 8) {
  // A near copy of the previous document: one word replaced.
  const words = corpus[d - 1].text.split(' ');
  words[Math.floor(words.length / 2)] = 'edited';
  corpus[d].text = words.join(' ');
}
const lists = Array.from({ length: LISTS }, (_, l) => {
  const ids = new Set();
  while (ids.size < PER_LIST) ids.add(Math.floor(random() * CORPUS));
  let score = 30;
  return { source: `expert${l}`, hits: [...ids].map((d) => ({ id: corpus[d].id, score: (score -= random() * 0.2), text: corpus[d].text })) };
});

/** The peer: the textbook RRF in plain JS (Map by id, sum of 1 / (k + rank), sort). */
function plainRrf(input, k = 60) {
  const scores = new Map();
  for (const { hits } of input) {
    for (let r = 0; r < hits.length; r++) scores.set(hits[r].id, (scores.get(hits[r].id) ?? 0) + 1 / (k + r + 1));
  }
  return [...scores].sort((a, b) => b[1] - a[1]).map(([id, score]) => ({ id, score }));
}

const aggregateCases = (fn, tag) => [
  [`aggregate rrf, dedupe id${tag}`, () => fn(lists)],
  [`aggregate score, dedupe id${tag}`, () => fn(lists, { method: 'score' })],
  [`aggregate rrf, limit 10${tag}`, () => fn(lists, { limit: 10 })],
  [`aggregate rrf, dedupe content${tag}`, () => fn(lists, { dedupe: 'content' })],
  [`aggregate rrf, dedupe near${tag}`, () => fn(lists, { dedupe: 'near' })],
  [`aggregate score, dedupe near${tag}`, () => fn(lists, { method: 'score', dedupe: 'near' })],
];
const mine = aggregateCases(aggregate, '');
const theirs = againstDir ? aggregateCases((await import(new URL(`${againstDir}/index.js`, `file://${process.cwd()}/`).href)).aggregate, ` [${againstDir}]`) : [];
// With --against, each case sits beside its other build's row.
const cases = [['plain-JS RRF (peer)', () => plainRrf(lists)], ...mine.flatMap((c, i) => (theirs.length ? [c, theirs[i]] : [c]))];

const distinct = new Set(lists.flatMap((l) => l.hits.map((h) => h.id))).size;
const nearKept = (await aggregate(lists, { dedupe: 'near' })).length;
// Warm every path first so the first rounds are not timing the JIT.
for (const [, fn] of cases) for (let i = 0; i < 300; i++) do_not_optimize(await fn());

const cpuMicros = () => { const u = process.cpuUsage(); return u.user + u.system; };
const loadBefore = await loadAverage();
const samples = cases.map(() => []);
const cpu = cases.map(() => 0);
for (let round = 0; round < ROUNDS; round++) {
  // Alternate the order, so no case always runs right after the same neighbour.
  const order = cases.map((_, i) => i);
  if (round % 2) order.reverse();
  for (const c of order) {
    const fn = cases[c][1];
    const cpuStart = cpuMicros();
    const end = performance.now() + TURN_MS;
    for (let now = performance.now(); now < end;) {
      const start = now;
      do_not_optimize(await fn());
      now = performance.now();
      samples[c].push(now - start);
    }
    cpu[c] += cpuMicros() - cpuStart;
  }
}
const rows = cases.map(([name], c) => {
  const sorted = samples[c].sort((a, b) => a - b);
  return { name, samples: sorted.length, p50Ms: percentile(sorted, 0.5), p99Ms: percentile(sorted, 0.99), cpuMicros: cpu[c] / sorted.length };
});
const machine = await machineInfo();
console.log(`aggregate ${LISTS} × ${PER_LIST} (${distinct} distinct ids, ${nearKept} after near dedupe) — ${machine.runtime}, ${machine.cpu} (${machine.cores} cores), ${machine.platform}`);
console.log(`${ROUNDS} interleaved rounds of ${TURN_MS} ms per case; load average ${loadBefore} before, ${await loadAverage()} after`);
console.log(formatTable(rows, [
  { label: 'case', format: (r) => r.name },
  { label: 'p50 µs', format: (r) => fixed(1)(r.p50Ms * 1000) },
  { label: 'p99 µs', format: (r) => fixed(1)(r.p99Ms * 1000) },
  { label: 'CPU µs/call', format: (r) => fixed(1)(r.cpuMicros) },
  { label: 'samples', format: (r) => r.samples },
]));
const goal = rows.find((r) => r.name === 'aggregate rrf, dedupe id');
console.log(`goal 10 × 100 under 50 µs p50 (id dedupe): ${(goal.p50Ms * 1000).toFixed(1)} µs — ${goal.p50Ms * 1000 < 50 ? 'met' : 'not met'}`);

async function loadAverage() {
  const os = await import('node:os');
  return os.loadavg().map((x) => x.toFixed(2)).join(' ');
}
