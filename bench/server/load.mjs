// Load test of `synthex serve`: the SpamAssassin index (6,046 mails; title and text searchable,
// title stored) served by Node, Bun and Deno in one process each, driven from a second process
// by wrk (Debian's `wrk`) on loopback with GET /search rotating Cranfield's 225 queries, at 1,
// 16 and 64 connections. Reports req/s, p50/p95/p99 (wrk's own latency histogram, read in its
// Lua `done` hook) and errors (socket errors and non-2xx answers). `--workers n` adds rows for
// the same server searching on a pool of n workers; `--cached` adds rows for Node serving a
// snapshot made with a result cache (`cache: { maxEntries: 1000 }`), which the 225 rotating
// queries hit after their first round. `--queries short` rotates 16 short topical queries
// instead (the engine's share of each request shrinks, so the server's own cost shows).
// On Linux each row also gives the server's CPU time per request, of the whole process and of
// its main thread (from /proc/<pid>/task/*/schedstat): wrk shares the machine, and other load
// moves req/s, but CPU per request says what the server costs.
//   node bench/server/load.mjs [--seconds 10] [--runtimes node,bun,deno] [--connections 1,16,64] [--workers 2] [--cached] [--queries cranfield|short]
// Goal (issue 8): ≥ 10,000 req/s with p99 ≤ 5 ms at 16 connections on Node, zero errors.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createIndex } from '../../dist/index.js';
import { loadCranfield } from '../data/cranfield.mjs';
import { loadSpamAssassin } from '../data/spam-assassin.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({ options: {
  seconds: { type: 'string', default: '10' },
  runtimes: { type: 'string', default: 'node,bun,deno' },
  connections: { type: 'string', default: '1,16,64' },
  workers: { type: 'string', default: '0' },
  cached: { type: 'boolean', default: false },
  queries: { type: 'string', default: 'cranfield' },
} });
const seconds = Number(values.seconds);
const connectionCounts = values.connections.split(',').map(Number);
const workers = Number(values.workers);

if (spawnSync('wrk', ['--version']).error) {
  console.error('wrk is missing: apt-get install -y wrk');
  process.exit(1);
}

const dir = mkdtempSync(join(tmpdir(), 'synthex-load-'));
const mails = loadSpamAssassin().map(({ id, title, text }) => ({ id, title, text }));
async function writeSnapshot(name, cache) {
  const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title'], cache });
  index.addAll(mails);
  const path = join(dir, name);
  writeFileSync(path, index.save());
  index.close();
  return path;
}
const snapshot = await writeSnapshot('spam.synx', undefined);
const cachedSnapshot = values.cached ? await writeSnapshot('spam-cached.synx', { maxEntries: 1000, ttlMs: 3_600_000 }) : undefined;
const docs = mails.length;

// wrk rotates the queries and reports its latency percentiles and error counts as JSON.
const SHORT = ['slipstream', 'wing lift', 'boundary layer', 'heat transfer', 'shock wave', 'supersonic flow',
  'flutter', 'buckling of cylinders', 'hypersonic nozzle', 'laminar separation', 'skin friction', 'pressure distribution',
  'viscous flow', 'aeroelastic models', 'jet noise', 'stagnation point'];
const texts = values.queries === 'short' ? SHORT : loadCranfield().queries.map((q) => q.text);
const queries = texts.map((text) => `/search?q=${encodeURIComponent(text)}&limit=10`);
const script = join(dir, 'queries.lua');
writeFileSync(script, `
local paths = { ${queries.map((path) => JSON.stringify(path)).join(',\n')} }
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format('@@result {"requests":%d,"seconds":%f,"p50":%d,"p95":%d,"p99":%d,"max":%d,"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    e.connect, e.read, e.write, e.status, e.timeout))
end
`);

const cli = join(root, 'dist', 'cli.js');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const commands = {
  node: (args) => [process.execPath, [cli, ...args]],
  bun: (args) => [bin('bun'), [cli, ...args]],
  deno: (args) => [bin('deno'), ['run', '-A', cli, ...args]],
};

