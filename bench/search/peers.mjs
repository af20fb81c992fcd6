// synthex vs FlexSearch and MiniSearch on Cranfield and SpamAssassin, side by side in this one
// process: build time, index memory, snapshot size and load time, query throughput and latency.
// Run: node --expose-gc bench/search/peers.mjs [--quick] [--corpus cranfield|spam|all]
//      npx bun bench/search/peers.mjs …   npx deno run -A --v8-flags=--expose-gc bench/search/peers.mjs …
// Results: Markdown on stdout, JSON in bench-results/search-peers-<runtime>.json.
import process from 'node:process';
import { do_not_optimize } from 'mitata';
import { createIndex } from '../../dist/index.js';
import { sampleLatency, machineInfo, formatTable, fixed } from '../lib/measure.mjs';
import { loadCranfield } from '../data/cranfield.mjs';
import { loadSpamAssassin } from '../data/spam-assassin.mjs';
import { shortQueries, SHORT_SEED } from '../data/short-queries.mjs';
import { ENGINES, LIMIT } from './engines.mjs';
import { distFingerprint, runtimeName, gcMethod, settleAndGc, heapUsed, option, writeResults, now, median, MB } from './runtime.mjs';

const quick = option('quick', false) === true;
const corpusChoice = String(option('corpus', 'all'));
if (!['cranfield', 'spam', 'all'].includes(corpusChoice)) {
  console.error(`--corpus must be cranfield, spam or all, got ${corpusChoice}`);
  process.exit(2);
}

// Seven builds: on a shared 2-core VM the median of three moved by ±10 % between runs, as much as
// the gap the build goal is about.
const SETTINGS = quick
  ? { builds: 1, saves: 1, loads: 5, seconds: 0.5, minSamples: 100 }
  : { builds: 7, saves: 3, loads: 25, seconds: 2, minSamples: 200 };
const SHORT_QUERIES = 1000; // distinct 1–3 word queries per corpus, cycled

const GOALS = { throughputVsFlex: 10, buildVsFlex: 3, memoryVsFlex: 1 / 3, spamLoadMs: 20 };

// ---------------------------------------------------------------- corpora and query sets

function loadCorpora() {
  const cranfield = loadCranfield();
  const cranQueries = cranfield.queries.map((q) => q.text);
  const corpora = [];
  if (corpusChoice !== 'spam') {
    corpora.push({ name: 'Cranfield', key: 'cranfield', docs: cranfield.docs.map(({ id, title, text }) => ({ id, title, text })) });
  }
  if (corpusChoice !== 'cranfield') {
    corpora.push({ name: 'SpamAssassin', key: 'spam', docs: loadSpamAssassin().map(({ id, title, text }) => ({ id, title, text })) });
  }
  for (const corpus of corpora) {
    const { queries, vocabulary: size } = shortQueries(corpus.docs, SHORT_QUERIES);
    corpus.vocabulary = size;
    corpus.querySets = { short: queries, cranfield: cranQueries };
    corpus.textMB = corpus.docs.reduce((sum, d) => sum + d.title.length + d.text.length, 0) / MB;
  }
  return corpora;
}

// ---------------------------------------------------------------- measurements

/**
 * Runs `make` (sync or async), stores its result in `slot.value` and returns the milliseconds it
 * took. The await happens in this short-lived frame on purpose: an awaited value can stay alive
 * in a suspended async frame's registers after the variable holding it is cleared, which would
 * keep the previous index alive across the next heap reading.
 */
async function timedInto(slot, make) {
  const started = now();
  slot.value = await make();
  return now() - started;
}

/**
 * One timed build of `engine`, its JS heap cost read two ways between forced GCs: growth (heap
 * after the build − before it) and retained (heap with the index − heap once it is released).
 * They agree for large indexes; for synthex's small JS side, growth also catches one-time
 * allocations (compiled code, caches) and the release reading is the steadier one. The index is
 * released before this returns, so the next build's readings do not see it.
 */
