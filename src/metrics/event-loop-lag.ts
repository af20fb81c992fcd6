// Event-loop lag: how late a repeating timer fires. The worst delay seen since the last read is
// reported (a scrape every 15 s should see a 200 ms stall that happened in between). The timer
// never keeps a process alive.

export class EventLoopLag {
  #timer: ReturnType<typeof setTimeout> | undefined;
  #worst = 0;
  #last = 0;

  constructor(readonly intervalMs = 100) {}

  start(): this {
    if (this.#timer) return this;
    const tick = () => {
      const now = performance.now();
      this.#last = Math.max(0, now - this.#expected);
      this.#worst = Math.max(this.#worst, this.#last);
      this.#expected = now + this.intervalMs;
      this.#timer = setTimeout(tick, this.intervalMs);
      (this.#timer as { unref?: () => void }).unref?.();
    };
    this.#expected = performance.now() + this.intervalMs;
    this.#timer = setTimeout(tick, this.intervalMs);
    (this.#timer as { unref?: () => void }).unref?.();
    return this;
  }

  #expected = 0;

  /** The worst lag in seconds since the previous call (or the last one seen). */
  takeWorstSeconds(): number {
    const worst = Math.max(this.#worst, this.#last);
    this.#worst = 0;
    return worst / 1000;
  }

  stop(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
