// The Redis client behind the cache: node-redis's core package, @redis/client (v5 or later),
// loaded with a dynamic import only when createRedisCache is given a `url`, so the browser
// bundle never contains it. Chosen by a probe under Node, Bun and Deno (connect, GET/SET of
// binary values, pub/sub, a 3-master cluster, a paused and a killed server): both it and ioredis
// passed the basics everywhere, but with a cluster node killed ioredis left commands for that
// node's slots hanging while @redis/client failed them at once, and @redis/client has no
// dependencies of its own.
import { keySlot } from './key-slot.js';
import { ConnectionPool, type ConnectionFactory, type ConnectionPoolOptions } from './connection-pool.js';

/** What the cache needs of a connection (an @redis/client client or cluster satisfies it). */
export interface RedisConnection {
  get(key: string): Promise<unknown>;
  set(key: string, value: Uint8Array | string, options?: { expiration?: { type: 'PX'; value: number } }): Promise<unknown>;
  publish(channel: string, message: string): Promise<unknown>;
  incr?(key: string): Promise<unknown>;
  del?(keys: string | string[]): Promise<unknown>;
  ping?(): Promise<unknown>;
  subscribe?(channel: string, listener: (message: string) => void): Promise<unknown>;
  unsubscribe?(channel?: string): Promise<unknown>;
  connect?(): Promise<unknown>;
  duplicate?(): RedisConnection;
  destroy?(): void;
  on?(event: string, listener: (...args: unknown[]) => void): unknown;
  withTypeMapping?(mapping: Record<number, unknown>): RedisConnection;
  readonly isReady?: boolean;
  readonly isOpen?: boolean;
}

export type RedisTarget =
  | { kind: 'url'; url: string }
  | { kind: 'cluster'; urls: string[] }
  | { kind: 'client'; client: RedisConnection };

/** Connections plus a way to open a dedicated subscriber (pub/sub needs its own connection). */
export interface RedisBackend {
  pool: ConnectionPool<RedisConnection>;
  /** Subscribes on a connection of its own, which resubscribes by itself after a reconnect. */
  subscribe(channel: string, listener: (message: string) => void): Promise<() => void>;
  /** Which server a key goes to (a cluster master's address), for one circuit breaker each. */
  route(key: string): string;
  /** Bytes as the client takes them (a Buffer over the same memory: it refuses plain Uint8Arrays). */
  argument(bytes: Uint8Array): Uint8Array;
}

// RESP '$' (bulk string) replies as bytes, not text: cached payloads and snapshot chunks are binary.
const BLOB_STRING = 36;
const retry = (attempt: number) => Math.min(50 * 2 ** Math.min(attempt, 10), 2000);
const quiet = () => {};

// Specifiers held in variables: a bundler building for the browser then leaves these imports
// alone instead of pulling a Node-only client into the bundle (scripts/build.mjs also marks the
// client external).
const CLIENT_MODULE = '@redis/client';
const BUFFER_MODULE = 'node:buffer';

async function bufferType(): Promise<unknown> {
  return (globalThis as { Buffer?: unknown }).Buffer ?? (await import(BUFFER_MODULE)).Buffer;
}

async function loadClientModule(): Promise<any> {
  try {
    return await import(CLIENT_MODULE);
  } catch (error) {
    throw new TypeError(`createRedisCache: a url needs the optional dependency @redis/client (npm install @redis/client), or pass { client }: ${(error as Error).message}`);
  }
}

function destroyQuietly(connection: RedisConnection): void {
  try { connection.destroy?.(); } catch { /* already closed */ }
}

/** Connects a new client (errors reported by its events are handled by the breaker, not thrown); destroyed if it cannot. */
async function connected<T extends RedisConnection & { on(event: 'error', listener: () => void): unknown; connect(): Promise<unknown> }>(client: T): Promise<T> {
  client.on('error', quiet);
  try {
    await client.connect();
  } catch (error) {
    destroyQuietly(client);
    throw error;
  }
  return client;
}

export async function openRedisBackend(target: RedisTarget, poolOptions: ConnectionPoolOptions | undefined, connectTimeoutMs: number): Promise<RedisBackend> {
  const Buffer = await bufferType() as { from(buffer: ArrayBufferLike, offset: number, length: number): Uint8Array };
  const mapping = { [BLOB_STRING]: Buffer };
  const argument = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (target.kind === 'client') {
    const shared = target.client.withTypeMapping ? target.client.withTypeMapping(mapping) : target.client;
    // The caller's client: one connection, never closed by us.
    const factory: ConnectionFactory<RedisConnection> = {
      create: async () => shared,
      ping: (connection) => (connection.ping ? connection.ping() : Promise.resolve()),
      destroy: () => {},
    };
    return {
      argument,
      route: () => 'redis',
      pool: new ConnectionPool(factory, { ...poolOptions, min: 1, max: 1 }),
      subscribe: async (channel, listener) => {
        if (!target.client.duplicate) return () => {};
        const subscriber = target.client.duplicate();
        subscriber.on?.('error', quiet);
        await subscriber.connect?.();
        await subscriber.subscribe!(channel, listener);
        return () => destroyQuietly(subscriber);
      },
    };
  }
  const redis = await loadClientModule();
  const socket = { connectTimeout: connectTimeoutMs };
  if (target.kind === 'url') {
    // Pooled connections do not reconnect by themselves: the pool evicts and replaces them.
    const options = { url: target.url, disableOfflineQueue: true, disableClientInfo: true, socket: { ...socket, reconnectStrategy: false } };
    const factory: ConnectionFactory<RedisConnection> = {
      create: async () => (await connected(redis.createClient(options))).withTypeMapping(mapping),
      ping: (connection) => connection.ping!(),
      destroy: destroyQuietly,
    };
    return {
      argument,
      route: () => 'redis',
      pool: new ConnectionPool(factory, poolOptions),
      subscribe: async (channel, listener) => {
        const subscriber = await connected(redis.createClient({ ...options, socket: { ...socket, reconnectStrategy: retry } }));
        await subscriber.subscribe(channel, listener);
        return () => destroyQuietly(subscriber);
      },
    };
  }
  // A cluster client keeps a connection per node and follows the slot map itself: the pool holds
  // that one client, and its health is whether it is open (a PING would only reach one node).
  const clusterOptions = {
    rootNodes: target.urls.map((url) => ({ url })),
    defaults: { disableOfflineQueue: true, disableClientInfo: true, socket: { ...socket, reconnectStrategy: retry } },
  };
  let current: { slots?: { master?: { address?: string } }[] } | undefined;
  const factory: ConnectionFactory<RedisConnection> = {
    create: async () => {
      const cluster = await connected(redis.createCluster(clusterOptions));
      current = cluster;
      return cluster.withTypeMapping(mapping);
    },
    ping: async (connection) => { if (connection.isOpen === false) throw new Error('the cluster client is closed'); },
    destroy: destroyQuietly,
  };
  return {
    argument,
    route: (key) => current?.slots?.[keySlot(key)]?.master?.address ?? 'cluster',
    pool: new ConnectionPool(factory, { ...poolOptions, min: 1, max: 1 }),
    subscribe: async (channel, listener) => {
      const subscriber = await connected(redis.createCluster(clusterOptions));
      await subscriber.subscribe(channel, listener);
      return () => destroyQuietly(subscriber);
    },
  };
}
