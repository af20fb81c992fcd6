// A pool of Redis connections, one command at a time per connection. It keeps `min` open, opens
// more (up to `max`) while callers are waiting, and closes connections idle for `idleMs` above
// `min`. Every `healthCheckMs` idle connections are PINGed; one that fails or stays silent is
// evicted. Opening a connection that fails backs off exponentially (`backoffMs` doubling up to
// `maxBackoffMs`); while backing off with nothing open, acquire() fails at once instead of
// waiting, so a cache lookup never holds a search up.
import { RedisCacheError } from '../errors.js';
import { unrefTimer, withTimeout } from './unref-timer.js';

export interface ConnectionFactory<C> {
  create(): Promise<C>;
  ping(connection: C): Promise<unknown>;
  destroy(connection: C): void | Promise<void>;
}

export interface ConnectionPoolOptions {
  /** Connections kept open (default 1). */
  min?: number;
  /** Most connections open at once (default 4). */
  max?: number;
  /** A connection idle this long above `min` is closed (default 30000 ms). */
  idleMs?: number;
  /** How often idle connections are PINGed (default 5000 ms). */
  healthCheckMs?: number;
  /** A PING or connect slower than this fails (default 1000 ms). */
  connectTimeoutMs?: number;
  /** First wait after a failed connect (default 50 ms), doubled per failure up to maxBackoffMs. */
  backoffMs?: number;
  /** Longest wait between connect attempts (default 2000 ms). */
  maxBackoffMs?: number;
}

export interface ConnectionPoolStats {
  /** Open connections (idle + busy) and those being opened. */
  size: number;
  idle: number;
  busy: number;
  waiting: number;
  created: number;
  /** Connections closed because a PING or a command found them broken. */
  evicted: number;
  /** Connections closed for being idle above `min`. */
  shrunk: number;
  failedConnects: number;
}

const KNOWN = new Set(['min', 'max', 'idleMs', 'healthCheckMs', 'connectTimeoutMs', 'backoffMs', 'maxBackoffMs']);

function integer(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) throw new RangeError(`ConnectionPool: ${name} must be an integer >= ${min}, got ${String(value)}`);
  return value;
}

interface Idle<C> { connection: C; since: number }
interface Waiter<C> { resolve(connection: C): void; reject(error: Error): void; timer: ReturnType<typeof setTimeout> }

export class ConnectionPool<C> {
  readonly #factory: ConnectionFactory<C>;
  readonly #min: number;
  readonly #max: number;
  readonly #idleMs: number;
  readonly #connectTimeoutMs: number;
  readonly #backoffMs: number;
  readonly #maxBackoffMs: number;
  readonly #idle: Idle<C>[] = [];
  readonly #busy = new Set<C>();
  readonly #waiters: Waiter<C>[] = [];
  #opening = 0;
  #connectFailures = 0;
  #nextConnectAt = 0;
  #retryTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #healthTimer: ReturnType<typeof setInterval>;
  #closed = false;
  #checking = false;
  readonly #counts = { created: 0, evicted: 0, shrunk: 0, failedConnects: 0 };

