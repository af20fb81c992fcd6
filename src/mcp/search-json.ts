// The wire JSON of a search result, made faster than JSON.stringify: a hit's stored fields are
// the same object every time its document is found, so the document's part of a hit (id and
// fields, as JSON and escaped for the text block, as strings and as UTF-8 bytes) is made once
// and reused; only scores, totals and highlights are new per answer. An unexpected shape falls
// back to JSON.stringify, so the output always equals it.
import type { SearchHit, SearchResult } from '../search/search-index.js';
import { PlainJson, escapeJson, pairOf, type JsonPair, type StructuredJson } from './serialize.js';
import { encodeText, type WireBuffer } from './wire-buffer.js';

// Plain comparisons: a Set lookup per key was about 3 % of a stdio server's CPU.
/** The result's keys in the order Index.search makes them, which is JSON.stringify's order. */
const RESULT_KEYS = ['hits', 'total', 'totalExact', 'tookMs', 'facets'];
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
  let at = 0;
  for (const key in result) if (key !== RESULT_KEYS[at++]) return false;
  if (at < 4 || !Number.isFinite(result.total) || !Number.isFinite(result.tookMs) || typeof result.totalExact !== 'boolean') return false;
  const { hits } = result;
  for (at = 0; at < hits.length; at++) {
    const hit = hits[at];
    for (const key in hit) if (!isHitKey(key)) return false;
    if (!Number.isFinite(hit.score) || !(typeof hit.id === 'string' || Number.isFinite(hit.id))) return false;
  }
  return true;
}

