// createSearchHandler: the search service as one web-standard `(Request) => Promise<Outgoing>`,
// which Bun.serve and Deno.serve host as is and serve-node.ts adapts to node:http.
// Routes: GET/POST /search, GET /documents/:id, GET /stats, /healthz, /readyz, /metrics, and
// with `writable` POST /documents and DELETE /documents/:id. Errors are JSON
// `{ error: { code, message } }`. Writes need the bearer token when one is set (compared in
// constant time); CORS headers are sent only to configured origins.
import type { MemoryMonitor } from '../memory/memory-monitor.js';
import { bearerAllowed } from './http-security.js';
import { searchJson } from '../mcp/search-json.js';
import { WireBuffer } from '../mcp/wire-buffer.js';
import type { SaveSnapshot } from '../mcp/persist.js';
import { createMetrics, type Metrics } from '../metrics/registry.js';
import type { Index, SearchResult } from '../search/search-index.js';
import { backendFor, type SearchPoolLike } from './backend.js';
import { uploadDocuments } from './document-upload.js';
import { fromRequest, toResponse, type Incoming, type Outgoing } from './exchange.js';
import { errorResponse, HttpError, jsonResponse, textResponse, toHttpError } from './http-error.js';
import { mediaType, parseJson, readBody } from './request-body.js';
import { queryParams, requestTarget, type RequestTarget } from './request-target.js';
import { searchFromBody, searchFromParams, type SearchRequest } from './search-request.js';
import { ServiceMetrics } from './service-metrics.js';
import { checkSharedCacheOptions, sharedSearch, type SharedCacheOptions } from '../cache/shared-search.js';

export interface StaticPage {
  body: string | Uint8Array;
  type: string;
  /** Extra response headers (e.g. the demo's cross-origin isolation). */
  headers?: Record<string, string>;
}

export interface SearchHandlerOptions {
  index?: Index;
  /** A search pool (or anything with `search`, `stats` and optionally `get`). */
  pool?: SearchPoolLike;
  /** Offer POST /documents and DELETE /documents/:id (needs `index`). */
  writable?: boolean;
  /** Called with the snapshot after each successful write (e.g. an atomic file write). */
  save?: SaveSnapshot;
  /** Require `Authorization: Bearer <token>` for writes. */
  token?: string;
  /** Origins sent CORS headers (exact "scheme://host:port", or '*'); none by default. */
  corsOrigins?: string[];
  /** Largest search request body (default 64 KiB). */
  maxBodyBytes?: number;
  /** Largest POST /documents body (default 64 MiB). */
  maxUploadBytes?: number;
  /** Deadline for reading a body and for a pool search (default 30 s). */
  requestTimeoutMs?: number;
  /** The registry to record into (default: a new createMetrics()). */
  metrics?: Metrics | Promise<Metrics>;
  /** Reported as synthex_memory_growth_bytes_per_hour. */
  monitor?: MemoryMonitor;
  /** Pages served as is by path (e.g. the demo at '/'). */
  pages?: Record<string, StaticPage>;
  /**
   * A two-level cache shared with other processes (createRedisCache): searches of `index` go
   * through it. A pool does its own caching (createSearchPool's `sharedCache`, or a snapshot
   * follower); given with a pool, the cache is only reported at /metrics and /stats.
   */
  sharedCache?: SharedCacheOptions;
}

export interface SearchHandler {
  (request: Request): Promise<Response>;
  /** The same without fetch objects (what the node:http adapter calls). */
  handleExchange(request: Incoming): Promise<Outgoing>;
  /** Requests being handled (streamed answers count until they end). */
  readonly inFlight: number;
  /** The registry, once created. */
  readonly metrics: Promise<Metrics>;
  /**
   * Starts shutting down: new requests get 503 from now on; resolves true when none is in
   * flight, or false after `timeoutMs`.
   */
  drain(timeoutMs?: number): Promise<boolean>;
  /** Stops the metrics timers (and the registry when the handler created it). */
  close(): void;
}

const ROUTES = ['/search', '/documents', '/stats', '/healthz', '/readyz', '/metrics'] as const;
const DOCUMENT_PATH = /^\/documents\/(.+)$/;