async function measureOneBuild(engine, docs, into) {
  const slot = {};
  await settleAndGc();
  const before = heapUsed();
  into.times.push(await timedInto(slot, () => engine.build(docs)));
  await settleAndGc();
  const after = heapUsed();
  into.heaps.push(after - before);
  if (engine.name === 'synthex') {
    const { memoryBytes, heapBytes } = slot.value.stats();
    into.wasm.push(memoryBytes);
    if (heapBytes !== undefined) into.live.push(heapBytes); // stats().heapBytes: newer builds only
  }
  slot.value = undefined;
  await settleAndGc();
  into.retained.push(after - heapUsed());
}

/**
 * `builds` timed builds of every engine, interleaved (A B C, C B A, …) so that the VM's drift
 * over the minutes this takes moves every engine alike instead of whichever ran during a slow
 * spell. One untimed warm-up build per engine comes first.
 */
async function measureBuildsInterleaved(docs) {
  const per = Object.fromEntries(ENGINES.map((e) => [e.name, { times: [], heaps: [], retained: [], wasm: [], live: [] }]));
  const slot = {};
  for (const engine of ENGINES) {
    process.stderr.write(` warm-up ${engine.name}…`);
    await timedInto(slot, () => engine.build(docs)); // JIT and one-time allocations stay out of the readings
    slot.value = undefined;
  }
  for (let i = 0; i < SETTINGS.builds; i++) {
    const order = i % 2 ? [...ENGINES].reverse() : ENGINES;
    for (const engine of order) {
      try {
        if (!per[engine.name].error) await measureOneBuild(engine, docs, per[engine.name]);
      } catch (error) {
        per[engine.name].error = `build: ${error?.stack ?? error}`;
      }
    }
  }
  return Object.fromEntries(Object.entries(per).map(([name, m]) => [name, m.error ? { error: m.error } : {
    buildMs: median(m.times),
    buildMsAll: m.times,
    heapGrowthBytes: median(m.heaps),
    heapGrowthBytesAll: m.heaps,
    heapRetainedBytes: median(m.retained),
    heapRetainedBytesAll: m.retained,
    wasmBytes: m.wasm.length ? median(m.wasm) : undefined,
    kernelHeapBytes: m.live.length ? median(m.live) : undefined,
  }]));
}

async function measureSnapshot(engine, index, probeQueries) {
  if (!engine.save) return { note: 'n/a: no serialisation' };
  const saves = [];
  let saved;
  for (let i = 0; i < SETTINGS.saves; i++) {
    saved = undefined;
    await settleAndGc();
    const started = now();
    saved = engine.save(index);
    saves.push(now() - started);
  }
  const { bytes, data } = saved;
  const loads = [];
  const loadedHeap = [];
  const slot = {};
  for (let i = 0; i < SETTINGS.loads; i++) {
    slot.value = undefined;
    await settleAndGc();
    const before = heapUsed();
    loads.push(await timedInto(slot, () => engine.load(data)));
    await settleAndGc();
    loadedHeap.push(heapUsed() - before);
  }
  const loaded = slot.value;
  const loadedWasmBytes = engine.name === 'synthex' ? loaded.stats().memoryBytes : undefined;
  const loadedKernelHeapBytes = engine.name === 'synthex' ? loaded.stats().heapBytes : undefined;
  // The loaded index must answer like the original, or its load time means nothing.
  let mismatches = 0;
  for (const q of probeQueries) {
    if (JSON.stringify(engine.search(index, q)) !== JSON.stringify(engine.search(loaded, q))) mismatches++;
  }
  return {
    bytes, saveMs: median(saves), loadMs: median(loads), loadMsMin: Math.min(...loads), loads: loads.length,
    loadedHeapBytes: median(loadedHeap), loadedWasmBytes, loadedKernelHeapBytes, probeQueries: probeQueries.length, mismatches,
  };
}

