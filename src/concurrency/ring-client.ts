// The pool's side of one worker's ring (ring-layout.ts): writes plain queries into request
// slots, reads answers out of response slots, and sleeps in Atomics.waitAsync only while the
// worker has work and nothing is waiting to be read.
import {
  RingViews, REQUEST_COUNT, RESPONSE_COUNT, WORKER_SLEEPING, POOL_SLEEPING, MESSAGE_COUNT, INLINE,
} from './ring-layout.js';

/** An answer read from the ring: its request id and, when `inline` (else it follows as a message), where its hits lie. */
export interface RingAnswer {
  id: number;
  inline: boolean;
  count: number;
  total: number;
  totalExact: boolean;
  tookMs: number;
  /** Index of the first score in views.f64 and of the first doc number in views.u32. */
  scoreAt: number;
  docAt: number;
}

export class RingClient {
  readonly views: RingViews;
  #nextRequest = 0;
  #nextResponse = 0;
  #readCount = 0;
  #armed = false;
  readonly #answer: RingAnswer = { id: 0, inline: false, count: 0, total: 0, totalExact: true, tookMs: 0, scoreAt: 0, docAt: 0 };

  constructor(slots: number) {
    this.views = RingViews.create(slots);
  }

  get buffer(): SharedArrayBuffer {
    return this.views.buffer;
  }

  /** Writes a query the caller checked with fitsRequestSlot, into a slot the worker is done with. */
  write(id: number, generation: number, text: string, limit: number | undefined, offset: number | undefined): void {
    const v = this.views;
    const slot = this.#nextRequest;
    this.#nextRequest = (slot + 1) % v.slots;
    const at = v.request(slot) >> 2;
    v.i32[at] = id;
    v.i32[at + 1] = generation;
    v.i32[at + 2] = limit ?? -1;
    v.i32[at + 3] = offset ?? -1;
    v.i32[at + 4] = text.length;
    const u16 = v.u16;
    const textAt = v.requestText(slot) >> 1;
    for (let i = 0; i < text.length; i++) u16[textAt + i] = text.charCodeAt(i);
    Atomics.add(v.i32, REQUEST_COUNT, 1); // publishes the slot (sequentially consistent)
    // Clearing the flag wakes a sleeping worker once, not once per query written before it runs.
    if (Atomics.compareExchange(v.i32, WORKER_SLEEPING, 1, 0)) Atomics.notify(v.i32, REQUEST_COUNT);
  }

  /** A message was posted to the worker: wake it if it sleeps on the ring. */
  messagePosted(): void {
    Atomics.add(this.views.i32, MESSAGE_COUNT, 1);
    Atomics.notify(this.views.i32, REQUEST_COUNT);
  }

  /** Calls `read` for every answer published since the last drain, oldest first; returns how many. */
  drain(read: (answer: RingAnswer) => void): number {
    const v = this.views;
    const published = Atomics.load(v.i32, RESPONSE_COUNT);
    let n = 0;
    const answer = this.#answer;
    while (this.#readCount !== published) {
      const slot = this.#nextResponse;
      const at = v.response(slot) >> 2;
      answer.id = v.i32[at]!;
      answer.inline = v.i32[at + 1] === INLINE;
      answer.count = v.i32[at + 2]!;
      const total = v.i32[at + 3]!;
      answer.total = total < 0 ? ~total : total;
      answer.totalExact = total >= 0;
      answer.tookMs = v.f64[(at >> 1) + 2]!;
      answer.scoreAt = v.responseScores(slot) >> 3;
      answer.docAt = v.responseDocs(slot) >> 2;
      // Consumed before `read` runs: it may write new requests, which the worker may answer into this slot.
      this.#nextResponse = (slot + 1) % v.slots;
      this.#readCount = (this.#readCount + 1) | 0;
      n++;
      read(answer);
    }
    return n;
  }

  /**
   * Sleeps until the worker publishes an answer, then calls `wake` once. Returns false without
   * sleeping when answers are already waiting (the caller drains them now).
   */
  sleep(wake: () => void): boolean {
    if (this.#armed) return true;
    const i32 = this.views.i32;
    Atomics.store(i32, POOL_SLEEPING, 1);
    const published = Atomics.load(i32, RESPONSE_COUNT);
    if (published !== this.#readCount) { Atomics.store(i32, POOL_SLEEPING, 0); return false; }
    const waiting = (Atomics as any).waitAsync(i32, RESPONSE_COUNT, published) as { async: boolean; value: Promise<string> | string };
    if (!waiting.async) { Atomics.store(i32, POOL_SLEEPING, 0); return false; }
    this.#armed = true;
    (waiting.value as Promise<string>).then(() => {
      this.#armed = false;
      Atomics.store(i32, POOL_SLEEPING, 0);
      wake();
    });
    return true;
  }

  /** Ends a pending sleep (the worker is gone, or has nothing left to answer): its `wake` runs once more. */
  cancel(): void {
    if (this.#armed) Atomics.notify(this.views.i32, RESPONSE_COUNT);
  }
}
