// Runs one scenario: a warm-up, then one timed call per sample (sync or async; `concurrency` calls
// in flight), counting failures, reading memory every `memoryEveryMs` and GC time over the
// measured window. Sync calls are not awaited, so a microtask turn is not part of their latency.
import { summarize, growthPerHour, logHistogram } from './stats.mjs';
import { readMemory } from './memory-reading.mjs';
import { gcTimeBetween } from './gc-time.mjs';
import { mulberry32 } from '../data/zipf-corpus.mjs';

const isThenable = (v) => v !== null && typeof v === 'object' && typeof v.then === 'function';
const yieldTurn = globalThis.setImmediate ?? ((f) => setTimeout(f, 0));

/**
 * op(i) performs operation number i and may return a promise; it fails by throwing or rejecting.
 * options: { warmupMs, durationMs, minSamples, maxSamples, concurrency, wasmBytes(), memoryEveryMs }
 */
export async function runScenario(op, {
  warmupMs = 200, durationMs = 1000, minSamples = 100, maxSamples = 1_000_000, concurrency = 1,
  wasmBytes, memoryEveryMs = 100, reservoir = 200_000, growthSkipFraction = 0,
} = {}) {
  let next = 0;
  let warmErrors = 0;
  let firstError;
  const noteError = (error) => { firstError ??= String(error?.message ?? error).slice(0, 300); };
  // Warm-up: the same calls, untimed; tells whether the operation is async.
  let isAsync = false;
  const warmEnd = performance.now() + warmupMs;
  do {
    try {
      const result = op(next++);
      if (isThenable(result)) { isAsync = true; await result; }
    } catch (error) { warmErrors++; noteError(error); }
  } while (performance.now() < warmEnd);

  // Latencies beyond `reservoir` replace a uniformly chosen kept one (Algorithm R, seeded), so a
  // long soak keeps percentiles without its own sample list growing memory.
  const latencies = [];
  const random = mulberry32(1);
  let completed = 0;
  const record = (ms) => {
    completed++;
    if (latencies.length < reservoir) latencies.push(ms);
    else { const j = Math.floor(random() * completed); if (j < reservoir) latencies[j] = ms; }
  };
  const memory = [];
  let errors = 0;
  const started = performance.now();
  const end = started + durationMs;
  const hardEnd = started + durationMs * 10; // a very slow operation stops here, short of minSamples
  let nextReading = started;
  const readIfDue = (t) => {
    if (t >= nextReading) { memory.push({ tMs: t, ...readMemory(wasmBytes) }); nextReading = t + memoryEveryMs; }
  };
  const done = (t) => completed + errors >= maxSamples || t >= hardEnd || (t >= end && completed + errors >= minSamples);

  if (!isAsync && concurrency === 1) {
    for (let t = performance.now(); !done(t);) {
      readIfDue(t);
      try {
        op(next++);
        const after = performance.now();
        record(after - t);
        t = after;
      } catch (error) { errors++; noteError(error); t = performance.now(); }
    }
  } else {
    // Calls that settle through microtasks alone would never let the event loop turn (timers,
    // finalizers, GC observers); at each memory reading one worker yields a turn, untimed.
    const worker = async () => {
      for (let t = performance.now(); !done(t); t = performance.now()) {
        if (t >= nextReading) {
          readIfDue(t);
          await new Promise((resolve) => yieldTurn(resolve));
          t = performance.now();
        }
        try {
          await op(next++);
          record(performance.now() - t);
        } catch (error) { errors++; noteError(error); }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  }
  const finished = performance.now();
  memory.push({ tMs: finished, ...readMemory(wasmBytes) });
  const gcMs = await gcTimeBetween(started, finished);
  const elapsedMs = finished - started;
  const peak = (k) => memory.reduce((m, r) => Math.max(m, r[k]), 0);
  // Growth is fitted after the first `growthSkipFraction` of the window: heaps and allocator
  // pools fill during the first minutes of load, which is warm-up, not a leak.
  const steadyFrom = started + growthSkipFraction * elapsedMs;
  const steady = memory.filter((r) => r.tMs >= steadyFrom);
  return {
    ...summarize(latencies, { errors, elapsedMs, completed }),
    elapsedMs,
    concurrency,
    warmupErrors: warmErrors,
    firstError,
    gcMs,
    gcShare: gcMs === undefined ? undefined : gcMs / elapsedMs,
    memory: {
      peakWasmBytes: peak('wasm'),
      peakHeapBytes: peak('heap'),
      peakRssBytes: peak('rss'),
      growth: growthPerHour(steady.map((r) => ({ tMs: r.tMs, bytes: r.rss }))), // RSS: the process as the OS sees it
      heapGrowth: growthPerHour(steady.map((r) => ({ tMs: r.tMs, bytes: r.heap }))),
      wasmGrowth: growthPerHour(steady.map((r) => ({ tMs: r.tMs, bytes: r.wasm }))),
      growthFrom: growthSkipFraction,
    },
    histogram: logHistogram(latencies, 20),
  };
}
