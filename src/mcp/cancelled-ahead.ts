// Requests cancelled before they were begun. A busy server (stdin paused while stdout drains, a
// long add_documents ahead) can read a request and the client's notifications/cancelled for
// it in the same chunk; running it anyway would waste the work and send an answer the client
// has stopped waiting for (MCP 2025-06-18 "Utilities › Cancellation": the receiver SHOULD
// stop processing the request and SHOULD NOT send a response for it).
import { isPlainObject, isRequestId, type RequestId } from './json-rpc.js';

const CANCELLED = 'notifications/cancelled';

/** The request id a notifications/cancelled message names, or undefined for any other message. */
function cancelledId(message: unknown): RequestId | undefined {
  if (!isPlainObject(message) || message.method !== CANCELLED || message.id !== undefined) return undefined;
  const { params } = message;
  return isPlainObject(params) && isRequestId(params.requestId) ? params.requestId : undefined;
}

/**
 * Which of `messages` (read together, in order) are requests cancelled by a later message of
 * the same read: their positions, or undefined when none is (the common case, no allocation).
 */
export function cancelledAhead(messages: readonly unknown[]): Set<number> | undefined {
  let lastCancel: Map<RequestId, number> | undefined;
  for (let at = 0; at < messages.length; at++) {
    const id = cancelledId(messages[at]);
    if (id !== undefined) (lastCancel ??= new Map()).set(id, at);
  }
  if (!lastCancel) return undefined;
  let skip: Set<number> | undefined;
  for (let at = 0; at < messages.length; at++) {
    const message = messages[at];
    if (!isPlainObject(message) || typeof message.method !== 'string' || !isRequestId(message.id)) continue;
    // A cancel names a request sent before it: an id used again after its cancel is a new request.
    if ((lastCancel.get(message.id) ?? -1) > at) (skip ??= new Set()).add(at);
  }
  return skip;
}
