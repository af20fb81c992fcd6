// The shared request/response ring between a SearchPool and one worker: a SharedArrayBuffer
// with a small header of counters, `slots` request slots and `slots` response slots.
//
// The pool writes a plain query (text, limit, offset) into the next request slot and bumps
// REQUEST_COUNT; the worker answers in order into the next response slot (doc numbers and
// scores) and bumps RESPONSE_COUNT. Each side sleeps on the other's counter (the worker in
// Atomics.wait, the pool in Atomics.waitAsync) and is woken only when it said it sleeps, so a
// busy pool pays no wake-up per query and one wake-up settles every answer waiting in any ring.
// Queries or answers that do not fit a slot (query objects, filters, facets, highlights, long
// hit lists, errors) travel as messages; the ring then holds a marker in their place.

/** Header counters (Int32 indexes). Counts wrap; only their differences are used. */
export const REQUEST_COUNT = 0;
export const RESPONSE_COUNT = 1;
export const WORKER_SLEEPING = 2;
export const POOL_SLEEPING = 3;
/** Messages the pool has posted to the worker: a sleeping worker wakes to read them. */
export const MESSAGE_COUNT = 4;
const HEADER_BYTES = 64;

/** Request slot: Int32 [id, generation, limit (-1: none), offset (-1: none), text length], then UTF-16 text. */
export const REQUEST_SLOT_BYTES = 2048;
const REQUEST_TEXT_AT = 32;
export const REQUEST_TEXT_UNITS = (REQUEST_SLOT_BYTES - REQUEST_TEXT_AT) / 2;

/** Response slot: Int32 [id, kind, count, total (~total when it is a lower bound)], f64 tookMs at 16, f64 scores at 32, then u32 doc numbers. */
export const RESPONSE_HITS = 128;
const RESPONSE_SCORES_AT = 32;
const RESPONSE_DOCS_AT = RESPONSE_SCORES_AT + 8 * RESPONSE_HITS;
export const RESPONSE_SLOT_BYTES = RESPONSE_DOCS_AT + 4 * RESPONSE_HITS;
/** Response kinds: the answer is in the slot, or follows as a message. */
export const INLINE = 0;
export const BY_MESSAGE = 1;

/** Typed views of one ring buffer, shared by both sides. */
export class RingViews {
  readonly i32: Int32Array;
  readonly u16: Uint16Array;
  readonly f64: Float64Array;
  readonly u32: Uint32Array;

  constructor(readonly buffer: SharedArrayBuffer, readonly slots: number) {
    this.i32 = new Int32Array(buffer);
    this.u16 = new Uint16Array(buffer);
    this.f64 = new Float64Array(buffer);
    this.u32 = new Uint32Array(buffer);
  }

  static create(slots: number): RingViews {
    return new RingViews(new SharedArrayBuffer(HEADER_BYTES + slots * (REQUEST_SLOT_BYTES + RESPONSE_SLOT_BYTES)), slots);
  }

  /** Byte offset of request slot `slot`. */
  request(slot: number): number {
    return HEADER_BYTES + slot * REQUEST_SLOT_BYTES;
  }

  requestText(slot: number): number {
    return this.request(slot) + REQUEST_TEXT_AT;
  }

  /** Byte offset of response slot `slot`. */
  response(slot: number): number {
    return HEADER_BYTES + this.slots * REQUEST_SLOT_BYTES + slot * RESPONSE_SLOT_BYTES;
  }

  responseScores(slot: number): number {
    return this.response(slot) + RESPONSE_SCORES_AT;
  }

  responseDocs(slot: number): number {
    return this.response(slot) + RESPONSE_DOCS_AT;
  }
}

/** Whether this runtime can run rings: shared memory, and a way for the pool's thread to sleep on it. */
export function ringsSupported(): boolean {
  return typeof SharedArrayBuffer === 'function' && (globalThis as any).crossOriginIsolated !== false && typeof (Atomics as any).waitAsync === 'function';
}

/**
 * A search that fits a request slot: text, limit and offset (as int32). Other options fit only
 * when they change nothing (undefined, or highlight false), as Index.search reads them.
 */
export function fitsRequestSlot(query: unknown, options: object): query is string {
  if (typeof query !== 'string' || query.length > REQUEST_TEXT_UNITS) return false;
  for (const key in options) {
    const value = (options as Record<string, unknown>)[key];
    if (key === 'limit' || key === 'offset') {
      if (value !== undefined && !(Number.isInteger(value) && (value as number) >= 0 && (value as number) <= 0x7fffffff)) return false;
    } else if (key === 'highlight' ? value : value !== undefined || !NO_OP_KEYS.has(key)) {
      return false;
    }
  }
  return true;
}

const NO_OP_KEYS = new Set(['filter', 'facets', 'collectionStats']);
