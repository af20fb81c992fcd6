// serve(): hosts a fetch-style handler on the runtime's own server — Bun.serve, Deno.serve, or
// node:http through serve-node.ts — and stops it gracefully: no new connections, in-flight
// requests drained (up to a deadline), then idle connections closed.
import { createNodeServer } from './serve-node.js';

export interface ServeOptions {
  port?: number;
  /** Default 127.0.0.1 (loopback only). */
  host?: string;
  /** node:http's deadline for headers and body (default 30 s). */
  requestTimeoutMs?: number;
}

export interface DrainableHandler {
  (request: Request): Promise<Response>;
  drain?(timeoutMs?: number): Promise<boolean>;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  readonly runtime: 'bun' | 'deno' | 'node';
  /** Stops accepting, waits for in-flight requests (at most `drainMs`, default 10 s), then closes. */
  close(drainMs?: number): Promise<void>;
}

const urlFor = (host: string, port: number) => `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

export async function serve(handler: DrainableHandler, options: ServeOptions = {}): Promise<RunningServer> {
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new RangeError(`serve: port must be 0-65535, got ${String(port)}`);
  const g = globalThis as any;
  const drain = (drainMs: number) => handler.drain?.(drainMs) ?? Promise.resolve(true);

  if (g.Bun) {
    const server = g.Bun.serve({ port, hostname: host, fetch: handler, idleTimeout: 30, maxRequestBodySize: Number.MAX_SAFE_INTEGER });
    return {
      url: urlFor(host, server.port), port: server.port, runtime: 'bun',
      async close(drainMs = 10_000) {
        const stopped = server.stop(false);
        await drain(drainMs);
        await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, 100))]);
        server.stop(true);
      },
    };
  }

  if (g.Deno) {
    let bound = port;
    let listened!: () => void;
    const listening = new Promise<void>((resolve) => { listened = resolve; });
    const deno = g.Deno.serve({ port, hostname: host, onListen: (addr: { port: number }) => { bound = addr.port; listened(); } }, handler);
    await listening;
    return {
      url: urlFor(host, bound), port: bound, runtime: 'deno',
      async close(drainMs = 10_000) {
        // Deno's shutdown() cuts request bodies still arriving, so the handler drains first
        // (answering 503 to anything new) and the server closes after.
        await drain(drainMs);
        await deno.shutdown();
      },
    };
  }

  const { server, listener } = createNodeServer(handler, { requestTimeoutMs: options.requestTimeoutMs ?? 30_000 });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => { server.off('error', reject); resolve(); });
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    url: urlFor(host, bound), port: bound, runtime: 'node',
    async close(drainMs = 10_000) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const deadline = Date.now() + drainMs;
      await drain(drainMs);
      await listener.idle(Math.max(0, deadline - Date.now()));
      server.closeAllConnections();
      await closed;
    },
  };
}
