// createMetrics(): counters, gauges and histograms with labels, exported as Prometheus text.
// Histograms live in one WASM instance owned by the registry; nothing here needs Node, so
// browsers and edge runtimes can export the same figures.
import { instantiateKernels, type WasmOptions } from '../wasm/loader.js';
import type { KernelInstance } from '../wasm/kernel-instance.js';
import { WasmHistogram, type HistogramSummary } from './histogram.js';
import { checkLabelName, checkMetricName, escapeHelp, formatLabels, formatNumber, PROMETHEUS_CONTENT_TYPE } from './exposition.js';

export type Labels = Record<string, string | number>;

/** Latency buckets in seconds, 100 µs to 10 s. */
export const DEFAULT_SECONDS_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** A metric stops accepting new label combinations past this many (a guard against unbounded labels). */
const MAX_SERIES = 1000;

export interface CounterChild { inc(amount?: number): void; readonly value: number }
export interface GaugeChild { set(value: number): void; inc(amount?: number): void; dec(amount?: number): void; readonly value: number }
export interface HistogramChild {
  observe(value: number): void;
  percentile(p: number): number;
  summary(): HistogramSummary;
  reset(): void;
}

interface MetricBase<Child> {
  readonly name: string;
  /** The series for these label values (created on first use). */
  labels(labels?: Labels): Child;
}
export interface Counter extends MetricBase<CounterChild> { inc(labels?: Labels, amount?: number): void }
export interface Gauge extends MetricBase<GaugeChild> { set(labels: Labels | undefined, value: number): void }
export interface Histogram extends MetricBase<HistogramChild> {
  observe(labels: Labels | undefined, value: number): void;
  /** Every series merged into one summary (count, sum, min, max, mean, p50, p95, p99). */
  summary(): HistogramSummary;
}

export interface MetricOptions { help: string; labelNames?: string[] }
export interface HistogramOptions extends MetricOptions {
  /** Upper bounds exported as `le` buckets (default: 100 µs … 10 s). */
  buckets?: number[];
  /** Smallest distinguished value (default 1e-6: microseconds when observing seconds). */
  resolution?: number;
}

export interface Metrics {
  counter(name: string, options: MetricOptions): Counter;
  gauge(name: string, options: MetricOptions): Gauge;
  histogram(name: string, options: HistogramOptions): Histogram;
  /** Runs before every exposition (set gauges from live state here). */
  onCollect(callback: () => void): void;
  /** The registry in Prometheus text exposition format 0.0.4. */
  text(): string;
  readonly contentType: string;
  /** Bytes of the registry's WASM memory. */
  readonly memoryBytes: number;
  close(): void;
}

interface Family {
  name: string;
  help: string;
  type: 'counter' | 'gauge' | 'histogram';
  labelNames: string[];
  series: Map<string, { values: string[]; child: any }>;
  write(lines: string[]): void;
}

function checkHelp(name: string, help: unknown): string {
  if (typeof help !== 'string' || !help.trim()) throw new TypeError(`metrics: ${name} needs a help text`);
  return help;
}

function checkAmount(what: string, value: unknown): number {
  if (typeof value !== 'number' || Number.isNaN(value)) throw new TypeError(`metrics: ${what} must be a number, got ${String(value)}`);
  return value;
}

