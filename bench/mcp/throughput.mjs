// MCP `search` tool calls per second, and p50/p99 round trips, sequential and with 64 in
// flight, in process and over stdio: synthex's own protocol layer (createMcpServer,
// `synthex mcp`) beside the same tools on the official SDK's McpServer (sdk-server.mjs), over
// the same Index of the Cranfield collection, each driven by the same clients (clients.mjs):
// in process, a direct call; over stdio, a lean raw JSON-RPC client (the server comparison),
// and the official SDK Client (what an agent sees, its own cost included).
// Cells run in interleaved rounds and the medians are shown (the machine may be shared).
// Over stdio, each server's CPU time per call is read from /proc (Linux), and a floor column
// answers with a canned search answer (canned-server.mjs): what the raw client and the pipes
// allow with no server work at all, which bounds every stdio figure here.
//   node bench/mcp/throughput.mjs [--seconds 2] [--rounds 3] [--warmup 3] [--queries short|cranfield] [--parse-every 16]
// Goal (issue 5): ≥ 5× the SDK server in process and over stdio, ≥ 50× the original report's
// 1,736 messages/s (86,800/s).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createIndex, createMcpServer } from '../../dist/index.js';
import { createSdkServer } from './sdk-server.mjs';
import { RawAnswer, describeAnswer, isSearchAnswer, sdkClientChild, sdkInProcess, stdioChild, synthexInProcess } from './clients.mjs';

const ORIGINAL = 1736;
const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: { seconds: { type: 'string', default: '2' }, rounds: { type: 'string', default: '3' }, queries: { type: 'string', default: 'short' }, 'parse-every': { type: 'string', default: '16' }, warmup: { type: 'string', default: '3' } } });
const parseEvery = Math.max(1, Number(values['parse-every']));
const warmup = Number(values.warmup);
const seconds = Number(values.seconds);
const rounds = Math.max(1, Number(values.rounds));

// Short topical queries, as an agent types them; `--queries cranfield` uses the 225 full
// natural-language Cranfield queries instead (the engine's share of the time grows).
const SHORT = ['slipstream', 'wing lift', 'boundary layer', 'heat transfer', 'shock wave', 'supersonic flow',
  'flutter', 'buckling of cylinders', 'hypersonic nozzle', 'laminar separation', 'skin friction', 'pressure distribution',
  'viscous flow', 'aeroelastic models', 'jet noise', 'stagnation point'];
const readJsonl = (name) => readFileSync(join(root, 'data', 'cranfield', name), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const queries = values.queries === 'cranfield' ? readJsonl('queries.jsonl').map((q) => q.text) : SHORT;
const searchCall = (id) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'search', arguments: { query: queries[id % queries.length], limit: 10 } } });

const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title', 'author'] });
index.addAll(readJsonl('docs.jsonl'));
index.search('');
const dir = mkdtempSync(join(tmpdir(), 'synthex-mcp-bench-'));
const snapshot = join(dir, 'cranfield.synx');
writeFileSync(snapshot, index.save());

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

const isPingAnswer = (reply) => reply instanceof RawAnswer || (reply?.result !== undefined && !reply.error);
const pingCall = (id) => ({ jsonrpc: '2.0', id, method: 'ping' });

