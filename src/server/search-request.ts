// The search a request asks for: `GET /search?q=&limit=&offset=&highlight=&facets=&countUpTo=`
// or a JSON body `{ query, limit, offset, filter, facets, highlight, countUpTo }` on POST. Types are checked here,
// so a wrong one is a 400 naming the parameter; the index checks the query and filter.
import type { Query } from '../search/query-language.js';
import type { SearchOptions } from '../search/search-index.js';
import { HttpError } from './http-error.js';

export const MAX_LIMIT = 1000;
export const MAX_OFFSET = 100_000;
/** countUpTo past any index's size: "count every match". */
export const MAX_COUNT_UP_TO = 999_999_999;
const GET_PARAMS = new Set(['q', 'limit', 'offset', 'highlight', 'facets', 'countUpTo']);
const BODY_KEYS = new Set(['query', 'limit', 'offset', 'filter', 'facets', 'highlight', 'countUpTo']);

export interface SearchRequest {
  query: Query;
  options: SearchOptions;
}

const bad = (message: string) => new HttpError(400, 'bad_request', message);

/** A count from a query string (digits) or a JSON body (a number). */
function count(name: string, value: unknown, max: number): number {
  const number = typeof value === 'string' && /^\d{1,9}$/.test(value) ? Number(value) : value;
  if (typeof value === 'string' && number === value) throw bad(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  if (typeof number !== 'number' || !Number.isInteger(number) || number < 0) throw bad(`${name} must be a non-negative integer, got ${JSON.stringify(value)}`);
  if (number > max) throw bad(`${name} must be at most ${max}, got ${number}`);
  return number;
}

function flag(name: string, value: string): boolean {
  if (value === '' || value === 'true' || value === '1') return true;
  if (value === 'false' || value === '0') return false;
  throw bad(`${name} must be true or false, got ${JSON.stringify(value)}`);
}

/** GET /search's query parameters (as queryParams gives them, in order). */
export function searchFromParams(params: readonly (readonly [string, string])[]): SearchRequest {
  let q: string | undefined, limit: string | undefined, offset: string | undefined, highlight: string | undefined, facets: string | undefined, countUpTo: string | undefined;
  const seen = new Set<string>();
  for (const [key, value] of params) {
    if (!GET_PARAMS.has(key)) throw bad(`unknown parameter '${key}' (GET /search takes q, limit, offset, highlight, facets, countUpTo; POST a JSON body for filters)`);
    if (seen.has(key)) throw bad(`parameter '${key}' is given more than once`);
    seen.add(key);
    if (key === 'q') q = value;
    else if (key === 'limit') limit = value;
    else if (key === 'offset') offset = value;
    else if (key === 'highlight') highlight = value;
    else if (key === 'countUpTo') countUpTo = value;
    else facets = value;
  }
  if (q === undefined) throw bad('missing the q parameter (the query text)');
  const options: SearchOptions = {};
  if (limit !== undefined) options.limit = count('limit', limit, MAX_LIMIT);
  if (offset !== undefined) options.offset = count('offset', offset, MAX_OFFSET);
  if (highlight !== undefined) options.highlight = flag('highlight', highlight);
  if (facets !== undefined) options.facets = facets.split(',').map((name) => name.trim()).filter(Boolean);
  if (countUpTo !== undefined) options.countUpTo = count('countUpTo', countUpTo, MAX_COUNT_UP_TO);
  return { query: q, options };
}

function number(name: string, value: unknown): number {
  if (typeof value !== 'number') throw bad(`${name} must be a number, got ${JSON.stringify(value)}`);
  return value;
}

export function searchFromBody(body: unknown): SearchRequest {
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw bad('the body must be a JSON object { query, limit, offset, filter, facets, highlight, countUpTo }');
  const object = body as Record<string, unknown>;
  for (const key of Object.keys(object)) if (!BODY_KEYS.has(key)) throw bad(`unknown field '${key}' (expected query, limit, offset, filter, facets, highlight, countUpTo)`);
  const { query } = object;
  if (typeof query !== 'string' && (!query || typeof query !== 'object')) throw bad('query must be a string or a query object');
  const options: SearchOptions = {};
  if (object.limit !== undefined) options.limit = count('limit', number('limit', object.limit), MAX_LIMIT);
  if (object.offset !== undefined) options.offset = count('offset', number('offset', object.offset), MAX_OFFSET);
  if (object.countUpTo !== undefined) options.countUpTo = count('countUpTo', number('countUpTo', object.countUpTo), MAX_COUNT_UP_TO);
  if (object.highlight !== undefined) {
    if (typeof object.highlight !== 'boolean') throw bad('highlight must be a boolean');
    options.highlight = object.highlight;
  }
  if (object.facets !== undefined) {
    if (!Array.isArray(object.facets) || object.facets.some((name) => typeof name !== 'string')) throw bad('facets must be an array of field names');
    options.facets = object.facets as string[];
  }
  if (object.filter !== undefined) {
    if (!object.filter || typeof object.filter !== 'object' || Array.isArray(object.filter)) throw bad('filter must be an object { field: value | [values] | { gte, gt, lte, lt } }');
    options.filter = object.filter as SearchOptions['filter'];
  }
  return { query: query as Query, options };
}
