// Errors the search service answers with: JSON `{ error: { code, message } }` and a status.
import { ClosedError, DocumentError, DuplicateIdError, FilterError, MemoryLimitError, QueueFullError, SearchTimeoutError, WorkerError } from '../errors.js';
import { QueryError } from '../search/query-language.js';
import type { Outgoing } from './exchange.js';

export class HttpError extends Error {
  constructor(readonly status: number, readonly code: string, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
    this.name = 'HttpError';
  }
}

export function jsonResponse(status: number, body: unknown, headers?: Record<string, string>): Outgoing {
  return textResponse(status, JSON.stringify(body), 'application/json', headers);
}

export function textResponse(status: number, text: string, type: string, headers?: Record<string, string>): Outgoing {
  // A literal when there is nothing to add: spreading even an empty object gives each answer
  // headers on V8's slow property path (about 3 % of the server's CPU).
  return { status, headers: headers ? { 'Content-Type': type, ...headers } : { 'Content-Type': type }, body: text };
}

/** What the engine throws, as the HTTP error a client can act on. */
export function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof MemoryLimitError) return new HttpError(503, 'memory_limit', error.message);
  if (error instanceof ClosedError) return new HttpError(503, 'unavailable', error.message);
  if (error instanceof QueueFullError) return new HttpError(503, 'queue_full', error.message, { 'Retry-After': '1' });
  if (error instanceof SearchTimeoutError) return new HttpError(504, 'timeout', error.message);
  if (error instanceof WorkerError) return new HttpError(503, 'worker_failed', error.message);
  if (error instanceof QueryError) return new HttpError(400, 'invalid_query', error.message);
  if (error instanceof FilterError) return new HttpError(400, 'invalid_filter', error.message);
  if (error instanceof DuplicateIdError) return new HttpError(409, 'duplicate_id', error.message);
  if (error instanceof DocumentError) return new HttpError(400, 'invalid_document', error.message);
  if (error instanceof TypeError || error instanceof RangeError) return new HttpError(400, 'bad_request', error.message);
  return new HttpError(500, 'internal', error instanceof Error ? error.message : String(error));
}

export function errorResponse(error: HttpError, headers: Record<string, string> = {}): Outgoing {
  return jsonResponse(error.status, { error: { code: error.code, message: error.message } }, { ...error.headers, ...headers });
}
