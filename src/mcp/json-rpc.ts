// JSON-RPC 2.0 as MCP uses it (MCP 2025-06-18 and 2025-03-26, "Base Protocol › Overview ›
// Messages"): requests carry a string or integer id (never null), notifications carry none,
// and every error answer has a code, a message and optional data.

export type RequestId = string | number;

/** JSON-RPC 2.0 §5.1 error codes, plus the MCP ones. */
export const ErrorCode = {
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  /** Implementation-defined server error (§5.1 reserves -32000…-32099): used for "not initialized",
   *  and by the Streamable HTTP transport for session problems, as the official SDK does. */
  ServerError: -32000,
  /** MCP 2025-06-18 "Server Features › Resources › Error Handling". */
  ResourceNotFound: -32002,
} as const;

export interface JsonRpcError {
  jsonrpc: '2.0';
  id: RequestId | null;
  error: { code: number; message: string; data?: unknown };
}

export interface JsonRpcResult {
  jsonrpc: '2.0';
  id: RequestId;
  result: Record<string, unknown>;
}

export type JsonRpcResponse = JsonRpcResult | JsonRpcError;

export interface JsonRpcNotification {
  jsonrpc: '2.0';
  method: string;
  params?: Record<string, unknown>;
}

/** Thrown by method handlers; the session turns it into an error response. */
export class RpcError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
    this.name = 'RpcError';
  }
}

export const invalidParams = (message: string, data?: unknown) => new RpcError(ErrorCode.InvalidParams, message, data);

export function errorResponse(id: RequestId | null, code: number, message: string, data?: unknown): JsonRpcError {
  const error: JsonRpcError['error'] = { code, message };
  if (data !== undefined) error.data = data;
  return { jsonrpc: '2.0', id, error };
}

export const isRequestId = (value: unknown): value is RequestId =>
  typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A short, safe rendering of a value for error messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}
