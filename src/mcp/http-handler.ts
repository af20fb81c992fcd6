// MCP over Streamable HTTP ("Base Protocol › Transports › Streamable HTTP", 2025-06-18 and
// 2025-03-26) as a request listener for node:http (which Bun and Deno provide too):
// - POST /mcp carries one message (or a 2025-03-26 batch); requests are answered with
//   application/json, or with an SSE stream when the client accepts one and asked for progress;
//   notifications and responses alone get 202 Accepted.
// - "Session Management": initialize's answer carries Mcp-Session-Id; later requests must send
//   it (400 without), an unknown or ended one gets 404, DELETE ends a session.
// - "Protocol Version Header" (2025-06-18): an unsupported MCP-Protocol-Version is a 400.
// - GET (a server-initiated SSE stream) is not offered: 405, as the spec allows.
// - Origin and bearer token are checked first (server/http-security.ts); bodies over the limit are 413.
// A client that disconnects mid-call cancels its requests ("Utilities › Cancellation").
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, errorResponse, isPlainObject, isRequestId, type JsonRpcNotification, type RequestId } from './json-rpc.js';
import { SUPPORTED_PROTOCOL_VERSIONS, isSupportedVersion } from './lifecycle.js';
import { bearerAllowed, originAllowed } from '../server/http-security.js';
import { readBody, sendJson, sendRpcError, sendSseHead, sseEvent } from './http-io.js';
import { serializeMessage } from './serialize.js';
import type { McpServer } from './server.js';
import type { McpSession, Reply } from './session.js';

export interface McpHttpOptions {
  /** The MCP endpoint path (default '/mcp'). */
  path?: string;
  /** Require `Authorization: Bearer <token>`. */
  token?: string;
  /** Browser origins allowed besides loopback ones, exactly as sent ("https://app.example:8443"). */
  allowedOrigins?: string[];
  /** Largest request body (default: the server's maxMessageBytes). */
  maxBodyBytes?: number;
  /** Live sessions kept at most; the least recently used goes first (default 1000). */
  maxSessions?: number;
  /** A session unused this long is ended (default 30 minutes). */
  sessionIdleMs?: number;
}

export interface McpHttpHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  readonly sessionCount: number;
  /** Ends every session (their in-progress requests are cancelled). */
  close(): void;
}

interface SessionEntry {
  id: string;
  session: McpSession;
  lastUsed: number;
  /** SSE responses waiting for notifications about their requests. */
  streams: Map<RequestId, (notification: JsonRpcNotification) => void>;
}

