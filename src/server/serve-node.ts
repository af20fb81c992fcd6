// Hosting a fetch-style handler on node:http: IncomingMessage → Request (the body streamed
// with backpressure, an AbortSignal fired when the client goes away) and Response →
// ServerResponse (streamed bodies written chunk by chunk, respecting 'drain'). node:http is
// reached through process.getBuiltinModule so this module stays importable in browsers.
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Incoming, Outgoing } from './exchange.js';

interface FetchHandler {
  (request: Request): Promise<Response>;
  /** When present (createSearchHandler), called instead, without building fetch objects. */
  handleExchange?(request: Incoming): Promise<Outgoing>;
}
type Http = typeof import('node:http');

export function nodeHttp(): Http {
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof getBuiltinModule !== 'function') throw new TypeError('synthex serve: node:http needs Node ≥ 20.16 (or Bun or Deno)');
  return getBuiltinModule('node:http') as Http;
}

function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let open = true;
  const stop = () => { open = false; };
  return new ReadableStream<Uint8Array>({
    start(controller) {
      req.on('data', (chunk: Uint8Array) => {
        if (!open) return; // cancelled: the rest is read and dropped
        controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
        if ((controller.desiredSize ?? 1) <= 0) req.pause();
      });
      req.once('end', () => { if (open) { stop(); controller.close(); } });
      req.once('error', (error) => { if (open) { stop(); controller.error(error); } });
      req.once('close', () => { if (open && !req.complete) { stop(); controller.error(new Error('the client went away')); } });
    },
    pull() { req.resume(); },
    cancel() { stop(); req.resume(); }, // keep reading (and dropping) so the connection can answer
  }, { highWaterMark: 4 });
}

export function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    try { headers.append(raw[i], raw[i + 1]); } catch { /* a header fetch refuses is dropped */ }
  }
  const method = req.method ?? 'GET';
  const url = `http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, { method, headers, signal, body: hasBody ? bodyStream(req) : null, duplex: 'half' } as RequestInit);
}

export async function writeResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => { headers[name] = value; });
  res.writeHead(response.status, headers);
  if (!response.body) return void res.end();
  return pipeStream(response.body, res);
}

function failed(res: ServerResponse): void {
  if (res.headersSent) return void res.destroy();
  res.writeHead(500, { 'Content-Type': 'application/json' });
  res.end('{"error":{"code":"internal","message":"the handler failed"}}');
}

export interface NodeListener {
  (req: IncomingMessage, res: ServerResponse): void;
  /** Exchanges not yet finished writing their response. */
  readonly active: number;
  /** Resolves true once `active` is 0, or false after `timeoutMs`. */
  idle(timeoutMs: number): Promise<boolean>;
}

function toIncoming(req: IncomingMessage): Incoming {
  const method = req.method ?? 'GET';
  let taken = false;
  return {
    method,
    url: req.url ?? '/',
    header: (name) => {
      const value = req.headers[name];
      return value === undefined ? null : Array.isArray(value) ? value.join(', ') : value;
    },
    body: () => {
      if (taken || method === 'GET' || method === 'HEAD') return null;
      taken = true;
      return bodyStream(req);
    },
  };
}

async function writeOutgoing(out: Outgoing, req: IncomingMessage, res: ServerResponse): Promise<void> {
  // A body the handler never read (a refused upload) is not worth receiving: the connection
  // closes after the answer instead of carrying the next request.
  // The headers object is this answer's own (exchange.ts), so it is added to, not copied.
  const { headers, body } = out;
  if (req.readableFlowing === null && !req.complete) {
    headers.Connection = 'close';
    req.resume();
  }
  if (body === null || typeof body === 'string' || body instanceof Uint8Array) {
    if (body !== null) headers['Content-Length'] = String(typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength);
    res.writeHead(out.status, headers);
    return void res.end(body ?? undefined);
  }
  res.writeHead(out.status, headers);
  return pipeStream(body, res);
}

async function pipeStream(body: ReadableStream<Uint8Array>, res: ServerResponse): Promise<void> {
  const reader = body.getReader();
  const gone = () => { reader.cancel().catch(() => {}); };
  res.once('close', gone);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => { res.once('drain', resolve); res.once('close', resolve); });
      if (res.destroyed) return;
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    res.off('close', gone);
  }
}

export function nodeListener(handler: FetchHandler): NodeListener {
  let active = 0;
  const waiters: (() => void)[] = [];
  const done = () => { if (--active === 0) for (const wake of waiters.splice(0)) wake(); };
  const listener = ((req: IncomingMessage, res: ServerResponse) => {
    active++;
    res.once('close', done);
    if (handler.handleExchange) {
      handler.handleExchange(toIncoming(req)).then((out) => writeOutgoing(out, req, res), () => failed(res));
      return;
    }
    const controller = new AbortController();
    res.once('close', () => { if (!res.writableFinished) controller.abort(); });
    let request: Request;
    try {
      request = toRequest(req, controller.signal);
    } catch {
      res.writeHead(400, { 'Content-Type': 'application/json' });
      return void res.end('{"error":{"code":"bad_request","message":"the request could not be read"}}');
    }
    handler(request).then((response) => writeResponse(response, res), () => failed(res));
  }) as NodeListener;
  Object.defineProperty(listener, 'active', { get: () => active });
  listener.idle = (timeoutMs) => active === 0 ? Promise.resolve(true) : new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    waiters.push(() => { clearTimeout(timer); resolve(true); });
  });
  return listener;
}

export interface NodeServerOptions {
  /** Headers and body must arrive within this (node:http's own requestTimeout). */
  requestTimeoutMs: number;
}

export function createNodeServer(handler: FetchHandler, options: NodeServerOptions): { server: Server; listener: NodeListener } {
  const http = nodeHttp();
  const listener = nodeListener(handler);
  const server = http.createServer({ requestTimeout: options.requestTimeoutMs, headersTimeout: Math.min(options.requestTimeoutMs, 60_000) }, listener);
  server.keepAliveTimeout = 5000;
  return { server, listener };
}