/** Every query once: how many return hits, and any that throw (with the query). */
function sanity(engine, index, queries) {
  let nonEmpty = 0;
  const errors = [];
  for (const q of queries) {
    try {
      if (engine.search(index, q).length > 0) nonEmpty++;
    } catch (error) {
      errors.push({ query: q, error: String(error?.stack ?? error) });
    }
  }
  return { queries: queries.length, nonEmpty, errors };
}

/**
 * synthex only: short queries are made of words from the documents, so any query whose
 * analyzed terms are not all stop words must match something. Lists the ones that do not.
 */
function synthexZeroTotals(index, queries) {
  const odd = [];
  for (const q of queries) {
    const terms = index.analyze(q);
    if (terms.length === 0) continue;
    const { total, hits } = index.search(q, { limit: LIMIT });
    if (total === 0 || hits.length === 0) odd.push({ query: q, terms, total, hits: hits.length });
  }
  return odd;
}

// Query timing: synthex and one peer at a time, both indexes alive, in QUERY_ROUNDS interleaved
// rounds (S P, P S, …) per query set. Throughput is the median of the rounds' rates, p50/p99 the
// medians of the rounds' percentiles, and a ratio the median of the rounds' paired ratios: on a
// shared VM whose speed drifts by tens of percent within minutes, only rates measured side by
// side compare. Only two indexes live at once, so a peer's garbage collector does not also walk
// the third engine's heap.
const QUERY_ROUNDS = 6;

async function timeQueryRound(engine, index, queries) {
  let i = 0;
  const n = queries.length;
  return sampleLatency(() => do_not_optimize(engine.search(index, queries[i++ % n])), {
    seconds: (SETTINGS.seconds * 2) / QUERY_ROUNDS,
    minSamples: Math.max(20, Math.ceil(SETTINGS.minSamples / QUERY_ROUNDS)),
  });
}

function summariseRounds(rounds) {
  return {
    opsPerSec: median(rounds.map((r) => r.opsPerSec)),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    meanMs: median(rounds.map((r) => r.meanMs)),
    samples: rounds.reduce((sum, r) => sum + r.samples, 0),
    rounds: rounds.map((r) => ({ opsPerSec: r.opsPerSec, p50Ms: r.p50Ms, p99Ms: r.p99Ms })),
  };
}

/** Per engine and set, its timed rounds; per peer and set, synthex's paired ratios. */
async function measureQueriesInterleaved(corpus) {
  const synthexEngine = ENGINES.find((e) => e.name === 'synthex');
  const rounds = Object.fromEntries(ENGINES.map((e) => [e.name, {}]));
  const pairs = {};
  const errors = {};
  for (const peer of ENGINES.filter((e) => e !== synthexEngine)) {
    process.stderr.write(`${corpus.name}: queries, synthex beside ${peer.name}…`);
    const slots = { s: {}, p: {} };
    try {
      await timedInto(slots.s, () => synthexEngine.build(corpus.docs));
      await timedInto(slots.p, () => peer.build(corpus.docs));
    } catch (error) {
      errors[peer.name] = String(error?.stack ?? error);
      process.stderr.write(' FAILED\n');
      continue;
    }
    pairs[peer.name] = {};
    for (const [set, queries] of Object.entries(corpus.querySets)) {
      process.stderr.write(` ${set}…`);
      const paired = [];
      for (let r = 0; r < QUERY_ROUNDS; r++) {
        const timed = {};
        const order = r % 2 ? ['p', 's'] : ['s', 'p'];
        for (const who of order) timed[who] = await timeQueryRound(who === 's' ? synthexEngine : peer, slots[who].value, queries);
        ((rounds.synthex[set] ??= [])).push(timed.s);
        ((rounds[peer.name][set] ??= [])).push(timed.p);
        paired.push(timed.s.opsPerSec / timed.p.opsPerSec);
      }
      pairs[peer.name][set] = { median: median(paired), all: paired };
    }
    slots.s.value = undefined;
    slots.p.value = undefined;
    process.stderr.write(' done\n');
  }
  const queries = Object.fromEntries(Object.entries(rounds).map(([name, sets]) => [name,
    Object.fromEntries(Object.entries(sets).map(([set, list]) => [set, summariseRounds(list)]))]));
  return { queries, pairs, errors };
}