const header = (req: IncomingMessage, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** Request ids in a message or batch, and whether any asked for progress. */
function requestsIn(message: unknown): { ids: RequestId[]; progress: boolean } {
  const ids: RequestId[] = [];
  let progress = false;
  for (const item of Array.isArray(message) ? message : [message]) {
    if (!isPlainObject(item) || typeof item.method !== 'string' || !isRequestId(item.id)) continue;
    ids.push(item.id);
    const meta = isPlainObject(item.params) ? item.params._meta : undefined;
    if (isPlainObject(meta) && meta.progressToken !== undefined) progress = true;
  }
  return { ids, progress };
}

/** Errors about the message itself (id null) are the client's fault as a whole: HTTP 400. */
const statusFor = (reply: Reply) => (!Array.isArray(reply) && reply && 'error' in reply && reply.id === null ? 400 : 200);

export function createMcpHttpHandler(server: McpServer, options: McpHttpOptions = {}): McpHttpHandler {
  const path = options.path ?? '/mcp';
  const allowedOrigins = options.allowedOrigins ?? [];
  const maxBodyBytes = options.maxBodyBytes ?? server.maxMessageBytes;
  const maxSessions = options.maxSessions ?? 1000;
  const idleMs = options.sessionIdleMs ?? 30 * 60_000;
  const sessions = new Map<string, SessionEntry>();

  const end = (entry: SessionEntry) => {
    entry.session.close();
    sessions.delete(entry.id);
  };

  const open = (): SessionEntry => {
    const now = Date.now();
    // Map order is least recently used first: drop idle sessions, then any over the cap.
    for (const entry of sessions.values()) {
      if (now - entry.lastUsed < idleMs && sessions.size < maxSessions) break;
      end(entry);
    }
    const streams = new Map<RequestId, (notification: JsonRpcNotification) => void>();
    const session = server.openSession((notification, relatedTo) => streams.get(relatedTo)?.(notification));
    const entry: SessionEntry = { id: globalThis.crypto.randomUUID(), session, lastUsed: now, streams };
    sessions.set(entry.id, entry);
    return entry;
  };

  const touch = (entry: SessionEntry) => {
    entry.lastUsed = Date.now();
    sessions.delete(entry.id);
    sessions.set(entry.id, entry);
  };

  /** The session a non-initialize request names, or undefined after answering 400/404. */
  const known = (req: IncomingMessage, res: ServerResponse): SessionEntry | undefined => {
    const id = header(req, 'mcp-session-id');
    if (!id) return void sendRpcError(res, 400, ErrorCode.ServerError, 'Bad Request: the Mcp-Session-Id header is required (initialize first)');
    const entry = sessions.get(id);
    if (!entry) return void sendRpcError(res, 404, -32001, 'Session not found: it ended or never existed; initialize a new one');
    return entry;
  };

  async function post(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const type = header(req, 'content-type');
    if (!type || !/^application\/json\s*(;|$)/i.test(type)) return sendRpcError(res, 415, ErrorCode.ServerError, 'Unsupported Media Type: Content-Type must be application/json');
    const version = header(req, 'mcp-protocol-version');
    if (version !== undefined && !isSupportedVersion(version)) {
      return sendRpcError(res, 400, ErrorCode.ServerError, `Bad Request: unsupported MCP-Protocol-Version ${JSON.stringify(version)} (supported: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`);
    }
    const body = await readBody(req, maxBodyBytes);
    if (body === 'too large') return sendRpcError(res, 413, ErrorCode.InvalidRequest, `Payload Too Large: the body is over the limit of ${maxBodyBytes} bytes`);
    if (body === 'aborted') return;
    let message: unknown;
    try {
      message = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch (error) {
      const why = error instanceof SyntaxError ? error.message : 'the body is not valid UTF-8';
      return sendJson(res, 400, errorResponse(null, ErrorCode.ParseError, `Parse error: ${why}`));
    }
    const initializing = isPlainObject(message) && message.method === 'initialize';
    const entry = initializing ? open() : known(req, res);
    if (!entry) return;
    touch(entry);
    const { ids, progress } = requestsIn(message);
    const sse = progress && /text\/event-stream/i.test(header(req, 'accept') ?? '');
    if (sse) {
      sendSseHead(res, initializing ? entry.id : undefined);
      for (const id of ids) entry.streams.set(id, (notification) => res.write(sseEvent(serializeMessage(notification))));
    }
    // A client that goes away before its answer cancels what it asked for.
    res.on('close', () => {
      for (const id of ids) entry.streams.delete(id);
      if (!res.writableFinished) for (const id of ids) entry.session.cancel(id);
    });
    const reply = await entry.session.handle(message);
    if (initializing && (!reply || 'error' in reply)) end(entry);
    if (res.destroyed) return;
    if (reply === undefined && ids.length && entry.session.closed && !sse) {
      return sendRpcError(res, 404, -32001, 'Session not found: it ended while the request was running');
    }
    if (sse) {
      res.end(reply === undefined ? undefined : sseEvent(serializeMessage(reply)));
    } else if (reply === undefined) {
      res.writeHead(202).end();
    } else {
      if (initializing && !('error' in reply)) res.setHeader('Mcp-Session-Id', entry.id);
      sendJson(res, statusFor(reply), reply);
    }
  }

  function remove(req: IncomingMessage, res: ServerResponse): void {
    req.resume();
    const entry = known(req, res);
    if (!entry) return;
    end(entry);
    res.writeHead(200).end();
  }

  const handler = ((req: IncomingMessage, res: ServerResponse) => {
    const route = (req.url ?? '/').split('?')[0];
    if (route !== path) {
      req.resume();
      return sendRpcError(res, 404, ErrorCode.ServerError, `Not Found: the MCP endpoint is ${path}`);
    }
    if (!originAllowed(header(req, 'origin'), allowedOrigins)) {
      req.resume();
      return sendRpcError(res, 403, ErrorCode.ServerError, `Forbidden: Origin ${JSON.stringify(header(req, 'origin'))} is not allowed`);
    }
    if (!bearerAllowed(header(req, 'authorization'), options.token)) {
      req.resume();
      res.setHeader('WWW-Authenticate', 'Bearer realm="synthex"');
      return sendRpcError(res, 401, ErrorCode.ServerError, 'Unauthorized: send Authorization: Bearer <token>');
    }
    if (req.method === 'POST') {
      post(req, res).catch((error) => {
        if (!res.headersSent) sendRpcError(res, 500, ErrorCode.InternalError, `Internal error: ${error instanceof Error ? error.message : String(error)}`);
        else res.destroy();
      });
      return;
    }
    if (req.method === 'DELETE') return remove(req, res);
    req.resume();
    res.setHeader('Allow', 'POST, DELETE');
    sendRpcError(res, 405, ErrorCode.ServerError, `Method Not Allowed: ${req.method} (this endpoint takes POST and DELETE; it opens no GET stream)`);
  }) as McpHttpHandler;

  Object.defineProperty(handler, 'sessionCount', { get: () => sessions.size });
  handler.close = () => { for (const entry of [...sessions.values()]) end(entry); };
  return handler;
}
