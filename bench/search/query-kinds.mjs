// Query kinds side by side on SpamAssassin: phrase, prefix, fuzzy and filtered queries in
// synthex, MiniSearch (prefix, fuzzy, filter callback) and FlexSearch 0.8 (prefix through a
// "forward" tokenizer index, tag filters), every engine returning its top 10.
// Engines run in interleaved rounds per kind; ratios are medians of the rounds' paired ratios.
// Run: node --expose-gc bench/search/query-kinds.mjs [--quick]      (also bun / deno run -A)
import MiniSearch from 'minisearch';
import { Document as FlexDocument } from 'flexsearch';
import { createIndex } from '../../dist/index.js';
import { loadSpamAssassin } from '../data/spam-assassin.mjs';
import { sampleLatency, machineInfo, formatTable, fixed } from '../lib/measure.mjs';
import { queryKindSets } from '../data/query-kinds.mjs';
import { option, writeResults, runtimeName, median } from './runtime.mjs';

const quick = option('quick', false);
const seconds = quick ? 0.4 : 2;
const LIMIT = 10;

const docs = loadSpamAssassin().map(({ id, title, text, label }) => ({ id, title, text, label }));
const { phrases, prefixes, typos, filtered } = queryKindSets(docs);

const synthex = await createIndex({ fields: ['title', 'text'], filters: { label: 'keyword' } });
synthex.addAll(docs);
synthex.search('');
await synthex.settled(); // the memory compaction after a bulk build runs now, not mid-sampling
const mini = new MiniSearch({ fields: ['title', 'text'], storeFields: ['label'] });
mini.addAll(docs);
const flex = new FlexDocument({ document: { id: 'id', index: ['title', 'text'], tag: ['label'] } });
for (const doc of docs) flex.add(doc);
const flexForward = new FlexDocument({ tokenize: 'forward', document: { id: 'id', index: ['title', 'text'] } });
for (const doc of docs) flexForward.add(doc);

const cycle = (list, fn) => { let i = 0; return () => fn(list[i++ % list.length]); };
const kinds = {
  phrase: {
    queries: phrases,
    synthex: (q) => synthex.search(`"${q}"`, { limit: LIMIT }).hits,
  },
  prefix: {
    queries: prefixes,
    synthex: (q) => synthex.search(`${q}*`, { limit: LIMIT }).hits,
    minisearch: (q) => mini.search(q, { prefix: true }).slice(0, LIMIT),
    flexsearch: (q) => flexForward.search(q, { limit: LIMIT, merge: true }),
  },
  fuzzy: {
    queries: typos,
    synthex: (q) => synthex.search(`${q}~1`, { limit: LIMIT }).hits,
    minisearch: (q) => mini.search(q, { fuzzy: 1 }).slice(0, LIMIT),
  },
  filtered: {
    queries: filtered,
    synthex: ([w, label]) => synthex.search(w, { limit: LIMIT, filter: { label } }).hits,
    minisearch: ([w, label]) => mini.search(w, { filter: (r) => r.label === label }).slice(0, LIMIT),
    flexsearch: ([w, label]) => flex.search(w, { limit: LIMIT, tag: { label }, merge: true }),
  },
};
const unsupported = {
  phrase: { minisearch: 'no phrase queries', flexsearch: 'no phrase queries' },
  fuzzy: { flexsearch: 'no edit-distance matching (only phonetic encoders and suggestions)' },
};

// Engines are timed in ROUNDS interleaved rounds per kind (S M F, F M S, …): this VM's speed
// drifts by tens of percent within minutes, so only rates measured side by side compare. Rates
// and percentiles are medians over the rounds; a ratio is the median of the rounds' ratios.
const ROUNDS = 6;
const rows = [];
const pairedRatios = {};
for (const [kind, spec] of Object.entries(kinds)) {
  const engines = ['synthex', 'minisearch', 'flexsearch'].filter((engine) => spec[engine]);
  const rounds = Object.fromEntries(engines.map((engine) => [engine, []]));
  for (let r = 0; r < ROUNDS; r++) {
    for (const engine of r % 2 ? [...engines].reverse() : engines) {
      globalThis.gc?.(); // run with --expose-gc: garbage from the previous engine is not charged to this one
      rounds[engine].push(await sampleLatency(cycle(spec.queries, spec[engine]), { seconds: (seconds * 2) / ROUNDS, minSamples: 40 }));
    }
  }
  for (const engine of ['synthex', 'minisearch', 'flexsearch']) {
    if (!spec[engine]) { rows.push({ kind, engine, note: unsupported[kind]?.[engine] ?? 'n/a' }); continue; }
    let nonEmpty = 0;
    for (const q of spec.queries) if (spec[engine](q).length) nonEmpty++;
    const list = rounds[engine];
    rows.push({ kind, engine, nonEmpty, opsPerSec: median(list.map((x) => x.opsPerSec)), p50Ms: median(list.map((x) => x.p50Ms)), p99Ms: median(list.map((x) => x.p99Ms)), rounds: list.map((x) => x.opsPerSec) });
    if (engine !== 'synthex') {
      const ratios = list.map((x, i) => rounds.synthex[i].opsPerSec / x.opsPerSec);
      pairedRatios[`${kind}:${engine}`] = { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
    }
  }
}
const machine = await machineInfo();
console.log(`query kinds on SpamAssassin (${docs.length} mails), top ${LIMIT} — ${machine.runtime}, ${machine.cpu} (${machine.cores} cores)`);
console.log(formatTable(rows, [
  { label: 'kind', format: (r) => r.kind },
  { label: 'engine', format: (r) => r.engine },
  { label: 'ops/s', format: (r) => (r.opsPerSec ? Math.round(r.opsPerSec).toLocaleString('en-US') : r.note) },
  { label: 'p50 µs', format: (r) => (r.p50Ms === undefined ? '—' : fixed(1)(r.p50Ms * 1000)) },
  { label: 'p99 µs', format: (r) => (r.p99Ms === undefined ? '—' : fixed(1)(r.p99Ms * 1000)) },
  { label: 'queries with hits', format: (r) => (r.nonEmpty === undefined ? '—' : `${r.nonEmpty}/300`) },
]));
for (const kind of Object.keys(kinds)) {
  const ours = rows.find((r) => r.kind === kind && r.engine === 'synthex');
  for (const peer of ['minisearch', 'flexsearch']) {
    const other = rows.find((r) => r.kind === kind && r.engine === peer);
    const paired = pairedRatios[`${kind}:${peer}`];
    if (other?.opsPerSec) console.log(`${kind}: synthex ${paired.median.toFixed(1)}× ${peer} throughput (rounds ${paired.min.toFixed(1)}–${paired.max.toFixed(1)}), p99 ${(other.p99Ms / ours.p99Ms).toFixed(1)}× lower`);
  }
}
writeResults(`query-kinds-${runtimeName}.json`, { date: new Date().toISOString(), machine, quick: !!quick, rounds: ROUNDS, rows, pairedRatios });
