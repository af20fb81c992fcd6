// Inline SVG charts for report.html: no scripts, no external assets. Log scales, because the
// figures span orders of magnitude (µs searches beside ms round trips).

export const escape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
export const PALETTE = ['#2b6cb0', '#dd6b20', '#38a169', '#805ad5', '#d53f8c', '#718096'];

function logScale(values, from, to) {
  const positive = values.filter((v) => v > 0);
  let lo = Math.min(...positive), hi = Math.max(...positive);
  lo = 10 ** Math.floor(Math.log10(lo)); hi = 10 ** Math.ceil(Math.log10(hi));
  if (hi === lo) hi = lo * 10;
  const f = (v) => from + ((Math.log10(Math.max(v, lo)) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (to - from);
  const ticks = [];
  for (let t = lo; t <= hi * 1.0001; t *= 10) ticks.push(t);
  return { f, ticks };
}

const tickLabel = (v) => (v >= 1e6 ? `${v / 1e6}M` : v >= 1e3 ? `${v / 1e3}k` : v >= 1 ? `${v}` : `${v}`);

/** Horizontal bars, log scale: rows [{ label, value, color? }]. */
export function barChart(rows, { title, unit, width = 760, labelWidth = 330, barHeight = 16 } = {}) {
  const valid = rows.filter((r) => r.value > 0);
  if (valid.length === 0) return '';
  const top = 28, height = top + rows.length * (barHeight + 6) + 26;
  const { f, ticks } = logScale(valid.map((r) => r.value), labelWidth, width - 80);
  const parts = [`<svg class="chart" role="img" aria-label="${escape(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<text x="0" y="16" class="t">${escape(title)}</text>`];
  for (const t of ticks) {
    const x = f(t).toFixed(1);
    parts.push(`<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${height - 22}" class="grid"/><text x="${x}" y="${height - 8}" class="tick" text-anchor="middle">${tickLabel(t)}</text>`);
  }
  rows.forEach((r, i) => {
    const y = top + i * (barHeight + 6);
    parts.push(`<text x="${labelWidth - 6}" y="${y + barHeight - 4}" class="label" text-anchor="end">${escape(r.label)}</text>`);
    if (r.value > 0) {
      const w = Math.max(1, f(r.value) - labelWidth);
      parts.push(`<rect x="${labelWidth}" y="${y}" width="${w.toFixed(1)}" height="${barHeight}" fill="${r.color ?? PALETTE[0]}"><title>${escape(`${r.label}: ${Math.round(r.value).toLocaleString('en-US')} ${unit}`)}</title></rect>`);
      parts.push(`<text x="${(labelWidth + w + 4).toFixed(1)}" y="${y + barHeight - 4}" class="value">${Math.round(r.value).toLocaleString('en-US')}</text>`);
    }
  });
  parts.push(`<text x="${width - 4}" y="${height - 8}" class="tick" text-anchor="end">${escape(unit)} (log)</text></svg>`);
  return parts.join('');
}

/** Latency percentiles per row on one log axis: rows [{ label, p50, p95, p99, max }] in ms. */
export function latencyChart(rows, { title, width = 760, labelWidth = 330 } = {}) {
  const values = rows.flatMap((r) => [r.p50, r.p95, r.p99, r.max]).filter((v) => v > 0);
  if (values.length === 0) return '';
  const top = 40, step = 20, height = top + rows.length * step + 26;
  const { f, ticks } = logScale(values, labelWidth, width - 20);
  const marks = [['p50', '#2b6cb0', 'circle'], ['p95', '#dd6b20', 'circle'], ['p99', '#c53030', 'circle'], ['max', '#4a5568', 'tick']];
  const parts = [`<svg class="chart" role="img" aria-label="${escape(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<text x="0" y="16" class="t">${escape(title)}</text>`];
  marks.forEach(([name, color], i) => parts.push(`<circle cx="${labelWidth + i * 70 + 5}" cy="28" r="4" fill="${color}"/><text x="${labelWidth + i * 70 + 12}" y="32" class="tick">${name}</text>`));
  for (const t of ticks) {
    const x = f(t).toFixed(1);
    parts.push(`<line x1="${x}" y1="${top - 4}" x2="${x}" y2="${height - 22}" class="grid"/><text x="${x}" y="${height - 8}" class="tick" text-anchor="middle">${t < 1 ? `${+(t * 1000).toPrecision(3)} µs` : `${t} ms`}</text>`);
  }
  rows.forEach((r, i) => {
    const y = top + i * step + 8;
    parts.push(`<text x="${labelWidth - 6}" y="${y + 4}" class="label" text-anchor="end">${escape(r.label)}</text>`);
    if (r.p50 > 0 && r.max > 0) parts.push(`<line x1="${f(r.p50).toFixed(1)}" y1="${y}" x2="${f(r.max).toFixed(1)}" y2="${y}" stroke="#a0aec0"/>`);
    for (const [name, color, shape] of marks) {
      const v = r[name];
      if (!(v > 0)) continue;
      const x = f(v).toFixed(1);
      parts.push(shape === 'tick'
        ? `<line x1="${x}" y1="${y - 5}" x2="${x}" y2="${y + 5}" stroke="${color}" stroke-width="2"><title>${name} ${v} ms</title></line>`
        : `<circle cx="${x}" cy="${y}" r="4" fill="${color}"><title>${escape(`${r.label} ${name}: ${v} ms`)}</title></circle>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

/** A small latency histogram (log-spaced bins [{ fromMs, toMs, count }]) for a table cell. */
export function histogram(bins, { width = 140, height = 34 } = {}) {
  if (!bins?.length) return '';
  const max = Math.max(...bins.map((b) => b.count));
  const w = width / bins.length;
  const bars = bins.map((b, i) => {
    const h = max ? (b.count / max) * (height - 12) : 0;
    return `<rect x="${(i * w).toFixed(1)}" y="${(height - 12 - h).toFixed(1)}" width="${Math.max(0.5, w - 0.5).toFixed(1)}" height="${h.toFixed(1)}" fill="#4a5568"><title>${b.fromMs.toPrecision(3)}–${b.toMs.toPrecision(3)} ms: ${b.count}</title></rect>`;
  });
  const lo = bins[0].fromMs, hi = bins[bins.length - 1].toMs;
  return `<svg class="hist" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${bars.join('')}<text x="0" y="${height - 2}" class="tick">${lo.toPrecision(2)}</text><text x="${width}" y="${height - 2}" class="tick" text-anchor="end">${hi.toPrecision(2)} ms</text></svg>`;
}

/** Lines on log-log axes: series [{ name, points: [[x, y]] }]. */
export function lineChart(series, { title, xLabel, yLabel, width = 760, height = 300 } = {}) {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1])).filter((v) => v > 0);
  if (xs.length < 2 || ys.length === 0) return '';
  const left = 70, right = width - 20, top = 40, bottom = height - 40;
  const X = logScale(xs, left, right);
  const Yraw = logScale(ys, 0, bottom - top);
  const fy = (v) => bottom - Yraw.f(v);
  const parts = [`<svg class="chart" role="img" aria-label="${escape(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<text x="0" y="16" class="t">${escape(title)}</text>`];
  for (const t of X.ticks) parts.push(`<line x1="${X.f(t).toFixed(1)}" y1="${top}" x2="${X.f(t).toFixed(1)}" y2="${bottom}" class="grid"/><text x="${X.f(t).toFixed(1)}" y="${bottom + 16}" class="tick" text-anchor="middle">${tickLabel(t)}</text>`);
  for (const t of Yraw.ticks) parts.push(`<line x1="${left}" y1="${fy(t).toFixed(1)}" x2="${right}" y2="${fy(t).toFixed(1)}" class="grid"/><text x="${left - 6}" y="${(fy(t) + 4).toFixed(1)}" class="tick" text-anchor="end">${t}</text>`);
  parts.push(`<text x="${(left + right) / 2}" y="${height - 6}" class="tick" text-anchor="middle">${escape(xLabel)} (log)</text>`);
  parts.push(`<text x="12" y="${(top + bottom) / 2}" class="tick" transform="rotate(-90 12 ${(top + bottom) / 2})" text-anchor="middle">${escape(yLabel)} (log)</text>`);
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const pts = s.points.filter((p) => p[1] > 0).map(([x, y]) => `${X.f(x).toFixed(1)},${fy(y).toFixed(1)}`);
    parts.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of pts) { const [x, y] = p.split(','); parts.push(`<circle cx="${x}" cy="${y}" r="3.5" fill="${color}"/>`); }
    parts.push(`<rect x="${left + 10 + i * 90}" y="24" width="10" height="10" fill="${color}"/><text x="${left + 24 + i * 90}" y="33" class="tick">${escape(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
