// Reading a request body under a byte cap and a deadline: a declared Content-Length over the
// cap is refused before reading; a body that grows past it, or a client that stalls past the
// deadline, is cancelled (never buffered whole), so slow or huge uploads cannot pin memory.
import type { Incoming } from './exchange.js';
import { HttpError } from './http-error.js';

export interface BodyLimits {
  maxBytes: number;
  timeoutMs: number;
}

export function checkDeclaredLength(request: Incoming, maxBytes: number): void {
  const declared = Number(request.header('content-length'));
  if (declared > maxBytes) throw tooLarge(maxBytes);
}

const tooLarge = (maxBytes: number) => new HttpError(413, 'payload_too_large', `the body is over the limit of ${maxBytes} bytes`);

/** Chunks of the body as they arrive; throws HttpError 413 / 408 and cancels the stream. */
export async function* bodyChunks(request: Incoming, { maxBytes, timeoutMs }: BodyLimits): AsyncGenerator<Uint8Array> {
  checkDeclaredLength(request, maxBytes);
  const body = request.body();
  if (!body) return;
  const reader = body.getReader();
  const deadline = Date.now() + timeoutMs;
  let length = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    for (;;) {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new HttpError(408, 'request_timeout', `the body did not arrive within ${timeoutMs} ms`)), Math.max(0, deadline - Date.now()));
      });
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await Promise.race([reader.read(), timeout]);
      } catch (error) {
        if (error instanceof HttpError) throw error;
        throw new HttpError(400, 'aborted', 'the request body was cut off');
      } finally {
        clearTimeout(timer);
      }
      if (step.done) return;
      length += step.value.length;
      if (length > maxBytes) throw tooLarge(maxBytes);
      yield step.value;
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

export async function readBody(request: Incoming, limits: BodyLimits): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  let length = 0;
  for await (const chunk of bodyChunks(request, limits)) { chunks.push(chunk); length += chunk.length; }
  if (chunks.length === 1) return chunks[0];
  const body = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) { body.set(chunk, at); at += chunk.length; }
  return body;
}

const decoder = new TextDecoder('utf-8', { fatal: true });

export function parseJson(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw new HttpError(400, 'bad_json', 'the body is not valid UTF-8');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new HttpError(400, 'bad_json', `the body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** `application/json` (any parameters) and friends. */
export function mediaType(request: Incoming): string {
  return (request.header('content-type') ?? '').split(';')[0].trim().toLowerCase();
}
