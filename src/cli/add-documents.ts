// Adding read documents to an index: a document the index refuses (bad field type, duplicate
// id) is reported with its origin and skipped; anything else (memory limit) stops the run.
import { DocumentError, DuplicateIdError, type Index } from '../index.js';
import type { BadInput, SourcedDocument } from './read-documents.js';

export function addDocuments(index: Index, docs: SourcedDocument[], bad: BadInput): number {
  let added = 0;
  for (const { doc, where } of docs) {
    try {
      index.add(doc);
      added++;
    } catch (error) {
      if (error instanceof DocumentError || error instanceof DuplicateIdError) bad(where, error.message);
      else throw error;
    }
  }
  return added;
}
