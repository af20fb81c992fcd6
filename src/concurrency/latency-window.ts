// Latency percentiles over the most recent samples (a ring), for pool.stats().
export interface LatencySummary {
  samples: number;
  p50: number;
  p95: number;
  p99: number;
}

export class LatencyWindow {
  readonly #ring: Float64Array;
  #count = 0;

  constructor(size = 4096) {
    this.#ring = new Float64Array(size);
  }

  record(ms: number): void {
    this.#ring[this.#count++ % this.#ring.length] = ms;
  }

  summary(): LatencySummary {
    const n = Math.min(this.#count, this.#ring.length);
    const sorted = this.#ring.slice(0, n).sort();
    const at = (q: number) => (n ? sorted[Math.min(n - 1, Math.ceil(q * n) - 1)] : 0);
    return { samples: n, p50: at(0.5), p95: at(0.95), p99: at(0.99) };
  }
}
