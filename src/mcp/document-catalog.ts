// The documents the MCP server lists and fetches by id, read from the Index itself (stored
// fields by id, pages in insertion order with the doc position as cursor), so the server never
// copies the index's ids or depends on its snapshot layout.
import type { Index } from '../search/search-index.js';
import type { DocumentId } from '../search/documents.js';

export interface CatalogEntry {
  id: DocumentId;
  fields: Record<string, unknown> | undefined;
}

export class DocumentCatalog {
  constructor(private readonly index: Index) {}

  get size(): number {
    return this.index.size;
  }

  get(id: DocumentId): CatalogEntry | undefined {
    const fields = this.index.get(id);
    return fields === undefined ? undefined : { id, fields };
  }

  /** Up to `size` entries from cursor `from` on, and where the next page starts. */
  page(from: number, size: number): { entries: CatalogEntry[]; next: number | undefined } {
    const { documents, next } = this.index.documents({ from, limit: size });
    return { entries: documents, next };
  }
}