// Builds (kept), snapshot and answers of one engine on one corpus. The index lives only in this
// frame, so it is gone (after the next forced GC) before the next engine's heap readings.
async function benchEngine(engine, corpus, build) {
  if (build.error) return { error: build.error };
  process.stderr.write(`${corpus.name}: ${engine.name} snapshot…`);
  const slot = {};
  await timedInto(slot, () => engine.build(corpus.docs));
  const index = slot.value;
  const r = { ...build };
  if (engine.name === 'synthex') {
    const stats = index.stats();
    r.stats = { docs: stats.docs, terms: stats.terms, segments: stats.segments };
  }
  try {
    r.snapshot = await measureSnapshot(engine, index, corpus.querySets.cranfield.slice(0, 50));
  } catch (error) {
    r.snapshot = { note: `n/a: ${String(error?.message ?? error)}` };
  }
  process.stderr.write(' sanity…');
  r.sanity = {};
  for (const [set, queries] of Object.entries(corpus.querySets)) r.sanity[set] = sanity(engine, index, queries);
  if (engine.name === 'synthex') r.sanity.shortZeroTotal = synthexZeroTotals(index, corpus.querySets.short);
  if (engine.name === 'synthex') {
    const { work, cache } = index.stats();
    r.work = work;
    r.cache = cache; // no result cache is configured: hits must stay 0, every timed query ran the kernels
  }
  process.stderr.write(' done\n');
  return r;
}

async function benchCorpus(corpus) {
  process.stderr.write(`${corpus.name}: builds, interleaved…`);
  const builds = await measureBuildsInterleaved(corpus.docs);
  process.stderr.write(' done\n');
  const results = {};
  for (const engine of ENGINES) results[engine.name] = await benchEngine(engine, corpus, builds[engine.name]);
  await settleAndGc();
  const { queries, pairs, errors } = await measureQueriesInterleaved(corpus);
  for (const engine of ENGINES) {
    const r = results[engine.name];
    if (r.error) continue;
    r.queries = queries[engine.name] ?? {};
    if (errors[engine.name]) r.queries.error = errors[engine.name];
  }
  return { results, pairs };
}

// ---------------------------------------------------------------- report

const mb = (bytes) => (bytes === undefined ? '—' : (bytes / MB).toFixed(2));
const ms = fixed(2);
const ops = (v) => (v === undefined ? '—' : Math.round(v).toLocaleString('en-US'));
const spread = (list) => (list?.length ? `${Math.min(...list).toFixed(2)}–${Math.max(...list).toFixed(2)}` : '—');
const ratio = (v) => (v === undefined || !Number.isFinite(v) ? '—' : `${v.toFixed(2)}×`);

/** synthex's index memory: its linear memory plus what it keeps on the JS heap (ids). */
const indexMemory = (name, r) => (name === 'synthex' ? r.wasmBytes + Math.max(0, r.heapGrowthBytes) : r.heapGrowthBytes);

