// The documents the MCP server can list and fetch by id. The Index answers searches but has no
// "get by id" or "list all" call, so the server keeps its own catalog: ids in the order they
// were added, with their stored fields, read once from the index's snapshot (whose JSON
// section holds config, ids and stored fields) and kept current by the write tools.
import type { DocumentId } from '../search/documents.js';
import type { IndexConfig } from '../search/index-options.js';

export interface CatalogEntry {
  id: DocumentId;
  fields: Record<string, unknown> | undefined;
}

/** Snapshot layout (src/search/snapshot-format.ts): 32-byte header, kernel bytes, JSON. */
const HEADER = 32;
const MAGIC = 'SYNTHEX\0';

export interface SnapshotCatalog {
  config: IndexConfig;
  entries: CatalogEntry[];
}

/** Reads config, ids and stored fields out of `Index.save()` bytes (already checked by the Index). */
export function readSnapshotCatalog(bytes: Uint8Array): SnapshotCatalog {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = String.fromCharCode(...bytes.subarray(0, 8));
  if (bytes.length < HEADER || magic !== MAGIC || view.getUint32(8, true) !== 1) {
    throw new Error('MCP server: the index snapshot has a layout this server does not know');
  }
  const kernelBytes = view.getUint32(12, true);
  const jsonBytes = view.getUint32(16, true);
  const json = new TextDecoder().decode(bytes.subarray(HEADER + kernelBytes, HEADER + kernelBytes + jsonBytes));
  const state = JSON.parse(json) as { config: IndexConfig; ids: (DocumentId | null)[]; stored: (Record<string, unknown> | null)[] };
  const entries: CatalogEntry[] = [];
  state.ids.forEach((id, doc) => { if (id !== null) entries.push({ id, fields: state.stored[doc] ?? undefined }); });
  return { config: state.config, entries };
}

/**
 * Ids in insertion order with a sequence number each, so a page cursor ("from sequence n on")
 * stays valid however the catalog changes between pages: removed ids leave holes that are
 * compacted away once they are half the array, and re-added ids move to the end.
 */
export class DocumentCatalog {
  #seqs: number[] = [];
  #entries: (CatalogEntry | undefined)[] = [];
  readonly #where = new Map<DocumentId, number>();
  #nextSeq = 0;
  #holes = 0;

  constructor(entries: Iterable<CatalogEntry> = []) {
    for (const entry of entries) this.set(entry.id, entry.fields);
  }

  get size(): number {
    return this.#where.size;
  }

  get(id: DocumentId): CatalogEntry | undefined {
    const at = this.#where.get(id);
    return at === undefined ? undefined : this.#entries[at];
  }

  set(id: DocumentId, fields: Record<string, unknown> | undefined): void {
    this.delete(id);
    this.#where.set(id, this.#entries.length);
    this.#entries.push({ id, fields });
    this.#seqs.push(this.#nextSeq++);
  }

  delete(id: DocumentId): boolean {
    const at = this.#where.get(id);
    if (at === undefined) return false;
    this.#where.delete(id);
    this.#entries[at] = undefined;
    if (++this.#holes * 2 > this.#entries.length) this.#compact();
    return true;
  }

  /** Up to `size` entries from sequence number `from` on, and where the next page starts. */
  page(from: number, size: number): { entries: CatalogEntry[]; next: number | undefined } {
    const entries: CatalogEntry[] = [];
    let at = this.#firstAtOrAfter(from);
    for (; at < this.#entries.length && entries.length < size; at++) {
      const entry = this.#entries[at];
      if (entry) entries.push(entry);
    }
    while (at < this.#entries.length && !this.#entries[at]) at++;
    return { entries, next: at < this.#entries.length ? this.#seqs[at] : undefined };
  }

  #firstAtOrAfter(seq: number): number {
    let lo = 0;
    let hi = this.#seqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#seqs[mid] < seq) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  #compact(): void {
    const seqs: number[] = [];
    const entries: CatalogEntry[] = [];
    this.#entries.forEach((entry, at) => {
      if (!entry) return;
      this.#where.set(entry.id, entries.length);
      entries.push(entry);
      seqs.push(this.#seqs[at]);
    });
    this.#seqs = seqs;
    this.#entries = entries;
    this.#holes = 0;
  }
}
