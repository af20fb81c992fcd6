// Following published snapshots: a reader loads the latest generation of an index from Redis,
// then on each announcement (and on a periodic check of the "latest" pointer, which covers
// announcements missed while disconnected) fetches the new one, verifies every chunk's CRC-32,
// the length and the whole's SHA-256, loads it (which checks the snapshot's own sections), and
// swaps it in with one assignment: a query runs on the old index or the new, never a mix. A
// generation that fails any check is refused and counted; the one being served stays.
// The follower is pool-shaped (search, stats, get), so createSearchHandler serves it as is.
import { RedisCacheError } from '../errors.js';
import type { DocumentId } from '../search/documents.js';
import type { Query } from '../search/query-language.js';
import { loadIndex, type Index, type SearchOptions, type SearchResult } from '../search/search-index.js';
import type { WasmOptions } from '../wasm/loader.js';
import { crc32 } from './crc32.js';
import type { RedisCache } from './redis-cache.js';
import { contentGeneration, sharedSearch, type SharedSearch } from './shared-search.js';
import { checkSnapshotName, SNAPSHOT_MANIFEST_VERSION, SNAPSHOT_TIMEOUT_MS, snapshotKeys, type SnapshotManifest } from './snapshot-publication.js';
import { unrefTimer } from './unref-timer.js';

export interface FollowOptions extends WasmOptions {
  /** Check the latest pointer this often besides the announcements (default 1000 ms). */
  pollMs?: number;
  /** How long followSnapshots waits for a first generation to exist (default 30000 ms). */
  waitMs?: number;
  /** L1 entries of the shared result cache (default 1000; 0: none). */
  maxEntries?: number;
  /** L1 entry lifetime (default 60000 ms). */
  ttlMs?: number;
  /** Called after each swap. */
  onSwap?: (manifest: SnapshotManifest) => void;
}

export interface SnapshotFollowerStats {
  name: string;
  generation: number;
  checksum: string;
  docs: number;
  /** Generations swapped in since the first. */
  swaps: number;
  /** Published generations refused (missing pieces, bad checksum, damaged snapshot). */
  refused: number;
  lastError?: string;
  l1: { hits: number; misses: number; hitRatio: number; entries: number };
}

interface Serving { index: Index; manifest: SnapshotManifest }

export class SnapshotFollower {
  readonly name: string;
  readonly #cache: RedisCache;
  readonly #options: FollowOptions;
  #serving: Serving;
  readonly #search: SharedSearch;
  #swaps = 0;
  #refused = 0;
  #lastError: string | undefined;
  #refusedGeneration = 0;
  #checking: Promise<void> | undefined;
  #again = false;
  #timer: ReturnType<typeof setInterval> | undefined;
  #unsubscribe: (() => void) | undefined;
  #closed = false;

