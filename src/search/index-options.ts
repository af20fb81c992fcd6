// createIndex options: documented, validated once, normalised for the rest of the host.
import { checkSharedCacheOptions, type SharedCacheOptions } from '../cache/shared-search.js';
import type { WasmOptions } from '../wasm/loader.js';
import type { FilterKind } from './doc-values.js';

export interface FieldOptions {
  /** Multiplies this field's BM25 contribution (default 1). */
  boost?: number;
}

export interface IndexOptions extends WasmOptions {
  /** Searchable text fields, with per-field options (at most 16). */
  fields: Record<string, FieldOptions> | string[];
  /** Fields returned with every hit (any JSON value). */
  store?: string[];
  /** 'en': English stop words and Porter stemming; 'none': folding only. Default 'en'. */
  language?: 'en' | 'none';
  /** BM25 parameters (defaults k1 1.2, b 0.75). */
  bm25?: { k1?: number; b?: number };
  /** How plain words combine: 'or' (default) or 'and' (every word required). */
  defaultOperator?: 'or' | 'and';
  /** Name of the id property of documents (default 'id'). */
  idField?: string;
  /** Filter fields: 'keyword' (strings, exact match, facets) or 'number' (ranges). */
  filters?: Record<string, FilterKind>;
  /** Typo tolerance for plain words: 5–8 characters match within 1 edit, 9+ within 2. */
  typoTolerance?: boolean;
  /** Result cache (LRU with TTL), invalidated by every change; off unless given. */
  cache?: { maxEntries?: number; ttlMs?: number };
  /**
   * A two-level cache shared with other processes (createRedisCache), used by searchAsync():
   * `{ cache, name, maxEntries?, ttlMs? }` (the last two size its L1).
   */
  sharedCache?: SharedCacheOptions;
}

export interface IndexConfig {
  fields: string[];
  boosts: number[];
  store: string[];
  language: 'en' | 'none';
  k1: number;
  b: number;
  defaultOperator: 'or' | 'and';
  idField: string;
  filters: Record<string, FilterKind>;
  typoTolerance: boolean;
  cache: { maxEntries?: number; ttlMs?: number } | undefined;
}

const MAX_FIELDS = 16;
const KNOWN = new Set(['fields', 'store', 'language', 'bm25', 'defaultOperator', 'idField', 'maxMemoryPages', 'filters', 'typoTolerance', 'cache', 'sharedCache']);

function fail(message: string): never {
  throw new TypeError(`createIndex: ${message}`);
}

export function normaliseOptions(options: IndexOptions): IndexConfig {
  if (!options || typeof options !== 'object') fail('options with `fields` are required');
  for (const key of Object.keys(options)) if (!KNOWN.has(key)) fail(`unknown option '${key}'`);
  const entries: [string, FieldOptions][] = Array.isArray(options.fields)
    ? options.fields.map((name) => [name, {}])
    : options.fields && typeof options.fields === 'object' ? Object.entries(options.fields) : fail('`fields` must be an object or an array of names');
  if (entries.length === 0 || entries.length > MAX_FIELDS) fail(`between 1 and ${MAX_FIELDS} fields are required, got ${entries.length}`);
  const idField = options.idField ?? 'id';
  if (typeof idField !== 'string' || !idField) fail('`idField` must be a non-empty string');
  const boosts = entries.map(([name, field]) => {
    if (typeof name !== 'string' || !name) fail('field names must be non-empty strings');
    if (name === idField) fail(`'${name}' is the id field and cannot be a searchable field`);
    const boost = field?.boost ?? 1;
    if (typeof boost !== 'number' || !(boost > 0) || !Number.isFinite(boost)) fail(`boost of field '${name}' must be a positive number`);
    return boost;
  });
  const store = options.store ?? [];
  if (!Array.isArray(store) || store.some((name) => typeof name !== 'string' || !name)) fail('`store` must be an array of field names');
  const language = options.language ?? 'en';
  if (language !== 'en' && language !== 'none') fail(`language must be 'en' or 'none', got ${String(language)}`);
  const k1 = options.bm25?.k1 ?? 1.2;
  const b = options.bm25?.b ?? 0.75;
  if (typeof k1 !== 'number' || !(k1 >= 0) || !Number.isFinite(k1)) fail('bm25.k1 must be a finite number ≥ 0');
  if (typeof b !== 'number' || !(b >= 0 && b <= 1)) fail('bm25.b must be between 0 and 1');
  const defaultOperator = options.defaultOperator ?? 'or';
  if (defaultOperator !== 'or' && defaultOperator !== 'and') fail(`defaultOperator must be 'or' or 'and'`);
  const fields = entries.map(([name]) => name);
  if (new Set(fields).size !== fields.length) fail('field names must be unique');
  const filters = options.filters ?? {};
  if (!filters || typeof filters !== 'object' || Array.isArray(filters)) fail('`filters` must be an object of field kinds');
  for (const [name, kind] of Object.entries(filters)) {
    if (kind !== 'keyword' && kind !== 'number') fail(`filter field '${name}' must be 'keyword' or 'number'`);
    if (name === idField || fields.includes(name)) fail(`filter field '${name}' is already the id or a searchable field`);
  }
  const typoTolerance = options.typoTolerance ?? false;
  if (typeof typoTolerance !== 'boolean') fail('`typoTolerance` must be a boolean');
  const cache = options.cache;
  if (cache !== undefined && (!cache || typeof cache !== 'object')) fail('`cache` must be an object { maxEntries, ttlMs }');
  if (options.sharedCache !== undefined) checkSharedCacheOptions(options.sharedCache, 'createIndex');
  return { fields, boosts, store: [...store], language, k1, b, defaultOperator, idField, filters: { ...filters }, typoTolerance, cache: cache ? { ...cache } : undefined };
}
