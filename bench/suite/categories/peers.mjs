// Category 5: peers side by side in the same run — synthex, FlexSearch and MiniSearch on the same
// corpora and queries (bench/search/engines.mjs: each with its defaults), and synthex's MCP server
// beside the official SDK's McpServer with the same tools (bench/mcp/sdk-server.mjs), driven by the
// same clients. Peer rows are shown with SLA verdicts but are not graded.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMcpServer } from '../../../dist/index.js';
import { ENGINES } from '../../search/engines.mjs';
import { createSdkServer } from '../../mcp/sdk-server.mjs';
import { synthexInProcess, sdkInProcess, stdioChild } from '../../mcp/clients.mjs';
import { CORPORA, corpusDocs, corpusShortQueries, synthexIndex } from '../fixtures.mjs';
import { runScenario } from '../sampler.mjs';
import { readMemory } from '../memory-reading.mjs';
import { forceGc } from '../../search/runtime.mjs';
import { runtimeCommand, searchCalls, callOp, cranfieldSnapshot } from './mcp.mjs';

export const key = 'peers';
export const title = 'Peers side by side';
export const description = 'The same workloads on synthex and its peers, in this one process, one after another.';

const root = fileURLToPath(new URL('../../../', import.meta.url));

async function enginePeers(ctx) {
  const scenarios = [];
  const builds = [];
  for (const [corpus, name] of Object.entries(CORPORA)) {
    const docs = corpusDocs(corpus);
    const queries = corpusShortQueries(corpus);
    for (const engine of ENGINES) {
      ctx.log(`${name} ${engine.name}…`);
      forceGc();
      const heapBefore = readMemory().heap;
      const started = performance.now();
      const index = await engine.build(docs);
      const buildMs = performance.now() - started;
      forceGc();
      const heapGrowth = readMemory().heap - heapBefore;
      const wasmBytes = engine.name === 'synthex' ? () => index.stats().memoryBytes : undefined;
      const result = await runScenario((i) => { engine.search(index, queries[i % queries.length]); }, { ...ctx.settings, wasmBytes });
      builds.push({ corpus, engine: engine.name, buildMs, heapGrowthBytes: heapGrowth, wasmBytes: wasmBytes?.() });
      scenarios.push({ id: `${corpus}-short/${engine.name}`, name: `${name} short queries: ${engine.name}`, judged: false, engine: engine.name, group: `${name} short queries`, buildMs, ...result });
      if (engine.name === 'synthex') index.close();
    }
  }
  return { scenarios, builds };
}

async function mcpPeers(ctx) {
  const index = await synthexIndex('cranfield');
  const makeCall = searchCalls(corpusShortQueries('cranfield'));
  const snapshot = await cranfieldSnapshot();
  const servers = [
    ['in-process', 'synthex', () => synthexInProcess(createMcpServer({ index }))],
    ['in-process', 'mcp-sdk', () => sdkInProcess(createSdkServer(index))],
    ['stdio', 'synthex', () => stdioChild(...runtimeCommand(join(root, 'dist', 'cli.js'), ['mcp', snapshot.path]))],
    ['stdio', 'mcp-sdk', () => stdioChild(...runtimeCommand(join(root, 'bench', 'mcp', 'sdk-server.mjs'), [snapshot.path]))],
  ];
  const scenarios = [];
  try {
    for (const [transport, server, connect] of servers) {
      ctx.log(`MCP ${transport} ${server}…`);
      const client = await connect();
      try {
        const result = await runScenario(callOp(client, makeCall), { ...ctx.settings, concurrency: 8 });
        scenarios.push({ id: `mcp-${transport}/${server}`, name: `MCP search calls ${transport}, 8 in flight: ${server}`, judged: false, engine: server, group: `MCP ${transport}`, ...result });
      } finally {
        await client.close();
      }
    }
  } finally {
    snapshot.remove();
  }
  return scenarios;
}

export async function run(ctx) {
  // MCP first: the peers' large JS indexes built below would otherwise share the heap (and its
  // GC work) with the MCP servers being measured.
  const mcp = await mcpPeers(ctx);
  const engines = await enginePeers(ctx);
  return {
    scenarios: [...engines.scenarios, ...mcp],
    extra: { builds: engines.builds },
    notes: [
      'Engines: synthex createIndex({ fields: [title, text] }); FlexSearch Document (suggest, merge); MiniSearch defaults — see bench/search/engines.mjs. Top 10 per query.',
      'MCP: the official SDK McpServer with the same search tool and zod schemas (bench/mcp/sdk-server.mjs), in process through its InMemoryTransport and over stdio.',
      'Build times are single builds (the first one per engine, JIT cold); heap growth is after a forced GC where the runtime has one.',
    ],
  };
}
