// The wire JSON of a search result, made faster than JSON.stringify: a hit's stored fields are
// the same object every time its document is found, so the document's part of a hit (id and
// fields, as JSON and escaped for the text block, as strings and as UTF-8 bytes) is made once
// and reused; only scores, totals and highlights are new per answer. An unexpected shape falls
// back to JSON.stringify, so the output always equals it.
import type { SearchHit, SearchResult } from '../search/search-index.js';
import { PlainJson, escapeJson, pairOf, type JsonPair, type StructuredJson } from './serialize.js';
import { encodeText, type WireBuffer } from './wire-buffer.js';

// Plain comparisons: a Set lookup per key was about 3 % of a stdio server's CPU.
const isResultKey = (key: string) => key === 'hits' || key === 'total' || key === 'tookMs' || key === 'facets';
const isHitKey = (key: string) => key === 'id' || key === 'score' || key === 'fields' || key === 'highlights';

/** A hit without its score: `{"id":…,"score":` before it, `,"fields":…` after (open, for highlights). */
interface DocumentParts {
  id: unknown;
  head: string;
  headEscaped: string;
  fields: string;
  fieldsEscaped: string;
  /** The same four as UTF-8, made on first use (only transports need them). */
  bytes: DocumentBytes | undefined;
}

/** Byte forms, pre-joined with their neighbours so a hit is three writes: head, score, rest. */
interface DocumentBytes {
  head: Uint8Array;
  headEscaped: Uint8Array;
  /** `,` + head: every hit but the first. */
  nextHead: Uint8Array;
  nextHeadEscaped: Uint8Array;
  fields: Uint8Array;
  fieldsEscaped: Uint8Array;
  /** fields + `}`: a hit without highlights ends here. */
  fieldsEnd: Uint8Array;
  fieldsEndEscaped: Uint8Array;
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
    bytes: undefined,
  };
}

function documentParts(hit: SearchHit): DocumentParts {
  if (hit.fields === undefined) return makeParts(hit);
  let parts = partsByFields.get(hit.fields);
  if (parts === undefined || parts.id !== hit.id) partsByFields.set(hit.fields, (parts = makeParts(hit)));
  return parts;
}

const bytesOf = (parts: DocumentParts): DocumentBytes => (parts.bytes ??= {
  head: encodeText(parts.head),
  headEscaped: encodeText(parts.headEscaped),
  nextHead: encodeText(`,${parts.head}`),
  nextHeadEscaped: encodeText(`,${parts.headEscaped}`),
  fields: encodeText(parts.fields),
  fieldsEscaped: encodeText(parts.fieldsEscaped),
  fieldsEnd: encodeText(`${parts.fields}}`),
  fieldsEndEscaped: encodeText(`${parts.fieldsEscaped}}`),
});

/** Whether the result has the known shape (else JSON.stringify must make its JSON). */
function knownShape(result: SearchResult): boolean {
  for (const key in result) if (!isResultKey(key)) return false;
  if (!Number.isFinite(result.total) || !Number.isFinite(result.tookMs)) return false;
  const { hits } = result;
  for (let at = 0; at < hits.length; at++) {
    const hit = hits[at];
    for (const key in hit) if (!isHitKey(key)) return false;
    if (!Number.isFinite(hit.score) || !(typeof hit.id === 'string' || Number.isFinite(hit.id))) return false;
  }
  return true;
}

function pairOfKnown(result: SearchResult): JsonPair {
  const { hits, total, tookMs, facets } = result;
  // Parts are joined once: repeated += would build ropes that cost more to collect than to copy.
  const json: string[] = ['{"hits":['];
  const escaped: string[] = ['{\\"hits\\":['];
  for (let at = 0; at < hits.length; at++) {
    const hit = hits[at];
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

const HITS_HEAD = encodeText('{"hits":[');
const HITS_HEAD_ESCAPED = encodeText('{\\"hits\\":[');
const TOTAL = encodeText('],"total":');
const TOTAL_ESCAPED = encodeText('],\\"total\\":');
const TOOK = encodeText(',"tookMs":');
const TOOK_ESCAPED = encodeText(',\\"tookMs\\":');
const HIGHLIGHTS = encodeText(',"highlights":');
const HIGHLIGHTS_ESCAPED = encodeText(',\\"highlights\\":');
const FACETS = encodeText(',"facets":');
const FACETS_ESCAPED = encodeText(',\\"facets\\":');

/** Each hit's score, then total and tookMs, as JSON writes them. */
function numbersOf({ hits, total, tookMs }: SearchResult): string[] {
  const numbers = new Array<string>(hits.length + 2);
  for (let at = 0; at < hits.length; at++) numbers[at] = String(hits[at].score);
  numbers[hits.length] = String(total);
  numbers[hits.length + 1] = String(tookMs);
  return numbers;
}

/** A search result written from its documents' cached parts (JSON.stringify when its shape is not the known one). */
class SearchJson implements StructuredJson {
  /** Decided on first use (in-process callers may never ask): null when the shape is the known one. */
  #plain: PlainJson | null | undefined;
  #pair: JsonPair | undefined;
  /** Per hit, made on the first write and reused by the second. */
  #parts: DocumentBytes[] | undefined;
  #highlights: (JsonPair | undefined)[] | undefined;
  /** The scores, total and tookMs as text, made once for both forms. */
  #numbers: string[] | undefined;
  #facets: JsonPair | undefined;

  constructor(private readonly result: SearchResult) {}

  #plainJson(): PlainJson | null {
    return (this.#plain ??= knownShape(this.result) ? null : new PlainJson(this.result));
  }

  pair(): JsonPair {
    return this.#plainJson()?.pair() ?? (this.#pair ??= pairOfKnown(this.result));
  }

  write(out: WireBuffer, escaped: boolean): void {
    const plain = this.#plainJson();
    if (plain) return plain.write(out, escaped);
    const { hits, facets } = this.result;
    const parts = (this.#parts ??= hits.map((hit) => bytesOf(documentParts(hit))));
    const highlights = (this.#highlights ??= hits.map((hit) => (hit.highlights === undefined ? undefined : pairOf(hit.highlights))));
    const numbers = (this.#numbers ??= numbersOf(this.result));
    out.copy(escaped ? HITS_HEAD_ESCAPED : HITS_HEAD);
    for (let at = 0; at < hits.length; at++) {
      const part = parts[at];
      out.copy(at === 0 ? (escaped ? part.headEscaped : part.head) : escaped ? part.nextHeadEscaped : part.nextHead);
      out.ascii(numbers[at]);
      const highlight = highlights[at];
      if (highlight === undefined) {
        out.copy(escaped ? part.fieldsEndEscaped : part.fieldsEnd);
        continue;
      }
      out.copy(escaped ? part.fieldsEscaped : part.fields);
      out.copy(escaped ? HIGHLIGHTS_ESCAPED : HIGHLIGHTS);
      out.text(escaped ? highlight.escaped : highlight.json);
      out.byte(0x7d); // }
    }
    out.copy(escaped ? TOTAL_ESCAPED : TOTAL);
    out.ascii(numbers[hits.length]);
    out.copy(escaped ? TOOK_ESCAPED : TOOK);
    out.ascii(numbers[hits.length + 1]);
    if (facets !== undefined) {
      const pair = (this.#facets ??= pairOf(facets));
      out.copy(escaped ? FACETS_ESCAPED : FACETS);
      out.text(escaped ? pair.escaped : pair.json);
    }
    out.byte(0x7d); // }
  }
}

/** How a search result becomes JSON: from cached parts when its shape is the known one. */
export const searchJson = (result: SearchResult): StructuredJson => new SearchJson(result);
