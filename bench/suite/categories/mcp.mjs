// Category 2: MCP message throughput — `search` tool calls (tools/call) through synthex's own MCP
// server over Cranfield, in process (session.handle) and over stdio (`synthex mcp` as a child),
// one and 64 calls in flight. An answer without a hits array counts as an error.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMcpServer } from '../../../dist/index.js';
import { describeAnswer, isSearchAnswer, synthexInProcess, stdioChild } from '../../mcp/clients.mjs';
import { synthexIndex, corpusShortQueries } from '../fixtures.mjs';
import { runScenario } from '../sampler.mjs';

export const key = 'mcp';
export const title = 'MCP message throughput';
export const description = "tools/call 'search' (limit 10) round trips against synthex's MCP server over the Cranfield index.";

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The command running a script on the runtime running the suite (Deno needs `run -A`). */
export function runtimeCommand(script, args) {
  return globalThis.Deno ? [process.execPath, ['run', '-A', script, ...args]] : [process.execPath, [script, ...args]];
}

export function searchCalls(queries) {
  return (i) => ({ jsonrpc: '2.0', id: i + 1, method: 'tools/call', params: { name: 'search', arguments: { query: queries[i % queries.length], limit: 10 } } });
}

export function callOp(client, makeCall) {
  return async (i) => {
    const reply = await client.call(makeCall(i));
    if (reply?.failure) throw reply.failure;
    if (!isSearchAnswer(reply)) throw new Error(`bad answer: ${describeAnswer(reply)}`);
  };
}

/** A snapshot of the Cranfield index in a temporary folder, for servers running as children. */
export async function cranfieldSnapshot() {
  const index = await synthexIndex('cranfield');
  const dir = mkdtempSync(join(tmpdir(), 'synthex-suite-'));
  const path = join(dir, 'cranfield.synx');
  writeFileSync(path, index.save());
  return { path, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function run(ctx) {
  const index = await synthexIndex('cranfield');
  const queries = corpusShortQueries('cranfield');
  const makeCall = searchCalls(queries);
  const wasmBytes = () => index.stats().memoryBytes;
  const snapshot = await cranfieldSnapshot();
  const scenarios = [];
  try {
    const floor = await runScenario((i) => { index.search(queries[i % queries.length], { limit: 10 }); }, { ...ctx.settings, wasmBytes });
    scenarios.push({ id: 'engine-floor', name: 'index.search alone (same queries, no protocol): the floor under MCP', judged: false, engine: 'synthex', ...floor });
    const transports = [
      ['in-process', 'in process', () => synthexInProcess(createMcpServer({ index }))],
      ['stdio', 'stdio child (synthex mcp)', () => stdioChild(...runtimeCommand(join(root, 'dist', 'cli.js'), ['mcp', snapshot.path]))],
    ];
    for (const [id, name, connect] of transports) {
      for (const concurrency of [1, 64]) {
        ctx.log(`${id} ×${concurrency}…`);
        const client = await connect();
        try {
          const result = await runScenario(callOp(client, makeCall), { ...ctx.settings, concurrency, wasmBytes });
          scenarios.push({ id: `${id}-${concurrency}`, name: `${name}, ${concurrency} in flight`, judged: true, engine: 'synthex', transport: id, ...result });
        } finally {
          await client.close();
        }
      }
    }
  } finally {
    snapshot.remove();
  }
  return {
    scenarios,
    notes: ['Cranfield short queries (1–3 words). Over stdio, the server child runs on the same runtime as the suite; its memory is not in the peak figures (those are this process).'],
  };
}
