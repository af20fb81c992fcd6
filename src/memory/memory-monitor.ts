// Watches the linear memory of synthex objects (and the JS heap where the runtime exposes it),
// estimates growth over a sliding window, and classifies pressure. Its timer never keeps a
// process alive.

/** Anything with a WebAssembly memory: Arena, Pool, Index, or a bare WebAssembly.Memory. */
export interface MemoryWatchable {
  readonly memory: WebAssembly.Memory;
  readonly memoryLimitBytes?: number;
}

export type PressureLevel = 'ok' | 'elevated' | 'critical';

export interface MemoryThresholds {
  /** Share of a watched instance's ceiling at which pressure is elevated (default 0.7). */
  elevatedRatio?: number;
  /** Share of a watched instance's ceiling at which pressure is critical (default 0.9). */
  criticalRatio?: number;
  /** Total watched bytes (WASM + JS heap) at which pressure is elevated / critical. */
  elevatedBytes?: number;
  criticalBytes?: number;
  /** Growth rates (MB/hour over the window) at which pressure is elevated / critical. */
  elevatedGrowthMBPerHour?: number;
  criticalGrowthMBPerHour?: number;
}

export interface MemoryMonitorOptions {
  /** Sampling period of `start()` (default 1000 ms). */
  intervalMs?: number;
  /** Samples older than this are dropped from the growth estimate (default 60000 ms). */
  windowMs?: number;
  thresholds?: MemoryThresholds;
  onLevelChange?: (level: PressureLevel, previous: PressureLevel, sample: MemorySample) => void;
  /** Clock in ms, for tests (default performance.now). */
  now?: () => number;
  /** Where the JS heap size comes from (default: the runtime's own counter, or none). */
  jsHeapBytes?: () => number | undefined;
}

export interface MemorySample {
  at: number;
  wasmBytes: number;
  /** Undefined where the runtime does not expose its heap. */
  jsHeapBytes: number | undefined;
  totalBytes: number;
  /** Highest memory/ceiling share among watched instances. */
  peakRatio: number;
  /** Least-squares slope of totalBytes over the window, in MB per hour (0 with < 2 samples). */
  growthMBPerHour: number;
  level: PressureLevel;
}

const MB = 1024 * 1024;
const HOUR_MS = 3_600_000;

function runtimeHeapBytes(): number | undefined {
  try {
    const proc = (globalThis as any).process;
    if (proc && typeof proc.memoryUsage === 'function') return proc.memoryUsage().heapUsed;
    const perf = (globalThis as any).performance;
    if (perf?.memory?.usedJSHeapSize) return perf.memory.usedJSHeapSize;
  } catch {
    // no permission or no API: the heap simply is not reported
  }
  return undefined;
}

function unrefTimer(timer: unknown): void {
  if (timer && typeof (timer as any).unref === 'function') (timer as any).unref();
  else if (typeof timer === 'number' && (globalThis as any).Deno?.unrefTimer) (globalThis as any).Deno.unrefTimer(timer);
}

