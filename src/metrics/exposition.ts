// Prometheus text exposition format 0.0.4: "# HELP" and "# TYPE" lines, then one sample per
// line; help text escapes \ and newline, label values escape \, " and newline.

export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function checkMetricName(name: unknown): string {
  if (typeof name !== 'string' || !METRIC_NAME.test(name)) throw new TypeError(`metrics: invalid metric name ${JSON.stringify(name)}`);
  return name;
}

export function checkLabelName(name: unknown, reserved: readonly string[]): string {
  if (typeof name !== 'string' || !LABEL_NAME.test(name) || name.startsWith('__') || reserved.includes(name)) {
    throw new TypeError(`metrics: invalid label name ${JSON.stringify(name)}`);
  }
  return name;
}

export const escapeHelp = (text: string) => text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
const escapeLabel = (text: string) => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

/** `{a="x",b="y"}` or '' without labels. */
export function formatLabels(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const parts = names.map((name, i) => `${name}="${escapeLabel(values[i])}"`);
  if (extra) parts.push(`${extra[0]}="${escapeLabel(extra[1])}"`);
  return parts.length ? `{${parts.join(',')}}` : '';
}
