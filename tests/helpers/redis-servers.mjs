// Real redis-server processes for tests and benches: standalone servers and a 3-master cluster
// on free loopback ports, no persistence, each in its own temp dir. Every server started here is
// remembered and killed by stopAllRedis() (and on process exit), even when a test fails.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const INSTALL_HINT = 'redis-server is not installed: apt-get install -y redis-server redis-tools';
const live = new Set();

/** Throws with the install command when redis-server or redis-cli is missing (from `env`'s PATH). */
export function requireRedis(env = process.env) {
  for (const tool of ['redis-server', 'redis-cli']) {
    const probe = spawnSync(tool, ['--version'], { encoding: 'utf8', env });
    if (probe.error || probe.status !== 0) throw new Error(`${tool} not found. ${INSTALL_HINT}`);
  }
}

/** A port free right now on 127.0.0.1 (bind to 0, read it, close). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once something answers PONG on the port (a raw RESP PING), or rejects after timeoutMs. */
export async function waitForPing(port, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const ok = await new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      const timer = setTimeout(() => { socket.destroy(); resolve(false); }, 300);
      socket.once('error', () => { clearTimeout(timer); resolve(false); });
      socket.once('connect', () => socket.write('PING\r\n'));
      socket.once('data', (data) => { clearTimeout(timer); socket.destroy(); resolve(String(data).startsWith('+PONG')); });
    });
    if (ok) return;
    await sleep(30);
  }
  throw new Error(`redis-server on port ${port} did not answer PING within ${timeoutMs} ms`);
}

/**
 * Starts `redis-server` on a free port (or `port`, e.g. to restart on the same one).
 * Returns { port, url, pid, kill(), pause(), resume(), restart(), stop() }.
 */
export async function startRedis({ port, extraArgs = [] } = {}) {
  requireRedis();
  port ??= await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'synthex-redis-'));
  const server = { port, url: `redis://127.0.0.1:${port}`, dir, child: undefined };
  const launch = async () => {
    const child = spawn('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
      '--dir', dir, '--protected-mode', 'no', '--loglevel', 'warning', ...extraArgs,
    ], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    server.child = child;
    live.add(server);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    server.exited = exited;
    await Promise.race([
      waitForPing(port),
      exited.then((code) => { throw new Error(`redis-server exited (${code}) on port ${port}: ${stderr.trim()}`); }),
    ]);
  };
  server.pid = () => server.child?.pid;
  /** SIGKILL: the server vanishes at once (connections reset). */
  server.kill = async () => {
    const child = server.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    signal('SIGCONT');
    child.kill('SIGKILL');
    await server.exited;
  };
  /** SIGSTOP: the socket stays open but nothing answers (a slow or hung server). */
  // process.kill, not child.kill: Deno's child.kill records SIGSTOP/SIGCONT as the exit signal
  // and then refuses to send SIGKILL.
  const signal = (name) => { try { process.kill(server.child.pid, name); } catch {} };
  server.pause = () => signal('SIGSTOP');
  server.resume = () => signal('SIGCONT');
  server.restart = async () => { await server.kill(); await launch(); };
  server.stop = async () => {
    await server.kill();
    live.delete(server);
    rmSync(dir, { recursive: true, force: true });
  };
  await launch();
  return server;
}

/**
 * A cluster of `masters` redis-server nodes (cluster-enabled, no replicas) joined with
 * `redis-cli --cluster create`; resolves once every slot is served.
 * Returns { nodes, urls, stop() }.
 */
export async function startRedisCluster({ masters = 3 } = {}) {
  requireRedis();
  const nodes = [];
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      nodes.push(await startRedis({
        port,
        extraArgs: ['--cluster-enabled', 'yes', '--cluster-config-file', `nodes-${port}.conf`, '--cluster-node-timeout', '2000',
          '--cluster-require-full-coverage', 'no'],
      }));
    }
    const create = spawnSync('redis-cli', ['--cluster', 'create', ...nodes.map((n) => `127.0.0.1:${n.port}`), '--cluster-yes'], { encoding: 'utf8', timeout: 20_000 });
    if (create.status !== 0) throw new Error(`redis-cli --cluster create failed: ${create.stdout}${create.stderr}`);
    const deadline = Date.now() + 10_000;
    for (;;) {
      const ok = nodes.every((node) => /cluster_state:ok/.test(spawnSync('redis-cli', ['-p', String(node.port), 'cluster', 'info'], { encoding: 'utf8' }).stdout));
      if (ok) break;
      if (Date.now() > deadline) throw new Error('the redis cluster did not reach cluster_state:ok within 10 s');
      await sleep(100);
    }
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw error;
  }
  return {
    nodes,
    urls: nodes.map((node) => node.url),
    stop: () => Promise.all(nodes.map((node) => node.stop())),
  };
}

/** Kills every server this process started. */
export async function stopAllRedis() {
  await Promise.all([...live].map((server) => server.stop()));
}

// Last resort: a test runner that exits without cleanup still takes its servers down.
globalThis.process?.on?.('exit', () => {
  for (const server of live) {
    try { process.kill(server.child.pid, 'SIGCONT'); process.kill(server.child.pid, 'SIGKILL'); } catch {}
    try { rmSync(server.dir, { recursive: true, force: true }); } catch {}
  }
});