function pairOfKnown(result: SearchResult): JsonPair {
  const { hits, total, totalExact, tookMs, facets } = result;
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
  const after = AFTER_TOTAL[totalExact ? 1 : 0];
  json.push('],"total":', totals[0], after.json, totals[1]);
  escaped.push('],\\"total\\":', totals[0], after.escaped, totals[1]);
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
// What follows the total: totalExact, then the tookMs key; indexed by totalExact (0 false, 1 true).
const AFTER_TOTAL = [',"totalExact":false,"tookMs":', ',"totalExact":true,"tookMs":'].map((json) => ({ json, escaped: escapeJson(json) }));
const AFTER_TOTAL_BYTES = AFTER_TOTAL.map(({ json, escaped }) => ({ json: encodeText(json), escaped: encodeText(escaped) }));
const HIGHLIGHTS = encodeText(',"highlights":');
const HIGHLIGHTS_ESCAPED = encodeText(',\\"highlights\\":');
const FACETS = encodeText(',"facets":');
const FACETS_ESCAPED = encodeText(',\\"facets\\":');

/** What both forms of one result are written from, made on the first write. */
interface Prepared {
  parts: DocumentBytes[];
  /** Each hit's score, then total and tookMs, as JSON writes them (ASCII). */
  numbers: string[];
  /** Per hit, when any hit has highlights. */
  highlights: (JsonPair | undefined)[] | undefined;
  facets: JsonPair | undefined;
  /** Most bytes each form can take (exact but for highlights and facets), so a write reserves room once. */
  plainBytes: number;
  escapedBytes: number;
}

function prepare(result: SearchResult): Prepared {
  const { hits, total, tookMs, facets } = result;
  const count = hits.length;
  const parts = new Array<DocumentBytes>(count);
  const numbers = new Array<string>(count + 2);
  let highlights: (JsonPair | undefined)[] | undefined;
  let plainBytes = 0;
  let escapedBytes = 0;
  for (let at = 0; at < count; at++) {
    const hit = hits[at];
    const part = (parts[at] = bytesOf(documentParts(hit)));
    const score = (numbers[at] = String(hit.score));
    plainBytes += score.length + (at ? part.nextHead.length : part.head.length);
    escapedBytes += score.length + (at ? part.nextHeadEscaped.length : part.headEscaped.length);
    if (hit.highlights === undefined) {
      plainBytes += part.fieldsEnd.length;
      escapedBytes += part.fieldsEndEscaped.length;
      continue;
    }
    const highlight = pairOf(hit.highlights);
    (highlights ??= new Array<JsonPair | undefined>(count))[at] = highlight;
    plainBytes += part.fields.length + HIGHLIGHTS.length + utf8Bound(highlight.json) + 1;
    escapedBytes += part.fieldsEscaped.length + HIGHLIGHTS_ESCAPED.length + utf8Bound(highlight.escaped) + 1;
  }
  const totalText = (numbers[count] = String(total));
  const tookText = (numbers[count + 1] = String(tookMs));
  const after = AFTER_TOTAL_BYTES[0]; // the longer of the two
  plainBytes += HITS_HEAD.length + TOTAL.length + totalText.length + after.json.length + tookText.length + 1;
  escapedBytes += HITS_HEAD_ESCAPED.length + TOTAL_ESCAPED.length + totalText.length + after.escaped.length + tookText.length + 1;
  const facetJson = facets === undefined ? undefined : pairOf(facets);
  if (facetJson) {
    plainBytes += FACETS.length + utf8Bound(facetJson.json);
    escapedBytes += FACETS_ESCAPED.length + utf8Bound(facetJson.escaped);
  }
  return { parts, numbers, highlights, facets: facetJson, plainBytes, escapedBytes };
}

/** UTF-8 takes at most 3 bytes per UTF-16 code unit. */
const utf8Bound = (text: string) => text.length * 3;
const encoder = new TextEncoder();

// Writes into a block already reserved: no room check per piece (about 5 % off an answer's
// bytes; most of what is left is TypedArray.set per piece and the numbers' per-character loop).
function put(block: Uint8Array, at: number, bytes: Uint8Array): number {
  block.set(bytes, at);
  return at + bytes.length;
}

/** Text of any kind, as UTF-8 (room for utf8Bound(text) reserved). */
function putText(block: Uint8Array, at: number, text: string): number {
  return at + encoder.encodeInto(text, block.subarray(at)).written;
}

function putAscii(block: Uint8Array, at: number, text: string): number {
  for (let i = 0; i < text.length; i++) block[at++] = text.charCodeAt(i);
  return at;
}

/** A search result written from its documents' cached parts (JSON.stringify when its shape is not the known one). */
class SearchJson implements StructuredJson {
  /** Decided on first use (in-process callers may never ask): null when the shape is the known one. */
  #plain: PlainJson | null | undefined;
  #prepared: Prepared | undefined;
  #pair: JsonPair | undefined;

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
    const prepared = (this.#prepared ??= prepare(this.result));
    const { parts, numbers, highlights, facets } = prepared;
    const block = out.reserve(escaped ? prepared.escapedBytes : prepared.plainBytes);
    let at = put(block, out.position, escaped ? HITS_HEAD_ESCAPED : HITS_HEAD);
    const count = parts.length;
    for (let hit = 0; hit < count; hit++) {
      const part = parts[hit];
      at = put(block, at, hit === 0 ? (escaped ? part.headEscaped : part.head) : escaped ? part.nextHeadEscaped : part.nextHead);
      at = putAscii(block, at, numbers[hit]);
      const highlight = highlights?.[hit];
      if (highlight === undefined) {
        at = put(block, at, escaped ? part.fieldsEndEscaped : part.fieldsEnd);
        continue;
      }
      at = put(block, at, escaped ? part.fieldsEscaped : part.fields);
      at = put(block, at, escaped ? HIGHLIGHTS_ESCAPED : HIGHLIGHTS);
      at = putText(block, at, escaped ? highlight.escaped : highlight.json);
      block[at++] = 0x7d; // }
    }
    at = put(block, at, escaped ? TOTAL_ESCAPED : TOTAL);
    at = putAscii(block, at, numbers[count]);
    const after = AFTER_TOTAL_BYTES[this.result.totalExact ? 1 : 0];
    at = put(block, at, escaped ? after.escaped : after.json);
    at = putAscii(block, at, numbers[count + 1]);
    if (facets !== undefined) {
      at = put(block, at, escaped ? FACETS_ESCAPED : FACETS);
      at = putText(block, at, escaped ? facets.escaped : facets.json);
    }
    block[at++] = 0x7d; // }
    out.position = at;
  }
}

/** How a search result becomes JSON: from cached parts when its shape is the known one. */
export const searchJson = (result: SearchResult): StructuredJson => new SearchJson(result);