function positive(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new RangeError(`createSearchHandler: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

export function createSearchHandler(options: SearchHandlerOptions): SearchHandler {
  if (!options || typeof options !== 'object') throw new TypeError('createSearchHandler: options must be an object');
  const backend = backendFor(options);
  const writable = options.writable === true;
  if (writable && !backend.index) throw new TypeError('createSearchHandler: writable needs an index (a pool serves a fixed snapshot)');
  if (options.save !== undefined && typeof options.save !== 'function') throw new TypeError('createSearchHandler: save must be a function');
  if (options.token !== undefined && (typeof options.token !== 'string' || !options.token)) throw new TypeError('createSearchHandler: token must be a non-empty string');
  const maxBodyBytes = positive('maxBodyBytes', options.maxBodyBytes, 64 << 10);
  const maxUploadBytes = positive('maxUploadBytes', options.maxUploadBytes, 64 << 20);
  const timeoutMs = positive('requestTimeoutMs', options.requestTimeoutMs, 30_000);
  const cors = options.corsOrigins ?? [];
  const pages = new Map(Object.entries(options.pages ?? {}));
  const sharedIndex = backend.index;
  const shared = options.sharedCache && sharedIndex
    ? sharedSearch(options.sharedCache, () => sharedIndex.sharedSearchTarget())
    : undefined;
  if (options.sharedCache) checkSharedCacheOptions(options.sharedCache, 'createSearchHandler');
  const ownsMetrics = options.metrics === undefined;
  const metricsReady = Promise.resolve(options.metrics ?? createMetrics());
  let service: ServiceMetrics | undefined;
  const serviceReady = metricsReady.then((metrics) => (service = new ServiceMetrics(metrics, backend, options.monitor, options.sharedCache?.cache)));
  serviceReady.catch(() => {});
  let inFlight = 0;
  let closed = false;
  let draining = false;
  const idle: (() => void)[] = [];
  let writes = Promise.resolve();
  /** Search answers' bytes (each answer is its own slice, never written over). */
  const answers = new WireBuffer();

  const settle = () => {
    inFlight--;
    service?.inFlight.dec();
    if (inFlight === 0) for (const wake of idle.splice(0)) wake();
  };

  /** Writes run one at a time, each followed by its save, so snapshots follow the order of changes. */
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = writes.then(work);
    writes = run.then(() => {}, () => {});
    return run;
  };
  const saved = async () => { if (options.save) await options.save(backend.index!.save()); };

  const corsHeaders = (request: Incoming): Record<string, string> => {
    if (!cors.length) return {};
    // Read only when CORS is on: on node:http the first header read builds req.headers.
    const origin = request.header('origin');
    if (!origin) return {};
    if (!cors.includes('*') && !cors.includes(origin)) return {};
    return { 'Access-Control-Allow-Origin': cors.includes('*') ? '*' : origin, Vary: 'Origin' };
  };

  const allow = (methods: readonly string[], method: string) => {
    if (methods.includes(method)) return;
    const allowed = methods.join(', ');
    throw new HttpError(405, 'method_not_allowed', `${method} is not allowed here (allowed: ${allowed})`, { Allow: allowed });
  };

  const requireWrites = (request: Incoming) => {
    if (!writable) throw new HttpError(403, 'read_only', 'this server is read-only (start it with --writable to accept changes)');
    if (!bearerAllowed(request.header('authorization') ?? undefined, options.token)) {
      throw new HttpError(401, 'unauthorized', 'writes need Authorization: Bearer <token>', { 'WWW-Authenticate': 'Bearer realm="synthex"' });
    }
  };

  async function search(search: SearchRequest): Promise<Outgoing> {
    let result: SearchResult;
    if (shared) {
      result = await shared(search.query, search.options);
    } else if (backend.index) {
      result = backend.index.search(search.query, search.options);
    } else if (backend.poolTimesOut) {
      result = await backend.search(search.query, search.options, timeoutMs);
    } else {
      // A pool that ignores timeoutMs is still bounded here.
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new HttpError(504, 'timeout', `the search took longer than ${timeoutMs} ms`)), timeoutMs + 50); });
      try {
        result = await Promise.race([backend.search(search.query, search.options, timeoutMs), late]);
      } finally {
        clearTimeout(timer);
      }
    }
    service?.searchSeconds.observe(undefined, result.tookMs / 1000);
    // The JSON alone (not also the MCP's escaped form), written as UTF-8 from each document's
    // cached bytes by the writer the MCP transports use.
    answers.begin();
    try {
      searchJson(result).write(answers, false);
    } catch (error) {
      answers.abort();
      throw error;
    }
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: answers.take()[0] };
  }

  async function stats(): Promise<Outgoing> {
    const metrics = service!;
    return jsonResponse(200, {
      [backend.pool ? 'pool' : 'index']: await backend.stats(),
      ...(options.sharedCache ? { redis: options.sharedCache.cache.stats(), l1: shared?.l1.stats() } : {}),
      latency: { request: metrics.requestSeconds.summary(), search: metrics.searchSeconds.summary() },
      inFlight,
    });
  }

  async function route(request: Incoming, { path, query }: RequestTarget): Promise<Outgoing> {
    const method = request.method;
    switch (path) {
      case '/search':
        allow(['GET', 'POST'], method);
        if (method === 'GET') return search(searchFromParams(queryParams(query)));
        if (mediaType(request) !== 'application/json') throw new HttpError(415, 'unsupported_media_type', 'POST /search takes application/json');
        return search(searchFromBody(parseJson(await readBody(request, { maxBytes: maxBodyBytes, timeoutMs }))));
      case '/healthz':
        allow(['GET'], method);
        return jsonResponse(200, { status: 'ok' });
      case '/readyz':
        allow(['GET'], method);
        return backend.ready() ? jsonResponse(200, { status: 'ready' }) : jsonResponse(503, { error: { code: 'not_ready', message: 'the index is not loaded' } });
      case '/stats':
        allow(['GET'], method);
        return stats();
      case '/metrics':
        allow(['GET'], method);
        return textResponse(200, service!.metrics.text(), service!.metrics.contentType);
      case '/documents':
        allow(['POST'], method);
        requireWrites(request);
        // The write lock is held until a streamed upload ends, but its answer starts at once.
        return new Promise((resolve, reject) => {
          exclusive(async () => {
            const response = await uploadDocuments(request, backend.index!, { maxBytes: maxUploadBytes, timeoutMs }, saved);
            resolve(response);
            await response.done;
          }).catch(reject);
        });
    }
    const document = DOCUMENT_PATH.exec(path);
    if (document) {
      if (method === 'DELETE') requireWrites(request);
      allow(writable ? ['GET', 'DELETE'] : ['GET'], method);
      let id: string;
      try {
        id = decodeURIComponent(document[1]);
      } catch {
        throw new HttpError(400, 'bad_request', 'the document id is not valid percent-encoding');
      }
      if (method === 'DELETE') {
        return exclusive(async () => {
          const index = backend.index!;
          const key = index.has(id) ? id : /^\d+$/.test(id) && index.has(Number(id)) ? Number(id) : undefined;
          if (key === undefined) throw new HttpError(404, 'not_found', `no document with id ${JSON.stringify(id)}`);
          index.remove(key);
          await saved();
          return jsonResponse(200, { removed: key });
        });
      }
      const fields = await backend.get(id);
      if (fields === undefined) throw new HttpError(404, 'not_found', `no document with id ${JSON.stringify(id)}`);
      return jsonResponse(200, { id, fields });
    }
    const page = pages.get(path);
    if (page) {
      allow(['GET', 'HEAD'], method);
      return { status: 200, headers: { 'Content-Type': page.type, ...page.headers }, body: page.body };
    }
    throw new HttpError(404, 'not_found', `no route ${path} (routes: ${ROUTES.join(', ')}, /documents/:id)`);
  }

  const routeLabel = (path: string) => (ROUTES as readonly string[]).includes(path) ? path : DOCUMENT_PATH.test(path) ? '/documents/:id' : pages.has(path) ? path : 'other';

  async function handleExchange(request: Incoming): Promise<Outgoing> {
    const started = performance.now();
    inFlight++;
    let response: Outgoing | undefined;
    let label = 'other';
    try {
      if (!service) await serviceReady;
      service!.inFlight.inc();
      const target = requestTarget(request.url);
      if (!target) throw new HttpError(400, 'bad_request', 'the request URL is malformed');
      label = routeLabel(target.path);
      if (closed || draining) throw new HttpError(503, 'shutting_down', 'the server is shutting down');
      if (request.method === 'OPTIONS' && cors.length) {
        const headers = corsHeaders(request);
        return (response = { status: 204, headers: { ...headers, 'Access-Control-Allow-Methods': 'GET, POST, DELETE', 'Access-Control-Allow-Headers': 'Content-Type, Authorization', 'Access-Control-Max-Age': '600' }, body: null });
      }
      response = await route(request, target);
      const headers = corsHeaders(request);
      for (const name in headers) response.headers[name] = headers[name];
      return response;
    } catch (error) {
      const failure = toHttpError(error);
      return (response = errorResponse(failure, corsHeaders(request)));
    } finally {
      if (service && response) {
        service.answered(label, request.method.length <= 7 ? request.method : 'other', response.status, (performance.now() - started) / 1000);
      }
      if (response?.done) void response.done.then(settle); else settle();
    }
  }

  const handler = (async (request: Request) => toResponse(await handleExchange(fromRequest(request)))) as SearchHandler;
  handler.handleExchange = handleExchange;

  Object.defineProperty(handler, 'inFlight', { get: () => inFlight });
  Object.defineProperty(handler, 'metrics', { value: metricsReady });
  handler.drain = (drainMs = timeoutMs) => {
    draining = true;
    if (inFlight === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), drainMs);
      idle.push(() => { clearTimeout(timer); resolve(true); });
    });
  };
  handler.close = () => {
    closed = true;
    service?.close();
    if (ownsMetrics) void metricsReady.then((metrics) => metrics.close(), () => {});
  };
  return handler;
}
