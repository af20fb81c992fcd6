// The wire JSON of a search result, made faster than JSON.stringify: a hit's stored fields are
// the same object every time its document is found, so the document's part of a hit (id and
// fields, as JSON and escaped for the text block) is made once and reused; only scores, totals
// and highlights are new per answer. An unexpected shape falls back to JSON.stringify, so the
// output always equals it.
import type { SearchHit, SearchResult } from '../search/search-index.js';
import { escapeJson, pairOf, type JsonPair } from './serialize.js';

const RESULT_KEYS = new Set(['hits', 'total', 'tookMs', 'facets']);
const HIT_KEYS = new Set(['id', 'score', 'fields', 'highlights']);

/** A hit without its score: `{"id":…,"score":` before it, `,"fields":…}` after (open, for highlights). */
interface DocumentParts {
  id: unknown;
  head: string;
  headEscaped: string;
  fields: string;
  fieldsEscaped: string;
}

const partsByFields = new WeakMap<object, DocumentParts>();

function makeParts(hit: SearchHit): DocumentParts {
  const id = JSON.stringify(hit.id);
  const escapedId = typeof hit.id === 'string' ? escapeJson(id) : id;
  const fields = hit.fields === undefined ? undefined : pairOf(hit.fields);
  return {
    id: hit.id,
    head: `{"id":${id},"score":`,
    headEscaped: `{\\"id\\":${escapedId},\\"score\\":`,
    fields: fields ? `,"fields":${fields.json}` : '',
    fieldsEscaped: fields ? `,\\"fields\\":${fields.escaped}` : '',
  };
}

function documentParts(hit: SearchHit): DocumentParts {
  if (hit.fields === undefined) return makeParts(hit);
  let parts = partsByFields.get(hit.fields);
  if (parts === undefined || parts.id !== hit.id) partsByFields.set(hit.fields, (parts = makeParts(hit)));
  return parts;
}

/** The result's JSON and its escaped form, or undefined when its shape is not the known one. */
export function searchResultJson(result: SearchResult): JsonPair | undefined {
  for (const key in result) if (!RESULT_KEYS.has(key)) return undefined;
  const { hits, total, tookMs, facets } = result;
  if (!Number.isFinite(total) || !Number.isFinite(tookMs)) return undefined;
  // Parts are joined once: repeated += would build ropes that cost more to collect than to copy.
  const json: string[] = ['{"hits":['];
  const escaped: string[] = ['{\\"hits\\":['];
  for (let at = 0; at < hits.length; at++) {
    const hit = hits[at];
    for (const key in hit) if (!HIT_KEYS.has(key)) return undefined;
    if (!Number.isFinite(hit.score) || !(typeof hit.id === 'string' || Number.isFinite(hit.id))) return undefined;
    const parts = documentParts(hit);
    const score = String(hit.score);
    if (at) { json.push(','); escaped.push(','); }
    json.push(parts.head, score, parts.fields);
    escaped.push(parts.headEscaped, score, parts.fieldsEscaped);
    if (hit.highlights !== undefined) {
      const highlights = pairOf(hit.highlights);
      json.push(',"highlights":', highlights.json);
      escaped.push(',\\"highlights\\":', highlights.escaped);
    }
    json.push('}');
    escaped.push('}');
  }
  const totals = [String(total), String(tookMs)];
  json.push('],"total":', totals[0], ',"tookMs":', totals[1]);
  escaped.push('],\\"total\\":', totals[0], ',\\"tookMs\\":', totals[1]);
  if (facets !== undefined) {
    const pair = pairOf(facets);
    json.push(',"facets":', pair.json);
    escaped.push(',\\"facets\\":', pair.escaped);
  }
  json.push('}');
  escaped.push('}');
  return { json: json.join(''), escaped: escaped.join('') };
}
