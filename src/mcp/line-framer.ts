// Splits a byte stream into newline-delimited messages (MCP "Transports › stdio": messages are
// delimited by newlines and contain none). A line longer than the limit is never held whole:
// once it passes the limit its bytes are dropped up to the next newline, keeping only its first
// and last bytes so the request id can often still be answered.

const NEWLINE = 0x0a;
const RETURN = 0x0d;
/** Bytes kept from each end of an oversized line. */
const EDGE = 256;

export interface OversizedLine {
  /** Bytes the line had (counted, not kept). */
  bytes: number;
  head: Uint8Array;
  tail: Uint8Array;
}

function concat(parts: Uint8Array[], total: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) { out.set(part, at); at += part.length; }
  return out;
}

export class LineFramer {
  #parts: Uint8Array[] = [];
  #length = 0;
  /** Set while skipping the rest of an oversized line. */
  #skipping: { bytes: number; head: Uint8Array; tail: Uint8Array } | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: Uint8Array) => void,
    private readonly onOversized: (line: OversizedLine) => void,
  ) {}

  push(chunk: Uint8Array): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      if (newline !== -1 && this.#length === 0 && !this.#skipping && newline - start <= this.maxBytes) {
        this.#emit(chunk.subarray(start, newline)); // the common case: a whole line in one chunk, no copy
        start = newline + 1;
        continue;
      }
      const end = newline === -1 ? chunk.length : newline;
      this.#take(chunk.subarray(start, end));
      if (newline === -1) return;
      this.#endLine();
      start = newline + 1;
    }
  }

  /** Whether part of a line is held (or being skipped): the next chunk continues it. */
  get holding(): boolean {
    return this.#length > 0 || this.#skipping !== undefined;
  }

  /** The input ended: a last line without a newline still counts. */
  end(): void {
    if (this.#length || this.#skipping) this.#endLine();
  }

  #take(piece: Uint8Array): void {
    if (piece.length === 0) return;
    if (this.#skipping) {
      this.#skipping.bytes += piece.length;
      this.#skipping.tail = keepTail(this.#skipping.tail, piece);
      return;
    }
    if (this.#length + piece.length <= this.maxBytes) {
      // Stream chunks are fresh buffers, but a caller may reuse its own: keep a copy.
      this.#parts.push(piece.slice());
      this.#length += piece.length;
      return;
    }
    const held = concat([...this.#parts, piece], this.#length + piece.length);
    this.#skipping = { bytes: held.length, head: held.slice(0, EDGE), tail: held.slice(-EDGE) };
    this.#parts = [];
    this.#length = 0;
  }

  #endLine(): void {
    if (this.#skipping) {
      const skipped = this.#skipping;
      this.#skipping = undefined;
      this.onOversized(skipped);
      return;
    }
    const line = concat(this.#parts, this.#length);
    this.#parts = [];
    this.#length = 0;
    this.#emit(line);
  }

  /** Lines are handed over synchronously: a view into the chunk is only valid during the call. */
  #emit(line: Uint8Array): void {
    if (line.length && line[line.length - 1] === RETURN) line = line.subarray(0, line.length - 1);
    if (line.length && !(isBlank(line[0]) && line.every(isBlank))) this.onLine(line);
  }
}

const isBlank = (byte: number) => byte === 0x20 || byte === 0x09 || byte === RETURN;

const BOM = 0xfeff;

/**
 * The lines of `text`, whole lines of a chunk decoded at once (each ends with a newline), as
 * LineFramer and a TextDecoder per line would give them: one trailing CR dropped, blank lines
 * skipped, one leading BOM dropped (the decoder per line drops it; decode `text` with ignoreBOM).
 */
export function eachTextLine(text: string, onLine: (line: string) => void): void {
  for (let start = 0, newline = text.indexOf('\n'); newline !== -1; start = newline + 1, newline = text.indexOf('\n', start)) {
    const end = newline > start && text.charCodeAt(newline - 1) === RETURN ? newline - 1 : newline;
    if (end === start || (isBlank(text.charCodeAt(start)) && isBlankText(text, start, end))) continue;
    onLine(text.slice(text.charCodeAt(start) === BOM ? start + 1 : start, end));
  }
}

function isBlankText(text: string, start: number, end: number): boolean {
  for (let at = start; at < end; at++) if (!isBlank(text.charCodeAt(at))) return false;
  return true;
}

function keepTail(tail: Uint8Array, piece: Uint8Array): Uint8Array {
  if (piece.length >= EDGE) return piece.slice(-EDGE);
  const out = new Uint8Array(Math.min(EDGE, tail.length + piece.length));
  const fromTail = out.length - piece.length;
  out.set(tail.subarray(tail.length - fromTail), 0);
  out.set(piece, fromTail);
  return out;
}

const ID_VALUE = String.raw`("(?:[^"\\]|\\.){0,100}"|-?\d{1,20})`;
/** `{"id":…` or `{"jsonrpc":"2.0","id":…` at the start: the top-level id, unambiguously. */
const HEAD_ID = new RegExp(String.raw`^\s*\{\s*(?:"jsonrpc"\s*:\s*"2\.0"\s*,\s*)?"id"\s*:\s*${ID_VALUE}`);
/** `…,"id":…}` at the very end: one closing brace after it, so it is the top-level id. */
const TAIL_ID = new RegExp(String.raw`[,{]\s*"id"\s*:\s*${ID_VALUE}\s*\}\s*$`);

/** The request id of an oversized line, when its first or last bytes show it; else null. */
export function oversizedLineId(line: OversizedLine): string | number | null {
  const decoder = new TextDecoder();
  const match = HEAD_ID.exec(decoder.decode(line.head)) ?? TAIL_ID.exec(decoder.decode(line.tail).replace(/\r$/, ''));
  if (!match) return null;
  try {
    const id = JSON.parse(match[1]);
    return typeof id === 'string' || Number.isSafeInteger(id) ? id : null;
  } catch {
    return null;
  }
}
