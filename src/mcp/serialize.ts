// Turning messages into wire text. A tool result carries its structured content twice — as
// `structuredContent` and as the serialized JSON in a text block (MCP 2025-06-18 "Server
// Features › Tools › Structured Content": a tool returning structured content SHOULD also return
// it serialized in a TextContent block). The JSON is made at most once: lazily for in-process
// callers (who often read only structuredContent), and spliced into the wire text by the
// transports together with its escaped form, not serialized again.

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

export interface CallToolResult {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  [key: string]: unknown;
}

const resultJson = new WeakMap<object, () => JsonPair>();

/**
 * A successful tools/call result: structured content plus its JSON as text. `serialize` may
 * make the JSON faster than JSON.stringify; it must give the same text (or undefined to decline).
 */
export function structuredResult(structured: Record<string, unknown>, serialize?: () => JsonPair | undefined): CallToolResult {
  let pair: JsonPair | undefined;
  const made = () => (pair ??= serialize?.() ?? pairOf(structured));
  const text = { type: 'text' as const, get text() { return made().json; } };
  const result: CallToolResult = { content: [text], structuredContent: structured };
  resultJson.set(result, made);
  return result;
}

/** A tool execution error (MCP "Tools › Error Handling": reported in the result, isError true). */
export function toolErrorResult(message: string): CallToolResult {
  return { content: [{ type: 'text', text: message }], isError: true };
}

/** One message (or batch) as a line of JSON without newlines (JSON.stringify escapes them). */
export function serializeMessage(message: unknown): string {
  if (Array.isArray(message)) return `[${message.map(serializeMessage).join(',')}]`;
  const result = (message as { result?: object }).result;
  const made = result && resultJson.get(result);
  if (made === undefined) return JSON.stringify(message);
  const { json, escaped } = made();
  const id = JSON.stringify((message as { id: unknown }).id);
  return `{"jsonrpc":"2.0","id":${id},"result":{"content":[{"type":"text","text":"${escaped}"}],"structuredContent":${json}}}`;
}