function corpusReport(corpus, results) {
  const lines = [];
  const rows = ENGINES.map((e) => ({ name: e.name, ...results[e.name] }));
  const ok = rows.filter((r) => !r.error);
  lines.push(`### ${corpus.name}: ${corpus.docs.length.toLocaleString('en-US')} docs, ${corpus.textMB.toFixed(1)} MB of text (UTF-16 chars), vocabulary ${corpus.vocabulary.toLocaleString('en-US')} words of 3+ letters`);
  lines.push('');
  lines.push(formatTable(ok, [
    { label: 'engine', format: (r) => r.name },
    { label: `build ms (median of ${SETTINGS.builds})`, format: (r) => ms(r.buildMs) },
    { label: 'JS heap growth MB', format: (r) => mb(r.heapGrowthBytes) },
    { label: 'JS heap retained MB', format: (r) => mb(r.heapRetainedBytes) },
    { label: 'WASM memory MB', format: (r) => (r.wasmBytes === undefined ? '—' : mb(r.wasmBytes)) },
    { label: 'kernel heap live MB', format: (r) => (r.kernelHeapBytes === undefined ? '—' : mb(r.kernelHeapBytes)) },
    { label: 'index memory MB', format: (r) => mb(indexMemory(r.name, r)) },
    { label: 'snapshot MB', format: (r) => (r.snapshot?.bytes === undefined ? (r.snapshot?.note ?? '—') : mb(r.snapshot.bytes)) },
    { label: `save ms (median of ${SETTINGS.saves})`, format: (r) => (r.snapshot?.saveMs === undefined ? '—' : ms(r.snapshot.saveMs)) },
    { label: `load ms (median of ${SETTINGS.loads})`, format: (r) => (r.snapshot?.loadMs === undefined ? '—' : ms(r.snapshot.loadMs)) },
    { label: 'loaded index: memory MB', format: (r) => (r.snapshot?.loadMs === undefined ? '—' : r.name === 'synthex'
      ? `${mb(r.snapshot.loadedWasmBytes)} WASM (${mb(r.snapshot.loadedKernelHeapBytes)} live) + ${mb(r.snapshot.loadedHeapBytes)} heap`
      : `${mb(r.snapshot.loadedHeapBytes)} heap`) },
  ]));
  lines.push('');
  lines.push(formatTable(ok, [
    { label: 'engine', format: (r) => r.name },
    { label: 'short ops/s', format: (r) => ops(r.queries.short?.opsPerSec) },
    { label: 'short p50 ms', format: (r) => fixed(4)(r.queries.short?.p50Ms) },
    { label: 'short p99 ms', format: (r) => fixed(4)(r.queries.short?.p99Ms) },
    { label: 'cranfield-q ops/s', format: (r) => ops(r.queries.cranfield?.opsPerSec) },
    { label: 'cranfield-q p50 ms', format: (r) => fixed(4)(r.queries.cranfield?.p50Ms) },
    { label: 'cranfield-q p99 ms', format: (r) => fixed(4)(r.queries.cranfield?.p99Ms) },
    { label: 'non-empty: short', format: (r) => `${r.sanity.short.nonEmpty}/${r.sanity.short.queries}` },
    { label: 'non-empty: cranfield-q', format: (r) => `${r.sanity.cranfield.nonEmpty}/${r.sanity.cranfield.queries}` },
  ]));
  for (const r of rows.filter((r) => r.error)) lines.push(`\n**${r.name} failed**: ${r.error}`);
  for (const r of ok) {
    for (const set of Object.keys(r.sanity)) {
      const errors = r.sanity[set].errors ?? [];
      if (errors.length) lines.push(`\n**${r.name} threw on ${errors.length} ${set} queries**, first: \`${errors[0].query}\`: ${errors[0].error.split('\n')[0]}`);
    }
    for (const [set, q] of Object.entries(r.queries)) if (q.error) lines.push(`\n**${r.name} ${set} timing failed**: ${q.error.split('\n')[0]}`);
    if (r.snapshot?.mismatches) lines.push(`\n**${r.name}: the loaded snapshot answered ${r.snapshot.mismatches} of ${r.snapshot.probeQueries} probe queries differently**`);
  }
  const odd = results.synthex?.sanity?.shortZeroTotal;
  if (odd?.length) {
    lines.push(`\n**synthex: ${odd.length} short queries of corpus words (with non-stop-word terms) matched nothing**, e.g. ${odd.slice(0, 5).map((o) => `\`${o.query}\` → ${JSON.stringify(o.terms)}`).join(', ')}`);
  }
  return lines.join('\n');
}

function ratios(results, pairs) {
  const s = results.synthex;
  const out = {};
  for (const peer of ['flexsearch', 'minisearch']) {
    const p = results[peer];
    if (!s || s.error || !p || p.error) continue;
    out[peer] = {
      throughputShort: pairs[peer]?.short?.median,
      throughputCranfield: pairs[peer]?.cranfield?.median,
      throughputShortRounds: pairs[peer]?.short?.all,
      throughputCranfieldRounds: pairs[peer]?.cranfield?.all,
      buildSpeedup: p.buildMs / s.buildMs,
      memoryFraction: indexMemory('synthex', s) / indexMemory(peer, p),
      liveMemoryFraction: s.kernelHeapBytes === undefined ? undefined : (s.kernelHeapBytes + Math.max(0, s.heapGrowthBytes)) / indexMemory(peer, p),
    };
  }
  return out;
}

function goals(corpora, all) {
  const list = [];
  const add = (goal, value, met, detail) => list.push({ goal, value, met, detail });
  for (const corpus of corpora) {
    const r = all[corpus.key];
    const x = r.ratios.flexsearch;
    if (!x) { add(`${corpus.name}: all goals`, undefined, false, 'synthex or FlexSearch failed'); continue; }
    add(`${corpus.name}: short-query throughput ≥ ${GOALS.throughputVsFlex}× FlexSearch`, x.throughputShort, x.throughputShort >= GOALS.throughputVsFlex, ratio(x.throughputShort));
    add(`${corpus.name}: Cranfield-query throughput ≥ ${GOALS.throughputVsFlex}× FlexSearch`, x.throughputCranfield, x.throughputCranfield >= GOALS.throughputVsFlex, ratio(x.throughputCranfield));
    add(`${corpus.name}: build ≥ ${GOALS.buildVsFlex}× faster than FlexSearch`, x.buildSpeedup, x.buildSpeedup >= GOALS.buildVsFlex, ratio(x.buildSpeedup));
    const s = r.engines.synthex;
    const loaded = s.snapshot?.loadedWasmBytes === undefined ? undefined
      : (s.snapshot.loadedWasmBytes + Math.max(0, s.snapshot.loadedHeapBytes)) / indexMemory('flexsearch', r.engines.flexsearch);
    add(`${corpus.name}: index memory (WASM + JS heap) ≤ 1/3 of FlexSearch's heap`, x.memoryFraction, x.memoryFraction <= GOALS.memoryVsFlex,
      `${(x.memoryFraction * 100).toFixed(1)} % of FlexSearch after build` +
      (loaded === undefined ? '' : ` (an index restored by loadIndex, without build-time peaks: ${(loaded * 100).toFixed(1)} %)`));
    if (x.liveMemoryFraction !== undefined) {
      add(`${corpus.name}: same, counting synthex's live kernel heap (stats().heapBytes) instead of its whole linear memory`, x.liveMemoryFraction,
        x.liveMemoryFraction <= GOALS.memoryVsFlex, `${(x.liveMemoryFraction * 100).toFixed(1)} % of FlexSearch`);
    }
  }
  const spam = all.spam?.engines?.synthex;
  if (spam && !spam.error && spam.snapshot?.loadMs !== undefined) {
    add(`SpamAssassin snapshot load < ${GOALS.spamLoadMs} ms`, spam.snapshot.loadMs, spam.snapshot.loadMs < GOALS.spamLoadMs, `${spam.snapshot.loadMs.toFixed(2)} ms`);
  }
  return list;
}