export async function createMetrics(options: WasmOptions = {}): Promise<Metrics> {
  const wasm: KernelInstance = await instantiateKernels(options);
  const families = new Map<string, Family>();
  const collectors: (() => void)[] = [];
  let closed = false;

  function family<Child>(name: string, help: string, type: Family['type'], labelNames: unknown, make: () => Child, write: Family['write'], reserved: string[] = []) {
    checkMetricName(name);
    if (families.has(name)) throw new TypeError(`metrics: ${name} is already registered`);
    if (labelNames !== undefined && !Array.isArray(labelNames)) throw new TypeError(`metrics: ${name} labelNames must be an array`);
    const names = ((labelNames as string[] | undefined) ?? []).map((label) => checkLabelName(label, reserved));
    if (new Set(names).size !== names.length) throw new TypeError(`metrics: ${name} repeats a label name`);
    const fam: Family = { name, help: checkHelp(name, help), type, labelNames: names, series: new Map(), write };
    families.set(name, fam);
    const children = (labels: Labels | undefined): Child => {
      if (closed) throw new TypeError('metrics: the registry is closed');
      const values = names.map((label) => {
        const value = labels?.[label];
        if (typeof value !== 'string' && typeof value !== 'number') throw new TypeError(`metrics: ${name} needs label ${label}`);
        return String(value);
      });
      if (labels) for (const key of Object.keys(labels)) if (!names.includes(key)) throw new TypeError(`metrics: ${name} has no label ${key}`);
      const key = values.join('\u0000');
      let entry = fam.series.get(key);
      if (!entry) {
        if (fam.series.size >= MAX_SERIES) throw new RangeError(`metrics: ${name} has ${MAX_SERIES} label combinations already`);
        entry = { values, child: make() };
        fam.series.set(key, entry);
      }
      return entry.child as Child;
    };
    return { fam, children };
  }

  const head = (fam: Family, lines: string[]) => lines.push(`# HELP ${fam.name} ${escapeHelp(fam.help)}`, `# TYPE ${fam.name} ${fam.type}`);

  const metrics: Metrics = {
    counter(name, { help, labelNames }) {
      const { children } = family<CounterChild>(name, help, 'counter', labelNames, () => {
        let value = 0;
        return {
          inc(amount = 1) {
            if (checkAmount(`${name} increment`, amount) < 0) throw new RangeError(`metrics: counter ${name} cannot decrease`);
            value += amount;
          },
          get value() { return value; },
        };
      }, function (this: Family, lines) {
        head(this, lines);
        for (const { values, child } of this.series.values()) lines.push(`${name}${formatLabels(this.labelNames, values)} ${formatNumber(child.value)}`);
      });
      return { name, labels: children, inc: (labels, amount) => children(labels).inc(amount) };
    },

    gauge(name, { help, labelNames }) {
      const { children } = family<GaugeChild>(name, help, 'gauge', labelNames, () => {
        let value = 0;
        return {
          set(v) { value = checkAmount(`${name} value`, v); },
          inc(amount = 1) { value += checkAmount(`${name} increment`, amount); },
          dec(amount = 1) { value -= checkAmount(`${name} decrement`, amount); },
          get value() { return value; },
        };
      }, function (this: Family, lines) {
        head(this, lines);
        for (const { values, child } of this.series.values()) lines.push(`${name}${formatLabels(this.labelNames, values)} ${formatNumber(child.value)}`);
      });
      return { name, labels: children, set: (labels, value) => children(labels).set(value) };
    },

    histogram(name, { help, labelNames, buckets = DEFAULT_SECONDS_BUCKETS, resolution = 1e-6 }) {
      if (!Array.isArray(buckets) || buckets.some((b, i) => typeof b !== 'number' || !Number.isFinite(b) || (i > 0 && b <= buckets[i - 1]))) {
        throw new TypeError(`metrics: ${name} buckets must be finite, strictly increasing numbers`);
      }
      if (typeof resolution !== 'number' || !(resolution > 0) || !Number.isFinite(resolution)) throw new RangeError(`metrics: ${name} resolution must be a positive number`);
      const bounds = buckets.slice();
      const { fam, children } = family<HistogramChild & { raw: WasmHistogram }>(name, help, 'histogram', labelNames, () => {
        const raw = new WasmHistogram(wasm, resolution);
        return { raw, observe: (value) => raw.record(value), percentile: (p) => raw.percentile(p), summary: () => raw.summary(), reset: () => raw.reset() };
      }, function (this: Family, lines) {
        head(this, lines);
        for (const { values, child } of this.series.values()) {
          const raw: WasmHistogram = child.raw;
          const cumulative = raw.cumulative(bounds);
          const count = raw.count;
          bounds.forEach((bound, i) => lines.push(`${name}_bucket${formatLabels(this.labelNames, values, ['le', formatNumber(bound)])} ${cumulative[i]}`));
          lines.push(`${name}_bucket${formatLabels(this.labelNames, values, ['le', '+Inf'])} ${count}`);
          lines.push(`${name}_sum${formatLabels(this.labelNames, values)} ${formatNumber(raw.sum)}`);
          lines.push(`${name}_count${formatLabels(this.labelNames, values)} ${count}`);
        }
      }, ['le']);
      return {
        name,
        labels: children,
        observe: (labels, value) => children(labels).observe(value),
        summary() {
          const total = new WasmHistogram(wasm, resolution);
          try {
            for (const { child } of fam.series.values()) total.merge(child.raw);
            return total.summary();
          } finally {
            total.destroy();
          }
        },
      };
    },

    onCollect(callback) {
      if (typeof callback !== 'function') throw new TypeError('metrics: onCollect needs a function');
      collectors.push(callback);
    },

    text() {
      if (closed) throw new TypeError('metrics: the registry is closed');
      for (const collect of collectors) collect();
      const lines: string[] = [];
      for (const fam of families.values()) fam.write.call(fam, lines);
      return lines.length ? `${lines.join('\n')}\n` : '';
    },

    contentType: PROMETHEUS_CONTENT_TYPE,
    get memoryBytes() { return wasm.memoryBytes; },

    close() {
      if (closed) return;
      closed = true;
      for (const fam of families.values()) for (const { child } of fam.series.values()) child.raw?.destroy();
      families.clear();
    },
  };
  return metrics;
}
