// Category 1: search on the real engine — Cranfield (small), SpamAssassin (large), each with short
// 1–3 word queries and Cranfield's 225 natural-language queries, plus the generated Zipf scale curve.
import { createIndex } from '../../../dist/index.js';
import { generateZipfCorpus, sampleQueries, SCALE_CORPUS as ZIPF } from '../../data/zipf-corpus.mjs';
import { CORPORA, synthexIndex, corpusShortQueries, cranfieldQueries } from '../fixtures.mjs';
import { runScenario } from '../sampler.mjs';

export const key = 'search';
export const title = 'Search';
export const description = 'index.search(query, { limit: 10 }) on one synthex Index, one call per sample, sequential.';

const LIMIT = 10;

function searchOp(index, queries) {
  const n = queries.length;
  return (i) => {
    const result = index.search(queries[i % n], { limit: LIMIT });
    if (!Array.isArray(result?.hits)) throw new Error('search returned no hits array');
  };
}

async function scalePoint(docs, ctx) {
  const index = await createIndex({ fields: ['title', 'text'] });
  let batch = [];
  let buildMs = 0;
  for (const doc of generateZipfCorpus({ docs, ...ZIPF })) {
    batch.push(doc);
    if (batch.length === 1000) { const t = performance.now(); index.addAll(batch); buildMs += performance.now() - t; batch = []; }
  }
  const t = performance.now();
  if (batch.length) index.addAll(batch);
  index.search('');
  buildMs += performance.now() - t;
  const queries = sampleQueries(ZIPF, 1000, 2);
  const result = await runScenario(searchOp(index, queries), { ...ctx.settings, wasmBytes: () => index.stats().memoryBytes });
  const stats = index.stats();
  index.close();
  return { result, point: { docs, buildMs, docsPerSec: docs / (buildMs / 1000), wasmBytes: stats.memoryBytes, terms: stats.terms } };
}

export async function run(ctx) {
  const scenarios = [];
  for (const [corpus, name] of Object.entries(CORPORA)) {
    ctx.log(`${name}…`);
    const index = await synthexIndex(corpus);
    const wasmBytes = () => index.stats().memoryBytes;
    for (const [set, queries, label] of [['short', corpusShortQueries(corpus), '1,000 short 1–3 word queries'], ['cranfield-q', cranfieldQueries(), "Cranfield's 225 queries"]]) {
      const result = await runScenario(searchOp(index, queries), { ...ctx.settings, wasmBytes });
      scenarios.push({ id: `${corpus}-${set}`, name: `${name} (${index.size.toLocaleString('en-US')} docs), ${label}`, judged: true, engine: 'synthex', ...result });
    }
  }
  const scale = [];
  for (const docs of ctx.scaleSizes) {
    ctx.log(`Zipf ${docs.toLocaleString('en-US')} docs…`);
    const { result, point } = await scalePoint(docs, ctx);
    scenarios.push({ id: `zipf-${docs}`, name: `generated Zipf corpus, ${docs.toLocaleString('en-US')} docs, 1–3 word queries`, judged: true, engine: 'synthex', ...result });
    scale.push({ ...point, opsPerSec: result.opsPerSec, p50Ms: result.p50Ms, p95Ms: result.p95Ms, p99Ms: result.p99Ms });
  }
  return {
    scenarios,
    extra: { scale, zipf: ZIPF },
    notes: [`Scale curve: generateZipfCorpus(${JSON.stringify(ZIPF)}) streamed through addAll in batches of 1,000; 1,000 queries from sampleQueries(seed 2).`],
  };
}
