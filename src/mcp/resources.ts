// Documents as MCP resources (2025-06-18 "Server Features › Resources": resources/list,
// resources/read, resources/templates/list; "Server Utilities › Pagination": opaque cursors,
// an invalid cursor is -32602). Each document is `synthex://doc/{id}` with its stored fields
// as JSON.
import type { DocumentId } from '../search/documents.js';
import type { CatalogEntry, DocumentCatalog } from './document-catalog.js';
import { ErrorCode, RpcError, describe, invalidParams } from './json-rpc.js';

export const DOC_URI_PREFIX = 'synthex://doc/';
const MIME = 'application/json';
const CURSOR_PREFIX = 'synthex:doc:';

export const documentUri = (id: DocumentId) => DOC_URI_PREFIX + encodeURIComponent(String(id));

/** Cursors are opaque to clients: base64 of the sequence number the next page starts at. */
export const encodeCursor = (seq: number) => btoa(CURSOR_PREFIX + seq);

export function decodeCursor(cursor: unknown): number {
  if (typeof cursor !== 'string') throw invalidParams(`params.cursor must be a string, got ${describe(cursor)}`);
  let text = '';
  try { text = atob(cursor); } catch { /* not base64: reported below */ }
  const seq = text.startsWith(CURSOR_PREFIX) ? Number(text.slice(CURSOR_PREFIX.length)) : NaN;
  if (!Number.isSafeInteger(seq) || seq < 0) throw invalidParams(`invalid cursor ${describe(cursor)}: pass back a nextCursor this server returned`);
  return seq;
}

function describeEntry(entry: CatalogEntry): Record<string, unknown> {
  const resource: Record<string, unknown> = { uri: documentUri(entry.id), name: String(entry.id), mimeType: MIME };
  const title = entry.fields?.title;
  if (typeof title === 'string' && title) resource.title = title.length > 200 ? `${title.slice(0, 200)}…` : title;
  return resource;
}

export function listResources(catalog: DocumentCatalog, params: Record<string, unknown>, pageSize: number): Record<string, unknown> {
  const from = params.cursor === undefined ? 0 : decodeCursor(params.cursor);
  const { entries, next } = catalog.page(from, pageSize);
  const result: Record<string, unknown> = { resources: entries.map(describeEntry) };
  if (next !== undefined) result.nextCursor = encodeCursor(next);
  return result;
}

/** The catalog entry a document URI names; a numeric-looking id falls back to the number id. */
function entryFor(catalog: DocumentCatalog, uri: string): CatalogEntry | undefined {
  if (!uri.startsWith(DOC_URI_PREFIX)) return undefined;
  let id: string;
  try { id = decodeURIComponent(uri.slice(DOC_URI_PREFIX.length)); } catch { return undefined; }
  const entry = catalog.get(id);
  if (entry || !/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(id)) return entry;
  return catalog.get(Number(id));
}

export function readResource(catalog: DocumentCatalog, params: Record<string, unknown>): Record<string, unknown> {
  const uri = params.uri;
  if (typeof uri !== 'string') throw invalidParams(`resources/read: params.uri must be a string, got ${describe(uri)}`);
  const entry = entryFor(catalog, uri);
  if (!entry) throw new RpcError(ErrorCode.ResourceNotFound, `Resource not found: ${uri}`, { uri });
  const text = JSON.stringify({ id: entry.id, fields: entry.fields ?? {} });
  return { contents: [{ uri, mimeType: MIME, text }] };
}

export const resourceTemplates = {
  resourceTemplates: [{
    uriTemplate: `${DOC_URI_PREFIX}{id}`,
    name: 'document',
    title: 'Indexed document',
    description: 'The stored fields of the document with this id, as JSON.',
    mimeType: MIME,
  }],
};
