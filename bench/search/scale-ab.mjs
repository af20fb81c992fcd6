// Two builds on one generated Zipf corpus (scale.mjs's), in one process: the corpus is built and
// saved once, both builds load the snapshot, every query's hits, total and totalExact must be
// identical (at the default countUpTo, at Infinity and at 0), then the builds answer the queries
// in alternating rounds (A B, B A, …) and the medians over rounds are compared. On a machine
// whose speed drifts by tens of percent within minutes, only rates measured side by side compare.
// Run: node bench/search/scale-ab.mjs --a <old dist> [--b dist] [--docs 1000000] [--min-rank 0] [--rounds 8]
import process from 'node:process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateZipfCorpus, sampleQueries, SCALE_CORPUS as CORPUS } from '../data/zipf-corpus.mjs';
import { option, median } from './runtime.mjs';

const distA = option('a', undefined);
if (typeof distA !== 'string') {
  console.error('usage: node bench/search/scale-ab.mjs --a <old dist> [--b dist] [--docs N] [--min-rank N] [--rounds N]');
  process.exit(2);
}
const distB = String(option('b', 'dist'));
const DOCS = Number(option('docs', 1_000_000));
const MIN_RANK = Number(option('min-rank', 0));
const ROUNDS = Number(option('rounds', 8));
const LIMIT = 10;

const load = (dist) => import(pathToFileURL(resolve(dist, 'index.js')).href);
const [a, b] = [await load(distA), await load(distB)];

process.stderr.write(`building ${DOCS.toLocaleString('en-US')} documents with B…\n`);
const built = await b.createIndex({ fields: ['title', 'text'] });
let batch = [];
for (const doc of generateZipfCorpus({ docs: DOCS, ...CORPUS })) {
  batch.push(doc);
  if (batch.length === 1000) { built.addAll(batch); batch = []; }
}
if (batch.length) built.addAll(batch);
const bytes = built.save();
built.close();
const indexes = [await a.loadIndex(bytes), await b.loadIndex(bytes)];

const queries = sampleQueries(CORPUS, 1000, 2, MIN_RANK);
const answer = (result) => JSON.stringify([result.hits, result.total, result.totalExact]);
for (const q of queries) {
  for (const options of [{ limit: LIMIT }, { limit: LIMIT, countUpTo: Infinity }, { limit: 3, countUpTo: 0 }]) {
    const [x, y] = indexes.map((index) => answer(index.search(q, options)));
    if (x !== y) {
      console.error(`different answers for ${JSON.stringify(q)} ${JSON.stringify(options)}:\nA ${x.slice(0, 300)}\nB ${y.slice(0, 300)}`);
      process.exit(1);
    }
  }
}

const rounds = [[], []];
for (let r = 0; r < ROUNDS; r++) {
  for (const i of r % 2 ? [1, 0] : [0, 1]) {
    const latencies = queries.map((q) => {
      const started = performance.now();
      indexes[i].search(q, { limit: LIMIT });
      return performance.now() - started;
    });
    rounds[i].push({ p50: median(latencies), mean: latencies.reduce((sum, ms) => sum + ms, 0) / latencies.length });
  }
}
const figure = (i, key) => median(rounds[i].map((round) => round[key]));
console.log(`${DOCS.toLocaleString('en-US')} Zipf documents, ${queries.length} queries${MIN_RANK ? ` of words ranked above ${MIN_RANK}` : ''}, top ${LIMIT}, ${ROUNDS} alternating rounds; answers identical`);
console.log('| build | p50 ms | mean ms |');
console.log('| --- | ---: | ---: |');
for (const [i, name] of [[0, `A ${distA}`], [1, `B ${distB}`]]) console.log(`| ${name} | ${figure(i, 'p50').toFixed(4)} | ${figure(i, 'mean').toFixed(4)} |`);
console.log(`B/A: p50 ${(figure(1, 'p50') / figure(0, 'p50')).toFixed(3)}, mean ${(figure(1, 'mean') / figure(0, 'mean')).toFixed(3)}`);
