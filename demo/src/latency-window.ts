// Engine times of the last 100 queries, for the numbers panel's p50 and p99.
export class LatencyWindow {
  #values: number[] = [];
  constructor(readonly size = 100) {}

  add(ms: number): void {
    this.#values.push(ms);
    if (this.#values.length > this.size) this.#values.shift();
  }

  get count(): number { return this.#values.length; }

  /** Nearest-rank percentile (p in 0..100), in ms; NaN when empty. */
  percentile(p: number): number {
    if (!this.#values.length) return NaN;
    const sorted = [...this.#values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
  }
}
