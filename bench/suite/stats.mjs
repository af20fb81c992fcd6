// The suite's statistics, pure functions on plain numbers (unit-tested on known samples in
// tests/bench-stats.test.mjs): percentiles, summaries of latency samples, rates, medians and the
// linear fit behind memory growth per hour.

/** Nearest-rank percentile of ascending `sorted` (p in [0, 1]): the smallest sample with at least p of the samples at or below it. */
export function percentile(sorted, p) {
  if (sorted.length === 0) return undefined;
  if (p <= 0) return sorted[0];
  return sorted[Math.min(sorted.length, Math.ceil(p * sorted.length)) - 1];
}

export function mean(values) {
  if (values.length === 0) return undefined;
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

export function median(values) {
  const sorted = [...values].filter((v) => typeof v === 'number' && !Number.isNaN(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Operations per second: completed operations over the wall time they took (errors included: they occupied the time). */
export function rate(operations, elapsedMs) {
  return elapsedMs > 0 ? (operations * 1000) / elapsedMs : undefined;
}

/** Failures over attempts; 0 when nothing ran (no attempts is reported as samples: 0, not as a failure). */
export function errorRate(errors, attempts) {
  return attempts > 0 ? errors / attempts : 0;
}

/**
 * Summary of one measured run: `latenciesMs` of the successful operations (all of them, or a
 * uniform reservoir of `completed` ones), `errors` failed ones,
 * `elapsedMs` the wall time of the whole run (with concurrency, ops/s is completions over wall time,
 * not 1 / mean latency).
 */
export function summarize(latenciesMs, { errors = 0, elapsedMs, completed = latenciesMs.length }) {
  const sorted = Float64Array.from(latenciesMs).sort();
  const attempts = completed + errors;
  return {
    samples: completed,
    latencySamples: sorted.length,
    errors,
    errorRate: errorRate(errors, attempts),
    opsPerSec: rate(attempts, elapsedMs),
    meanMs: mean(sorted),
    p50Ms: percentile(sorted, 0.5),
    p95Ms: percentile(sorted, 0.95),
    p99Ms: percentile(sorted, 0.99),
    maxMs: sorted.length ? sorted[sorted.length - 1] : undefined,
  };
}

/** Least-squares line through (x, y): { slope, intercept, r2, slopeStdError }; undefined with fewer than two distinct x. */
export function linearFit(xs, ys) {
  const n = xs.length;
  if (n < 2 || ys.length !== n) return undefined;
  const mx = mean(xs);
  const my = mean(ys);
  let sxx = 0, sxy = 0, syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i] - mx, dy = ys[i] - my;
    sxx += dx * dx; sxy += dx * dy; syy += dy * dy;
  }
  if (sxx === 0) return undefined;
  const slope = sxy / sxx;
  // Standard error of the slope (residual variance over n − 2 degrees of freedom).
  const residual = Math.max(0, syy - slope * sxy);
  const slopeStdError = n > 2 ? Math.sqrt(residual / (n - 2) / sxx) : undefined;
  return { slope, intercept: my - slope * mx, r2: syy === 0 ? 1 : (sxy * sxy) / (sxx * syy), slopeStdError };
}

const MB = 2 ** 20;
const MS_PER_HOUR = 3_600_000;

/**
 * Memory growth in MB/hour from samples [{ tMs, bytes }]: the slope of a least-squares line, with
 * the window it was fitted over. A slope from seconds of data says little about an hour, so the
 * window travels with it and the SLA judges growth only over windows of `minWindowS` or more.
 */
export function growthPerHour(samples, minWindowS = 60) {
  if (samples.length < 2) return { mbPerHour: undefined, windowS: 0, samples: samples.length, meaningful: false };
  const fit = linearFit(samples.map((s) => s.tMs), samples.map((s) => s.bytes));
  const windowS = (samples[samples.length - 1].tMs - samples[0].tMs) / 1000;
  return {
    mbPerHour: fit ? (fit.slope * MS_PER_HOUR) / MB : undefined,
    windowS,
    samples: samples.length,
    r2: fit?.r2,
    // ± half-width of an approximate 95 % interval (1.96 standard errors): an interval that
    // includes 0 means the window shows no clear trend, whatever the sign of the slope.
    ci95MBPerHour: fit?.slopeStdError === undefined ? undefined : (1.96 * fit.slopeStdError * MS_PER_HOUR) / MB,
    meaningful: fit !== undefined && windowS >= minWindowS,
  };
}

/**
 * Log-spaced histogram of latencies (ms) for the report's distribution charts: `buckets` bins from
 * the smallest to the largest sample, each { fromMs, toMs, count }.
 */
export function logHistogram(latenciesMs, buckets = 24) {
  const values = latenciesMs.filter((v) => v > 0);
  if (values.length === 0) return [];
  let lo = Infinity, hi = -Infinity;
  for (const v of values) { if (v < lo) lo = v; if (v > hi) hi = v; }
  if (hi === lo) return [{ fromMs: lo, toMs: hi, count: values.length }];
  const a = Math.log(lo), step = (Math.log(hi) - a) / buckets;
  const bins = Array.from({ length: buckets }, (_, i) => ({ fromMs: Math.exp(a + i * step), toMs: Math.exp(a + (i + 1) * step), count: 0 }));
  for (const v of values) bins[Math.min(buckets - 1, Math.floor((Math.log(v) - a) / step))].count++;
  return bins;
}
