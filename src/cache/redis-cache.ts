// createRedisCache: the shared level (L2) of the result cache, and the connection that snapshot
// publication and following use. Every read is bounded by `timeoutMs` and guarded by a circuit
// breaker, and no method throws to a search: an error, a timeout or an open circuit is a miss.
import { RedisCacheError } from '../errors.js';
import { CircuitBreaker, type CircuitBreakerOptions, type CircuitBreakerStats, type CircuitState } from './circuit-breaker.js';
import type { ConnectionPoolOptions, ConnectionPoolStats } from './connection-pool.js';
import { decodeCachePayload, encodeCachePayload } from './payload-codec.js';
import { openRedisBackend, type RedisBackend, type RedisConnection, type RedisTarget } from './redis-client.js';

export interface RedisCacheOptions {
  /** redis://host:port, or several root-node URLs of a Redis Cluster (needs @redis/client). */
  url?: string | string[];
  /** A connected @redis/client client or cluster to use instead of `url` (not closed by close()). */
  client?: RedisConnection;
  /** Prefix of every key and channel (default 'synthex'). */
  namespace?: string;
  /** Lifetime of a cached result in Redis (default 300000 ms). */
  ttlMs?: number;
  /** Longest wait for a cache read, connection included (default 25 ms). */
  timeoutMs?: number;
  /** Longest wait for a cache write or a snapshot operation (default 2000 ms). */
  writeTimeoutMs?: number;
  /** Connection pool sizing and health checks. */
  pool?: ConnectionPoolOptions;
  /** When to stop asking Redis and when to try again. */
  breaker?: CircuitBreakerOptions;
}

export interface RedisCacheStats {
  hits: number;
  misses: number;
  /** Reads or writes that failed or timed out. */
  errors: number;
  /** Entries found but dropped: not a whole, intact payload of this version. */
  decodeFailures: number;
  /** Reads not sent because the circuit was open. */
  refused: number;
  writes: number;
  /** All breakers together: the worst state, opens and refusals summed. */
  circuit: CircuitBreakerStats;
  /** Each breaker's state, by server (a cluster has one per master). */
  circuits: Record<string, CircuitState>;
  pool: ConnectionPoolStats;
}

export interface RedisCache {
  readonly namespace: string;
  /** The cached value under `key`, or undefined (absent, undecodable, or Redis unavailable). */
  get(key: string): Promise<unknown>;
  /** Stores a value for ttlMs; resolves when done or given up, never rejects. */
  set(key: string, value: unknown): Promise<void>;
  /**
   * Runs `work` on a pooled connection within `timeoutMs` (default writeTimeoutMs), outside the
   * circuit breaker; rejects with RedisCacheError. Used by snapshot publication and following.
   */
  run<T>(work: (connection: RedisConnection) => Promise<T>, timeoutMs?: number): Promise<T>;
  /** Subscribes `listener` to a channel (namespaced by the caller); returns the unsubscribe. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => void>;
  /** Bytes in the form the client sends (for run()). */
  argument(bytes: Uint8Array): Uint8Array;
  stats(): RedisCacheStats;
  close(): void;
}

const KNOWN = new Set(['url', 'client', 'namespace', 'ttlMs', 'timeoutMs', 'writeTimeoutMs', 'pool', 'breaker']);

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new RangeError(`createRedisCache: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

function targetOf(options: RedisCacheOptions): RedisTarget {
  const { url, client } = options;
  if ((url === undefined) === (client === undefined)) throw new TypeError('createRedisCache: give url or client (one of them)');
  if (client !== undefined) {
    if (!client || typeof client.get !== 'function' || typeof client.set !== 'function') throw new TypeError('createRedisCache: client must be a connected @redis/client client or cluster');
    return { kind: 'client', client };
  }
  const urls: string[] = Array.isArray(url) ? url : [url as string];
  if (!urls.length) throw new TypeError('createRedisCache: url must not be an empty list');
  for (const each of urls) {
    if (typeof each !== 'string' || !/^rediss?:\/\/[^\s]+$/.test(each)) throw new TypeError(`createRedisCache: url must be redis://host:port (or rediss://), got ${JSON.stringify(each)}`);
  }
  return Array.isArray(url) ? { kind: 'cluster', urls } : { kind: 'url', url: urls[0] };
}

const SEVERITY: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };

function circuitSummary(breakers: Map<string, CircuitBreaker>): CircuitBreakerStats {
  const summary: CircuitBreakerStats = { state: 'closed', opened: 0, refused: 0 };
  for (const breaker of breakers.values()) {
    const stats = breaker.stats();
    if (SEVERITY[stats.state] > SEVERITY[summary.state]) summary.state = stats.state;
    summary.opened += stats.opened;
    summary.refused += stats.refused;
  }
  return summary;
}

const isBroken = (connection: RedisConnection) => connection.isReady === false || connection.isOpen === false;