/** Seconds of CPU a process has used (Linux /proc; undefined elsewhere). */
function cpuSeconds(pid) {
  const path = `/proc/${pid}/stat`;
  if (!pid || !existsSync(path)) return undefined;
  const fields = readFileSync(path, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in USER_HZ ticks
}

/**
 * Calls for `duration` seconds with `concurrency` calls outstanding, after `warmup` seconds of the
 * same untimed; every answer must pass `check`.
 */
async function measure(client, concurrency, makeCall, check, duration, warmup) {
  let next = 1;
  const verify = (reply) => {
    if (reply?.failure) throw reply.failure;
    if (!check(reply)) throw new Error(`bad answer: ${describeAnswer(reply)}`);
  };
  const calls = async (end, latencies) => {
    while (performance.now() < end) {
      const started = performance.now();
      verify(await client.call(makeCall(next++)));
      latencies?.push(performance.now() - started);
    }
  };
  const warmEnd = performance.now() + warmup * 1000;
  await Promise.all(Array.from({ length: concurrency }, () => calls(warmEnd)));
  const latencies = [];
  const cpuBefore = cpuSeconds(client.pid);
  const started = performance.now();
  const end = started + duration * 1000;
  await Promise.all(Array.from({ length: concurrency }, () => calls(end, latencies)));
  const elapsed = (performance.now() - started) / 1000;
  const cpu = cpuBefore === undefined ? undefined : (cpuSeconds(client.pid) - cpuBefore) * 1e6 / latencies.length;
  latencies.sort((a, b) => a - b);
  return { rate: latencies.length / elapsed, p50: percentile(latencies, 0.5), p99: percentile(latencies, 0.99), cpu };
}

const SERVERS = {
  synthex: {
    inProcess: () => synthexInProcess(createMcpServer({ index })),
    stdio: () => stdioChild(process.execPath, [join(root, 'dist', 'cli.js'), 'mcp', snapshot], { parseEvery }),
    sdkClient: () => sdkClientChild(process.execPath, [join(root, 'dist', 'cli.js'), 'mcp', snapshot]),
  },
  sdk: {
    inProcess: () => sdkInProcess(createSdkServer(index)),
    stdio: () => stdioChild(process.execPath, [join(root, 'bench', 'mcp', 'sdk-server.mjs'), snapshot], { parseEvery }),
    sdkClient: () => sdkClientChild(process.execPath, [join(root, 'bench', 'mcp', 'sdk-server.mjs'), snapshot]),
  },
  floor: {
    stdio: () => stdioChild(process.execPath, [join(root, 'bench', 'mcp', 'canned-server.mjs')], { parseEvery }),
  },
};

const loads = [];
const median = (list) => { const sorted = list.filter((v) => v !== undefined).sort((a, b) => a - b); return sorted.length ? sorted[sorted.length >> 1] : undefined; };

/** Every cell `rounds` times, interleaved; each figure is the median over the rounds. */
async function table(makeCall, check, duration, withFloor) {
  const cells = [];
  for (const transport of ['inProcess', 'stdio', 'sdkClient']) {
    for (const concurrency of [1, 64]) cells.push({ transport, concurrency, runs: {} });
  }
  for (let round = 0; round < rounds; round++) {
    // One server per transport and round, for both concurrencies: a new child is warmed up for
    // `--warmup` seconds first (the SDK server's JIT takes seconds to settle), a reused one briefly.
    const clients = new Map();
    for (const cell of cells) {
      for (const [name, server] of Object.entries(SERVERS)) {
        if (!server[cell.transport] || (name === 'floor' && !withFloor)) continue;
        const key = `${cell.transport} ${name}`;
        const fresh = !clients.has(key);
        if (fresh) clients.set(key, await server[cell.transport]());
        (cell.runs[name] ??= []).push(await measure(clients.get(key), cell.concurrency, makeCall, check, duration, fresh ? warmup : 0.3));
      }
    }
    for (const client of clients.values()) await client.close();
    loads.push(os.loadavg()[0]);
  }
  return cells.map(({ transport, concurrency, runs }) => {
    const row = { transport, concurrency };
    for (const [name, list] of Object.entries(runs)) {
      row[name] = Object.fromEntries(['rate', 'p50', 'p99', 'cpu'].map((key) => [key, median(list.map((run) => run[key]))]));
    }
    return row;
  });
}

/** Engine floors under both servers: search alone, and search plus JSON of its result. */
function floor(serialize) {
  let calls = 0;
  const started = performance.now();
  const end = started + seconds * 500;
  while (performance.now() < end) {
    const result = index.search(queries[calls++ % queries.length], { limit: 10 });
    if (serialize) JSON.stringify(result);
  }
  return calls / ((performance.now() - started) / 1000);
}

const ms = (value) => (value < 0.01 ? `${(value * 1000).toFixed(1)} µs` : value < 1 ? `${(value * 1000).toFixed(0)} µs` : `${value.toFixed(2)} ms`);
const perSecond = (value) => Math.round(value).toLocaleString('en-US');
const cpu = (value) => (value === undefined ? '' : `${value.toFixed(1)}`);
const LABELS = { inProcess: 'in process', stdio: 'stdio, raw', sdkClient: 'stdio, SDK Client' };
function print(title, rows) {
  console.log(`\n${title}`);
  console.log('transport          in flight | synthex calls/s   p50      p99    CPU µs | SDK calls/s   p50      p99    CPU µs | synthex/SDK  CPU SDK/synthex | vs 1,736/s | floor calls/s floor/SDK');
  for (const { transport, concurrency, synthex, sdk, floor } of rows) {
    console.log([
      LABELS[transport].padEnd(17), String(concurrency).padStart(9), '|',
      perSecond(synthex.rate).padStart(15), ms(synthex.p50).padStart(8), ms(synthex.p99).padStart(8), cpu(synthex.cpu).padStart(6), '|',
      perSecond(sdk.rate).padStart(11), ms(sdk.p50).padStart(8), ms(sdk.p99).padStart(8), cpu(sdk.cpu).padStart(6), '|',
      `${(synthex.rate / sdk.rate).toFixed(1)}×`.padStart(11), (synthex.cpu && sdk.cpu ? `${(sdk.cpu / synthex.cpu).toFixed(1)}×` : '').padStart(16), '|', `${(synthex.rate / ORIGINAL).toFixed(1)}×`.padStart(9), ' |',
      floor ? `${perSecond(floor.rate).padStart(13)} ${`${(floor.rate / sdk.rate).toFixed(1)}×`.padStart(9)}` : '',
    ].join(' '));
  }
}

const searchRows = await table(searchCall, isSearchAnswer, seconds, true);
const pingRows = await table(pingCall, isPingAnswer, seconds / 2, false);
console.log(`MCP round trips over Cranfield (1,400 docs), ${seconds} s per cell (ping ${seconds / 2} s), medians of ${rounds} interleaved rounds, each server warmed up ${warmup} s first, ${process.version}, ${os.cpus().length} cores, load ${loads.map((load) => load.toFixed(1)).join(' ')} (1-min average after each round)`);
console.log(`engine floor: index.search alone ${perSecond(floor(false))}/s, with JSON.stringify of the result ${perSecond(floor(true))}/s`);
console.log('CPU µs: the server process\'s CPU time per call (stdio, from /proc; CPU SDK/synthex compares what the servers cost, whatever the client and the load); floor: a canned search answer per request, no server work (canned-server.mjs)');
console.log(`clients: in process, a direct call; stdio, raw: one lean JSON-RPC client for every server (answers routed by the id in their bytes, 1 in ${parseEvery} parsed and checked whole); stdio, SDK Client: the official Client (tools/list first, then callTool: every answer parsed and checked against the outputSchema)`);
print(`tools/call search (${queries.length} ${values.queries} queries, limit 10, title and author stored)`, searchRows);
print('ping (the protocol alone, no engine work)', pingRows);
console.log('\ngoals: synthex/SDK ≥ 5× in process and over stdio; synthex ≥ 86,800 calls/s (50 × 1,736)');
index.close();
rmSync(dir, { recursive: true, force: true });
