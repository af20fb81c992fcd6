// Regression checking: a baseline is the per-scenario medians of a run (of `repeat` repeated runs);
// comparing flags, per category, the original report's alert conditions (configurable):
// throughput drop over 30 %, latency (p50 or p95) over 2× baseline, memory growth over
// 100 MB/hour, error rate over 1 %.

export const DEFAULT_ALERTS = { maxThroughputDrop: 0.3, maxLatencyRatio: 2, maxGrowthMBPerHour: 100, maxErrorRate: 0.01 };
export const BASELINE_KIND = 'synthex-bench-baseline';

const KEPT = ['opsPerSec', 'meanMs', 'p50Ms', 'p95Ms', 'p99Ms', 'maxMs', 'errorRate'];

/** Scenarios that describe synthex itself (judged ones, and synthex's rows among the peers). */
const comparable = (scenario) => scenario.judged || scenario.engine === 'synthex';

export function makeBaseline(report) {
  const scenarios = {};
  for (const category of report.categories) {
    for (const s of category.scenarios) {
      if (!comparable(s)) continue;
      const kept = Object.fromEntries(KEPT.map((k) => [k, s[k]]));
      kept.growthMBPerHour = s.memory?.growth?.meaningful ? s.memory.growth.mbPerHour : null;
      scenarios[`${category.key}/${s.id}`] = kept;
    }
  }
  return {
    kind: BASELINE_KIND, version: 1, date: report.date, quick: report.quick, repeat: report.repeat,
    machine: { runtime: report.machine.runtime, cpu: report.machine.cpu, cores: report.machine.cores },
    scenarios,
  };
}

/** Throws a readable error unless `value` looks like a baseline this module wrote. */
export function checkBaseline(value) {
  if (!value || typeof value !== 'object' || value.kind !== BASELINE_KIND || typeof value.scenarios !== 'object' || value.scenarios === null) {
    throw new Error(`not a synthex bench baseline (expected { kind: "${BASELINE_KIND}", scenarios: {…} })`);
  }
  return value;
}

const pct = (x) => `${(x * 100).toFixed(1)} %`;
const num = (x) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

/**
 * current: a report (or its baseline form). → { compared, missing, added, regressions:
 * [{ category, scenario, metric, baseline, current, message }] }.
 */
export function compareToBaseline(current, baseline, alerts = DEFAULT_ALERTS) {
  checkBaseline(baseline);
  const now = current.kind === BASELINE_KIND ? current : makeBaseline(current);
  const regressions = [];
  const missing = [];
  let compared = 0;
  for (const [key, base] of Object.entries(baseline.scenarios)) {
    const cur = now.scenarios[key];
    if (!cur) { missing.push(key); continue; }
    compared++;
    const [category, ...rest] = key.split('/');
    const scenario = rest.join('/');
    const flag = (metric, b, c, message) => regressions.push({ category, scenario, metric, baseline: b, current: c, message: `${key}: ${message}` });
    if (base.opsPerSec > 0 && cur.opsPerSec !== undefined && cur.opsPerSec < base.opsPerSec * (1 - alerts.maxThroughputDrop)) {
      flag('opsPerSec', base.opsPerSec, cur.opsPerSec,
        `throughput dropped ${pct(1 - cur.opsPerSec / base.opsPerSec)} (${num(base.opsPerSec)} → ${num(cur.opsPerSec)} ops/s; alert above ${pct(alerts.maxThroughputDrop)})`);
    }
    for (const metric of ['p50Ms', 'p95Ms']) {
      if (base[metric] > 0 && cur[metric] !== undefined && cur[metric] > base[metric] * alerts.maxLatencyRatio) {
        flag(metric, base[metric], cur[metric],
          `${metric.slice(0, 3)} latency ${(cur[metric] / base[metric]).toFixed(2)}× baseline (${num(base[metric])} → ${num(cur[metric])} ms; alert above ${alerts.maxLatencyRatio}×)`);
      }
    }
    if (cur.growthMBPerHour !== null && cur.growthMBPerHour !== undefined && cur.growthMBPerHour > alerts.maxGrowthMBPerHour) {
      flag('growthMBPerHour', base.growthMBPerHour, cur.growthMBPerHour,
        `memory growth ${num(cur.growthMBPerHour)} MB/hour (alert above ${alerts.maxGrowthMBPerHour} MB/hour)`);
    }
    if (cur.errorRate !== undefined && cur.errorRate > alerts.maxErrorRate) {
      flag('errorRate', base.errorRate, cur.errorRate, `error rate ${pct(cur.errorRate)} (alert above ${pct(alerts.maxErrorRate)})`);
    }
  }
  const added = Object.keys(now.scenarios).filter((key) => !(key in baseline.scenarios));
  return { compared, missing, added, regressions, alerts, baselineRepeat: baseline.repeat ?? 1, currentRepeat: now.repeat ?? 1 };
}
