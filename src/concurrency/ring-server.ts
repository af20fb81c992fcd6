// The worker's side of its ring (ring-layout.ts): takes queries in order, answers each into the
// next response slot, spins briefly when the ring runs dry, then sleeps in Atomics.wait until
// the pool writes a query or posts a message. Messages (loads, commits, other requests) are
// read on the event loop, so the worker returns to it while one is announced and not yet being
// handled, while async work started by one is pending, and every WAIT_MS while idle (timers
// run then too).
import {
  RingViews, REQUEST_COUNT, RESPONSE_COUNT, WORKER_SLEEPING, POOL_SLEEPING, MESSAGE_COUNT,
  RESPONSE_HITS, INLINE, BY_MESSAGE,
} from './ring-layout.js';
import type { SearchResult } from '../search/search-index.js';

export interface RingRequest {
  id: number;
  generation: number;
  query: string;
  options: { limit?: number; offset?: number };
}

/** What the worker made of a request: an answer, a message to post instead, or nothing (it will not answer). */
export type RingOutcome = { result: SearchResult } | { message: unknown } | undefined;

const SPIN_CHECKS = 300; // about 10 µs: long enough to catch a pool refilling the ring at once, short enough not to steal a busy core
/**
 * A sleeping pool is woken for an answer only once this worker has at most this many queries
 * left: until then it is busy anyway, and one wake-up then settles every answer so far (and
 * refills the ring while the worker runs the last). 1 rather than 2: on 2 workers, 0.25 instead
 * of 0.47 pool wake-ups per query with 8 clients, 0.10 instead of 0.17 with 64 (with one
 * wake-up serving every ring, search-pool.ts); a worker runs dry about once in 40 queries.
 */
const WAKE_AT_BACKLOG = 1;
const WAIT_MS = 25;
/**
 * While async work started by a message (a reload's load) is pending, at most this many queries
 * between turns of the event loop, so that each of its steps runs soon after it can: a full
 * ring between steps held a reload under 128 clients back by tens of milliseconds.
 */
const QUERIES_PER_TURN_WHILE_LOADING = 8;

/**
 * The query text at u16[at…at+length], eight code units per fromCharCode call: a third cheaper
 * than fromCharCode.apply over a subarray (no view of the shared buffer, no argument list built
 * from it), and unlike TextDecoder it keeps lone surrogates as they are.
 */
function readText(u16: Uint16Array, at: number, length: number): string {
  let text = '';
  let i = at;
  const end = at + length;
  for (; i + 8 <= end; i += 8) text += String.fromCharCode(u16[i]!, u16[i + 1]!, u16[i + 2]!, u16[i + 3]!, u16[i + 4]!, u16[i + 5]!, u16[i + 6]!, u16[i + 7]!);
  for (; i < end; i++) text += String.fromCharCode(u16[i]!);
  return text;
}

export class RingServer {
  readonly #v: RingViews;
  readonly #serve: (request: RingRequest) => RingOutcome;
  readonly #post: (id: number, outcome: NonNullable<RingOutcome>) => void;
  #nextRequest = 0;
  #nextResponse = 0;
  #taken = 0;
  #messagesSeen = 0;
  /** Async work started by messages and not finished (a load): the worker must not block meanwhile. */
  #asyncWork = 0;
  #resume: (() => void) | undefined;
  #turns: MessagePort | undefined;

  constructor(buffer: SharedArrayBuffer, slots: number, serve: (request: RingRequest) => RingOutcome, post: (id: number, outcome: NonNullable<RingOutcome>) => void) {
    this.#v = new RingViews(buffer, slots);
    this.#serve = serve;
    this.#post = post;
  }

  /**
   * The worker is handling a message (count every one, as the pool counts every one it posts).
   * Until then the message is pending, and the loop keeps returning to the event loop, where
   * the handler runs.
   */
  messageHandled(): void {
    this.#messagesSeen = (this.#messagesSeen + 1) | 0;
    this.#wake();
  }

  /** Brackets async work started by a message. */
  asyncWork(delta: 1 | -1): void {
    this.#asyncWork += delta;
    this.#wake();
  }

  /**
   * Answers the queries published so far (before a generation switch: they may name older
   * generations). Only those: a pool that keeps refilling the ring would otherwise hold the
   * worker here, inside a message's handler, for as long as its clients keep asking.
   */
  drain(): void {
    this.#answerQueries(false, (Atomics.load(this.#v.i32, REQUEST_COUNT) - this.#taken) | 0);
  }

