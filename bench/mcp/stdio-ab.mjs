// Does a change make the stdio MCP server cheaper? Two builds of `synthex mcp` served side by
// side as children over the same snapshot, both driven by the raw client (clients.mjs), warmed
// up, then timed in interleaved rounds (A B, B A, …). Reports each server's median CPU time per
// search call (from /proc, Linux: what the server costs, which the machine's load moves far
// less than the rates) and calls per second, and the ratios B/A; and the share of the wall
// time each server's main thread spent on a CPU and waiting for one (schedstat): what is left
// is the time it slept, waiting for its client. The old build must sit in a package folder
// (its dist/cli.js reads the package.json above it): `git worktree add` or a copy of dist/
// with package.json beside it.
// Run: node bench/mcp/stdio-ab.mjs --a <old dist dir> [--b dist] [--rounds 10] [--in-flight 64] [--queries short|cranfield]
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createIndex } from '../../dist/index.js';
import { describeAnswer, isSearchAnswer, stdioChild } from './clients.mjs';

const { values } = parseArgs({
  options: {
    a: { type: 'string' }, b: { type: 'string', default: 'dist' }, rounds: { type: 'string', default: '10' },
    'in-flight': { type: 'string', default: '64' }, seconds: { type: 'string', default: '1.5' }, queries: { type: 'string', default: 'short' },
  },
});
if (!values.a) {
  console.error('usage: node bench/mcp/stdio-ab.mjs --a <old dist dir> [--b dist] [--rounds 10] [--in-flight 64] [--queries short|cranfield]');
  process.exit(2);
}
const root = fileURLToPath(new URL('../..', import.meta.url));
/** The main thread's nanoseconds on a CPU and runnable but waiting for one (/proc/PID/task/PID/schedstat). */
const mainThread = (pid) => {
  const [running, waiting] = readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number);
  return { running, waiting };
};
const cpuSeconds = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
};
if (!existsSync('/proc/self/stat')) {
  console.error('stdio-ab reads server CPU time from /proc: Linux only');
  process.exit(2);
}

const readJsonl = (name) => readFileSync(join(root, 'data', 'cranfield', name), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
const queries = values.queries === 'cranfield' ? readJsonl('queries.jsonl').map((q) => q.text)
  : ['slipstream', 'wing lift', 'boundary layer', 'heat transfer', 'shock wave', 'supersonic flow', 'flutter', 'buckling of cylinders'];
const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title', 'author'] });
index.addAll(readJsonl('docs.jsonl'));
const dir = mkdtempSync(join(tmpdir(), 'synthex-stdio-ab-'));
const snapshot = join(dir, 'cranfield.synx');
writeFileSync(snapshot, index.save());
index.close();

const inFlight = Number(values['in-flight']);
let next = 1;
const searchCall = (id) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'search', arguments: { query: queries[id % queries.length], limit: 10 } } });
/** Calls for `seconds` with `inFlight` outstanding; the number answered. */
async function calls(client, seconds) {
  let answered = 0;
  const end = performance.now() + seconds * 1000;
  await Promise.all(Array.from({ length: inFlight }, async () => {
    while (performance.now() < end) {
      const reply = await client.call(searchCall(next++));
      if (reply?.failure) throw reply.failure;
      if (!isSearchAnswer(reply)) throw new Error(`bad answer: ${describeAnswer(reply)}`);
      answered++;
    }
  }));
  return answered;
}

const builds = { A: resolve(values.a, 'cli.js'), B: resolve(values.b, 'cli.js') };
const clients = {};
const runs = { A: [], B: [] };
try {
  for (const [name, cli] of Object.entries(builds)) clients[name] = await stdioChild(process.execPath, [cli, 'mcp', snapshot]);
  for (const name of ['A', 'B']) await calls(clients[name], 3); // JIT warm-up
  const seconds = Number(values.seconds);
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const name of round % 2 ? ['B', 'A'] : ['A', 'B']) {
      const { pid } = clients[name];
      const cpuBefore = cpuSeconds(pid);
      const threadBefore = mainThread(pid);
      const started = performance.now();
      const answered = await calls(clients[name], seconds);
      const wallNs = (performance.now() - started) * 1e6;
      const thread = mainThread(pid);
      runs[name].push({
        cpu: (cpuSeconds(pid) - cpuBefore) * 1e6 / answered, rate: answered / (wallNs / 1e9),
        running: (thread.running - threadBefore.running) / wallNs, waiting: (thread.waiting - threadBefore.waiting) / wallNs,
      });
    }
  }
} finally {
  for (const client of Object.values(clients)) await client.close();
  rmSync(dir, { recursive: true, force: true });
}
const median = (list) => { const sorted = [...list].sort((x, y) => x - y); return sorted[sorted.length >> 1]; };
const cpu = { A: median(runs.A.map((run) => run.cpu)), B: median(runs.B.map((run) => run.cpu)) };
const rate = { A: median(runs.A.map((run) => run.rate)), B: median(runs.B.map((run) => run.rate)) };
const percent = (name, key) => `${Math.round(100 * median(runs[name].map((run) => run[key])))} %`;
const thread = (name) => `main thread on a CPU ${percent(name, 'running')}, waiting for one ${percent(name, 'waiting')}`;
console.log(`synthex mcp over stdio, ${inFlight} in flight, ${values.queries} queries, medians of ${values.rounds} interleaved rounds of ${values.seconds} s`);
console.log(`A ${builds.A}: server CPU ${cpu.A.toFixed(1)} µs per call, ${Math.round(rate.A).toLocaleString('en-US')} calls/s; ${thread('A')}`);
console.log(`B ${builds.B}: server CPU ${cpu.B.toFixed(1)} µs per call, ${Math.round(rate.B).toLocaleString('en-US')} calls/s; ${thread('B')}`);
console.log(`B/A: CPU per call ${(cpu.B / cpu.A).toFixed(3)}, calls/s ${(rate.B / rate.A).toFixed(3)}`);
