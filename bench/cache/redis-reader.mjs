// One reader process of bench/cache/redis.mjs. Mode "search": for each phase (none | l1 | l1l2)
// loads the index, says it is ready, waits for "go" on stdin (so all readers run together),
// answers `searches` queries of its own Zipf stream back to back (the same stream in every
// phase: same seed) and prints one JSON line.
// Mode "follow": follows the published snapshots and prints the wall time of each swap.
import { readFileSync } from 'node:fs';
import { createRedisCache, followSnapshots, loadIndex } from '../../dist/index.js';
import { mulberry32, zipfSampler } from '../data/zipf-corpus.mjs';

const config = JSON.parse(readFileSync(globalThis.Deno ? globalThis.Deno.args[0] : process.argv[2], 'utf8'));
const print = (value) => console.log(JSON.stringify(value));

if (config.mode === 'follow') {
  const cache = await createRedisCache({ url: config.url, namespace: 'bench-follow' });
  const follower = await followSnapshots(cache, 'spam', { onSwap: (manifest) => print({ swap: manifest.generation, at: Date.now() }) });
  print({ ready: follower.generation });
  process.stdin.on('data', () => {});
  process.stdin.on('end', () => { follower.close(); cache.close(); process.exit(0); });
} else {
  // Two snapshots of one index: without a result cache, and with the L1 cache in its options.
  const bytes = new Uint8Array(readFileSync(config.snapshot));
  const cachedBytes = new Uint8Array(readFileSync(config.cachedSnapshot));
  const queries = config.queries;
  const go = [];
  let input = '';
  process.stdin.setEncoding('utf8');
  process.stdin.on('data', (chunk) => { input += chunk; while (input.includes('\n') && go.length) { input = input.slice(input.indexOf('\n') + 1); go.shift()(); } });
  const waitGo = () => new Promise((resolve) => { go.push(resolve); if (input.includes('\n')) { input = input.slice(input.indexOf('\n') + 1); go.shift()(); } });
  const options = { limit: 10, ...(config.highlight ? { highlight: true } : {}) };
  for (const phase of config.phases) {
    const rank = zipfSampler(queries.length, config.s, mulberry32(config.seed));
    let index, cache;
    if (phase.mode === 'none') index = await loadIndex(bytes);
    if (phase.mode === 'l1') index = await loadIndex(cachedBytes);
    if (phase.mode === 'l1l2') {
      cache = await createRedisCache({ url: config.url, namespace: phase.namespace });
      index = await loadIndex(bytes, { sharedCache: { cache, name: 'spam', maxEntries: config.l1Entries } });
      await index.contentGeneration();
    }
    print({ ready: phase.name });
    await waitGo();
    const samples = [];
    const cpu = process.cpuUsage();
    const started = performance.now();
    let searches = 0;
    while (searches < config.searches) {
      const query = queries[rank() - 1];
      const t = performance.now();
      if (phase.mode === 'l1l2') await index.searchAsync(query, options);
      else index.search(query, options);
      samples.push(performance.now() - t);
      searches++;
    }
    const elapsed = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const stats = phase.mode === 'l1l2' ? cache.stats() : undefined;
    const l1 = phase.mode === 'l1' ? index.stats().cache : undefined;
    print({
      phase: phase.name, mode: phase.mode, searches, seconds: elapsed, cpuMs: (used.user + used.system) / 1000,
      samples: samples.sort((a, b) => a - b).filter((_, i) => i % Math.max(1, Math.floor(samples.length / 5000)) === 0),
      l1Hits: l1?.hits, redis: stats && { hits: stats.hits, misses: stats.misses, errors: stats.errors, refused: stats.refused },
    });
    index.close();
    cache?.close();
  }
  process.exit(0);
}

