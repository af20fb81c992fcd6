// Validating documents at the boundary and pulling out what the kernels and the store need.
import { DocumentError } from '../errors.js';
import type { IndexConfig } from './index-options.js';

export type DocumentId = string | number;
export type Document = Record<string, unknown>;

export function documentId(doc: unknown, config: IndexConfig): DocumentId {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new DocumentError(`a document must be an object, got ${doc === null ? 'null' : Array.isArray(doc) ? 'an array' : typeof doc}`);
  }
  const id = (doc as Document)[config.idField];
  if (typeof id === 'string' ? id.length === 0 : typeof id !== 'number' || !Number.isFinite(id)) {
    throw new DocumentError(`document ${config.idField} must be a non-empty string or a finite number, got ${id === undefined ? 'none' : JSON.stringify(id) ?? typeof id}`, config.idField);
  }
  return id as DocumentId;
}

/** The text of a searchable field: a string, an array of strings (joined), or absent. */
export function fieldText(doc: Document, field: string): string {
  const value = doc[field];
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string')) return value.join('\n');
  throw new DocumentError(`field '${field}' must be a string or an array of strings, got ${Array.isArray(value) ? 'an array with non-strings' : typeof value}`, field);
}

export function storedFields(doc: Document, config: IndexConfig): Record<string, unknown> | undefined {
  if (config.store.length === 0) return undefined;
  const out: Record<string, unknown> = {};
  for (const name of config.store) if (doc[name] !== undefined) out[name] = doc[name];
  return out;
}