// ---------------------------------------------------------------- main

const machine = await machineInfo();
const dist = await distFingerprint(); // imported at start: this is the build every measurement used
if (!gcMethod) console.error('warning: no forced GC in this runtime (node --expose-gc / deno --v8-flags=--expose-gc): heap growth figures are unreliable');
await createIndex({ fields: ['title'] }); // compiles the WASM module once, outside any timing
const corpora = loadCorpora();
const all = {};
for (const corpus of corpora) {
  const { results: engines, pairs } = await benchCorpus(corpus);
  all[corpus.key] = { docs: corpus.docs.length, textMB: corpus.textMB, vocabulary: corpus.vocabulary, engines, ratios: ratios(engines, pairs) };
}

console.log(`## synthex search benchmark vs peers (${quick ? 'quick' : 'full'})`);
console.log('');
console.log(`${machine.runtime} · ${machine.cpu} · ${machine.cores} cores · ${machine.memoryGiB} GiB · ${machine.platform} · synthex dist/index.js ${dist.sha256} (${dist.modified}) · forced GC: ${gcMethod ?? 'none'}`);
console.log(`Every engine returns the top ${LIMIT}. Builds follow one untimed warm-up build per engine and are interleaved across engines (A B C, C B A, …). ` +
  `Queries are timed one call per sample (mitata) in ${QUERY_ROUNDS} interleaved rounds per set with synthex and one peer alive side by side (S P, P S, …); ` +
  `ops/s and p50/p99 are medians over the rounds, and a throughput ratio is the median of the rounds' paired ratios. ` +
  `"short" = ${SHORT_QUERIES} distinct 1–3 word queries drawn Zipf-weighted from each corpus's own words of 3+ letters (seeded), cycled; ` +
  `"cranfield-q" = Cranfield's 225 queries, run against both corpora. JS heap growth = heapUsed after build − before, forced GC before each reading ` +
  `(Bun: JavaScriptCore's heap size minus its extra memory, which counts ArrayBuffers and WASM memories); ` +
  `JS heap retained = heapUsed with the index − after releasing it (forced GCs), a cross-check. Index memory = JS heap growth, and for synthex its WASM linear memory ` +
  `(stats().memoryBytes, which never shrinks, so it includes build-time peaks) + its JS heap growth (ids); "kernel heap live" = stats().heapBytes, the bytes the index's allocations occupy. ` +
  `"loaded index" = the same for an index restored from its snapshot (median over the loads).`);
