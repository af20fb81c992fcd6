// --soak <minutes>: sustained load — search calls on the SpamAssassin index and MCP tool calls in
// process, 8 in flight, for the given minutes — reading memory every second; growth in MB/hour is
// the slope of a least-squares line through the RSS readings (heap and WASM fits beside it).
import { createMcpServer } from '../../../dist/index.js';
import { synthexInProcess } from '../../mcp/clients.mjs';
import { synthexIndex, corpusShortQueries } from '../fixtures.mjs';
import { runScenario } from '../sampler.mjs';
import { searchCalls, callOp } from './mcp.mjs';

export const key = 'soak';
export const title = 'Sustained load (soak)';
export const description = 'Alternating index.search and MCP tools/call search, 8 in flight, memory read every second.';

export async function run(ctx) {
  const spam = await synthexIndex('spam');
  const cran = await synthexIndex('cranfield');
  const spamQueries = corpusShortQueries('spam');
  const client = await synthexInProcess(createMcpServer({ index: cran }));
  const mcpCall = callOp(client, searchCalls(corpusShortQueries('cranfield')));
  const op = (i) => (i % 2 ? mcpCall(i) : Promise.resolve().then(() => { spam.search(spamQueries[i % spamQueries.length], { limit: 10 }); }));
  const durationMs = ctx.soakMinutes * 60_000;
  ctx.log(`${ctx.soakMinutes} min…`);
  const result = await runScenario(op, {
    ...ctx.settings, durationMs, minSamples: 1, maxSamples: Infinity, concurrency: 8, memoryEveryMs: 1000, growthSkipFraction: 0.2,
    wasmBytes: () => spam.stats().memoryBytes + cran.stats().memoryBytes,
  });
  client.close();
  return {
    scenarios: [{ id: `soak-${ctx.soakMinutes}m`, name: `${ctx.soakMinutes} min sustained search + MCP load`, judged: true, engine: 'synthex', ...result }],
    notes: ['Growth: least-squares slope of RSS over the last 80 % of the window (the first 20 % is warm-up: heaps and allocator pools filling), judged only when that is 60 s or longer; heap and WASM fits are in report.json.'],
  };
}
