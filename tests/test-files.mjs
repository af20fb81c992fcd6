// The suite, in one list so every runtime (and the browser bundle) runs the same files.
// `browser: false` marks files that need a server-side runtime (files, processes, sockets).
export const testFiles = [
  { name: 'loader', load: () => import('./loader.test.mjs'), browser: true },
  { name: 'arena', load: () => import('./arena.test.mjs'), browser: true },
  { name: 'pool', load: () => import('./pool.test.mjs'), browser: true },
  { name: 'heap', load: () => import('./heap.test.mjs'), browser: true },
  { name: 'memory-monitor', load: () => import('./memory-monitor.test.mjs'), browser: true },
  { name: 'memory-monitor-process', load: () => import('./memory-monitor-process.test.mjs'), browser: false },
  { name: 'search-reference', load: () => import('./search-reference.test.mjs'), browser: true },
  { name: 'search-api', load: () => import('./search-api.test.mjs'), browser: true },
  { name: 'snapshot', load: () => import('./snapshot.test.mjs'), browser: true },
  { name: 'search-limits', load: () => import('./search-limits.test.mjs'), browser: false },
  { name: 'search-pruning', load: () => import('./search-pruning.test.mjs'), browser: true },
  { name: 'tokenizer-kernel', load: () => import('./tokenizer-kernel.test.mjs'), browser: false },
  { name: 'package-import', load: () => import('./package-import.test.mjs'), browser: false },
  { name: 'query-engine', load: () => import('./query-engine.test.mjs'), browser: true },
  { name: 'filters', load: () => import('./filters.test.mjs'), browser: true },
  { name: 'highlight', load: () => import('./highlight.test.mjs'), browser: true },
  { name: 'result-cache-index', load: () => import('./result-cache-index.test.mjs'), browser: true },
  { name: 'eval-metrics', load: () => import('./eval-metrics.test.mjs'), browser: true },
  { name: 'identity', load: () => import('./identity.test.mjs'), browser: true },
  { name: 'cli', load: () => import('./cli.test.mjs'), browser: false },
];
