// `synthex serve`: the search service over HTTP on the runtime's own server (Bun.serve,
// Deno.serve or node:http), with the demo page at `/`. Without a snapshot it serves the
// embedded Cranfield collection (what `npm start` runs). SIGINT/SIGTERM stop it gracefully.
import process from 'node:process';
import { createRedisCache, createSearchHandler, createSearchPool, followSnapshots, MemoryMonitor, publishSnapshot, serve, type Index, type RedisCache, type SearchPool, type SnapshotFollower } from '../index.js';
import { writeFileAtomic } from './atomic-write.js';
import { CliError, UsageError } from './cli-errors.js';
import { countOption, parseCommandArgs, print, printError, type Command } from './command.js';
import { cranfieldIndex } from './demo.js';
import { demoPages } from './demo-pages.js';
import { openSnapshot } from './snapshot-file.js';

const NAME = 'serve';

const HELP = `Usage: synthex serve [snapshot] [options]

Serves an index over HTTP (without a snapshot: the embedded Cranfield collection):
  GET  /search?q=&limit=&offset=&highlight=&facets=    POST /search  {"query", "filter", ...}
  GET  /documents/:id   GET /stats   GET /healthz   GET /readyz   GET /metrics (Prometheus)
  GET  /                the browser demo (dist/demo/, from npm run build:demo)
  with --writable: POST /documents (JSON array or NDJSON), DELETE /documents/:id
Errors are JSON {"error": {"code", "message"}}.

Options:
  --port <n>              port (default 8080; 0: any free port)
  --host <address>        interface (default 127.0.0.1; other hosts are reachable from the network)
  --workers <n>           search on a pool of n worker threads (each with its own WASM instance
                          over one shared snapshot); default 0: search in the server's thread
  --writable              accept POST /documents and DELETE /documents/:id (not with --workers)
  --save                  with --writable: after each change, write the snapshot back (temp file,
                          fsync, rename)
  --token <token>         require "Authorization: Bearer <token>" for writes (default: $SYNTHEX_TOKEN)
  --cors <origin>         send CORS headers to this origin ('*' for any; repeatable; default none)
  --max-body-bytes <n>    largest POST /search body (default 65536)
  --max-upload-bytes <n>  largest POST /documents body (default 67108864)
  --timeout-ms <n>        deadline for receiving a request (default 30000)
  --redis <url>           share results with other servers through Redis (redis://host:port; a
                          comma-separated list of nodes means a Redis Cluster). Redis being down
                          or slow never fails a search: it is skipped until it answers again
  --follow <name>         with --redis: serve the snapshots published as <name> (no snapshot
                          argument), swapping each new generation in as it is announced
  --publish <name>        with --redis: publish the index as <name> at start and after each change
  --redis-namespace <ns>  key and channel prefix in Redis (default synthex)
  -h, --help              this help`;

