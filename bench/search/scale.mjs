// How synthex scales with corpus size: generated Zipf corpora (seeded) of 10k, 100k and 1M
// documents, added in a streaming loop (the corpus never sits in memory as an array).
// Per size: build rate, WASM memory (per document), snapshot size, per-query latency for 1–3 word
// queries, and the pruning work per query (postings scored, blocks and segments skipped).
// Run: node bench/search/scale.mjs [--quick] [--sizes 10000,100000,1000000] [--build-budget-s 480]
//      [--max-memory-pages N] [--min-rank N]   (also npx bun / npx deno run -A)
// --min-rank N draws the query words from ranks above N only (the N most frequent words are
// what a stop list would remove from natural-language text).
// Results: Markdown on stdout, JSON in bench-results/search-scale-<runtime>.json.
import process from 'node:process';
import { do_not_optimize } from 'mitata';
import { createIndex, loadIndex } from '../../dist/index.js';
import { sampleLatency, machineInfo, formatTable, fixed } from '../lib/measure.mjs';
import { generateZipfCorpus, sampleQueries, SCALE_CORPUS as CORPUS } from '../data/zipf-corpus.mjs';
import { distFingerprint, runtimeName, option, writeResults, now, median, MB, heapUsed } from './runtime.mjs';

const quick = option('quick', false) === true;
const sizesOption = option('sizes', undefined);
const SIZES = typeof sizesOption === 'string'
  ? sizesOption.split(',').map((s) => Number(s.replace(/_/g, '')))
  : quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
if (SIZES.some((n) => !Number.isInteger(n) || n <= 0)) {
  console.error(`--sizes must be positive integers, got ${sizesOption}`);
  process.exit(2);
}
/** Past this much time adding documents, a size stops growing and is reported as incomplete. */
const BUILD_BUDGET_MS = Number(option('build-budget-s', 480)) * 1000;
const maxPagesOption = option('max-memory-pages', undefined);
const MAX_MEMORY_PAGES = maxPagesOption === undefined ? undefined : Number(maxPagesOption);

const QUERIES = 1000;
const QUERY_SEED = 2;
const MIN_RANK = Number(option('min-rank', 0));
const BATCH = 1000;
const SETTINGS = quick ? { seconds: 1, minSamples: 200, loads: 1 } : { seconds: 2, minSamples: 300, loads: 3 };
const LIMIT = 10;

const indexOptions = () => ({ fields: ['title', 'text'], ...(MAX_MEMORY_PAGES ? { maxMemoryPages: MAX_MEMORY_PAGES } : {}) });
const log = (text) => process.stderr.write(text);
const errorText = (error) => `${error?.name ?? 'Error'}: ${error?.message ?? String(error)}`;

/** Streams `docs` generated documents into a new index, timing only the index calls. */
async function build(docs) {
  const index = await createIndex(indexOptions());
  const generator = generateZipfCorpus({ docs, ...CORPUS });
  let added = 0;
  let addMs = 0;
  let chars = 0;
  let stopped;
  const wallStart = now();
  let batch = [];
  const flushBatch = () => {
    const started = now();
    try {
      index.addAll(batch);
    } finally {
      addMs += now() - started;
      added = index.size;
    }
    batch = [];
  };
  try {
    for (const doc of generator) {
      chars += doc.title.length + doc.text.length;
      batch.push(doc);
      if (batch.length === BATCH) {
        flushBatch();
        if (added % 100_000 === 0) log(` ${added / 1000}k (${(addMs / 1000).toFixed(0)} s, ${(index.stats().memoryBytes / MB).toFixed(0)} MB)`);
        if (addMs > BUILD_BUDGET_MS && added < docs) {
          stopped = `build budget of ${BUILD_BUDGET_MS / 1000} s spent after ${added.toLocaleString('en-US')} documents`;
          break;
        }
      }
    }
    if (!stopped && batch.length) flushBatch();
  } catch (error) {
    stopped = `${errorText(error)} after ${index.size.toLocaleString('en-US')} documents`;
  }
  let flushMs = 0;
  try {
    const started = now();
    index.search(''); // flushes pending documents: the index is search-ready
    await index.settled?.(); // and moved into right-sized memory (builds with compaction)
    flushMs = now() - started;
  } catch (error) {
    stopped = `${stopped ? `${stopped}; ` : ''}final flush: ${errorText(error)}`;
  }
  return { index, added: index.size, addMs, flushMs, wallMs: now() - wallStart, chars, stopped };
}

