// Sharded search: documents partitioned over several indexes, each searched on its own pool.
// A query runs in two phases (as Elasticsearch's dfs_query_then_fetch): every shard reports
// its statistics for the query's terms, the sums become the collection's, and every shard
// scores against those, so scores equal one index over the union. Shards where a required
// term is missing (an exact dictionary lookup in phase one) are not searched in phase two.
import { ClosedError } from '../errors.js';
import { Index, type SearchHit, type SearchResult } from '../search/search-index.js';
import type { Query } from '../search/query-language.js';
import type { DocumentId } from '../search/documents.js';
import type { FacetCount } from '../search/doc-values.js';
import { combineStats } from '../search/collection-stats.js';
import { createSearchPool, type PoolSearchOptions, type SearchPool, type SearchPoolStats } from './search-pool.js';
import type { SearchPoolOptions } from './pool-options.js';
import { elapsedMs } from '../search/elapsed.js';

export interface ShardedSearchOptions extends Omit<SearchPoolOptions, 'index' | 'minWorkers' | 'maxWorkers'> {
  /** Workers per shard (default 1 each). */
  workersPerShard?: number;
}

export interface ShardedSearchResult extends SearchResult {
  /** Shards searched, and shards skipped because a required term is missing there. */
  shards: { searched: number; skipped: number };
}

export interface ShardedSearchStats {
  shards: SearchPoolStats[];
  searches: number;
  shardsSkipped: number;
}

/** The shard (0 … shardCount−1) a document id belongs to: FNV-1a of its string form. */
export function shardOf(id: DocumentId, shardCount: number): number {
  if (!Number.isInteger(shardCount) || shardCount < 1) throw new RangeError(`shardOf: shardCount must be a positive integer, got ${String(shardCount)}`);
  const text = String(id);
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % shardCount;
}

function mergeFacets(results: SearchResult[]): Record<string, FacetCount[]> | undefined {
  if (!results.length || !results[0].facets) return undefined;
  const merged: Record<string, FacetCount[]> = {};
  for (const field of Object.keys(results[0].facets)) {
    const counts = new Map<string, number>();
    for (const result of results) for (const { value, count } of result.facets?.[field] ?? []) counts.set(value, (counts.get(value) ?? 0) + count);
    merged[field] = [...counts].map(([value, count]) => ({ value, count }))
      .sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
  }
  return merged;
}

export class ShardedSearch {
  readonly #pools: SearchPool[];
  #searches = 0;
  #skipped = 0;
  #closed = false;

  /** @internal use createShardedSearch */
  constructor(pools: SearchPool[]) {
    this.#pools = pools;
  }

  get shardCount(): number {
    return this.#pools.length;
  }

  /** Searches every shard that can match and merges their top hits; same shape as Index.search. */
  async search(query: Query, options: PoolSearchOptions = {}): Promise<ShardedSearchResult> {
    const started = performance.now();
    if (this.#closed) throw new ClosedError('ShardedSearch');
    if (!options || typeof options !== 'object') throw new TypeError('search: options must be an object');
    if (options.collectionStats !== undefined) throw new TypeError('search: collectionStats is computed by the sharded search itself');
    const { timeoutMs, signal, limit = 10, offset = 0, ...rest } = options;
    for (const [name, value] of [['limit', limit], ['offset', offset]] as const) {
      if (!Number.isInteger(value) || value < 0) throw new RangeError(`search: ${name} must be a non-negative integer, got ${String(value)}`);
    }
    const deadline = timeoutMs === undefined ? undefined : started + timeoutMs;
    const remaining = () => (deadline === undefined ? undefined : Math.max(1, deadline - performance.now()));
    this.#searches++;
    const shardStats = await Promise.all(this.#pools.map((pool) => pool.queryStats(query, { timeoutMs: remaining(), signal })));
    const collectionStats = combineStats(shardStats);
    const searched = this.#pools.filter((_, i) => !shardStats[i].cannotMatch);
    const skipped = this.#pools.length - searched.length;
    this.#skipped += skipped;
    // Offsets apply to the merged list, so each shard returns its best offset + limit.
    const perShard = { ...rest, limit: offset + limit, offset: 0, collectionStats };
    const results = await Promise.all(searched.map((pool) => pool.search(query, { ...perShard, timeoutMs: remaining(), signal })));
    const ranked: { hit: SearchHit; shard: number; rank: number }[] = [];
    results.forEach((result, shard) => result.hits.forEach((hit, rank) => ranked.push({ hit, shard, rank })));
    // Ties keep a fixed order (shard, then rank within it), so answers never flicker.
    ranked.sort((a, b) => b.hit.score - a.hit.score || a.shard - b.shard || a.rank - b.rank);
    const merged: ShardedSearchResult = {
      hits: ranked.slice(offset, offset + limit).map((entry) => entry.hit),
      total: results.reduce((sum, result) => sum + result.total, 0),
      totalExact: results.every((result) => result.totalExact),
      tookMs: 0,
      shards: { searched: searched.length, skipped },
    };
    const facets = options.facets ? mergeFacets(results) ?? Object.fromEntries(options.facets.map((field) => [field, []])) : undefined;
    if (facets) merged.facets = facets;
    merged.tookMs = elapsedMs(started);
    return merged;
  }

  /** A document's stored fields from whichever shard holds it. */
  async get(id: DocumentId): Promise<Record<string, unknown> | undefined> {
    if (this.#closed) throw new ClosedError('ShardedSearch');
    const home = this.#pools[shardOf(id, this.#pools.length)];
    const found = await home.get(id);
    if (found !== undefined) return found;
    // Shards built by another partitioning: ask the rest.
    for (const pool of this.#pools) if (pool !== home) { const other = await pool.get(id); if (other !== undefined) return other; }
    return undefined;
  }

  stats(): ShardedSearchStats {
    return { shards: this.#pools.map((pool) => pool.stats()), searches: this.#searches, shardsSkipped: this.#skipped };
  }

  async close(options?: { drain?: boolean }): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#pools.map((pool) => pool.close(options)));
  }
}

/** Starts one pool per shard (an Index or snapshot bytes each); resolves when all are ready. */
export async function createShardedSearch(shards: (Index | Uint8Array)[], options: ShardedSearchOptions = {}): Promise<ShardedSearch> {
  if (!Array.isArray(shards) || shards.length === 0) throw new TypeError('createShardedSearch: shards must be a non-empty array of Index or snapshot bytes');
  shards.forEach((shard, i) => {
    if (!(shard instanceof Index) && !(shard instanceof Uint8Array)) throw new TypeError(`createShardedSearch: shard ${i} is not an Index or snapshot bytes`);
  });
  const workers = options.workersPerShard ?? 1;
  const { workersPerShard: _, ...poolOptions } = options;
  const started = await Promise.allSettled(shards.map((index) => createSearchPool({ ...poolOptions, index, minWorkers: workers, maxWorkers: workers })));
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  const pools = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  if (failed) {
    await Promise.all(pools.map((pool) => pool.close({ drain: false })));
    throw failed.reason;
  }
  return new ShardedSearch(pools);
}
