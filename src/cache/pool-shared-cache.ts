// createSearchPool's `sharedCache`: the pool serves one fixed snapshot, so its generation is that
// snapshot's SHA-256, computed once; the pool's own search goes behind L1 and L2.
import type { SearchPool } from '../concurrency/search-pool.js';
import { checkSharedCacheOptions, contentGeneration, sharedSearch, type SharedCacheOptions } from './shared-search.js';

export async function attachSharedCache(pool: SearchPool, bytes: Uint8Array, options: SharedCacheOptions): Promise<void> {
  checkSharedCacheOptions(options, 'createSearchPool');
  const generation = await contentGeneration(bytes);
  const search = pool.search.bind(pool);
  pool.search = sharedSearch(options, () => ({ generation, search }));
}