async function measureSize(docs) {
  log(`${docs.toLocaleString('en-US')} docs: build…`);
  const heapBefore = heapUsed();
  const built = await build(docs);
  const { index } = built;
  const stats = index.stats();
  const row = {
    requested: docs,
    docs: stats.docs,
    stopped: built.stopped,
    buildMs: built.addMs + built.flushMs,
    addMs: built.addMs,
    flushMs: built.flushMs,
    generateMs: built.wallMs - built.addMs - built.flushMs,
    docsPerSec: stats.docs / ((built.addMs + built.flushMs) / 1000),
    textMB: built.chars / MB,
    terms: stats.terms,
    segments: stats.segments,
    wasmBytes: stats.memoryBytes,
    bytesPerDoc: stats.memoryBytes / stats.docs,
    kernelHeapBytes: stats.heapBytes, // live kernel bytes (newer builds only)
    jsHeapGrowthBytes: heapUsed() - heapBefore, // no forced GC here: indicative only
  };

  log(' snapshot…');
  try {
    let started = now();
    const bytes = index.save();
    row.saveMs = now() - started;
    row.snapshotBytes = bytes.byteLength;
    const loads = [];
    for (let i = 0; i < SETTINGS.loads; i++) {
      started = now();
      const loaded = await loadIndex(bytes, MAX_MEMORY_PAGES ? { maxMemoryPages: MAX_MEMORY_PAGES } : {});
      loads.push(now() - started);
      row.loadedWasmBytes = loaded.stats().memoryBytes;
      loaded.close();
    }
    row.loadMs = median(loads);
  } catch (error) {
    row.snapshotError = errorText(error);
  }

  log(' queries…');
  const queries = sampleQueries(CORPUS, QUERIES, QUERY_SEED, MIN_RANK);
  // One pass over every query: pruning work per query, match counts, and any query that throws.
  const before = index.stats().work;
  let totalMatches = 0;
  let inexact = 0;
  let nonEmpty = 0;
  const errors = [];
  const passStart = now();
  for (const q of queries) {
    try {
      const { hits, totalExact } = index.search(q, { limit: LIMIT });
      if (!totalExact) inexact++;
      if (hits.length) nonEmpty++;
    } catch (error) {
      errors.push({ query: q, error: errorText(error) });
    }
  }
  row.passMeanMs = (now() - passStart) / queries.length;
  const after = index.stats().work;
  row.work = {
    postingsScoredPerQuery: (after.postingsScored - before.postingsScored) / queries.length,
    blocksSkippedPerQuery: (after.blocksSkipped - before.blocksSkipped) / queries.length,
    segmentsSkippedPerQuery: (after.segmentsSkipped - before.segmentsSkipped) / queries.length,
  };
  // Matches counted whole, outside the timed pass (a search counts the first 1,000 by default).
  for (const q of queries) {
    try { totalMatches += index.search(q, { limit: 0, countUpTo: Infinity }).total; } catch { /* reported above */ }
  }
  row.matchesPerQuery = totalMatches / queries.length;
  row.inexactTotals = inexact;
  row.nonEmpty = nonEmpty;
  row.queries = queries.length;
  row.queryErrors = errors.slice(0, 20); // queries that threw (a rare generated word may legitimately match nothing)
  row.queryErrorCount = errors.length;
  let i = 0;
  row.latency = await sampleLatency(() => do_not_optimize(index.search(queries[i++ % queries.length], { limit: LIMIT })), { seconds: SETTINGS.seconds, minSamples: SETTINGS.minSamples });
  // The same queries counting every match: what bounded counting (countUpTo) saves.
  row.exactLatency = await sampleLatency(() => do_not_optimize(index.search(queries[i++ % queries.length], { limit: LIMIT, countUpTo: Infinity })), { seconds: SETTINGS.seconds, minSamples: SETTINGS.minSamples });
  index.close();
  log(' done\n');
  return row;
}

const machine = await machineInfo();
const dist = await distFingerprint(); // imported at start: this is the build every measurement used
await createIndex({ fields: ['title'] }); // compiles the WASM module once, outside any timing
const rows = [];
for (const size of SIZES) rows.push(await measureSize(size));

const int = (v) => (v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));
const mb = (v) => (v === undefined ? '—' : (v / MB).toFixed(1));
console.log(`## synthex scale benchmark (${quick ? 'quick' : 'full'})`);
console.log('');
console.log(`${machine.runtime} · ${machine.cpu} · ${machine.cores} cores · ${machine.memoryGiB} GiB · ${machine.platform} · synthex dist/index.js ${dist.sha256} (${dist.modified})`);
console.log(`Zipf corpora from generateZipfCorpus(${JSON.stringify(CORPUS)}): title of 3–8 words + text of ~${CORPUS.meanLength} words, streamed in batches of ${BATCH} through index.addAll. ` +
  `Build time counts the index calls and the final segment flush, not the text generation. ` +
  `${QUERIES} queries of 1–3 words from sampleQueries(seed ${QUERY_SEED}${MIN_RANK ? `, words of rank > ${MIN_RANK} only` : ''}), cycled; top ${LIMIT}; latency one call per sample (mitata, ~${SETTINGS.seconds} s), ` +
  `with the default countUpTo (matches counted exactly up to 1,000, then pruned by block bounds) and with countUpTo: Infinity (every match counted). ` +
  `Work: index.stats().work deltas over one pass of the ${QUERIES} queries.`);