async function run(argv: string[]): Promise<void> {
  const { values, positionals, help } = parseCommandArgs(NAME, argv, {
    port: { type: 'string' },
    host: { type: 'string' },
    workers: { type: 'string' },
    writable: { type: 'boolean' },
    save: { type: 'boolean' },
    token: { type: 'string' },
    cors: { type: 'string', multiple: true },
    'max-body-bytes': { type: 'string' },
    'max-upload-bytes': { type: 'string' },
    'timeout-ms': { type: 'string' },
    redis: { type: 'string' },
    follow: { type: 'string' },
    publish: { type: 'string' },
    'redis-namespace': { type: 'string' },
  });
  if (help) return print(HELP);
  const [path, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`, NAME);
  const port = countOption(NAME, 'port', values.port, 8080);
  if (port > 65535) throw new UsageError(`--port must be a port number (0-65535), got ${port}`, NAME);
  if (values.save && !values.writable) throw new UsageError('--save needs --writable', NAME);
  const workers = countOption(NAME, 'workers', values.workers, 0);
  if (workers > 256) throw new UsageError(`--workers must be at most 256, got ${workers}`, NAME);
  if (workers && values.writable) throw new UsageError('--writable needs --workers 0 (workers serve a fixed snapshot)', NAME);
  if (values.save && !path) throw new UsageError('--save needs a snapshot file to write to', NAME);
  const positiveOption = (name: string, fallback: number) => {
    const value = countOption(NAME, name, values[name], fallback);
    if (value < 1) throw new UsageError(`--${name} must be at least 1`, NAME);
    return value;
  };
  const maxBodyBytes = positiveOption('max-body-bytes', 64 << 10);
  const maxUploadBytes = positiveOption('max-upload-bytes', 64 << 20);
  const requestTimeoutMs = positiveOption('timeout-ms', 30_000);
  const token = (values.token as string | undefined) ?? (process.env.SYNTHEX_TOKEN || undefined);
  const host = (values.host as string | undefined) ?? '127.0.0.1';

  const redisUrl = values.redis as string | undefined;
  const follow = values.follow as string | undefined;
  const publish = values.publish as string | undefined;
  if ((follow || publish || values['redis-namespace']) && !redisUrl) throw new UsageError('--follow, --publish and --redis-namespace need --redis', NAME);
  if (follow && publish) throw new UsageError('--follow and --publish exclude each other', NAME);
  if (follow && (path || values.writable || workers)) throw new UsageError('--follow serves what is published: no snapshot argument, --writable or --workers', NAME);
  for (const name of [follow, publish]) if (name !== undefined && !/^[\w.-]{1,64}$/.test(name)) throw new UsageError(`a published name is 1-64 letters, digits, '_', '.' or '-', got '${name}'`, NAME);
  let redis: RedisCache | undefined;
  if (redisUrl) {
    const urls = redisUrl.split(',').map((url) => url.trim()).filter(Boolean);
    try {
      redis = await createRedisCache({ url: urls.length > 1 ? urls : urls[0], namespace: (values['redis-namespace'] as string | undefined) ?? 'synthex' });
    } catch (error) {
      throw new UsageError(`--redis: ${(error as Error).message}`, NAME);
    }
  }
  const cacheName = follow ?? publish ?? (path ? path.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').replace(/[^\w.-]/g, '_').slice(0, 64) || 'index' : 'cranfield');
  const sharedCache = redis ? { cache: redis, name: cacheName } : undefined;

  let follower: SnapshotFollower | undefined;
  if (follow) {
    try {
      follower = await followSnapshots(redis!, follow, { waitMs: 30_000 });
    } catch (error) {
      redis!.close();
      throw new CliError(`--follow ${follow}: ${(error as Error).message}`);
    }
  }
  const index: Index = follower ? follower.index : path ? (await openSnapshot(path)).index : await cranfieldIndex(['title', 'author', 'text']);
  const size = index.size;
  const publishNow = publish ? async (bytes: Uint8Array) => {
    try {
      const manifest = await publishSnapshot(redis!, publish, bytes);
      printError(`synthex serve: published ${publish} generation ${manifest.generation} (${manifest.bytes} bytes, ${manifest.chunks.length} chunk(s))`);
    } catch (error) {
      printError(`synthex serve: publishing ${publish} failed (readers keep their generation): ${(error as Error).message}`);
    }
  } : undefined;
  if (publishNow) await publishNow(index.save());
  const pool: SearchPool | undefined = workers ? await createSearchPool({ index, minWorkers: workers, maxWorkers: workers, sharedCache }) : undefined;
  // With a pool the workers hold the index; this thread's copy is not needed.
  if (pool) index.close();
  const monitor = new MemoryMonitor({ intervalMs: 5000, windowMs: 600_000 });
  if (!pool && !follower) monitor.watch(index);
  monitor.start();
  const saveFile = values.save && path ? (bytes: Uint8Array) => writeFileAtomic(path, bytes) : undefined;
  const handler = createSearchHandler({
    ...(pool ? { pool } : follower ? { pool: follower } : { index }),
    sharedCache,
    writable: values.writable === true,
    save: saveFile || publishNow ? async (bytes) => { await saveFile?.(bytes); await publishNow?.(bytes); } : undefined,
    token,
    corsOrigins: (values.cors as string[] | undefined) ?? [],
    maxBodyBytes, maxUploadBytes, requestTimeoutMs,
    monitor,
    pages: demoPages(),
  });
  await handler.metrics;
  let server;
  try {
    server = await serve(handler, { port, host, requestTimeoutMs });
  } catch (error) {
    handler.close();
    monitor.stop();
    await pool?.close({ drain: false });
    follower?.close();
    redis?.close();
    const code = (error as { code?: string }).code;
    throw new CliError(`cannot listen on ${host}:${port}: ${code === 'EADDRINUSE' || (error as Error)?.name === 'AddrInUse' ? 'the port is in use' : (error as Error).message}`);
  }
  const what = path ?? 'the Cranfield collection';
  const shared = redis ? `, Redis ${follow ? `following ${follow} (generation ${follower!.generation})` : publish ? `publishing ${publish}` : 'cache'}` : '';
  print(`synthex serve: ${follow ? `snapshots of ${follow}` : what} (${size} docs) on ${server.runtime}${pool ? ` with ${workers} search worker(s)` : ''}${values.writable ? ', writable' : ''}${token ? ', writes need the bearer token' : ''}${shared}`);
  print(`synthex serve: listening on ${server.url}/  (search: ${server.url}/search?q=wing+lift, metrics: ${server.url}/metrics)`);

  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      printError(`synthex serve: ${signal}, finishing ${handler.inFlight} request(s) in flight`);
      void server.close(requestTimeoutMs).then(resolve);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  handler.close();
  await pool?.close();
  monitor.stop();
  if (follower) follower.close(); else index.close();
  redis?.close();
  printError('synthex serve: stopped');
}

export const serveCommand: Command = { name: NAME, summary: 'serve an index over HTTP (search API, metrics, demo page)', help: HELP, run };
