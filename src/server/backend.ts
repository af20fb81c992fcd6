// What the handler searches: an Index (searched in this thread) or anything pool-shaped
// (`createSearchPool`): `search(query, options) → Promise<SearchResult>`, `stats()`, and
// optionally `get(id)`. Writes need an Index.
import type { DocumentId } from '../search/documents.js';
import type { Query } from '../search/query-language.js';
import type { Index, SearchOptions, SearchResult } from '../search/search-index.js';
import { SearchPool, type PoolSearchOptions } from '../concurrency/search-pool.js';

export interface SearchPoolLike {
  /** `timeoutMs` is passed along (createSearchPool honours it). */
  search(query: Query, options?: SearchOptions & { timeoutMs?: number }): Promise<SearchResult>;
  stats(): object | Promise<object>;
  get?(id: DocumentId): unknown;
}

export interface Backend {
  /** `options` is the request's own object (a pool's timeoutMs is added to it, not to a copy). */
  search(query: Query, options: SearchOptions, timeoutMs: number): SearchResult | Promise<SearchResult>;
  stats(): object | Promise<object>;
  get(id: string): unknown;
  readonly index?: Index;
  readonly pool?: SearchPoolLike;
  /** The pool ends a search at its timeoutMs itself (createSearchPool's do), so no timer of ours is needed. */
  readonly poolTimesOut: boolean;
  ready(): boolean;
}

/** Ids arrive as text in a path: a numeric id is tried as a number when no string id matches. */
function lookup(get: (id: DocumentId) => unknown, id: string): unknown {
  const found = get(id);
  if (found !== undefined || !/^(0|[1-9]\d{0,15})$/.test(id)) return found;
  return get(Number(id));
}

export function backendFor(options: { index?: Index; pool?: SearchPoolLike }): Backend {
  const { index, pool } = options;
  if (index && pool) throw new TypeError('createSearchHandler: give index or pool, not both');
  if (index) {
    if (typeof index.search !== 'function') throw new TypeError('createSearchHandler: index must be an Index');
    return {
      index,
      poolTimesOut: false,
      search: (query, opts) => index.search(query, opts),
      stats: () => index.stats(),
      get: (id) => lookup((key) => index.get(key), id),
      ready: () => !index.closed,
    };
  }
  if (pool) {
    if (typeof pool.search !== 'function' || typeof pool.stats !== 'function') throw new TypeError('createSearchHandler: pool must have search() and stats()');
    return {
      pool,
      poolTimesOut: pool instanceof SearchPool,
      search: (query, opts, timeoutMs) => {
        (opts as PoolSearchOptions).timeoutMs = timeoutMs;
        return pool.search(query, opts);
      },
      stats: () => pool.stats(),
      get: (id) => (pool.get ? lookup((key) => pool.get!(key), id) : undefined),
      ready: () => (pool as { closed?: boolean }).closed !== true,
    };
  }
  throw new TypeError('createSearchHandler: needs { index } or { pool }');
}