  constructor(factory: ConnectionFactory<C>, options: ConnectionPoolOptions = {}) {
    if (!options || typeof options !== 'object') throw new TypeError('ConnectionPool: options must be an object');
    for (const key of Object.keys(options)) if (!KNOWN.has(key)) throw new TypeError(`ConnectionPool: unknown option '${key}'`);
    this.#factory = factory;
    this.#min = integer('min', options.min, 1, 0);
    this.#max = integer('max', options.max, 4, 1);
    if (this.#min > this.#max) throw new RangeError(`ConnectionPool: min (${this.#min}) is larger than max (${this.#max})`);
    this.#idleMs = integer('idleMs', options.idleMs, 30_000, 1);
    this.#connectTimeoutMs = integer('connectTimeoutMs', options.connectTimeoutMs, 1000, 1);
    this.#backoffMs = integer('backoffMs', options.backoffMs, 50, 1);
    this.#maxBackoffMs = integer('maxBackoffMs', options.maxBackoffMs, 2000, 1);
    const healthCheckMs = integer('healthCheckMs', options.healthCheckMs, 5000, 1);
    this.#healthTimer = setInterval(() => void this.checkHealth(), healthCheckMs);
    unrefTimer(this.#healthTimer);
    this.#topUp();
  }

  get size(): number {
    return this.#idle.length + this.#busy.size + this.#opening;
  }

  /**
   * A connection for one command; give it back with release(). Waits at most `waitMs` when all
   * `max` are busy; fails at once while Redis cannot be reached.
   */
  acquire(waitMs: number): Promise<C> {
    if (this.#closed) return Promise.reject(new RedisCacheError('UNAVAILABLE', 'the Redis connection pool is closed'));
    const idle = this.#idle.pop();
    if (idle) {
      this.#busy.add(idle.connection);
      return Promise.resolve(idle.connection);
    }
    if (this.size === 0 && performance.now() < this.#nextConnectAt) {
      return Promise.reject(new RedisCacheError('UNAVAILABLE', `Redis is unreachable (next connect attempt in ${Math.ceil(this.#nextConnectAt - performance.now())} ms)`));
    }
    return new Promise<C>((resolve, reject) => {
      const waiter: Waiter<C> = {
        resolve, reject,
        timer: setTimeout(() => {
          const at = this.#waiters.indexOf(waiter);
          if (at >= 0) this.#waiters.splice(at, 1);
          reject(new RedisCacheError('TIMEOUT', `no Redis connection free within ${waitMs} ms`));
        }, waitMs),
      };
      this.#waiters.push(waiter);
      this.#grow();
    });
  }

  /** Gives a connection back; `broken` (a command failed or timed out on it) closes it instead. */
  release(connection: C, broken = false): void {
    if (!this.#busy.delete(connection)) return;
    if (broken || this.#closed) {
      if (broken) this.#counts.evicted++;
      this.#destroy(connection);
      this.#topUp();
      this.#grow();
      return;
    }
    this.#hand(connection);
  }

  #hand(connection: C): void {
    const waiter = this.#waiters.shift();
    if (waiter) {
      clearTimeout(waiter.timer);
      this.#busy.add(connection);
      waiter.resolve(connection);
    } else {
      this.#idle.push({ connection, since: performance.now() });
    }
  }

  /** One more connection per waiting caller, within `max` and the backoff. */
  #grow(): void {
    while (!this.#closed && this.#waiters.length > this.#opening && this.size < this.#max && performance.now() >= this.#nextConnectAt) this.#open();
  }

  #topUp(): void {
    while (!this.#closed && this.size < this.#min && performance.now() >= this.#nextConnectAt) this.#open();
  }

  #open(): void {
    this.#opening++;
    withTimeout(this.#factory.create(), this.#connectTimeoutMs, () => new RedisCacheError('TIMEOUT', `connecting to Redis took longer than ${this.#connectTimeoutMs} ms`)).then(
      (connection) => {
        this.#opening--;
        this.#connectFailures = 0;
        this.#nextConnectAt = 0;
        this.#counts.created++;
        if (this.#closed) { this.#destroy(connection); return; }
        this.#hand(connection);
      },
      () => {
        this.#opening--;
        this.#counts.failedConnects++;
        const wait = Math.min(this.#backoffMs * 2 ** Math.min(this.#connectFailures++, 20), this.#maxBackoffMs);
        this.#nextConnectAt = performance.now() + wait;
        // Callers waiting on nothing else learn now rather than at their deadline.
        if (this.size === 0) {
          for (const waiter of this.#waiters.splice(0)) {
            clearTimeout(waiter.timer);
            waiter.reject(new RedisCacheError('UNAVAILABLE', 'cannot connect to Redis'));
          }
        }
        this.#scheduleRetry(wait);
      },
    );
  }

  #scheduleRetry(wait: number): void {
    if (this.#retryTimer || this.#closed) return;
    this.#retryTimer = setTimeout(() => {
      this.#retryTimer = undefined;
      this.#topUp();
      this.#grow();
    }, wait);
    unrefTimer(this.#retryTimer);
  }

  #destroy(connection: C): void {
    try {
      void Promise.resolve(this.#factory.destroy(connection)).catch(() => {});
    } catch { /* already gone */ }
  }

  /** PINGs idle connections, evicts the dead, closes the long idle above `min`, tops up. */
  async checkHealth(): Promise<void> {
    if (this.#checking || this.#closed) return;
    this.#checking = true;
    try {
      const now = performance.now();
      // Oldest first: shrink the ones idle longest.
      this.#idle.sort((a, b) => a.since - b.since);
      while (this.#idle.length && this.size > this.#min && now - this.#idle[0].since >= this.#idleMs) {
        this.#destroy(this.#idle.shift()!.connection);
        this.#counts.shrunk++;
      }
      const checked = this.#idle.splice(0);
      for (const entry of checked) this.#busy.add(entry.connection);
      await Promise.all(checked.map(async (entry) => {
        let alive = true;
        try {
          await withTimeout(Promise.resolve(this.#factory.ping(entry.connection)), this.#connectTimeoutMs, () => new RedisCacheError('TIMEOUT', 'PING timed out'));
        } catch {
          alive = false;
        }
        if (!this.#busy.delete(entry.connection)) return;
        if (!alive || this.#closed) {
          if (!alive) this.#counts.evicted++;
          this.#destroy(entry.connection);
        } else if (this.#waiters.length) {
          this.#busy.add(entry.connection);
          this.#hand(entry.connection);
        } else {
          this.#idle.push(entry); // keeps its idle-since time
        }
      }));
      this.#topUp();
    } finally {
      this.#checking = false;
    }
  }

  stats(): ConnectionPoolStats {
    return { size: this.size, idle: this.#idle.length, busy: this.#busy.size, waiting: this.#waiters.length, ...this.#counts };
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#healthTimer);
    clearTimeout(this.#retryTimer);
    for (const waiter of this.#waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new RedisCacheError('UNAVAILABLE', 'the Redis connection pool is closed'));
    }
    for (const entry of this.#idle.splice(0)) this.#destroy(entry.connection);
    // Busy connections are closed as they come back (release sees #closed).
  }
}