export async function createRedisCache(options: RedisCacheOptions): Promise<RedisCache> {
  if (!options || typeof options !== 'object') throw new TypeError('createRedisCache: options must be an object');
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) throw new TypeError(`createRedisCache: unknown option '${key}'`);
  const target = targetOf(options);
  const namespace = options.namespace ?? 'synthex';
  if (typeof namespace !== 'string' || !/^[\w.-]{1,64}$/.test(namespace)) throw new TypeError(`createRedisCache: namespace must be 1-64 letters, digits, '_', '.' or '-', got ${JSON.stringify(namespace)}`);
  const ttlMs = positive('ttlMs', options.ttlMs, 300_000);
  const timeoutMs = positive('timeoutMs', options.timeoutMs, 25);
  const writeTimeoutMs = positive('writeTimeoutMs', options.writeTimeoutMs, 2000);
  // One breaker per server a key can go to: a standalone server, or each cluster master.
  const breakers = new Map<string, CircuitBreaker>();
  const breakerFor = (key: string) => {
    const route = backend.route(key);
    let breaker = breakers.get(route);
    if (!breaker) breakers.set(route, (breaker = new CircuitBreaker(options.breaker)));
    return breaker;
  };
  new CircuitBreaker(options.breaker); // validates the options now rather than at the first call
  const backend: RedisBackend = await openRedisBackend(target, options.pool, Math.max(writeTimeoutMs, 500));
  const pool = backend.pool;
  // Start with a connection when Redis answers, so the first lookups do not time out while it
  // opens; a Redis that is down only makes this return at once (it is retried in the background).
  await pool.acquire(Math.max(writeTimeoutMs, 500)).then((connection) => pool.release(connection), () => {});
  const counts = { hits: 0, misses: 0, errors: 0, decodeFailures: 0, refused: 0, writes: 0 };

  /** `work` on a pooled connection within `ms`; a connection whose command failed is evicted. */
  function onConnection<T>(work: (connection: RedisConnection) => Promise<T>, ms: number): Promise<T> {
    const started = performance.now();
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RedisCacheError('TIMEOUT', `Redis did not answer within ${ms} ms`)), ms);
      pool.acquire(ms).then((connection) => {
        if (performance.now() - started >= ms) { pool.release(connection); return; }
        work(connection).then(
          (value) => { pool.release(connection); clearTimeout(timer); resolve(value); },
          (error) => {
            pool.release(connection, isBroken(connection));
            clearTimeout(timer);
            reject(error instanceof RedisCacheError ? error : new RedisCacheError('UNAVAILABLE', `Redis: ${(error as Error)?.message ?? error}`));
          },
        );
      }, (error) => { clearTimeout(timer); reject(error); });
    });
  }

  /** Through the key's breaker: refused at once while it is open. */
  async function guarded<T>(key: string, work: (connection: RedisConnection) => Promise<T>, ms: number): Promise<T> {
    const breaker = breakerFor(key);
    if (!breaker.allow()) {
      counts.refused++;
      throw new RedisCacheError('UNAVAILABLE', 'the Redis circuit is open');
    }
    try {
      const value = await onConnection(work, ms);
      breaker.success();
      return value;
    } catch (error) {
      breaker.failure();
      counts.errors++;
      throw error;
    }
  }

  // Braces escaped: a '{…}' in a key is a Redis Cluster hash tag, and every JSON query key has
  // one, which would put all results in one slot.
  const keyOf = (key: string) => `${namespace}:result:${key.replace(/[%{}]/g, (c) => (c === '%' ? '%25' : c === '{' ? '%7B' : '%7D'))}`;

  return {
    namespace,
    async get(key) {
      let bytes: unknown;
      try {
        bytes = await guarded(keyOf(key), (connection) => connection.get(keyOf(key)), timeoutMs);
      } catch {
        return undefined;
      }
      if (bytes === null || bytes === undefined) { counts.misses++; return undefined; }
      const value = decodeCachePayload(bytes as Uint8Array);
      if (value === undefined) { counts.decodeFailures++; counts.misses++; return undefined; }
      counts.hits++;
      return value;
    },
    async set(key, value) {
      const payload = backend.argument(encodeCachePayload(value));
      try {
        await guarded(keyOf(key), (connection) => connection.set(keyOf(key), payload, { expiration: { type: 'PX', value: ttlMs } }), writeTimeoutMs);
        counts.writes++;
      } catch { /* counted as an error; the result is simply not shared */ }
    },
    run: (work, ms = writeTimeoutMs) => onConnection(work, ms),
    subscribe: (channel, listener) => backend.subscribe(channel, listener),
    argument: backend.argument,
    stats: () => ({ ...counts, circuit: circuitSummary(breakers), circuits: Object.fromEntries([...breakers].map(([route, breaker]) => [route, breaker.state])), pool: pool.stats() }),
    close: () => pool.close(),
  };
}
