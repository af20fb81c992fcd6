// Noise handling: with --repeat n the whole suite runs n times and every scenario's figures are
// the median across runs (errors and samples are summed; peaks take the largest), with the
// spread of throughput kept so the report can say how noisy each row was.
import { median } from './stats.mjs';

const MEDIAN_KEYS = ['opsPerSec', 'meanMs', 'p50Ms', 'p95Ms', 'p99Ms', 'maxMs', 'errorRate', 'gcMs', 'gcShare', 'elapsedMs', 'buildMs'];

function mergeGrowth(list) {
  return {
    mbPerHour: median(list.map((g) => g.mbPerHour)),
    windowS: median(list.map((g) => g.windowS)),
    samples: list.reduce((n, g) => n + g.samples, 0),
    r2: median(list.map((g) => g.r2)),
    meaningful: list.every((g) => g.meaningful),
  };
}

function mergeScenario(list) {
  if (list.length === 1) return { ...list[0], runs: 1, opsPerSecRange: [list[0].opsPerSec, list[0].opsPerSec] };
  const merged = { ...list[Math.floor(list.length / 2)] };
  for (const k of MEDIAN_KEYS) if (list.some((s) => s[k] !== undefined)) merged[k] = median(list.map((s) => s[k]));
  merged.samples = list.reduce((n, s) => n + s.samples, 0);
  merged.errors = list.reduce((n, s) => n + s.errors, 0);
  merged.firstError = list.find((s) => s.firstError)?.firstError;
  merged.memory = {
    peakWasmBytes: Math.max(...list.map((s) => s.memory.peakWasmBytes)),
    peakHeapBytes: Math.max(...list.map((s) => s.memory.peakHeapBytes)),
    peakRssBytes: Math.max(...list.map((s) => s.memory.peakRssBytes)),
    growth: mergeGrowth(list.map((s) => s.memory.growth)),
    heapGrowth: mergeGrowth(list.map((s) => s.memory.heapGrowth)),
    wasmGrowth: mergeGrowth(list.map((s) => s.memory.wasmGrowth)),
  };
  const rates = list.map((s) => s.opsPerSec);
  merged.runs = list.length;
  merged.opsPerSecRange = [Math.min(...rates), Math.max(...rates)];
  return merged;
}

/** The scale curve's points: build figures are medians across runs, latencies those of the merged scenarios. */
function mergeScale(runs, c, scenarios) {
  const first = runs[0][c].extra?.scale;
  if (!first) return undefined;
  return first.map((point, k) => {
    const same = runs.map((run) => run[c].extra.scale[k]).filter(Boolean);
    const merged = scenarios.find((s) => s.id === `zipf-${point.docs}`);
    const med = (key) => median(same.map((p) => p[key]));
    return {
      ...point, buildMs: med('buildMs'), docsPerSec: med('docsPerSec'), wasmBytes: med('wasmBytes'),
      ...(merged ? { opsPerSec: merged.opsPerSec, p50Ms: merged.p50Ms, p95Ms: merged.p95Ms, p99Ms: merged.p99Ms } : {}),
    };
  });
}

/** runs: [[category result…] per run] → one list of categories with median scenarios. */
export function mergeRuns(runs) {
  return runs[0].map((category, c) => {
    const scenarios = category.scenarios.map((s) => mergeScenario(runs.map((run) => run[c].scenarios.find((x) => x.id === s.id)).filter(Boolean)));
    const scale = runs.length > 1 ? mergeScale(runs, c, scenarios) : undefined;
    return { ...category, scenarios, ...(scale ? { extra: { ...category.extra, scale } } : {}) };
  });
}