function startServer(runtime, file, extra) {
  const [command, args] = commands[runtime](['serve', file, '--port', '0', ...extra]);
  const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = new Promise((resolve, reject) => {
    const seen = (chunk) => {
      output += chunk;
      const match = /listening on (http:\/\/\S+?)\/ /.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    child.once('exit', (code) => reject(new Error(`${runtime} server exited (${code}): ${output}`)));
  });
  return { child, url };
}

function wrk(url, connections, duration) {
  const run = spawnSync('wrk', ['-t1', `-c${connections}`, `-d${duration}s`, '--timeout', '5s', '-s', script, url], { encoding: 'utf8' });
  const line = /@@result (\{.*\})/.exec(run.stdout);
  if (!line) throw new Error(`wrk failed: ${run.stdout}${run.stderr}`);
  return JSON.parse(line[1]);
}

/** CPU µs of a process (all its threads) and of its main thread, or undefined off Linux. */
function cpuOf(pid) {
  try {
    const ns = (tid) => Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    const total = readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => { try { return sum + ns(tid); } catch { return sum; } }, 0);
    return { total: total / 1e3, main: ns(pid) / 1e3 };
  } catch {
    return undefined;
  }
}
const loadAverage = () => { try { return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '); } catch { return 'unknown'; } };

const rows = [];
console.log(`load average at start: ${loadAverage()}`);
const setups = values.runtimes.split(',').map((runtime) => ({ runtime, file: snapshot, extra: [], label: runtime }));
if (workers > 0) setups.push({ runtime: 'node', file: snapshot, extra: ['--workers', String(workers)], label: `node, ${workers} workers` });
if (cachedSnapshot) setups.push({ runtime: 'node', file: cachedSnapshot, extra: [], label: 'node, result cache' });
for (const { runtime, file, extra, label } of setups) {
  const server = startServer(runtime, file, extra);
  const url = await server.url;
  wrk(url, 16, 2); // warm-up: JIT, caches of stored-field JSON
  for (const connections of connectionCounts) {
    const before = cpuOf(server.child.pid);
    const r = wrk(url, connections, seconds);
    const after = cpuOf(server.child.pid);
    const errors = r.connect + r.read + r.write + r.status + r.timeout;
    const perRequest = (key) => (before && after ? (after[key] - before[key]) / r.requests : undefined);
    rows.push({ server: label, connections, reqPerSec: Math.round(r.requests / r.seconds), p50Ms: r.p50 / 1000, p95Ms: r.p95 / 1000, p99Ms: r.p99 / 1000, maxMs: r.max / 1000, requests: r.requests, errors, cpuUsPerRequest: perRequest('total'), mainCpuUsPerRequest: perRequest('main') });
    const cpu = before && after ? `  CPU ${rows.at(-1).cpuUsPerRequest.toFixed(1)} µs/req (main thread ${rows.at(-1).mainCpuUsPerRequest.toFixed(1)})` : '';
    console.log(`${label.padEnd(19)} ${String(connections).padStart(3)} conn  ${String(rows.at(-1).reqPerSec).padStart(7)} req/s  p50 ${rows.at(-1).p50Ms.toFixed(2)} ms  p95 ${rows.at(-1).p95Ms.toFixed(2)} ms  p99 ${rows.at(-1).p99Ms.toFixed(2)} ms  errors ${errors}${cpu}`);
  }
  server.child.kill('SIGTERM');
  await new Promise((resolve) => server.child.once('exit', resolve));
}
rmSync(dir, { recursive: true, force: true });
console.log(`load average at end: ${loadAverage()}`);

const goal = rows.find((row) => row.server === 'node' && row.connections === 16);
if (goal) {
  const met = goal.reqPerSec >= 10_000 && goal.p99Ms <= 5 && goal.errors === 0;
  console.log(`\ngoal (node, 16 connections: ≥ 10,000 req/s, p99 ≤ 5 ms, 0 errors): ${met ? 'met' : 'NOT met'} — ${goal.reqPerSec} req/s, p99 ${goal.p99Ms} ms, ${goal.errors} errors`);
}
mkdirSync(join(root, 'bench-results'), { recursive: true });
const out = join(root, 'bench-results', `server-load-${values.queries}.json`);
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), queryKind: values.queries, cpus: os.cpus().length, cpu: os.cpus()[0]?.model, docs, seconds, queries: queries.length, rows }, null, 2) + '\n');
console.log(`results: ${out}`);
