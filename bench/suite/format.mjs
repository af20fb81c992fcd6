// Number formatting and the per-scenario columns shared by the Markdown and HTML reports.
import { CRITERIA, SLA } from './sla.mjs';

const MB = 2 ** 20;
export const int = (v) => (v === undefined || v === null || Number.isNaN(v) ? '—' : Math.round(v).toLocaleString('en-US'));
export const ms = (v) => (v === undefined || v === null ? '—' : v >= 100 ? v.toFixed(0) : v >= 1 ? v.toFixed(2) : v >= 0.01 ? v.toFixed(3) : v.toFixed(4));
export const mb = (v) => (v === undefined || v === null ? '—' : (v / MB).toFixed(1));
export const pct = (v, digits = 2) => (v === undefined || v === null ? '—' : `${(v * 100).toFixed(digits)} %`);

export function growthText(g) {
  if (!g || g.mbPerHour === undefined) return '—';
  const value = `${g.mbPerHour >= 0 ? '+' : ''}${g.mbPerHour.toFixed(0)}`;
  const ci = g.ci95MBPerHour === undefined ? '' : ` ±${g.ci95MBPerHour.toFixed(0)}`;
  return g.meaningful ? `${value}${ci} (${g.windowS.toFixed(0)} s)` : `${value} over ${g.windowS.toFixed(1)} s: too short to judge`;
}

/** The metrics table's columns: [header, value(scenario)]. */
export const METRIC_COLUMNS = [
  ['scenario', (s) => s.name],
  ['ops/s', (s) => int(s.opsPerSec) + (s.runs > 1 ? ` (${int(s.opsPerSecRange[0])}–${int(s.opsPerSecRange[1])})` : '')],
  ['mean ms', (s) => ms(s.meanMs)],
  ['p50 ms', (s) => ms(s.p50Ms)],
  ['p95 ms', (s) => ms(s.p95Ms)],
  ['p99 ms', (s) => ms(s.p99Ms)],
  ['max ms', (s) => ms(s.maxMs)],
  ['samples', (s) => int(s.samples)],
  ['errors', (s) => `${int(s.errors)} (${pct(s.errorRate, 3)})`],
  ['GC ms', (s) => (s.gcMs === undefined || s.gcMs === null ? 'not reported' : `${s.gcMs.toFixed(1)} (${pct(s.gcShare, 1)})`)],
  ['peak WASM MB', (s) => mb(s.memory?.peakWasmBytes)],
  ['peak JS heap MB', (s) => mb(s.memory?.peakHeapBytes)],
  ['peak RSS MB', (s) => mb(s.memory?.peakRssBytes)],
  ['RSS growth MB/h (window)', (s) => growthText(s.memory?.growth)],
];

export const VERDICT_TEXT = { target: 'target ✔', minimum: 'minimum', fail: 'FAIL ✘', 'n/a': 'n/a' };

export function criterionValue(criterion, value) {
  if (value === undefined || value === null) return '—';
  if (criterion.key === 'errorRate') return pct(value, 3);
  if (criterion.key === 'opsPerSec') return int(value);
  if (criterion.key === 'growthMBPerHour') return value.toFixed(1);
  return ms(value);
}

export function thresholdText(criterion, level) {
  const v = SLA[level][criterion.key];
  const op = criterion.better === 'higher' ? '≥' : criterion.better === 'lower' ? '≤' : '<';
  if (criterion.key === 'errorRate') return `${op} ${pct(v, 2)}`;
  return `${op} ${v.toLocaleString('en-US')} ${criterion.unit}`;
}

export { CRITERIA };
