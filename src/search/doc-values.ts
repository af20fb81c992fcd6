// Filter fields on the host side: validating documents' filter values, giving each distinct
// keyword value a dense id the kernels index, and turning filter and facet requests into
// kernel calls. Matching and counting happen in the kernels.
import { DocumentError, FilterError } from '../errors.js';
import type { KernelInstance } from '../wasm/kernel-instance.js';
import type { Document } from './documents.js';

export type FilterKind = 'keyword' | 'number';
export interface NumberRange { gte?: number; gt?: number; lte?: number; lt?: number }
/** `{ tags: 'x' | ['x', 'y'], year: 2001 | { gte, lte, gt, lt } }`, clauses ANDed. */
export type Filter = Record<string, string | string[] | number | NumberRange>;
export interface FacetCount { value: string; count: number }

const MAX_KEYWORD_FIELDS = 64;
const RANGE_KEYS = new Set(['gte', 'gt', 'lte', 'lt']);

export class DocValues {
  readonly keywordFields: string[] = [];
  readonly numberFields: string[] = [];
  /** Per global value id: [keyword field index, value]. */
  readonly values: [number, string][] = [];
  readonly #ids: Map<string, number>[] = [];

  constructor(filters: Record<string, FilterKind>, values: [number, string][] = []) {
    for (const [name, kind] of Object.entries(filters)) {
      if (kind === 'keyword') this.keywordFields.push(name);
      else if (kind === 'number') this.numberFields.push(name);
      else throw new TypeError(`createIndex: filter field '${name}' must be 'keyword' or 'number', got ${String(kind)}`);
    }
    if (this.keywordFields.length > MAX_KEYWORD_FIELDS) throw new TypeError(`createIndex: at most ${MAX_KEYWORD_FIELDS} keyword filter fields`);
    if (this.numberFields.length > 16) throw new TypeError('createIndex: at most 16 number filter fields');
    this.#ids = this.keywordFields.map(() => new Map());
    values.forEach(([field, value], id) => { this.values.push([field, value]); this.#ids[field].set(value, id); });
  }

  get active(): boolean {
    return this.keywordFields.length + this.numberFields.length > 0;
  }

  /** Validates a document's filter values and stages them in the kernel (after docBegin). */
  stage(wasm: KernelInstance, doc: Document): void {
    const k = wasm.kernels;
    this.keywordFields.forEach((field, index) => {
      const raw = doc[field];
      if (raw === undefined || raw === null) return;
      const list = typeof raw === 'string' ? [raw] : Array.isArray(raw) && raw.every((v) => typeof v === 'string') ? raw as string[] : undefined;
      if (!list) throw new DocumentError(`keyword field '${field}' must be a string or an array of strings`, field);
      for (const value of list) {
        let id = this.#ids[index].get(value);
        if (id === undefined) {
          id = this.values.length;
          if (!k.valueRegister(id, index)) throw wasm.limitError('Index.add');
          this.values.push([index, value]);
          this.#ids[index].set(value, id);
        }
        if (!k.docKeyword(id)) throw wasm.limitError('Index.add');
      }
    });
    this.numberFields.forEach((field, index) => {
      const raw = doc[field];
      if (raw === undefined || raw === null) return;
      if (typeof raw !== 'number' || !Number.isFinite(raw)) throw new DocumentError(`number field '${field}' must be a finite number`, field);
      k.docNumber(index, raw);
    });
  }

  /** Checks filter values before anything is staged (so a refused doc changes nothing). */
  check(doc: Document): void {
    for (const field of this.keywordFields) {
      const raw = doc[field];
      if (raw !== undefined && raw !== null && typeof raw !== 'string' && !(Array.isArray(raw) && raw.every((v) => typeof v === 'string'))) {
        throw new DocumentError(`keyword field '${field}' must be a string or an array of strings`, field);
      }
    }
    for (const field of this.numberFields) {
      const raw = doc[field];
      if (raw !== undefined && raw !== null && (typeof raw !== 'number' || !Number.isFinite(raw))) {
        throw new DocumentError(`number field '${field}' must be a finite number`, field);
      }
    }
  }

  /**
   * Sends a filter to the kernel. Returns false when it cannot match anything (a keyword value
   * no document has), so the caller can answer empty without searching.
   */
  applyFilter(wasm: KernelInstance, filter: Filter): boolean {
    if (!filter || typeof filter !== 'object' || Array.isArray(filter)) throw new FilterError('filter must be an object of field conditions', '');
    const k = wasm.kernels;
    let possible = true;
    // Plain loops, no per-call arrays: a filter is applied on every filtered search.
    for (const field in filter) {
      if (!Object.prototype.hasOwnProperty.call(filter, field)) continue;
      const condition = (filter as Record<string, unknown>)[field];
      const keyword = this.keywordFields.indexOf(field);
      if (keyword >= 0) {
        const ids = this.#ids[keyword];
        if (typeof condition === 'string') {
          const id = ids.get(condition);
          if (id === undefined) { possible = false; continue; }
          if (!k.filterValuesBegin()) throw new FilterError('too many filter clauses (64 at most)', field);
          k.filterValue(id);
          continue;
        }
        if (!Array.isArray(condition) || !condition.every((v) => typeof v === 'string')) {
          throw new FilterError(`filter on keyword field '${field}' takes a string or an array of strings`, field);
        }
        let begun = false;
        for (const value of condition as string[]) {
          const id = ids.get(value);
          if (id === undefined) continue;
          if (!begun && !k.filterValuesBegin()) throw new FilterError('too many filter clauses (64 at most)', field);
          begun = true;
          k.filterValue(id);
        }
        if (!begun) possible = false;
        continue;
      }
      const number = this.numberFields.indexOf(field);
      if (number >= 0) {
        const [lo, hi, flags] = rangeOf(field, condition);
        if (!k.filterRange(number, lo, hi, flags)) throw new FilterError('too many filter clauses (64 at most)', field);
      } else {
        throw new FilterError(`unknown filter field '${field}' (declared: ${[...this.keywordFields, ...this.numberFields].join(', ') || 'none'})`, field);
      }
    }
    return possible;
  }

  /** Asks the kernel to count values of these keyword fields. */
  requestFacets(wasm: KernelInstance, fields: unknown): string[] {
    if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) throw new FilterError('facets must be an array of keyword field names', '');
    let mask = 0n;
    for (const field of fields as string[]) {
      const index = this.keywordFields.indexOf(field);
      if (index < 0) throw new FilterError(`facets: '${field}' is not a keyword filter field`, field);
      mask |= 1n << BigInt(index);
    }
    if (!wasm.kernels.facetBegin(mask)) throw wasm.limitError('Index.search');
    return fields as string[];
  }

  /** Counts per value of each requested field, most frequent first (ties by value). */
  readFacets(wasm: KernelInstance, fields: string[], searched: boolean): Record<string, FacetCount[]> {
    const counts = searched ? new Uint32Array(wasm.memory.buffer, wasm.kernels.facetCounts(), this.values.length) : undefined;
    const out: Record<string, FacetCount[]> = {};
    for (const field of fields) {
      const index = this.keywordFields.indexOf(field);
      const list: FacetCount[] = [];
      if (counts) this.values.forEach(([f, value], id) => { if (f === index && counts[id]) list.push({ value, count: counts[id] }); });
      list.sort((a, b) => b.count - a.count || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));
      out[field] = list;
    }
    return out;
  }
}

