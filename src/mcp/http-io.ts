// Reading request bodies under a size cap and writing JSON and SSE answers on node:http.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorResponse } from './json-rpc.js';
import { serializeMessage } from './serialize.js';

/** A refused body is drained (so the client can read the 413) up to this many bytes, then cut off. */
const DRAIN_LIMIT = 64 << 20;

/**
 * The body, or 'too large' as soon as it passes `max` bytes (a declared Content-Length over it
 * is refused before reading anything); the rest is discarded as it arrives, never held.
 */
export function readBody(req: IncomingMessage, max: number): Promise<Uint8Array | 'too large' | 'aborted'> {
  return new Promise((resolve) => {
    let length = 0;
    const discard = () => {
      req.removeAllListeners('data');
      req.on('data', (chunk: Uint8Array) => {
        length += chunk.length;
        if (length > DRAIN_LIMIT) req.destroy();
      });
      resolve('too large');
    };
    if (Number(req.headers['content-length']) > max) return discard();
    const chunks: Uint8Array[] = [];
    req.on('data', (chunk: Uint8Array) => {
      length += chunk.length;
      if (length > max) return discard();
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (length > max) return;
      if (chunks.length === 1) return resolve(chunks[0]);
      const body = new Uint8Array(length);
      let at = 0;
      for (const chunk of chunks) { body.set(chunk, at); at += chunk.length; }
      resolve(body);
    });
    req.on('error', () => resolve('aborted'));
    req.on('close', () => { if (!req.complete) resolve('aborted'); });
  });
}

const encoder = new TextEncoder();

export function sendJson(res: ServerResponse, status: number, message: unknown): void {
  const body = encoder.encode(serializeMessage(message));
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  res.end(body);
}

/** An HTTP error with a JSON-RPC error body (id null). */
export function sendRpcError(res: ServerResponse, status: number, code: number, message: string): void {
  if (res.headersSent) return void res.end();
  sendJson(res, status, errorResponse(null, code, message));
}

export function sendSseHead(res: ServerResponse, sessionId: string | undefined): void {
  const headers: Record<string, string> = { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' };
  if (sessionId) headers['Mcp-Session-Id'] = sessionId;
  res.writeHead(200, headers);
}

/** One SSE event carrying one JSON-RPC message (serialized JSON has no raw newlines). */
export const sseEvent = (json: string) => `event: message\ndata: ${json}\n\n`;
