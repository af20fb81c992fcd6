// The bytes of a cached value in Redis: magic "SXC", a format version, the CRC-32 and length
// of the body, then the body (UTF-8 JSON). Anything that does not check out decodes to
// undefined, so a truncated, foreign or corrupted entry is dropped, never served.
import { crc32 } from './crc32.js';

const MAGIC = [0x53, 0x58, 0x43]; // "SXC"
export const CACHE_PAYLOAD_VERSION = 1;
const HEADER = 12;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeCachePayload(value: unknown): Uint8Array {
  const body = encoder.encode(JSON.stringify(value));
  const bytes = new Uint8Array(HEADER + body.length);
  bytes.set(MAGIC, 0);
  bytes[3] = CACHE_PAYLOAD_VERSION;
  const view = new DataView(bytes.buffer);
  view.setUint32(4, crc32(body), true);
  view.setUint32(8, body.length, true);
  bytes.set(body, HEADER);
  return bytes;
}

/** The value, or undefined when the bytes are not a whole, intact payload of this version. */
export function decodeCachePayload(bytes: Uint8Array | string | null | undefined): unknown {
  if (!(bytes instanceof Uint8Array) || bytes.length < HEADER) return undefined;
  if (bytes[0] !== MAGIC[0] || bytes[1] !== MAGIC[1] || bytes[2] !== MAGIC[2] || bytes[3] !== CACHE_PAYLOAD_VERSION) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint32(8, true);
  if (length !== bytes.length - HEADER) return undefined;
  const body = bytes.subarray(HEADER);
  if (crc32(body) !== view.getUint32(4, true)) return undefined;
  try {
    return JSON.parse(decoder.decode(body));
  } catch {
    return undefined;
  }
}
