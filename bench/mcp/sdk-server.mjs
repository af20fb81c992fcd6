// The comparison peer: the same three read tools (search, get_document, index_stats) over the
// same Index, built on the official SDK's McpServer with zod schemas, as its docs show.
// Imported by throughput.mjs for the in-process run; run as a script it serves stdio:
//   node bench/mcp/sdk-server.mjs idx.synx
import { readFileSync } from 'node:fs';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';
import { loadIndex } from '../../dist/index.js';

/** id → stored fields, read from the snapshot's JSON section (as synthex's own server does). */
function storedById(bytes) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const kernel = view.getUint32(12, true);
  const json = JSON.parse(new TextDecoder().decode(bytes.subarray(32 + kernel, 32 + kernel + view.getUint32(16, true))));
  const map = new Map();
  json.ids.forEach((id, doc) => { if (id !== null) map.set(id, json.stored[doc] ?? {}); });
  return map;
}

export function createSdkServer(index) {
  const stored = storedById(index.save());
  const server = new McpServer({ name: 'synthex-sdk-peer', version: '0.0.0' });
  const structured = (value) => ({ content: [{ type: 'text', text: JSON.stringify(value) }], structuredContent: value });
  const hit = z.object({ id: z.union([z.string(), z.number()]), score: z.number(), fields: z.record(z.string(), z.unknown()).optional(), highlights: z.record(z.string(), z.unknown()).optional() });
  server.registerTool('search', {
    title: 'Search documents',
    description: 'Full-text search over the indexed documents.',
    inputSchema: {
      query: z.string(),
      limit: z.number().int().min(1).max(100).optional(),
      offset: z.number().int().min(0).max(10_000).optional(),
      filter: z.record(z.string(), z.unknown()).optional(),
      highlight: z.boolean().optional(),
      countUpTo: z.number().int().min(0).optional(),
    },
    outputSchema: { hits: z.array(hit), total: z.number().int(), totalExact: z.boolean(), tookMs: z.number().optional(), facets: z.record(z.string(), z.unknown()).optional() },
    annotations: { readOnlyHint: true },
  }, ({ query, limit, offset, filter, highlight, countUpTo }) => structured(index.search(query, { limit: limit ?? 10, offset, filter, highlight, countUpTo })));
  server.registerTool('get_document', {
    title: 'Get a document',
    description: 'The stored fields of one document, by id.',
    inputSchema: { id: z.union([z.string(), z.number()]) },
    outputSchema: { id: z.union([z.string(), z.number()]), fields: z.record(z.string(), z.unknown()) },
  }, ({ id }) => {
    if (!stored.has(id)) return { content: [{ type: 'text', text: `no document with id ${JSON.stringify(id)}` }], isError: true };
    return structured({ id, fields: stored.get(id) });
  });
  server.registerTool('index_stats', {
    title: 'Index statistics',
    description: 'Document and term counts.',
    inputSchema: {},
    outputSchema: { docs: z.number(), terms: z.number() },
  }, () => structured({ ...index.stats() }));
  return server;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  process.stdout.setMaxListeners(0); // the SDK's transport waits for 'drain' once per message
  const index = await loadIndex(readFileSync(process.argv[2]));
  await createSdkServer(index).connect(new StdioServerTransport());
}
