// MCP over stdio ("Base Protocol › Transports › stdio", 2025-06-18 and 2025-03-26): one JSON
// message per line on stdin, answers on stdout, nothing else on stdout. Bad input is answered
// and the server keeps reading: invalid UTF-8 or JSON is a parse error (-32700), an oversized
// line is refused (-32600) without being held in memory. Answers are written as UTF-8 bytes into
// a WireBuffer, and all those produced in one turn of the event loop go out in one write (no
// per-answer strings to join and encode again); stdin pauses while stdout is backed up. A client
// that goes away (stdout broken) cancels the work in progress. Each chunk read is framed and
// parsed whole before its messages are handled, so a request cancelled later in the same chunk
// is never begun (cancelled-ahead.ts).
import { cancelledAhead } from './cancelled-ahead.js';
import { ErrorCode, errorResponse, isRequestId, type JsonRpcNotification, type JsonRpcResponse } from './json-rpc.js';
import { LineFramer, eachTextLine, oversizedLineId } from './line-framer.js';
import { parseMessage } from './parse-message.js';
import { writeMessage } from './serialize.js';
import { WireBuffer } from './wire-buffer.js';
import type { McpServer } from './server.js';
import type { McpSession, Reply } from './session.js';

/** The subset of Node's Readable that Node, Bun and Deno's process.stdin all provide. */
export interface ByteSource {
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
  resume(): unknown;
}

/** The subset of Node's Writable used here (Node, Bun and Deno's process.stdout take bytes). */
export interface TextSink {
  write(bytes: Uint8Array): boolean;
  once(event: 'drain', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface StdioOptions {
  /** Default: process.stdin. */
  input?: ByteSource;
  /** Default: process.stdout. */
  output?: TextSink;
}

export interface StdioConnection {
  readonly session: McpSession;
  /** Resolves when the input has ended and every answer and queued change is done. */
  readonly closed: Promise<void>;
}

const isThenable = (value: unknown): value is Promise<Reply> => typeof (value as Promise<Reply>)?.then === 'function';

const NEWLINE = 0x0a;

/** A line answered without reaching the session (not UTF-8, not JSON, over the size limit). */
class Refused {
  constructor(readonly answer: JsonRpcResponse) {}
}

/** Serves one MCP session over a pair of streams (stdin/stdout by default). */
export function serveMcpStdio(server: McpServer, options: StdioOptions = {}): StdioConnection {
  const proc = (globalThis as { process?: { stdin: ByteSource; stdout: TextSink } }).process;
  const input = options.input ?? proc?.stdin;
  const output = options.output ?? proc?.stdout;
  if (!input || !output) throw new TypeError('serveMcpStdio: no input/output streams (pass { input, output })');

  const out = new WireBuffer();
  let scheduled = false;
  let paused = false;
  let inFlight = 0;
  let ended = false;
  let outputBroken = false;
  let finish!: () => void;
  const closed = new Promise<void>((resolve) => { finish = resolve; });

  const flush = () => {
    scheduled = false;
    if (!out.pending) return;
    if (outputBroken) return void out.take(); // nobody to read them
    let flowing = true;
    for (const bytes of out.take()) flowing = output.write(bytes) && flowing;
    if (!flowing && !paused) {
      paused = true;
      input.pause();
      output.once('drain', () => { paused = false; input.resume(); });
    }
  };
  const send = (message: unknown) => {
    out.begin();
    try {
      writeMessage(message, out);
    } catch (error) {
      // Not JSON (a BigInt, a cycle): nothing half-written may reach the client.
      out.abort();
      const id = (message as { id?: unknown }).id;
      if (!isRequestId(id)) return;
      writeMessage(errorResponse(id, ErrorCode.InternalError, `Internal error: the answer could not be serialized (${error instanceof Error ? error.message : String(error)})`), out);
    }
    out.byte(0x0a);
    if (!scheduled) { scheduled = true; queueMicrotask(flush); }
  };
  const maybeFinish = () => {
    if (!ended || inFlight > 0) return;
    void server.idle().then(() => { flush(); finish(); });
  };
  const reply = (answer: Reply | Promise<Reply>) => {
    if (!isThenable(answer)) { if (answer !== undefined) send(answer); return; }
    inFlight++;
    answer.then((value) => { if (value !== undefined && !session.closed) send(value); }, () => undefined)
      .finally(() => { inFlight--; maybeFinish(); });
  };

  const session = server.openSession((notification: JsonRpcNotification) => send(notification));
  const decoder = new TextDecoder('utf-8', { fatal: true });
  /** The messages of the chunk being read, in order. */
  let read: unknown[] = [];
  const parseLine = (text: string) => {
    try {
      read.push(parseMessage(text));
    } catch (error) {
      read.push(new Refused(errorResponse(null, ErrorCode.ParseError, `Parse error: ${error instanceof Error ? error.message : 'invalid JSON'}`)));
    }
  };
  const framer = new LineFramer(server.maxMessageBytes, (line) => {
    let text: string;
    try {
      text = decoder.decode(line);
    } catch {
      return void read.push(new Refused(errorResponse(null, ErrorCode.ParseError, 'Parse error: the message is not valid UTF-8')));
    }
    parseLine(text);
  }, (line) => {
    read.push(new Refused(errorResponse(oversizedLineId(line), ErrorCode.InvalidRequest, `Invalid Request: the message has ${line.bytes} bytes, over the limit of ${server.maxMessageBytes}; it was discarded`)));
  });
  const handleRead = () => {
    if (read.length === 0) return;
    const messages = read;
    read = [];
    const skip = cancelledAhead(messages);
    for (let at = 0; at < messages.length; at++) {
      const message = messages[at];
      if (message instanceof Refused) send(message.answer);
      else if (!skip?.has(at)) reply(session.handle(message));
    }
  };

  // The whole lines at the start of a chunk (all of them, at 64 in flight) are decoded in one
  // call rather than one per line; a run that is not valid UTF-8 goes through the framer line by
  // line, so only its bad lines are refused. Runs over the size limit take that path too.
  const runDecoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const readWholeLines = (chunk: Uint8Array): Uint8Array => {
    if (framer.holding) return chunk;
    const end = chunk.lastIndexOf(NEWLINE) + 1;
    if (end === 0 || end > server.maxMessageBytes) return chunk;
    let text: string;
    try {
      text = runDecoder.decode(chunk.subarray(0, end));
    } catch {
      return chunk;
    }
    eachTextLine(text, parseLine);
    return chunk.subarray(end);
  };
  const encoder = new TextEncoder();
  input.on('data', (chunk: Uint8Array | string) => {
    const rest = readWholeLines(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
    if (rest.length) framer.push(rest);
    handleRead();
  });
  // End of input is the client's shutdown signal (MCP "Lifecycle › Shutdown › stdio"): answers
  // still being worked out are finished and written, then `closed` resolves.
  const onEnd = () => {
    if (ended) return;
    framer.end();
    handleRead();
    ended = true;
    maybeFinish();
  };
  input.on('end', onEnd);
  input.on('close', onEnd);
  input.on('error', onEnd);
  // A broken output means the client is gone: nothing can be delivered, so work in progress stops.
  output.on('error', () => {
    outputBroken = true;
    session.close();
    onEnd();
  });
  return { session, closed };
}
