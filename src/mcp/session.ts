// One MCP connection: JSON-RPC 2.0 message rules (spec §4 Request object, §4.1 notifications,
// §5 Response object, §6 batch), the lifecycle state (MCP "Lifecycle": only initialize and
// ping before initialize; initialize never inside a batch), cancellation ("Utilities ›
// Cancellation": stop the work, send no response) and progress ("Utilities › Progress").
// Transports feed parsed messages in and write out whatever comes back.
import {
  ErrorCode, RpcError, describe, errorResponse, isPlainObject, isRequestId,
  type JsonRpcNotification, type JsonRpcResponse, type RequestId,
} from './json-rpc.js';
import { allowsBatches, initializeResult, negotiateVersion, type ProtocolVersion, type ServerIdentity } from './lifecycle.js';
import { METHODS, methodNotFound, type MethodHost } from './methods.js';
import type { ToolContext } from './tool.js';

export type Reply = JsonRpcResponse | JsonRpcResponse[] | undefined;

/** Receives server-to-client notifications; `relatedTo` is the request they belong to. */
export type NotifySink = (notification: JsonRpcNotification, relatedTo: RequestId) => void;

export interface SessionHost extends MethodHost {
  readonly identity: ServerIdentity;
}

class RequestContext implements ToolContext {
  cancelled = false;
  constructor(readonly id: RequestId, private readonly session: McpSession, private readonly token: unknown) {}

  progress(progress: number, total?: number, message?: string): void {
    if (this.cancelled || !isRequestId(this.token)) return;
    const params: Record<string, unknown> = { progressToken: this.token, progress };
    if (total !== undefined) params.total = total;
    if (message !== undefined) params.message = message;
    this.session.notify({ jsonrpc: '2.0', method: 'notifications/progress', params }, this.id);
  }
}

const isThenable = (value: unknown): value is Promise<unknown> => typeof (value as Promise<unknown>)?.then === 'function';

const invalidRequest = (id: RequestId | null, why: string) => errorResponse(id, ErrorCode.InvalidRequest, `Invalid Request: ${why}`);

export class McpSession {
  readonly #host: SessionHost;
  #sink: NotifySink | undefined;
  #version: ProtocolVersion | undefined;
  /** Requests whose answer is still being worked out (only async ones can be cancelled). */
  readonly #pending = new Map<RequestId, RequestContext>();
  #closed = false;
  /** Set by notifications/initialized; informational (requests are accepted once initialize is answered). */
  clientReady = false;

  constructor(host: SessionHost, sink?: NotifySink) {
    this.#host = host;
    this.#sink = sink;
  }

