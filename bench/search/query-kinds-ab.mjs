// Two builds of synthex (and, with --peers, FlexSearch and MiniSearch) on the query-kinds
// benchmark's queries, in one process and interleaved query by query, for a loaded machine
// where throughput figures drift: each query runs `--best` times per engine in turn (A, B, A,
// B, …); per engine it reports the mean and p99 over queries of each query's best time (what the
// query costs without preemption and GC noise), the CPU time per run (process.cpuUsage), and,
// for the two builds, whether every answer (ids, scores, totals) is identical (a total that is a
// lower bound, totalExact false, only has to be at most the exact one).
// Run: node bench/search/query-kinds-ab.mjs --a <old dist dir> [--b dist] [--kinds prefix,fuzzy,phrase,filtered] [--best 7] [--peers]
import process from 'node:process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadavg } from 'node:os';
import MiniSearch from 'minisearch';
import { Document as FlexDocument } from 'flexsearch';
import { loadSpamAssassin } from '../data/spam-assassin.mjs';
import { queryKindSets } from '../data/query-kinds.mjs';
import { option } from './runtime.mjs';

const dirA = option('a');
if (!dirA) {
  console.error('usage: node bench/search/query-kinds-ab.mjs --a <old dist dir> [--b dist] [--kinds prefix,fuzzy,phrase,filtered] [--best 7] [--peers]');
  process.exit(2);
}
const dirs = { A: dirA, B: option('b', 'dist') };
const kinds = String(option('kinds', 'prefix,fuzzy')).split(',');
const BEST = Number(option('best', 7));
const LIMIT = 10;

const docs = loadSpamAssassin().map(({ id, title, text, label }) => ({ id, title, text, label }));
const sets = queryKindSets(docs);
const textOf = {
  phrase: (q) => `"${q}"`, prefix: (q) => `${q}*`, fuzzy: (q) => `${q}~1`, filtered: ([word]) => word,
};
const optionsOf = (kind, q) => (kind === 'filtered' ? { limit: LIMIT, filter: { label: q[1] } } : { limit: LIMIT });
const queriesOf = { phrase: sets.phrases, prefix: sets.prefixes, fuzzy: sets.typos, filtered: sets.filtered };

const engines = {};
for (const [name, dir] of Object.entries(dirs)) {
  const { createIndex } = await import(pathToFileURL(resolve(dir, 'index.js')).href);
  const index = await createIndex({ fields: ['title', 'text'], filters: { label: 'keyword' } });
  index.addAll(docs);
  index.search('');
  await index.settled();
  engines[name] = (kind, q) => index.search(textOf[kind](q), optionsOf(kind, q));
}
if (option('peers', false)) {
  const mini = new MiniSearch({ fields: ['title', 'text'], storeFields: ['label'] });
  mini.addAll(docs);
  const flex = new FlexDocument({ tokenize: 'forward', document: { id: 'id', index: ['title', 'text'] } });
  for (const doc of docs) flex.add(doc);
  // undefined: the engine has no such query kind (MiniSearch: no phrases; FlexSearch: prefix only).
  engines.minisearch = (kind, q) => (kind === 'prefix' ? mini.search(q, { prefix: true }).slice(0, LIMIT)
    : kind === 'fuzzy' ? mini.search(q, { fuzzy: 1 }).slice(0, LIMIT)
      : kind === 'filtered' ? mini.search(q[0], { filter: (r) => r.label === q[1] }).slice(0, LIMIT) : undefined);
  engines.flexsearch = (kind, q) => (kind === 'prefix' ? flex.search(q, { limit: LIMIT, merge: true }) : undefined);
}

const hitsOf = (r) => JSON.stringify(r.hits.map((h) => [h.id, h.score]));
// Same hits, and the same total where both counted every match; a total that is a lower bound
// (totalExact false, builds with countUpTo) may only be at most the other.
const exactOf = (r) => r.totalExact !== false;
const sameAnswer = (a, b) => hitsOf(a) === hitsOf(b)
  && (exactOf(a) && exactOf(b) ? a.total === b.total : exactOf(a) ? b.total <= a.total : !exactOf(b) || a.total <= b.total);
console.log(`query kinds A/B on SpamAssassin (${docs.length} mails), top ${LIMIT}; A = ${dirs.A}, B = ${dirs.B}; best of ${BEST} per query, interleaved`);
for (const kind of kinds) {
  const queries = queriesOf[kind];
  if (!queries) { console.log(`${kind}: unknown kind (phrase, prefix, fuzzy, filtered)`); continue; }
  const active = Object.entries(engines).filter(([, fn]) => fn(kind, queries[0]) !== undefined);
  let differences = 0;
  for (const q of queries) if (!sameAnswer(engines.A(kind, q), engines.B(kind, q))) differences++;
  for (let warm = 0; warm < 5; warm++) for (const [, fn] of active) for (const q of queries) fn(kind, q);
  const best = Object.fromEntries(active.map(([name]) => [name, []]));
  const cpu = Object.fromEntries(active.map(([name]) => [name, 0]));
  for (const q of queries) {
    const times = Object.fromEntries(active.map(([name]) => [name, Infinity]));
    for (let r = 0; r < BEST; r++) {
      for (const [name, fn] of r % 2 ? [...active].reverse() : active) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        fn(kind, q);
        const t = performance.now() - t0;
        const c = process.cpuUsage(c0);
        cpu[name] += c.user + c.system;
        if (t < times[name]) times[name] = t;
      }
    }
    for (const [name] of active) best[name].push(times[name] * 1000);
  }
  console.log(`\n${kind} (${queries.length} queries; load average ${loadavg()[0].toFixed(2)}): answers of A and B ${differences ? `differ for ${differences} queries` : 'identical'}`);
  console.log('| engine | mean of best µs | p99 of best µs | CPU µs per run |');
  console.log('| --- | --- | --- | --- |');
  for (const [name] of active) {
    const s = best[name].sort((a, b) => a - b);
    const mean = s.reduce((x, y) => x + y, 0) / s.length;
    console.log(`| ${name} | ${mean.toFixed(1)} | ${s[Math.min(s.length - 1, Math.floor(s.length * 0.99))].toFixed(1)} | ${(cpu[name] / (s.length * BEST)).toFixed(1)} |`);
  }
}