  /** @internal use followSnapshots */
  constructor(cache: RedisCache, name: string, first: Serving, options: FollowOptions) {
    this.#cache = cache;
    this.name = name;
    this.#options = options;
    this.#serving = first;
    this.#search = sharedSearch({ cache, name, maxEntries: options.maxEntries, ttlMs: options.ttlMs }, () => {
      const serving = this.#serving;
      return {
        generation: serving.manifest.checksum,
        // An index retired meanwhile is closed: its query runs on the current one, unstored.
        search: (query, { timeoutMs, signal, ...searchOptions }) => (serving.index.closed ? this.#serving.index : serving.index).search(query, searchOptions),
        current: () => !serving.index.closed,
      };
    });
  }

  /** @internal */
  async start(): Promise<void> {
    const keys = snapshotKeys(this.#cache.namespace, this.name);
    try {
      this.#unsubscribe = await this.#cache.subscribe(keys.channel, () => this.check());
    } catch {
      // No pub/sub now: the periodic check still catches up.
    }
    this.#timer = setInterval(() => void this.check(), this.#options.pollMs ?? 1000);
    unrefTimer(this.#timer);
    void this.check(); // anything published between the first load and the subscription
  }

  get generation(): number {
    return this.#serving.manifest.generation;
  }

  get checksum(): string {
    return this.#serving.manifest.checksum;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** The index being served now (it is closed some time after a newer generation replaces it). */
  get index(): Index {
    return this.#serving.index;
  }

  search(query: Query, options: SearchOptions & { timeoutMs?: number } = {}): Promise<SearchResult> {
    return this.#search(query, options);
  }

  get(id: DocumentId): Record<string, unknown> | undefined {
    return this.#serving.index.get(id);
  }

  stats(): SnapshotFollowerStats {
    const { index, manifest } = this.#serving;
    const l1 = this.#search.l1.stats();
    return {
      name: this.name, generation: manifest.generation, checksum: manifest.checksum, docs: index.size,
      swaps: this.#swaps, refused: this.#refused, ...(this.#lastError ? { lastError: this.#lastError } : {}),
      l1: { hits: l1.hits, misses: l1.misses, hitRatio: l1.hitRatio, entries: l1.entries },
    };
  }

  /** Looks for a newer generation now and swaps it in; resolves when done (never rejects). */
  check(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    if (this.#checking) { this.#again = true; return this.#checking; }
    this.#checking = (async () => {
      do {
        this.#again = false;
        try {
          await this.#update();
        } catch (error) {
          this.#lastError = (error as Error).message;
        }
      } while (this.#again && !this.#closed);
    })().finally(() => { this.#checking = undefined; });
    return this.#checking;
  }

  async #update(): Promise<void> {
    const latest = await readLatest(this.#cache, this.name);
    if (latest <= this.generation || latest === this.#refusedGeneration || this.#closed) return;
    let next: Serving;
    try {
      next = await fetchGeneration(this.#cache, this.name, latest, this.#options);
    } catch (error) {
      if (error instanceof RedisCacheError && error.code === 'SNAPSHOT_INVALID') {
        this.#refused++;
        this.#refusedGeneration = latest;
      }
      throw error;
    }
    if (this.#closed || next.manifest.generation <= this.generation) { next.index.close(); return; }
    const old = this.#serving;
    this.#serving = next;
    this.#swaps++;
    // Searches that picked the old index before the swap finish on it (they are synchronous
    // once started); it is closed after a grace period, and a late one falls over to the new.
    const retire = setTimeout(() => old.index.close(), 2000);
    unrefTimer(retire);
    this.#options.onSwap?.(next.manifest);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#timer);
    this.#unsubscribe?.();
    this.#serving.index.close();
  }
}

async function readLatest(cache: RedisCache, name: string): Promise<number> {
  const value = await cache.run((connection) => connection.get(snapshotKeys(cache.namespace, name).latest));
  if (value === null || value === undefined) return 0;
  const generation = Number(String(value));
  return Number.isSafeInteger(generation) && generation > 0 ? generation : 0;
}

const invalid = (generation: number, message: string) => new RedisCacheError('SNAPSHOT_INVALID', `snapshot generation ${generation}: ${message}`);

/** Fetches, verifies and loads one generation; SNAPSHOT_INVALID when any check fails. */
async function fetchGeneration(cache: RedisCache, name: string, generation: number, options: WasmOptions): Promise<Serving> {
  const keys = snapshotKeys(cache.namespace, name);
  const raw = await cache.run((connection) => connection.get(keys.manifest(generation)));
  if (raw === null || raw === undefined) throw invalid(generation, 'no manifest (deleted or never completed)');
  let manifest: SnapshotManifest;
  try {
    manifest = JSON.parse(String(raw));
  } catch {
    throw invalid(generation, 'the manifest is not JSON');
  }
  if (!manifest || manifest.version !== SNAPSHOT_MANIFEST_VERSION || manifest.generation !== generation || manifest.name !== name
    || !Array.isArray(manifest.chunks) || !Number.isSafeInteger(manifest.bytes) || manifest.bytes < 0
    || !Number.isSafeInteger(manifest.chunkBytes) || manifest.chunkBytes < 1
    || manifest.chunks.length !== Math.max(1, Math.ceil(manifest.bytes / manifest.chunkBytes)) || typeof manifest.checksum !== 'string') {
    throw invalid(generation, 'the manifest is malformed');
  }
  const chunks = await Promise.all(manifest.chunks.map((_, i) => cache.run((connection) => connection.get(keys.chunk(generation, i)), SNAPSHOT_TIMEOUT_MS)));
  const bytes = new Uint8Array(manifest.bytes);
  let at = 0;
  for (const [i, chunk] of chunks.entries()) {
    if (!(chunk instanceof Uint8Array)) throw invalid(generation, `chunk ${i} is missing`);
    const expected = Math.min(manifest.chunkBytes, manifest.bytes - at);
    if (chunk.length !== expected) throw invalid(generation, `chunk ${i} has ${chunk.length} bytes, expected ${expected} (truncated?)`);
    if (crc32(chunk) !== manifest.chunks[i]) throw invalid(generation, `chunk ${i} fails its CRC-32 (corrupted)`);
    bytes.set(chunk, at);
    at += chunk.length;
  }
  if (await contentGeneration(bytes) !== manifest.checksum) throw invalid(generation, 'the snapshot fails its SHA-256');
  try {
    return { index: await loadIndex(bytes, options), manifest };
  } catch (error) {
    throw invalid(generation, `the snapshot does not load: ${(error as Error).message}`);
  }
}

/**
 * Serves the latest published generation of `name` and follows newer ones. Resolves once the
 * first generation is loaded (waiting up to `waitMs` for one to be published).
 */
export async function followSnapshots(cache: RedisCache, name: string, options: FollowOptions = {}): Promise<SnapshotFollower> {
  checkSnapshotName(name, 'followSnapshots');
  if (!options || typeof options !== 'object') throw new TypeError('followSnapshots: options must be an object');
  const { pollMs, waitMs, maxEntries, ttlMs, onSwap, ...wasm } = options;
  const deadline = performance.now() + (waitMs ?? 30_000);
  let lastError: unknown;
  for (;;) {
    try {
      const latest = await readLatest(cache, name);
      if (latest) {
        const first = await fetchGeneration(cache, name, latest, wasm);
        const follower = new SnapshotFollower(cache, name, first, { ...options, ...wasm, pollMs, maxEntries, ttlMs, onSwap });
        await follower.start();
        return follower;
      }
    } catch (error) {
      lastError = error;
    }
    if (performance.now() >= deadline) {
      throw lastError instanceof Error ? lastError : new RedisCacheError('UNAVAILABLE', `followSnapshots: nothing published as '${name}' within ${waitMs ?? 30_000} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(pollMs ?? 1000, 200)));
  }
}