  /** The negotiated protocol version, once initialize has been answered. */
  get protocolVersion(): ProtocolVersion | undefined {
    return this.#version;
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** Requests in progress (async tool calls). */
  get pendingCount(): number {
    return this.#pending.size;
  }

  /** Handles one parsed message or batch; resolves to what to send back (nothing for notifications). */
  handle(message: unknown): Reply | Promise<Reply> {
    if (this.#closed) return undefined;
    if (Array.isArray(message)) return this.#batch(message);
    return this.#message(message, false);
  }

  /** Sends a notification through the transport's sink (dropped once closed). */
  notify(notification: JsonRpcNotification, relatedTo: RequestId): void {
    if (!this.#closed) this.#sink?.(notification, relatedTo);
  }

  /** Stops a request: its work sees `cancelled` and its response is dropped. */
  cancel(id: RequestId): void {
    const context = this.#pending.get(id);
    if (context) context.cancelled = true;
  }

  /** The client went away: cancels everything in progress; later messages are ignored. */
  close(): void {
    this.#closed = true;
    for (const context of this.#pending.values()) context.cancelled = true;
    this.#pending.clear();
    this.#sink = undefined;
  }

  #batch(batch: unknown[]): Reply | Promise<Reply> {
    if (batch.length === 0) return errorResponse(null, ErrorCode.InvalidRequest, 'Invalid Request: an empty batch');
    if (!allowsBatches(this.#version)) {
      const why = this.#version ? `protocol version ${this.#version} has no JSON-RPC batches (2025-03-26 had them)` : 'initialize must not be part of a batch, and batches need a session initialized with protocol version 2025-03-26';
      return errorResponse(null, ErrorCode.InvalidRequest, `Invalid Request: ${why}`);
    }
    const replies = batch.map((message) => this.#message(message, true));
    const collect = (list: (JsonRpcResponse | undefined)[]) => {
      const responses = list.filter((reply): reply is JsonRpcResponse => reply !== undefined);
      return responses.length ? responses : undefined;
    };
    return replies.some(isThenable) ? Promise.all(replies).then(collect) : collect(replies as (JsonRpcResponse | undefined)[]);
  }

  #message(message: unknown, inBatch: boolean): JsonRpcResponse | undefined | Promise<JsonRpcResponse | undefined> {
    if (!isPlainObject(message)) return errorResponse(null, ErrorCode.InvalidRequest, `Invalid Request: a JSON-RPC message must be an object, got ${describe(message)}`);
    const { id, method, params } = message;
    const answerId = isRequestId(id) ? id : null;
    if (message.jsonrpc !== '2.0') return invalidRequest(answerId, `"jsonrpc" must be "2.0", got ${describe(message.jsonrpc)}`);
    if (method === undefined) {
      // A response to a request of ours: this server sends none, so nothing waits for it.
      if (id !== undefined && ('result' in message || 'error' in message)) return undefined;
      return invalidRequest(answerId, 'a message needs a "method" (request or notification) or a "result" or "error" (response)');
    }
    if (typeof method !== 'string') return invalidRequest(answerId, `"method" must be a string, got ${describe(method)}`);
    if (id !== undefined && answerId === null) return invalidRequest(answerId, `"id" must be a string or a number, got ${describe(id)}`);
    if (params !== undefined && (typeof params !== 'object' || params === null)) return invalidRequest(answerId, `"params" must be an object, got ${describe(params)}`);
    if (id === undefined) {
      this.#notification(method, params);
      return undefined;
    }
    if (Array.isArray(params)) return errorResponse(answerId, ErrorCode.InvalidParams, `Invalid params: MCP params are an object, got an array (${method})`);
    return this.#request(answerId as RequestId, method, (params ?? {}) as Record<string, unknown>, inBatch);
  }

  #notification(method: string, params: unknown): void {
    if (method === 'notifications/initialized') this.clientReady = true;
    else if (method === 'notifications/cancelled' && isPlainObject(params) && isRequestId(params.requestId)) this.cancel(params.requestId);
    // Other notifications (roots/list_changed, unknown ones) need nothing from this server.
  }

  #request(id: RequestId, method: string, params: Record<string, unknown>, inBatch: boolean): JsonRpcResponse | Promise<JsonRpcResponse | undefined> {
    try {
      if (method === 'initialize') return { jsonrpc: '2.0', id, result: this.#initialize(params, inBatch) };
      const handler = METHODS[method];
      if (!handler) throw methodNotFound(method);
      if (!this.#version && method !== 'ping') throw new RpcError(ErrorCode.ServerError, `Server not initialized: send "initialize" before "${method}"`);
      const meta = params._meta;
      const context = new RequestContext(id, this, isPlainObject(meta) ? meta.progressToken : undefined);
      const result = handler(this.#host, params, context);
      if (!isThenable(result)) return { jsonrpc: '2.0', id, result };
      this.#pending.set(id, context);
      const settle = (reply: JsonRpcResponse | undefined) => {
        if (this.#pending.get(id) === context) this.#pending.delete(id);
        return context.cancelled ? undefined : reply;
      };
      return result.then(
        (value) => settle({ jsonrpc: '2.0', id, result: value }),
        (error) => settle(this.#errorFor(id, error)),
      );
    } catch (error) {
      return this.#errorFor(id, error);
    }
  }

  #initialize(params: Record<string, unknown>, inBatch: boolean): Record<string, unknown> {
    if (inBatch) throw new RpcError(ErrorCode.InvalidRequest, 'Invalid Request: initialize must not be part of a batch');
    if (this.#version) throw new RpcError(ErrorCode.InvalidRequest, `Invalid Request: this session is already initialized (protocol version ${this.#version})`);
    this.#version = negotiateVersion(params);
    return initializeResult(this.#version, this.#host.identity);
  }

  #errorFor(id: RequestId, error: unknown): JsonRpcResponse {
    if (error instanceof RpcError) return errorResponse(id, error.code, error.message, error.data);
    return errorResponse(id, ErrorCode.InternalError, `Internal error: ${error instanceof Error ? error.message : String(error)}`);
  }
}
