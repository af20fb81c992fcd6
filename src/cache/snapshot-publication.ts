// Publishing index snapshots through Redis. A generation is written as chunks (each with its
// CRC-32 in the manifest, the whole with its SHA-256), then the manifest, then the "latest"
// pointer, and only then announced on the channel: a reader that sees the pointer or the
// announcement finds every piece in place, and one that starts later reads the pointer.
// Keys share one hash tag per index name, so on a Redis Cluster a generation lives in one slot.
import { RedisCacheError } from '../errors.js';
import type { Index } from '../search/search-index.js';
import { crc32 } from './crc32.js';
import type { RedisCache } from './redis-cache.js';
import { contentGeneration } from './shared-search.js';

export const SNAPSHOT_MANIFEST_VERSION = 1;

export interface SnapshotManifest {
  version: number;
  name: string;
  generation: number;
  /** SHA-256 of the whole snapshot (first 16 bytes, hex): also its shared-cache generation. */
  checksum: string;
  bytes: number;
  chunkBytes: number;
  /** CRC-32 of each chunk, in order. */
  chunks: number[];
  publishedAt: number;
}

export interface PublishOptions {
  /** Bytes per chunk (default 1 MiB). */
  chunkBytes?: number;
  /** Generations kept in Redis besides the newest; older ones are deleted (default 1). */
  keep?: number;
  /** Longest wait for each Redis write of the publication (default 10000 ms). */
  timeoutMs?: number;
}

/** Snapshot chunks are large: their reads and writes get longer than a cache entry's. */
export const SNAPSHOT_TIMEOUT_MS = 10_000;

export const snapshotKeys = (namespace: string, name: string) => {
  const tag = `{${namespace}:snapshot:${name}}`;
  return {
    counter: `${tag}:counter`,
    latest: `${tag}:latest`,
    manifest: (generation: number) => `${tag}:${generation}:manifest`,
    chunk: (generation: number, index: number) => `${tag}:${generation}:chunk:${index}`,
    channel: `${namespace}:snapshot:${name}`,
  };
};

export function checkSnapshotName(name: unknown, who: string): string {
  if (typeof name !== 'string' || !/^[\w.-]{1,64}$/.test(name)) throw new TypeError(`${who}: name must be 1-64 letters, digits, '_', '.' or '-', got ${JSON.stringify(name)}`);
  return name;
}

/**
 * Publishes `source` (an Index, saved now, or snapshot bytes) as the next generation of `name`
 * and announces it. Rejects with RedisCacheError when Redis cannot take it (nothing is
 * announced then; readers keep the generation they have).
 */
export async function publishSnapshot(cache: RedisCache, name: string, source: Index | Uint8Array, options: PublishOptions = {}): Promise<SnapshotManifest> {
  checkSnapshotName(name, 'publishSnapshot');
  const bytes = source instanceof Uint8Array ? source : source.save();
  const chunkBytes = options.chunkBytes ?? 1 << 20;
  const keep = options.keep ?? 1;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) throw new RangeError(`publishSnapshot: chunkBytes must be a positive integer, got ${chunkBytes}`);
  if (!Number.isInteger(keep) || keep < 0) throw new RangeError(`publishSnapshot: keep must be a non-negative integer, got ${keep}`);
  const timeoutMs = options.timeoutMs ?? SNAPSHOT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw new RangeError(`publishSnapshot: timeoutMs must be a positive integer, got ${timeoutMs}`);
  const keys = snapshotKeys(cache.namespace, name);
  const checksum = await contentGeneration(bytes);
  const generation = Number(await cache.run((connection) => connection.incr!(keys.counter), timeoutMs));
  if (!Number.isSafeInteger(generation) || generation < 1) throw new RedisCacheError('UNAVAILABLE', `publishSnapshot: Redis gave generation ${generation}`);
  const chunks: number[] = [];
  const writes: Promise<unknown>[] = [];
  for (let at = 0, i = 0; at < bytes.length || i === 0; at += chunkBytes, i++) {
    const chunk = bytes.subarray(at, Math.min(at + chunkBytes, bytes.length));
    chunks.push(crc32(chunk));
    writes.push(cache.run((connection) => connection.set(keys.chunk(generation, i), cache.argument(chunk)), timeoutMs));
  }
  await Promise.all(writes);
  const manifest: SnapshotManifest = { version: SNAPSHOT_MANIFEST_VERSION, name, generation, checksum, bytes: bytes.length, chunkBytes, chunks, publishedAt: Date.now() };
  await cache.run((connection) => connection.set(keys.manifest(generation), JSON.stringify(manifest)), timeoutMs);
  await cache.run((connection) => connection.set(keys.latest, String(generation)), timeoutMs);
  await cache.run((connection) => connection.publish(keys.channel, JSON.stringify({ generation, checksum })), timeoutMs);
  // Generations older than the kept ones: a reader still fetching one of them retries with the latest.
  const stale = generation - keep - 1;
  if (stale >= 1) {
    void cache.run(async (connection) => {
      const old = await connection.get(keys.manifest(stale));
      const count = old ? (JSON.parse(String(old)) as SnapshotManifest).chunks.length : 0;
      await connection.del!([keys.manifest(stale), ...Array.from({ length: count }, (_, i) => keys.chunk(stale, i))]);
    }).catch(() => {});
  }
  return manifest;
}