console.log('');
console.log(formatTable(rows, [
  { label: 'docs', format: (r) => int(r.docs) + (r.stopped ? ` (of ${int(r.requested)}: incomplete)` : '') },
  { label: 'build s', format: (r) => fixed(1)(r.buildMs / 1000) },
  { label: 'docs/s', format: (r) => int(r.docsPerSec) },
  { label: 'terms', format: (r) => int(r.terms) },
  { label: 'segments', format: (r) => int(r.segments) },
  { label: 'WASM MB', format: (r) => mb(r.wasmBytes) },
  { label: 'WASM bytes/doc', format: (r) => int(r.bytesPerDoc) },
  { label: 'kernel heap live MB', format: (r) => mb(r.kernelHeapBytes) },
  { label: 'live bytes/doc', format: (r) => (r.kernelHeapBytes === undefined ? '—' : int(r.kernelHeapBytes / r.docs)) },
  { label: 'snapshot MB', format: (r) => (r.snapshotError ? `failed: ${r.snapshotError}` : mb(r.snapshotBytes)) },
  { label: 'snapshot bytes/doc', format: (r) => (r.snapshotBytes ? int(r.snapshotBytes / r.docs) : '—') },
  { label: 'load ms', format: (r) => fixed(1)(r.loadMs) },
  { label: 'p50 ms', format: (r) => fixed(4)(r.latency.p50Ms) },
  { label: 'p99 ms', format: (r) => fixed(4)(r.latency.p99Ms) },
  { label: 'queries/s', format: (r) => int(r.latency.opsPerSec) },
  { label: 'p50 ms, all counted', format: (r) => fixed(4)(r.exactLatency?.p50Ms) },
  { label: 'p99 ms, all counted', format: (r) => fixed(4)(r.exactLatency?.p99Ms) },
  { label: 'matches/query', format: (r) => int(r.matchesPerQuery) },
  { label: 'totals inexact', format: (r) => `${r.inexactTotals}/${r.queries}` },
  { label: 'non-empty', format: (r) => `${r.nonEmpty}/${r.queries}` },
  { label: 'postings scored/query', format: (r) => int(r.work.postingsScoredPerQuery) },
  { label: 'blocks skipped/query', format: (r) => fixed(1)(r.work.blocksSkippedPerQuery) },
]));
for (const r of rows) {
  if (r.stopped) console.log(`\n**${int(r.requested)} documents: incomplete** — ${r.stopped}`);
  if (r.queryErrorCount) console.log(`\n**${int(r.docs)} documents: ${r.queryErrorCount} queries threw**, e.g. ${r.queryErrors.slice(0, 3).map((e) => `\`${e.query}\` (${e.error})`).join(', ')}`);
}

const growth = [];
for (let k = 1; k < rows.length; k++) {
  const a = rows[k - 1];
  const b = rows[k];
  const corpus = b.docs / a.docs;
  growth.push({
    from: a.docs, to: b.docs, corpus,
    p50: b.latency.p50Ms / a.latency.p50Ms,
    p99: b.latency.p99Ms / a.latency.p99Ms,
    mean: b.latency.meanMs / a.latency.meanMs,
    postings: b.work.postingsScoredPerQuery / a.work.postingsScoredPerQuery,
  });
}
if (growth.length) {
  console.log('');
  console.log('Latency growth vs corpus growth (1.00 = linear in corpus size; the exponent is log(latency growth) / log(corpus growth)):');
  console.log('');
  console.log(formatTable(growth, [
    { label: 'corpus', format: (g) => `${int(g.from)} → ${int(g.to)} (×${g.corpus.toFixed(1)})` },
    { label: 'p50 ×', format: (g) => fixed(2)(g.p50) },
    { label: 'p50 growth / corpus growth', format: (g) => fixed(3)(g.p50 / g.corpus) },
    { label: 'p50 exponent', format: (g) => fixed(2)(Math.log(g.p50) / Math.log(g.corpus)) },
    { label: 'p99 ×', format: (g) => fixed(2)(g.p99) },
    { label: 'p99 growth / corpus growth', format: (g) => fixed(3)(g.p99 / g.corpus) },
    { label: 'mean ×', format: (g) => fixed(2)(g.mean) },
    { label: 'postings scored ×', format: (g) => fixed(2)(g.postings) },
  ]));
}
// A raised memory ceiling is not the default configuration: its results get their own file.
const path = writeResults(`search-scale-${runtimeName}${MAX_MEMORY_PAGES ? `-pages${MAX_MEMORY_PAGES}` : ''}${MIN_RANK ? `-rank${MIN_RANK}` : ''}.json`, {
  date: new Date().toISOString(), quick, machine, dist, corpus: CORPUS, settings: { ...SETTINGS, queries: QUERIES, querySeed: QUERY_SEED, minRank: MIN_RANK, batch: BATCH, limit: LIMIT, buildBudgetMs: BUILD_BUDGET_MS, maxMemoryPages: MAX_MEMORY_PAGES ?? null },
  sizes: rows, growth,
});
console.log('');
console.log(`results: ${path}`);
