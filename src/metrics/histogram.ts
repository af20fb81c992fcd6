// A latency histogram kept by the WASM kernel (assembly/metrics/histogram.ts): observations are
// stored as integers in units of `resolution` (default 1e-6: microseconds for seconds), in
// log-linear buckets whose reported values are within 0.4 % of the true ones.
import type { KernelInstance } from '../wasm/kernel-instance.js';

/** Relative error bound of percentiles above 256 units (exact below). */
export const HISTOGRAM_RELATIVE_ERROR = 1 / 256;

export interface HistogramSummary {
  count: number;
  sum: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p95: number;
  p99: number;
}

export class WasmHistogram {
  readonly #wasm: KernelInstance;
  readonly #resolution: number;
  #handle: number;

  constructor(wasm: KernelInstance, resolution: number) {
    this.#wasm = wasm;
    this.#resolution = resolution;
    this.#handle = wasm.kernels.histCreate() >>> 0;
    if (!this.#handle) throw wasm.limitError('histogram');
  }

  /** Records `value` (≥ 0; negative and non-finite values are refused) `times` times. */
  record(value: number, times = 1): void {
    if (typeof value !== 'number' || !(value >= 0) || value === Infinity) {
      throw new RangeError(`histogram: observations must be finite numbers ≥ 0, got ${String(value)}`);
    }
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`histogram: times must be a positive integer, got ${String(times)}`);
    this.#wasm.kernels.histRecord(this.#live(), Math.round(value / this.#resolution), times);
  }

  get count(): number { return this.#wasm.kernels.histCount(this.#live()); }
  get sum(): number { return this.#wasm.kernels.histSum(this.#live()) * this.#resolution; }

  /** The value at percentile `p` (0–100), nearest rank; 0 when empty. */
  percentile(p: number): number {
    if (typeof p !== 'number' || !(p >= 0 && p <= 100)) throw new RangeError(`histogram: percentile must be within 0–100, got ${String(p)}`);
    return this.#wasm.kernels.histPercentile(this.#live(), p) * this.#resolution;
  }

  summary(): HistogramSummary {
    const k = this.#wasm.kernels;
    const h = this.#live();
    const count = k.histCount(h);
    const sum = k.histSum(h) * this.#resolution;
    return {
      count, sum,
      min: k.histMin(h) * this.#resolution,
      max: k.histMax(h) * this.#resolution,
      mean: count ? sum / count : 0,
      p50: this.percentile(50),
      p95: this.percentile(95),
      p99: this.percentile(99),
    };
  }

  /** Cumulative counts at ascending upper bounds (Prometheus `le`), at the histogram's resolution. */
  cumulative(bounds: readonly number[]): number[] {
    const wasm = this.#wasm;
    const n = bounds.length;
    const block = wasm.kernels.heapAlloc(n * 16 || 16) >>> 0;
    if (!block) throw wasm.limitError('histogram');
    try {
      const f64 = wasm.f64;
      for (let i = 0; i < n; i++) f64[(block >>> 3) + i] = Math.round(bounds[i] / this.#resolution);
      wasm.kernels.histCumulative(this.#live(), block, n, block + n * 8);
      return Array.from(wasm.f64.subarray((block >>> 3) + n, (block >>> 3) + 2 * n));
    } finally {
      wasm.kernels.heapFree(block);
    }
  }

  /** Adds every observation of `other` (same instance and resolution) into this one. */
  merge(other: WasmHistogram): void {
    if (other.#wasm !== this.#wasm || other.#resolution !== this.#resolution) {
      throw new TypeError('histogram: merge needs a histogram of the same registry and resolution');
    }
    this.#wasm.kernels.histMerge(this.#live(), other.#live());
  }

  reset(): void { this.#wasm.kernels.histReset(this.#live()); }

  destroy(): void {
    if (this.#handle) this.#wasm.kernels.histDestroy(this.#handle);
    this.#handle = 0;
  }

  #live(): number {
    if (!this.#handle) throw new TypeError('histogram: used after its registry was closed');
    return this.#handle;
  }
}