  /**
   * Answers published queries until the ring is empty, or, with `untilMessage`, until a message
   * waits: a pool that keeps refilling the ring would otherwise keep the worker from ever
   * reading one (a reload waited through thousands of answers under 128 clients).
   */
  #answerQueries(untilMessage: boolean, most = Infinity): void {
    const v = this.#v;
    for (let answered = 0; answered < most && this.#taken !== Atomics.load(v.i32, REQUEST_COUNT); answered++) {
      if (untilMessage && this.#messagesPending()) return;
      const slot = this.#nextRequest;
      this.#nextRequest = (slot + 1) % v.slots;
      this.#taken = (this.#taken + 1) | 0;
      const at = v.request(slot) >> 2;
      const length = v.i32[at + 4]!;
      const textAt = v.requestText(slot) >> 1;
      const limit = v.i32[at + 2]!;
      const offset = v.i32[at + 3]!;
      const options: RingRequest['options'] = {};
      if (limit >= 0) options.limit = limit;
      if (offset >= 0) options.offset = offset;
      const request: RingRequest = {
        id: v.i32[at]!, generation: v.i32[at + 1]!, options,
        query: readText(v.u16, textAt, length),
      };
      const outcome = this.#serve(request);
      if (outcome) this.#answer(request.id, outcome);
    }
  }

  #answer(id: number, outcome: NonNullable<RingOutcome>): void {
    const v = this.#v;
    const slot = this.#nextResponse;
    this.#nextResponse = (slot + 1) % v.slots;
    const at = v.response(slot) >> 2;
    v.i32[at] = id;
    const result = 'result' in outcome ? outcome.result : undefined;
    if (result && !result.facets && result.hits.length <= RESPONSE_HITS) {
      const { hits } = result;
      v.i32[at + 1] = INLINE;
      v.i32[at + 2] = hits.length;
      v.i32[at + 3] = result.totalExact ? result.total : ~result.total;
      v.f64[(at >> 1) + 2] = result.tookMs;
      const scoreAt = v.responseScores(slot) >> 3;
      const docAt = v.responseDocs(slot) >> 2;
      for (let i = 0; i < hits.length; i++) {
        v.f64[scoreAt + i] = hits[i]!.score;
        v.u32[docAt + i] = hits[i]!.id as number;
      }
      this.#publish();
      return;
    }
    // The marker goes first, so the pool has consumed it by the time the message arrives.
    v.i32[at + 1] = BY_MESSAGE;
    this.#publish();
    this.#post(id, outcome);
  }

  #publish(): void {
    const i32 = this.#v.i32;
    Atomics.add(i32, RESPONSE_COUNT, 1);
    if (((Atomics.load(i32, REQUEST_COUNT) - this.#taken) | 0) <= WAKE_AT_BACKLOG && Atomics.compareExchange(i32, POOL_SLEEPING, 1, 0)) Atomics.notify(i32, RESPONSE_COUNT);
  }

  #wake(): void {
    const resume = this.#resume;
    this.#resume = undefined;
    resume?.();
  }

  #messagesPending(): boolean {
    return Atomics.load(this.#v.i32, MESSAGE_COUNT) !== this.#messagesSeen;
  }

  /** Back to the event loop until a message arrives or a timer tick passes. */
  #yield(): Promise<void> {
    return new Promise((resolve) => {
      this.#resume = resolve;
      setTimeout(() => this.#wake(), 0);
    });
  }

  /** Back to the event loop for one turn (a timer would wait a millisecond or more). */
  #turn(): Promise<void> {
    if (!this.#turns) {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => this.#wake();
      (channel.port1 as { unref?: () => void }).unref?.(); // Node: an open port alone keeps no thread alive
      this.#turns = channel.port2;
    }
    const turns = this.#turns;
    return new Promise((resolve) => {
      this.#resume = resolve;
      turns.postMessage(null);
    });
  }

  /** Runs for the worker's life. */
  async run(): Promise<void> {
    const i32 = this.#v.i32;
    for (;;) {
      const loading = this.#asyncWork > 0;
      this.#answerQueries(true, loading ? QUERIES_PER_TURN_WHILE_LOADING : Infinity);
      if (this.#messagesPending() || this.#asyncWork > 0) {
        await (loading && Atomics.load(i32, REQUEST_COUNT) !== this.#taken ? this.#turn() : this.#yield());
        continue;
      }
      let arrived = false;
      for (let i = 0; i < SPIN_CHECKS && !arrived; i++) arrived = Atomics.load(i32, REQUEST_COUNT) !== this.#taken;
      if (arrived) continue;
      Atomics.store(i32, WORKER_SLEEPING, 1);
      const outcome = this.#messagesPending() ? 'not-equal' : Atomics.wait(i32, REQUEST_COUNT, this.#taken, WAIT_MS);
      Atomics.store(i32, WORKER_SLEEPING, 0);
      if (outcome === 'timed-out') await this.#yield();
    }
  }
}
