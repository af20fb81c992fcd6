// Wire text written as bytes into large blocks rather than built as strings: parts that repeat
// (a document's JSON in a search hit) are encoded once and copied in, numbers are written as
// ASCII, and a transport hands everything written in one turn to its stream in one write. This
// skips what strings cost per message: joining them into one big string, then encoding that
// whole string to UTF-8 again inside the stream's write.
//
// Bytes handed out by take() are never written again (a stream may still hold them after write
// returns), so a full block is left to the garbage collector and a new one started.

const encoder = new TextEncoder();

/** Node, Bun and Deno's Buffer.allocUnsafeSlow skips zero-filling (every byte handed out is written first). */
const allocate: (size: number) => Uint8Array = (() => {
  const buffer = (globalThis as { Buffer?: { allocUnsafeSlow?: (size: number) => Uint8Array } }).Buffer;
  const unsafe = buffer?.allocUnsafeSlow;
  return typeof unsafe === 'function' ? (size) => unsafe.call(buffer, size) : (size) => new Uint8Array(size);
})();

const BLOCK_BYTES = 256 << 10;

export class WireBuffer {
  #block: Uint8Array;
  /** Next byte to write. */
  #at = 0;
  /** Start of what has not been taken yet. */
  #start = 0;
  /** Start of the message being written: only it moves when a block fills. */
  #message = 0;
  /** Finished messages from full blocks, waiting for take(). */
  #ready: Uint8Array[] = [];

  constructor(private readonly blockBytes = BLOCK_BYTES) {
    this.#block = allocate(blockBytes);
  }

  /** Marks the start of a message (a block that fills while it is written moves only this message). */
  begin(): void {
    this.#message = this.#at;
  }

  /** Drops the message begun last (its writer failed midway). */
  abort(): void {
    this.#at = this.#message;
  }

  /** Room for `bytes` more. */
  #room(bytes: number): void {
    if (this.#at + bytes > this.#block.length) this.#grow(bytes);
  }

  #grow(bytes: number): void {
    const old = this.#block;
    if (this.#message > this.#start) this.#ready.push(old.subarray(this.#start, this.#message));
    const partial = this.#at - this.#message;
    // Room for the partial message twice over, so one long message moves O(log n) times.
    const block = allocate(Math.max(this.blockBytes, 2 * partial + bytes));
    block.set(old.subarray(this.#message, this.#at));
    this.#block = block;
    this.#start = this.#message = 0;
    this.#at = partial;
  }

  byte(value: number): void {
    if (this.#at === this.#block.length) this.#grow(1);
    this.#block[this.#at++] = value;
  }

  /** A string known to be ASCII (numbers as String() or JSON gives them). */
  ascii(text: string): void {
    const length = text.length;
    this.#room(length);
    const block = this.#block;
    let at = this.#at;
    for (let i = 0; i < length; i++) block[at++] = text.charCodeAt(i);
    this.#at = at;
  }

  /** Any string, as UTF-8 (lone surrogates become U+FFFD, as in every UTF-8 encoder). */
  text(text: string): void {
    const length = text.length;
    if (length <= 64) {
      // Short strings: a byte loop, while they stay ASCII, beats a call into the encoder.
      this.#room(length);
      const block = this.#block;
      const from = this.#at;
      let i = 0;
      for (; i < length; i++) {
        const code = text.charCodeAt(i);
        if (code >= 0x80) break;
        block[from + i] = code;
      }
      this.#at = from + i;
      if (i === length) return;
      text = text.slice(i);
    }
    this.#room(text.length * 3);
    this.#at += encoder.encodeInto(text, this.#block.subarray(this.#at)).written;
  }

  /**
   * Room for `bytes` more: the block to write into from `position`, valid until the next call
   * on this buffer. A writer that knows its length ahead (search-json.ts) writes straight into
   * it and then sets `position`, with no room check per piece.
   */
  reserve(bytes: number): Uint8Array {
    this.#room(bytes);
    return this.#block;
  }

  /** Where the next byte goes in the block `reserve` returned. */
  get position(): number {
    return this.#at;
  }

  /** After writing into a reserved block: the end of what was written (at most the room reserved). */
  set position(at: number) {
    this.#at = at;
  }

  /** Bytes made earlier (an encoded part). */
  copy(bytes: Uint8Array): void {
    this.#room(bytes.length);
    this.#block.set(bytes, this.#at);
    this.#at += bytes.length;
  }

  /** Bytes written since the last take (and not taken), in order; never written again. */
  take(): Uint8Array[] {
    const out = this.#ready;
    if (this.#at > this.#start) out.push(this.#block.subarray(this.#start, this.#at));
    this.#ready = [];
    this.#start = this.#message = this.#at;
    return out;
  }

  /** Whether anything waits to be taken. */
  get pending(): boolean {
    return this.#at > this.#start || this.#ready.length > 0;
  }
}

/** UTF-8 bytes of a string made once (a constant, or a cached part). */
export const encodeText = (text: string): Uint8Array => encoder.encode(text);