function rangeOf(field: string, condition: unknown): [number, number, number] {
  if (typeof condition === 'number') {
    if (!Number.isFinite(condition)) throw new FilterError(`filter on number field '${field}' needs a finite number`, field);
    return [condition, condition, 3];
  }
  if (!condition || typeof condition !== 'object' || Array.isArray(condition)) {
    throw new FilterError(`filter on number field '${field}' takes a number or { gte, gt, lte, lt }`, field);
  }
  const range = condition as Record<string, unknown>;
  for (const key of Object.keys(range)) {
    if (!RANGE_KEYS.has(key)) throw new FilterError(`filter on number field '${field}': unknown bound '${key}' (use gte, gt, lte, lt)`, field);
    if (typeof range[key] !== 'number' || Number.isNaN(range[key])) throw new FilterError(`filter on number field '${field}': ${key} must be a number`, field);
  }
  if (range.gte !== undefined && range.gt !== undefined) throw new FilterError(`filter on number field '${field}': give gte or gt, not both`, field);
  if (range.lte !== undefined && range.lt !== undefined) throw new FilterError(`filter on number field '${field}': give lte or lt, not both`, field);
  const lo = (range.gte ?? range.gt ?? -Infinity) as number;
  const hi = (range.lte ?? range.lt ?? Infinity) as number;
  const flags = (range.gt !== undefined ? 0 : 1) | (range.lt !== undefined ? 0 : 2);
  return [lo, hi, flags];
}
