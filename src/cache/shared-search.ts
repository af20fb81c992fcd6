// The two-level result cache around any search: the in-process LRU+TTL (L1) in front of Redis
// (L2), then the search itself. Keys carry the index name and a generation that is the same in
// every process serving the same index content (the snapshot's SHA-256, or a published
// generation's checksum), never a per-process counter: a process can only meet results of the
// exact index it serves, so none is ever served a result of an older index.
import { cacheKey, ResultCache } from '../search/result-cache.js';
import type { Query } from '../search/query-language.js';
import type { SearchOptions, SearchResult } from '../search/search-index.js';
import type { RedisCache } from './redis-cache.js';
import { elapsedMs } from '../search/elapsed.js';

export interface SharedCacheOptions {
  /** The shared level, from createRedisCache. */
  cache: RedisCache;
  /** The index's name in keys: processes serving the same index use the same name. */
  name: string;
  /** L1 entries (default 1000; 0: no L1). */
  maxEntries?: number;
  /** L1 entry lifetime (default 60000 ms; L2 entries live the cache's ttlMs). */
  ttlMs?: number;
}

/** Per-call options that do not change the result: passed on, left out of the key. */
type CallOptions = { timeoutMs?: number; signal?: AbortSignal };
type Search = (query: Query, options: SearchOptions & CallOptions) => SearchResult | Promise<SearchResult>;

export interface SharedSearch {
  (query: Query, options?: SearchOptions & CallOptions): Promise<SearchResult>;
  /** L1 counters (L2's are in the RedisCache's stats()). */
  l1: ResultCache<SearchResult>;
}

const KNOWN = new Set(['cache', 'name', 'maxEntries', 'ttlMs']);

export function checkSharedCacheOptions(options: SharedCacheOptions, who: string): void {
  if (!options || typeof options !== 'object') throw new TypeError(`${who}: sharedCache must be { cache, name }`);
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) throw new TypeError(`${who}: unknown sharedCache option '${key}'`);
  if (!options.cache || typeof options.cache.get !== 'function' || typeof options.cache.set !== 'function') throw new TypeError(`${who}: sharedCache.cache must come from createRedisCache`);
  if (typeof options.name !== 'string' || !/^[\w.-]{1,64}$/.test(options.name)) throw new TypeError(`${who}: sharedCache.name must be 1-64 letters, digits, '_', '.' or '-', got ${JSON.stringify(options.name)}`);
}

/** Hex SHA-256 of the bytes: the content generation of a snapshot, equal in every process. */
export async function contentGeneration(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (let i = 0; i < 16; i++) hex += digest[i].toString(16).padStart(2, '0');
  return hex;
}

function looksLikeResult(value: unknown): value is SearchResult {
  const result = value as SearchResult;
  // totalExact too: an entry written by a build before countUpTo is not an answer of this one.
  return !!value && typeof value === 'object' && Array.isArray(result.hits) && typeof result.total === 'number' && typeof result.totalExact === 'boolean';
}

/** What a search runs against: the generation of the index content, and the search of that content. */
export interface SearchTarget {
  generation: string;
  search: Search;
  /** False once the content changed under the search: its result is then not stored. */
  current?: () => boolean;
}

/**
 * A search behind L1 and L2. `target()` gives the generation and the search over that same
 * content together, so a result is always stored under the generation it was computed on,
 * even when the index is swapped meanwhile.
 */
export function sharedSearch(options: SharedCacheOptions, target: () => SearchTarget | Promise<SearchTarget>): SharedSearch {
  checkSharedCacheOptions(options, 'sharedCache');
  const { cache, name } = options;
  const l1 = new ResultCache<SearchResult>({ maxEntries: options.maxEntries ?? 1000, ttlMs: options.ttlMs ?? 60_000 });
  const run = (async (query: Query, searchOptions: SearchOptions & CallOptions = {}) => {
    const started = performance.now();
    const { timeoutMs, signal, ...rest } = searchOptions;
    const { generation, search, current } = await target();
    const key = `${name}:${generation}:${cacheKey({ query, options: rest })}`;
    const local = l1.get(key, 0);
    if (local) return { ...local, hits: local.hits.slice(), tookMs: elapsedMs(started) };
    const shared = await cache.get(key);
    if (looksLikeResult(shared)) {
      l1.set(key, 0, shared);
      return { ...shared, hits: shared.hits.slice(), tookMs: elapsedMs(started) };
    }
    const result = await search(query, timeoutMs === undefined && signal === undefined ? rest : searchOptions);
    if (!current || current()) {
      l1.set(key, 0, result);
      void cache.set(key, result);
    }
    return { ...result, hits: result.hits.slice() };
  }) as SharedSearch;
  run.l1 = l1;
  return run;
}
