// The read tools every server offers: search, get_document, index_stats. Their schemas are
// built from the index's own configuration, so an agent sees the real field names.
import type { Filter } from '../search/doc-values.js';
import type { SearchOptions, SearchResult } from '../search/search-index.js';
import { searchJson } from './search-json.js';
import type { DocumentId } from '../search/documents.js';
import type { JsonSchema } from './schema-check.js';
import type { Tool, ToolHost } from './tool.js';

export const MAX_SEARCH_LIMIT = 100;
const MAX_SEARCH_OFFSET = 10_000;
const ID_SCHEMA: JsonSchema = { type: ['string', 'number'] };

function queryDescription(fields: string[]): string {
  return [
    'Search text. Plain words are optional and ranked by BM25 (more matching words rank higher).',
    '+word requires a word, -word excludes it; "exact phrase"; "words near"~4 (within 4 extra positions);',
    'prefix* ; typo~1 (1 or 2 edits); field:word or field:"phrase" scopes to a field',
    `(fields: ${fields.join(', ')}); (a OR b) AND c NOT d groups (operators upper-case); word^2 boosts.`,
    'Malformed syntax never fails: it degrades to plain words.',
  ].join(' ');
}

function filterSchema(filters: Record<string, 'keyword' | 'number'>): JsonSchema {
  const range: JsonSchema = {
    type: 'object', additionalProperties: false,
    properties: { gt: { type: 'number' }, gte: { type: 'number' }, lt: { type: 'number' }, lte: { type: 'number' } },
  };
  const properties: Record<string, JsonSchema> = {};
  for (const [name, kind] of Object.entries(filters)) {
    properties[name] = kind === 'keyword'
      ? { type: ['string', 'array'], items: { type: 'string' }, description: 'a value, or a list of values (any of them matches)' }
      : { ...range, type: ['number', 'object'], description: 'a number (equality) or a range { gte, gt, lte, lt }' };
  }
  return {
    type: 'object', additionalProperties: false, properties,
    description: `Conditions on filter fields, all of which must hold (${Object.entries(filters).map(([n, k]) => `${n}: ${k}`).join(', ')}).`,
  };
}

function searchTool(host: ToolHost): Tool {
  const { fields, store, filters } = host.config;
  const keywordFields = Object.keys(filters).filter((name) => filters[name] === 'keyword');
  const properties: Record<string, JsonSchema> = {
    query: { type: 'string', description: queryDescription(fields) },
    limit: { type: 'integer', minimum: 1, maximum: MAX_SEARCH_LIMIT, default: 10, description: 'Hits to return.' },
    offset: { type: 'integer', minimum: 0, maximum: MAX_SEARCH_OFFSET, default: 0, description: 'Hits to skip first (paging).' },
  };
  if (Object.keys(filters).length) properties.filter = filterSchema(filters);
  if (keywordFields.length) {
    properties.facets = { type: 'array', items: { type: 'string', enum: keywordFields }, description: 'Keyword fields whose values to count over all matches.' };
  }
  properties.highlight = { type: 'boolean', default: false, description: 'Add match offsets and a snippet for each stored text field.' };
  properties.countUpTo = { type: 'integer', minimum: 0, default: 1000, description: 'Count matches exactly up to this many; past it, total is a lower bound (totalExact false) and the search is faster.' };
  return {
    name: 'search',
    title: 'Search documents',
    description: `Full-text search over the indexed documents (searchable fields: ${fields.join(', ')}). Returns ranked hits with their id, score${store.length ? ` and stored fields (${store.join(', ')})` : ''}, and the total number of matches.`,
    inputSchema: { type: 'object', properties, required: ['query'], additionalProperties: false },
    outputSchema: {
      type: 'object',
      properties: {
        hits: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: ID_SCHEMA, score: { type: 'number' }, fields: { type: 'object' }, highlights: { type: 'object' } },
            required: ['id', 'score'],
          },
        },
        total: { type: 'integer', description: 'Documents matching the query and filter (a lower bound when totalExact is false).' },
        totalExact: { type: 'boolean', description: 'False when counting stopped at countUpTo.' },
        tookMs: { type: 'number' },
        facets: { type: 'object' },
      },
      required: ['hits', 'total', 'totalExact'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
    run(args) {
      const { query, limit, offset, filter, facets, highlight, countUpTo } = args;
      // Only the options given: Index.search checks the name of every key it is passed.
      const options: SearchOptions = { limit: (limit as number | undefined) ?? 10 };
      if (offset !== undefined) options.offset = offset as number;
      if (filter !== undefined) options.filter = filter as Filter;
      if (facets !== undefined) options.facets = facets as string[];
      if (highlight !== undefined) options.highlight = highlight as boolean;
      if (countUpTo !== undefined) options.countUpTo = countUpTo as number;
      return host.index.search(query as string, options) as unknown as Record<string, unknown>;
    },
    json: (structured) => searchJson(structured as unknown as SearchResult),
  };
}

function getDocumentTool(host: ToolHost): Tool {
  return {
    name: 'get_document',
    title: 'Get a document',
    description: 'The stored fields of one document, by id (as returned in search hits).',
    inputSchema: { type: 'object', properties: { id: { ...ID_SCHEMA, description: 'Document id.' } }, required: ['id'], additionalProperties: false },
    outputSchema: { type: 'object', properties: { id: ID_SCHEMA, fields: { type: 'object' } }, required: ['id', 'fields'] },
    annotations: { readOnlyHint: true, openWorldHint: false },
    run(args) {
      const id = args.id as DocumentId;
      const entry = host.catalog().get(id);
      if (!entry) throw new Error(`no document with id ${JSON.stringify(id)}`);
      return { id: entry.id, fields: entry.fields ?? {} };
    },
  };
}

function indexStatsTool(host: ToolHost): Tool {
  const count: JsonSchema = { type: 'integer' };
  return {
    name: 'index_stats',
    title: 'Index statistics',
    description: 'Document and term counts, memory, the searchable, stored and filter fields, and whether documents can be changed.',
    inputSchema: { type: 'object', properties: {}, additionalProperties: false },
    outputSchema: {
      type: 'object',
      properties: {
        docs: count, terms: count, segments: count, pendingDocs: count, memoryBytes: count,
        fields: { type: 'array', items: { type: 'string' } },
        stored: { type: 'array', items: { type: 'string' } },
        filters: { type: 'object' },
        writable: { type: 'boolean' },
        work: { type: 'object' },
        cache: { type: 'object' },
      },
      required: ['docs', 'terms', 'fields', 'stored', 'filters', 'writable'],
    },
    annotations: { readOnlyHint: true, openWorldHint: false },
    run() {
      const { fields, store, filters } = host.config;
      return { ...host.index.stats(), fields, stored: store, filters, writable: host.writable };
    },
  };
}

export const readTools = (host: ToolHost): Tool[] => [searchTool(host), getDocumentTool(host), indexStatsTool(host)];