for (const corpus of corpora) {
  console.log('');
  console.log(corpusReport(corpus, all[corpus.key].engines));
  const r = all[corpus.key].ratios;
  console.log('');
  console.log(formatTable(Object.entries(r).map(([peer, x]) => ({ peer, ...x })), [
    { label: `synthex vs`, format: (x) => x.peer },
    { label: 'short-query throughput (rounds: min–max)', format: (x) => `${ratio(x.throughputShort)} (${spread(x.throughputShortRounds)})` },
    { label: 'Cranfield-query throughput (rounds: min–max)', format: (x) => `${ratio(x.throughputCranfield)} (${spread(x.throughputCranfieldRounds)})` },
    { label: 'build speed-up', format: (x) => ratio(x.buildSpeedup) },
    { label: 'index memory (synthex / peer)', format: (x) => `${(x.memoryFraction * 100).toFixed(1)} %` },
    { label: 'live kernel heap + JS heap (synthex / peer)', format: (x) => (x.liveMemoryFraction === undefined ? '—' : `${(x.liveMemoryFraction * 100).toFixed(1)} %`) },
  ]));
}
const goalList = goals(corpora, all);
console.log('');
console.log('### Goals');
console.log('');
for (const g of goalList) console.log(`- ${g.met ? 'met' : '**NOT met**'}: ${g.goal} — ${g.detail}`);

const path = writeResults(`search-peers-${runtimeName}.json`, {
  date: new Date().toISOString(),
  quick,
  machine,
  dist,
  gc: gcMethod ?? null,
  settings: { ...SETTINGS, shortQueries: SHORT_QUERIES, shortSeed: SHORT_SEED, limit: LIMIT },
  engines: Object.fromEntries(ENGINES.map((e) => [e.name, e.notes])),
  corpora: all,
  goals: goalList,
});
console.log('');
console.log(`results: ${path}`);
