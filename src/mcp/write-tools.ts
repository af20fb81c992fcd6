// add_documents and remove_documents, offered only by a writable server. Adding works in
// slices that yield to the event loop, so a long call reports progress (MCP "Utilities ›
// Progress") and stops when cancelled ("Utilities › Cancellation"); documents added before a
// stop stay added, as with Index.addAll, and are persisted like any other change.
import type { Document, DocumentId } from '../search/documents.js';
import type { JsonSchema } from './schema-check.js';
import type { Tool, ToolContext, ToolHost } from './tool.js';

const SLICE = 256;
const ID_SCHEMA: JsonSchema = { type: ['string', 'number'] };

const nextTurn = () => new Promise<void>((resolve) => {
  if (typeof setImmediate === 'function') setImmediate(resolve);
  else setTimeout(resolve, 0);
});

function addDocumentsTool(host: ToolHost): Tool {
  const { idField, fields } = host.config;
  return {
    name: 'add_documents',
    title: 'Add documents',
    description: `Adds documents to the index (or replaces those with the same ${idField}). Each document is an object with an ${idField} (string or number) and text fields (${fields.join(', ')}). Stops at the first refused document; the ones before it stay added.`,
    inputSchema: {
      type: 'object',
      properties: {
        documents: { type: 'array', minItems: 1, items: { type: 'object' }, description: `Documents: { ${idField}, ${fields.map((f) => `${f}: text`).join(', ')}, … }.` },
        replace: { type: 'boolean', default: true, description: 'Replace a document whose id is already present (false: refuse it).' },
      },
      required: ['documents'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: { added: { type: 'integer' }, replaced: { type: 'integer' }, docs: { type: 'integer' }, saved: { type: 'boolean' } },
      required: ['added', 'replaced', 'docs', 'saved'],
    },
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(args, context: ToolContext) {
      const docs = args.documents as Document[];
      const replace = args.replace !== false;
      const { value, saved } = await host.write(async () => {
        let added = 0;
        let replaced = 0;
        let refused: string | undefined;
        for (let at = 0; at < docs.length && !refused && !context.cancelled; at += SLICE) {
          if (at > 0) await nextTurn();
          for (const doc of docs.slice(at, at + SLICE)) {
            const id = doc[idField] as DocumentId;
            const present = host.index.has(id);
            try {
              if (replace) host.index.update(doc);
              else host.index.add(doc);
            } catch (error) {
              refused = `document at position ${added + replaced}: ${error instanceof Error ? error.message : String(error)}`;
              break;
            }
            if (present) replaced++;
            else added++;
          }
          context.progress(added + replaced, docs.length, `${added + replaced} of ${docs.length} documents`);
        }
        return { added, replaced, refused };
      }, (value) => value.added + value.replaced > 0);
      const done = `added ${value.added}, replaced ${value.replaced}${saved ? ' (saved)' : ''}`;
      if (value.refused) throw new Error(`${value.refused}; ${done} before it`);
      return { added: value.added, replaced: value.replaced, docs: host.index.size, saved };
    },
  };
}

function removeDocumentsTool(host: ToolHost): Tool {
  return {
    name: 'remove_documents',
    title: 'Remove documents',
    description: 'Removes documents by id; ids not in the index are listed as missing.',
    inputSchema: {
      type: 'object',
      properties: { ids: { type: 'array', minItems: 1, items: ID_SCHEMA, description: 'Ids of the documents to remove.' } },
      required: ['ids'],
      additionalProperties: false,
    },
    outputSchema: {
      type: 'object',
      properties: { removed: { type: 'integer' }, missing: { type: 'array', items: ID_SCHEMA }, docs: { type: 'integer' }, saved: { type: 'boolean' } },
      required: ['removed', 'missing', 'docs', 'saved'],
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    async run(args) {
      const { value, saved } = await host.write(() => {
        const missing: DocumentId[] = [];
        let removed = 0;
        for (const id of args.ids as DocumentId[]) {
          if (host.index.remove(id)) {
            removed++;
          } else {
            missing.push(id);
          }
        }
        return { removed, missing };
      }, (value) => value.removed > 0);
      return { ...value, docs: host.index.size, saved };
    },
  };
}

export const writeTools = (host: ToolHost): Tool[] => [addDocumentsTool(host), removeDocumentsTool(host)];
