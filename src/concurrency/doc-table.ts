// The one copy of a generation's ids and stored fields, on the pool's thread. Workers answer
// with doc numbers and scores; the pool turns them into hits here, so no worker keeps these
// (often megabytes of) JS objects, and answers cost little to send.
import { SnapshotError } from '../errors.js';
import type { DocumentId } from '../search/documents.js';
import type { SearchHit, SearchResult } from '../search/search-index.js';
import type { FacetCount } from '../search/doc-values.js';
import type { FieldHighlight } from '../search/highlights.js';

type Stored = Record<string, unknown>;

/** A worker's answer: doc numbers instead of ids; highlights (when asked) per hit. */
export interface CompactResult {
  docs: Uint32Array;
  scores: Float64Array;
  total: number;
  totalExact: boolean;
  tookMs: number;
  facets?: Record<string, FacetCount[]>;
  highlights?: (Record<string, FieldHighlight> | null)[];
}

const HOST_SECTION = 32; // snapshot header bytes (snapshot-format.ts)

export class DocTable {
  readonly #ids: readonly (DocumentId | null)[];
  readonly stored: readonly (Stored | null)[];
  readonly #docs = new Map<DocumentId, number>();

  constructor(ids: readonly (DocumentId | null)[], stored: readonly (Stored | null)[]) {
    this.#ids = ids;
    this.stored = stored;
    ids.forEach((id, doc) => { if (id !== null) this.#docs.set(id, doc); });
  }

  static of(state: { ids: readonly (DocumentId | null)[]; stored: readonly (Stored | null)[] }): DocTable {
    return new DocTable(state.ids, state.stored);
  }

  /** From snapshot bytes a worker has already validated: only the host section is read. */
  static fromSnapshot(bytes: Uint8Array): DocTable {
    try {
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const start = HOST_SECTION + view.getUint32(12, true);
      // slice: TextDecoder refuses views of shared memory.
      const state = JSON.parse(new TextDecoder().decode(bytes.slice(start, start + view.getUint32(16, true))));
      return new DocTable(state.ids, state.stored);
    } catch {
      throw new SnapshotError('CORRUPT', 'host section is not valid JSON');
    }
  }

  /** Index.get: stored fields (empty when none are stored), or undefined when absent. */
  get(id: DocumentId): Stored | undefined {
    const doc = this.#docs.get(id);
    return doc === undefined ? undefined : this.stored[doc] ?? {};
  }

  /**
   * The hit for doc number `doc`, as Index.search builds it. Built whole in one literal: adding
   * `fields` to a finished { id, score } gave every hit an out-of-object property store.
   */
  hit(doc: number, score: number): SearchHit {
    const fields = this.stored[doc];
    return fields ? { id: this.#ids[doc]!, score, fields } : { id: this.#ids[doc]!, score };
  }

  /** Index.search's result from `count` doc numbers and scores at u32[docAt…] and f64[scoreAt…] (a ring slot). */
  resultAt(u32: Uint32Array, docAt: number, f64: Float64Array, scoreAt: number, count: number, total: number, totalExact: boolean, tookMs: number): SearchResult {
    const hits: SearchHit[] = new Array(count);
    for (let i = 0; i < count; i++) hits[i] = this.hit(u32[docAt + i]!, f64[scoreAt + i]!);
    return { hits, total, totalExact, tookMs };
  }

  /** Index.search's result from a worker's compact answer. */
  result(compact: CompactResult): SearchResult {
    const { docs, scores, highlights } = compact;
    const hits: SearchHit[] = new Array(docs.length);
    for (let i = 0; i < docs.length; i++) {
      const hit = this.hit(docs[i]!, scores[i]!);
      const marks = highlights?.[i];
      if (marks && hit.fields) hit.highlights = marks;
      hits[i] = hit;
    }
    const result: SearchResult = { hits, total: compact.total, totalExact: compact.totalExact, tookMs: compact.tookMs };
    if (compact.facets) result.facets = compact.facets;
    return result;
  }
}
