// An LRU + TTL cache for search results. A Map finds entries; an intrusive doubly linked list
// keeps them in recency order, so get, set and evict are O(1). (Map insertion order alone is not
// enough: V8 and JavaScriptCore skip deleted slots when iterating, so taking the oldest key after
// many deletes walks tombstones; measured 10x slower at 10,000 entries.)
// Entries carry the index generation they were computed under; after any change to the index the
// caller bumps its generation and older entries simply stop matching (and are dropped when met).

export interface ResultCacheOptions {
  /** Entries kept at most (default 1000); 0 disables the cache. */
  maxEntries?: number;
  /** Lifetime of an entry in milliseconds (default 60000); Infinity: no expiry. */
  ttlMs?: number;
  /** Clock in milliseconds (default performance.now or Date.now); tests pass a fake one. */
  now?: () => number;
}

export interface ResultCacheStats {
  hits: number;
  misses: number;
  /** hits / (hits + misses), 0 before the first lookup. */
  hitRatio: number;
  entries: number;
  /** Entries dropped to make room (least recently used first). */
  evictions: number;
  /** Entries found expired (and removed) by a lookup. */
  expirations: number;
}

interface Entry<V> {
  key: string;
  value: V;
  generation: number;
  expiresAt: number;
  older: Entry<V> | undefined;
  newer: Entry<V> | undefined;
}

const KNOWN = new Set(['maxEntries', 'ttlMs', 'now']);
const defaultNow = typeof performance !== 'undefined' && typeof performance.now === 'function'
  ? () => performance.now()
  : () => Date.now();

function count(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number') throw new TypeError(`ResultCache: ${name} must be a number, got ${typeof value}`);
  if (!(Number.isInteger(value) || value === Infinity) || value < min || (name === 'maxEntries' && value === Infinity)) {
    throw new RangeError(`ResultCache: ${name} must be an integer >= ${min}${name === 'ttlMs' ? ' or Infinity' : ''}, got ${value}`);
  }
  return value;
}

export class ResultCache<V> {
  readonly #entries = new Map<string, Entry<V>>();
  #oldest: Entry<V> | undefined;
  #newest: Entry<V> | undefined;
  readonly #maxEntries: number;
  readonly #ttlMs: number;
  readonly #now: () => number;
  #hits = 0;
  #misses = 0;
  #evictions = 0;
  #expirations = 0;

  constructor(options: ResultCacheOptions = {}) {
    if (!options || typeof options !== 'object') throw new TypeError('ResultCache: options must be an object');
    for (const key of Object.keys(options)) if (!KNOWN.has(key)) throw new TypeError(`ResultCache: unknown option '${key}'`);
    this.#maxEntries = count('maxEntries', options.maxEntries, 1000, 0);
    this.#ttlMs = count('ttlMs', options.ttlMs, 60_000, 1);
    if (options.now !== undefined && typeof options.now !== 'function') throw new TypeError('ResultCache: now must be a function');
    this.#now = options.now ?? defaultNow;
  }

  /** The value stored under `key` for this `generation`, or undefined (absent, expired, stale). */
  get(key: string, generation: number): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) { this.#misses++; return undefined; }
    if (this.#now() >= entry.expiresAt) {
      this.#remove(entry);
      this.#expirations++;
      this.#misses++;
      return undefined;
    }
    if (entry.generation !== generation) {
      this.#remove(entry); // computed against another state of the index: never useful again
      this.#misses++;
      return undefined;
    }
    this.#unlink(entry);
    this.#append(entry);
    this.#hits++;
    return entry.value;
  }

  set(key: string, generation: number, value: V): void {
    if (typeof key !== 'string') throw new TypeError(`ResultCache.set: key must be a string, got ${typeof key}`);
    if (this.#maxEntries === 0) return;
    const old = this.#entries.get(key);
    if (old) this.#remove(old);
    const entry: Entry<V> = { key, value, generation, expiresAt: this.#now() + this.#ttlMs, older: undefined, newer: undefined };
    this.#entries.set(key, entry);
    this.#append(entry);
    while (this.#entries.size > this.#maxEntries) {
      this.#remove(this.#oldest!);
      this.#evictions++;
    }
  }

  #append(entry: Entry<V>): void {
    entry.older = this.#newest;
    entry.newer = undefined;
    if (this.#newest) this.#newest.newer = entry;
    else this.#oldest = entry;
    this.#newest = entry;
  }

  #unlink(entry: Entry<V>): void {
    if (entry.older) entry.older.newer = entry.newer;
    else this.#oldest = entry.newer;
    if (entry.newer) entry.newer.older = entry.older;
    else this.#newest = entry.older;
  }

  #remove(entry: Entry<V>): void {
    this.#unlink(entry);
    this.#entries.delete(entry.key);
  }

  /** Drops every entry; the counters keep counting. */
  clear(): void {
    this.#entries.clear();
    this.#oldest = this.#newest = undefined;
  }

  /** Entries held, including expired ones no lookup has met yet. */
  get size(): number {
    return this.#entries.size;
  }

  stats(): ResultCacheStats {
    const lookups = this.#hits + this.#misses;
    return {
      hits: this.#hits,
      misses: this.#misses,
      hitRatio: lookups ? this.#hits / lookups : 0,
      entries: this.#entries.size,
      evictions: this.#evictions,
      expirations: this.#expirations,
    };
  }
}

/**
 * A stable cache key: JSON with object keys sorted, so the same normalised query and options
 * give the same key whatever order their properties were built in. Values serialise as
 * JSON.stringify would (toJSON honoured, undefined properties dropped, non-finite numbers null);
 * cycles and bigints throw a TypeError.
 */
export function cacheKey(parts: unknown): string {
  return stable(parts, new Set()) ?? 'null';
}

function stable(value: unknown, path: Set<object>): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON(): unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string': return JSON.stringify(value);
    case 'number': return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean': return value ? 'true' : 'false';
    case 'bigint': throw new TypeError('cacheKey: cannot serialise a bigint');
    case 'object': break;
    default: return undefined; // undefined, functions, symbols: left out, as in JSON
  }
  if (value === null) return 'null';
  if (path.has(value)) throw new TypeError('cacheKey: circular structure');
  path.add(value);
  let out: string;
  if (Array.isArray(value)) {
    out = `[${value.map((item) => stable(item, path) ?? 'null').join(',')}]`;
  } else {
    const record = value as Record<string, unknown>;
    const fields: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const text = stable(record[key], path);
      if (text !== undefined) fields.push(`${JSON.stringify(key)}:${text}`);
    }
    out = `{${fields.join(',')}}`;
  }
  path.delete(value);
  return out;
}