/** Least-squares slope of y over x. */
function slope(points: { at: number; totalBytes: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  let mx = 0, my = 0;
  for (const p of points) { mx += p.at; my += p.totalBytes; }
  mx /= n; my /= n;
  let num = 0, den = 0;
  for (const p of points) {
    num += (p.at - mx) * (p.totalBytes - my);
    den += (p.at - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function checkPositive(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new RangeError(`MemoryMonitor: ${name} must be a positive finite number, got ${String(value)}`);
  }
  return value;
}

export class MemoryMonitor {
  readonly #watched = new Map<MemoryWatchable | WebAssembly.Memory, string>();
  readonly #samples: { at: number; totalBytes: number }[] = [];
  readonly #intervalMs: number;
  readonly #windowMs: number;
  readonly #thresholds: Required<Pick<MemoryThresholds, 'elevatedRatio' | 'criticalRatio'>> & MemoryThresholds;
  readonly #onLevelChange: MemoryMonitorOptions['onLevelChange'];
  readonly #now: () => number;
  readonly #heap: () => number | undefined;
  #timer: unknown;
  #level: PressureLevel = 'ok';
  #last: MemorySample | undefined;

  constructor(options: MemoryMonitorOptions = {}) {
    this.#intervalMs = checkPositive('intervalMs', options.intervalMs, 1000);
    this.#windowMs = checkPositive('windowMs', options.windowMs, 60_000);
    const t = options.thresholds ?? {};
    this.#thresholds = { ...t, elevatedRatio: t.elevatedRatio ?? 0.7, criticalRatio: t.criticalRatio ?? 0.9 };
    if (this.#thresholds.elevatedRatio > this.#thresholds.criticalRatio) {
      throw new RangeError('MemoryMonitor: elevatedRatio must not exceed criticalRatio');
    }
    this.#onLevelChange = options.onLevelChange;
    this.#now = options.now ?? (() => performance.now());
    this.#heap = options.jsHeapBytes ?? runtimeHeapBytes;
  }

  /** Adds an object to watch; `name` labels it in `report()`. */
  watch(target: MemoryWatchable | WebAssembly.Memory, name = `wasm-${this.#watched.size + 1}`): this {
    const isMemory = target instanceof WebAssembly.Memory;
    if (!isMemory && !(target && typeof target === 'object' && 'memory' in target)) {
      throw new TypeError('MemoryMonitor.watch: expected an object with a WebAssembly memory');
    }
    this.#watched.set(target, name);
    return this;
  }

  unwatch(target: MemoryWatchable | WebAssembly.Memory): this {
    this.#watched.delete(target);
    return this;
  }

  get level(): PressureLevel {
    return this.#level;
  }

  get running(): boolean {
    return this.#timer !== undefined;
  }

  /** Bytes per watched object right now; closed objects are dropped. */
  instances(): { name: string; bytes: number; limitBytes: number | undefined }[] {
    const out = [];
    for (const [target, name] of this.#watched) {
      try {
        const memory = target instanceof WebAssembly.Memory ? target : target.memory;
        const limitBytes = target instanceof WebAssembly.Memory ? undefined : target.memoryLimitBytes;
        out.push({ name, bytes: memory.buffer.byteLength, limitBytes });
      } catch {
        this.#watched.delete(target); // closed: nothing left to watch
      }
    }
    return out;
  }

  /** Takes one sample now, updates the level, and fires onLevelChange when it changed. */
  sample(): MemorySample {
    const at = this.#now();
    let wasmBytes = 0;
    let peakRatio = 0;
    for (const { bytes, limitBytes } of this.instances()) {
      wasmBytes += bytes;
      if (limitBytes) peakRatio = Math.max(peakRatio, bytes / limitBytes);
    }
    const jsHeapBytes = this.#heap();
    const totalBytes = wasmBytes + (jsHeapBytes ?? 0);
    this.#samples.push({ at, totalBytes });
    while (this.#samples.length > 2 && at - this.#samples[0].at > this.#windowMs) this.#samples.shift();
    const growthMBPerHour = (slope(this.#samples) * HOUR_MS) / MB;
    const level = this.#classify(totalBytes, peakRatio, growthMBPerHour);
    const sample: MemorySample = { at, wasmBytes, jsHeapBytes, totalBytes, peakRatio, growthMBPerHour, level };
    this.#last = sample;
    const previous = this.#level;
    this.#level = level;
    if (level !== previous) this.#onLevelChange?.(level, previous, sample);
    return sample;
  }

  #classify(totalBytes: number, ratio: number, growth: number): PressureLevel {
    const t = this.#thresholds;
    const past = (value: number, limit: number | undefined) => limit !== undefined && value >= limit;
    if (ratio >= t.criticalRatio || past(totalBytes, t.criticalBytes) || past(growth, t.criticalGrowthMBPerHour)) return 'critical';
    if (ratio >= t.elevatedRatio || past(totalBytes, t.elevatedBytes) || past(growth, t.elevatedGrowthMBPerHour)) return 'elevated';
    return 'ok';
  }

  /** The latest sample (taking one if none exists yet). */
  report(): MemorySample {
    return this.#last ?? this.sample();
  }

  /** Samples every intervalMs until stop(); the timer is unref'd so it never holds a process open. */
  start(): this {
    if (this.#timer === undefined) {
      this.sample();
      this.#timer = setInterval(() => this.sample(), this.#intervalMs);
      unrefTimer(this.#timer);
    }
    return this;
  }

  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer as any);
    this.#timer = undefined;
  }
}
