// Turning messages into wire text. A tool result carries its structured content twice — as
// `structuredContent` and as the serialized JSON in a text block (MCP 2025-06-18 "Server
// Features › Tools › Structured Content": a tool returning structured content SHOULD also return
// it serialized in a TextContent block). The JSON is made at most once as a string, lazily, for
// in-process callers (who often read only structuredContent); transports write it as bytes
// (writeMessage), twice — escaped inside the text block and plain as structuredContent — with
// no string in between when the tool knows its result's shape (search does).
import { WireBuffer, encodeText } from './wire-buffer.js';

/** JSON text, and the same text escaped as the content of a JSON string. */
export interface JsonPair {
  json: string;
  escaped: string;
}

/** JSON text escaped as the content of a JSON string (no surrounding quotes). */
export const escapeJson = (json: string) => JSON.stringify(json).slice(1, -1);

export function pairOf(value: unknown): JsonPair {
  const json = JSON.stringify(value);
  return { json, escaped: escapeJson(json) };
}

/**
 * The JSON of one structured result, as a tool makes it. Both forms must equal
 * JSON.stringify(structured) (escaped: the same text as the content of a JSON string).
 */
export interface StructuredJson {
  /** As strings (in-process readers of content[0].text, HTTP's SSE events). */
  pair(): JsonPair;
  /** As UTF-8 bytes into `out`. */
  write(out: WireBuffer, escaped: boolean): void;
}

/** Any structured result: JSON.stringify once, on first use. */
export class PlainJson implements StructuredJson {
  #pair: JsonPair | undefined;
  constructor(private readonly structured: unknown) {}
  pair(): JsonPair {
    return (this.#pair ??= pairOf(this.structured));
  }
  write(out: WireBuffer, escaped: boolean): void {
    const pair = this.pair();
    out.text(escaped ? pair.escaped : pair.json);
  }
}

export interface CallToolResult {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  [key: string]: unknown;
}

/** Where a result and its text block keep their StructuredJson (a symbol: JSON and deep-equality skip it). */
const STRUCTURED_JSON = Symbol('structuredJson');

/**
 * The text block's `text`: an own, enumerable getter shared by every block. A getter in an
 * object literal would be a new function per block, which turns each block into a slow
 * dictionary-mode object (about 0.5 µs per call, and more work for the collector).
 */
const LAZY_TEXT: PropertyDescriptor = {
  get(this: { [STRUCTURED_JSON]: StructuredJson }) { return this[STRUCTURED_JSON].pair().json; },
  enumerable: true,
  configurable: true,
};

/** A successful tools/call result: structured content plus its JSON as text (made when read). */
export function structuredResult(structured: Record<string, unknown>, json: StructuredJson = new PlainJson(structured)): CallToolResult {
  const text = Object.defineProperty({ type: 'text' as const, [STRUCTURED_JSON]: json }, 'text', LAZY_TEXT) as unknown as { type: 'text'; text: string };
  return { content: [text], structuredContent: structured, [STRUCTURED_JSON]: json };
}

const structuredJsonOf = (result: unknown): StructuredJson | undefined =>
  typeof result === 'object' && result !== null ? (result as Record<symbol, StructuredJson | undefined>)[STRUCTURED_JSON] : undefined;

/** A tool execution error (MCP "Tools › Error Handling": reported in the result, isError true). */
export function toolErrorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** One message (or batch) as a line of JSON without newlines (JSON.stringify escapes them). */
export function serializeMessage(message: unknown): string {
  if (Array.isArray(message)) return `[${message.map(serializeMessage).join(',')}]`;
  const json = structuredJsonOf((message as { result?: unknown }).result);
  if (json === undefined) return JSON.stringify(message);
  const { json: text, escaped } = json.pair();
  const id = JSON.stringify((message as { id: unknown }).id);
  return `{"jsonrpc":"2.0","id":${id},"result":{"content":[{"type":"text","text":"${escaped}"}],"structuredContent":${text}}}`;
}

const RESULT_HEAD = encodeText('{"jsonrpc":"2.0","id":');
const TEXT_HEAD = encodeText(',"result":{"content":[{"type":"text","text":"');
const STRUCTURED_HEAD = encodeText('"}],"structuredContent":');
const RESULT_TAIL = encodeText('}}');

/** The same text as serializeMessage, as UTF-8 bytes written into `out`. */
export function writeMessage(message: unknown, out: WireBuffer): void {
  if (Array.isArray(message)) {
    out.byte(0x5b); // [
    for (let i = 0; i < message.length; i++) {
      if (i) out.byte(0x2c); // ,
      writeMessage(message[i], out);
    }
    out.byte(0x5d); // ]
    return;
  }
  const json = structuredJsonOf((message as { result?: unknown }).result);
  if (json === undefined) return out.text(JSON.stringify(message));
  const id = (message as { id: unknown }).id;
  out.copy(RESULT_HEAD);
  if (typeof id === 'number') out.ascii(String(id)); // as JSON writes a finite number, faster
  else out.text(JSON.stringify(id));
  out.copy(TEXT_HEAD);
  json.write(out, true);
  out.copy(STRUCTURED_HEAD);
  json.write(out, false);
  out.copy(RESULT_TAIL);
}
