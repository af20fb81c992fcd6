// SLA verdicts against the original performance report's thresholds. Each criterion of a scenario
// is 'target', 'minimum' (meets the minimum acceptable level, not the target), 'fail', or 'n/a'
// (not measured: e.g. memory growth over a window too short to say anything about an hour).

export const SLA = {
  minimum: { opsPerSec: 500, p95Ms: 10, p99Ms: 20, errorRate: 0.001, growthMBPerHour: 50 },
  target: { opsPerSec: 1000, p95Ms: 5, p99Ms: 10, errorRate: 0.0001, growthMBPerHour: 10 },
};

/** The criteria in report order: how each reads its value and compares it to a threshold. */
export const CRITERIA = [
  { key: 'opsPerSec', label: 'throughput', unit: 'ops/s', better: 'higher', value: (s) => s.opsPerSec },
  { key: 'p95Ms', label: 'p95 latency', unit: 'ms', better: 'lower', value: (s) => s.p95Ms },
  { key: 'p99Ms', label: 'p99 latency', unit: 'ms', better: 'lower', value: (s) => s.p99Ms },
  { key: 'errorRate', label: 'error rate', unit: '', better: 'below', value: (s) => s.errorRate },
  { key: 'growthMBPerHour', label: 'memory growth', unit: 'MB/h', better: 'below',
    value: (s) => (s.memory?.growth?.meaningful ? s.memory.growth.mbPerHour : undefined) },
];

function meets(criterion, value, threshold) {
  if (criterion.better === 'higher') return value >= threshold;
  if (criterion.better === 'lower') return value <= threshold;
  return value < threshold; // 'below': errors < 0.1 %, growth < 50 MB/h (strict, as the report states them)
}

/** Verdict of one criterion for one value: 'target' | 'minimum' | 'fail' | 'n/a'. */
export function verdict(criterion, value, sla = SLA) {
  if (value === undefined || value === null || Number.isNaN(value)) return 'n/a';
  if (meets(criterion, value, sla.target[criterion.key])) return 'target';
  if (meets(criterion, value, sla.minimum[criterion.key])) return 'minimum';
  return 'fail';
}

/** Every criterion's verdict for one scenario's metrics: { opsPerSec: { value, verdict }, … }. */
export function judgeScenario(metrics, sla = SLA) {
  return Object.fromEntries(CRITERIA.map((c) => {
    const value = c.value(metrics);
    return [c.key, { value, verdict: verdict(c, value, sla) }];
  }));
}
