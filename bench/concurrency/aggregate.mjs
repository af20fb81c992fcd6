// aggregate(): fusing 10 ranked lists of 100 hits (shards or "experts" over one corpus of 400
// documents, so lists overlap as real fusions do: ~380 distinct ids). Rows: RRF and score
// fusion with id dedupe, content dedupe, near dedupe (texts of ~50 words, every 8th document a
// lightly edited copy of another), beside a plain-JS RRF written here as the peer.
// Goal from the issue: 10 × 100 in under 50 µs p50. Per-call latency; numbers are noisy on a
// shared machine, so read medians.
// Run: node bench/concurrency/aggregate.mjs [--quick]   (also bun, deno run -A)
import { do_not_optimize } from 'mitata';
import { aggregate } from '../../dist/index.js';
import { generateZipfCorpus, mulberry32 } from '../data/zipf-corpus.mjs';
import { sampleLatency, machineInfo, formatTable, fixed } from '../lib/measure.mjs';

const quick = process.argv.includes('--quick');
const LISTS = 10, PER_LIST = 100, CORPUS = 400;

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

const distinct = new Set(lists.flatMap((l) => l.hits.map((h) => h.id))).size;
const nearKept = (await aggregate(lists, { dedupe: 'near' })).length;
const cases = [
  ['plain-JS RRF (peer)', () => plainRrf(lists)],
  ['aggregate rrf, dedupe id', () => aggregate(lists)],
  ['aggregate score, dedupe id', () => aggregate(lists, { method: 'score' })],
  ['aggregate rrf, limit 10', () => aggregate(lists, { limit: 10 })],
  ['aggregate rrf, dedupe content', () => aggregate(lists, { dedupe: 'content' })],
  ['aggregate rrf, dedupe near', () => aggregate(lists, { dedupe: 'near' })],
  ['aggregate score, dedupe near', () => aggregate(lists, { method: 'score', dedupe: 'near' })],
];
// Warm every path first so the first rows are not timing the JIT.
for (const [, fn] of cases) for (let i = 0; i < 300; i++) do_not_optimize(await fn());
const rows = [];
for (const [name, fn] of cases) {
  rows.push({ name, ...(await sampleLatency(async () => do_not_optimize(await fn()), { seconds: quick ? 0.3 : 1.5 })) });
}
const machine = await machineInfo();
console.log(`aggregate ${LISTS} × ${PER_LIST} (${distinct} distinct ids, ${nearKept} after near dedupe) — ${machine.runtime}, ${machine.cpu} (${machine.cores} cores), ${machine.platform}`);
console.log(formatTable(rows, [
  { label: 'case', format: (r) => r.name },
  { label: 'p50 µs', format: (r) => fixed(1)(r.p50Ms * 1000) },
  { label: 'p99 µs', format: (r) => fixed(1)(r.p99Ms * 1000) },
  { label: 'ops/s', format: (r) => Math.round(r.opsPerSec).toLocaleString('en-US') },
  { label: 'samples', format: (r) => r.samples },
]));
const goal = rows.find((r) => r.name === 'aggregate rrf, dedupe id');
console.log(`goal 10 × 100 under 50 µs p50 (id dedupe): ${(goal.p50Ms * 1000).toFixed(1)} µs — ${goal.p50Ms * 1000 < 50 ? 'met' : 'not met'}`);
