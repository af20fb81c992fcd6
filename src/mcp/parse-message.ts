// JSON.parse of one incoming message, with a shortcut for the one that dominates traffic: a
// tools/call request as clients write it. JSON.parse spends most of its time on the envelope
// (six keys, three objects); here a regular expression reads the envelope and only the
// arguments go through JSON.parse (a search call: 880 -> 530 ns). The object is the
// same, key order included, as JSON.parse(text) gives; any other text, and any arguments
// JSON.parse refuses, take the plain JSON.parse(text), so errors read exactly as before.

const ID = String.raw`(0|[1-9]\d{0,14})`;
/** A name without escapes: its JSON text is its value. */
const NAME = String.raw`"([^"\\\x00-\x1f]*)"`;
/** The arguments: the rest up to the envelope's fixed end, checked by JSON.parse. */
const ARGUMENTS = String.raw`(\{.*\})`;
/** JSON.stringify of the message in spec order (jsonrpc, id, method, params). */
const SPEC_ORDER = new RegExp(String.raw`^\{"jsonrpc":"2\.0","id":${ID},"method":"tools/call","params":\{"name":${NAME},"arguments":${ARGUMENTS}\}\}$`, 's');
/** The official SDK's Client: method and params first, then jsonrpc and id. */
const SDK_ORDER = new RegExp(String.raw`^\{"method":"tools/call","params":\{"name":${NAME},"arguments":${ARGUMENTS}\},"jsonrpc":"2\.0","id":${ID}\}$`, 's');

/** The arguments object, or undefined when its text is not one JSON object. */
function argumentsOf(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** JSON.parse(text), faster for a tools/call request written without spaces (throws as JSON.parse does). */
export function parseMessage(text: string): unknown {
  let match = SPEC_ORDER.exec(text);
  if (match !== null) {
    const args = argumentsOf(match[3]);
    if (args) return { jsonrpc: '2.0', id: Number(match[1]), method: 'tools/call', params: { name: match[2], arguments: args } };
  } else if ((match = SDK_ORDER.exec(text)) !== null) {
    const args = argumentsOf(match[2]);
    if (args) return { method: 'tools/call', params: { name: match[1], arguments: args }, jsonrpc: '2.0', id: Number(match[3]) };
  }
  return JSON.parse(text);
}
