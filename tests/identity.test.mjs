// Deterministic kernel workloads whose outputs must be byte-identical on every runtime and in
// both WASM flavours (tests/run.mjs compares the digests printed here across legs).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { setWasmFlavour, runtimeSupportsSimd, createIndex, aggregate } from '../dist/index.js';
import { cranfield } from './helpers/cranfield.mjs';
import { instantiateKernels, minhashSignatures } from '../dist/internal.js';
import { reportIdentity, fnv1a, hex } from './helpers/identity.mjs';
import { seededRandom } from './helpers/random.mjs';
import { generateZipfCorpus, sampleQueries } from '../bench/data/zipf-corpus.mjs';

async function memoryKernelDigest() {
  const wasm = await instantiateKernels();
  const k = wasm.kernels;
  const random = seededRandom(7);
  const arena = k.arenaCreate(4096);
  const pool = k.poolCreate(40, 16);
  const trace = [];
  const records = [];
  for (let i = 0; i < 5000; i++) {
    const r = random();
    if (r < 0.4) trace.push(k.arenaAlloc(arena, 1 + Math.floor(random() * 3000), 1 << Math.floor(random() * 5)));
    else if (r < 0.45) { const m = k.arenaMark(arena); trace.push(m); if (random() < 0.5) k.arenaRewind(arena, m / 2 | 0); }
    else if (r < 0.75) records.push(k.poolAlloc(pool));
    else if (records.length) trace.push(k.poolFree(pool, records.splice(Math.floor(random() * records.length), 1)[0]));
    if (i % 500 === 0) { k.arenaStats(arena, wasm.scratch); trace.push(...wasm.readScratchF64(6)); }
  }
  trace.push(...records, k.heapUsedBytes(), wasm.memoryBytes);
  return hex(fnv1a(new Uint8Array(new Float64Array(trace).buffer)));
}


/** Runs `digest` under each available flavour, asserts one result and reports it under `name`. */
async function identicalInBothFlavours(name, digest) {
  const flavours = runtimeSupportsSimd() ? ['simd', 'scalar'] : ['scalar'];
  const digests = [];
  try {
    for (const flavour of flavours) {
      setWasmFlavour(flavour);
      digests.push(await digest());
    }
  } finally {
    setWasmFlavour(undefined);
  }
  assert.is(new Set(digests).size, 1, `flavours differ: ${digests}`);
  reportIdentity(name, digests[0]);
}
test('memory kernels give the same results in both flavours', async () => {
  await identicalInBothFlavours('memory-kernels', memoryKernelDigest);
});

async function searchDigest() {
  const { docs, queries } = await cranfield();
  const index = await createIndex({ fields: { title: { boost: 1.3 }, text: {} } });
  index.addAll(docs);
  for (const doc of docs.slice(0, 1400).filter((_, i) => i % 9 === 0)) index.remove(doc.id);
  const scores = [];
  const ids = [];
  for (const q of queries) {
    const { hits, total } = index.search(q.text, { limit: 50 });
    scores.push(total, ...hits.map((h) => h.score));
    ids.push(...hits.map((h) => h.id));
  }
  const tokens = index.analyze(docs.map((d) => d.text).join(' '));
  const encoder = new TextEncoder();
  let hash = fnv1a(new Uint8Array(new Float64Array(scores).buffer));
  hash = fnv1a(encoder.encode(ids.join(',')), hash);
  hash = fnv1a(encoder.encode(tokens.join(' ')), hash);
  hash = fnv1a(index.save(), hash);
  return hex(hash);
}

test('search scores, analysis and snapshots are identical in both flavours', async () => {
  await identicalInBothFlavours('cranfield-search', searchDigest);
});

// A generated corpus of several 4,096-document windows and segments, with deletions: pruned
// windows (countUpTo 0), counted ones (Infinity) and the default, where the evaluator narrows
// its passes to the words holding candidates.
async function prunedSearchDigest() {
  const corpus = { vocabulary: 5000, meanLength: 40, seed: 3 };
  const index = await createIndex({ fields: ['title', 'text'] });
  const random = seededRandom(5);
  const docs = [...generateZipfCorpus({ docs: 13000, ...corpus })];
  // Segments of 8,192 documents (a flush's most: two windows), 808, 2,000 and 2,000.
  for (const [from, to] of [[0, 9000], [9000, 11000], [11000, 13000]]) { index.addAll(docs.slice(from, to)); index.search(''); }
  assert.is(index.stats().segments, 4);
  for (let i = 0; i < 400; i++) index.remove(String(1 + Math.floor(random() * 13000)));
  const parts = [];
  const queries = [...sampleQueries(corpus, 90, 9), ...sampleQueries(corpus, 60, 10, 100)]; // frequent words, then rarer ones
  for (const [i, q] of queries.entries()) {
    for (const options of [{ limit: 10 }, { limit: 10, countUpTo: 0 }, { limit: 40, countUpTo: Infinity }]) {
      const { hits, total, totalExact } = index.search(i % 7 === 0 ? `+${q}` : q, options);
      parts.push(total, totalExact ? 1 : 0, ...hits.flatMap((h) => [Number(h.id), h.score]));
    }
  }
  index.close();
  return hex(fnv1a(new Uint8Array(new Float64Array(parts).buffer)));
}

test('pruned search over several windows and segments is identical in both flavours', async () => {
  await identicalInBothFlavours('zipf-search', prunedSearchDigest);
});

async function aggregateDigest() {
  const { docs, queries } = await cranfield();
  const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['text'] });
  index.addAll(docs);
  const lists = queries.slice(0, 10).map((q, i) => ({ source: `q${i % 4}`, hits: index.search(q.text, { limit: 100 }).hits }));
  lists.push({ source: 'copies', hits: docs.slice(0, 200).map((d, r) => ({ id: `c${d.id}`, score: 200 - r, text: d.text.replace(/ the /g, ' a ') })) });
  const parts = [];
  for (const method of ['rrf', 'score']) {
    for (const dedupe of ['id', 'content', 'near']) {
      for (const h of await aggregate(lists, { method, dedupe })) parts.push(h.id, h.score, h.consensus, h.sources.join('+'), h.duplicates.join('+'));
    }
  }
  const { signatures } = await minhashSignatures(docs.map((d) => d.text));
  const hash = fnv1a(new TextEncoder().encode(parts.join(',')));
  return hex(fnv1a(new Uint8Array(signatures.buffer), hash));
}

test('aggregation (fusion, content and near dedupe, MinHash signatures) is identical in both flavours', async () => {
  await identicalInBothFlavours('aggregate', aggregateDigest);
});

test.run();
