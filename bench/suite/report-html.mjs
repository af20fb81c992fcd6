// report.html: the Markdown report's content as one self-contained page, with inline SVG charts —
// throughput per category, latency percentiles and distributions, peers side by side, the scale
// curve. No scripts, no stylesheets or fonts from elsewhere.
import { METRIC_COLUMNS } from './format.mjs';
import { executiveSummary, machineSection, methodSection, slaThresholds, slaTable, extras, gradeSection, regressionSection } from './report-md.mjs';
import { escape, barChart, latencyChart, histogram, lineChart, PALETTE } from './svg.mjs';

const inline = (text) => escape(text).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>').replace(/`([^`]+)`/g, '<code>$1</code>');

/** The Markdown subset report-md.mjs writes (tables, lists, paragraphs, bold, code) to HTML. */
export function markdownToHtml(md) {
  const out = [];
  const lines = md.split('\n');
  for (let i = 0; i < lines.length;) {
    const line = lines[i];
    if (line.startsWith('| ')) {
      const rows = [];
      while (i < lines.length && lines[i].startsWith('|')) rows.push(lines[i++]);
      const cells = (row) => row.slice(2, -2).split(/ (?<!\\)\| /).map((c) => c.replace(/\\\|/g, '|'));
      const [head, , ...body] = rows;
      const verdictClass = (c) => (c.includes('FAIL') ? ' class="fail"' : c.includes('target ✔') ? ' class="ok"' : c.includes('minimum') ? ' class="min"' : '');
      out.push(`<table><thead><tr>${cells(head).map((c) => `<th>${inline(c)}</th>`).join('')}</tr></thead><tbody>${body.map((r) => `<tr>${cells(r).map((c) => `<td${verdictClass(c)}>${inline(c)}</td>`).join('')}</tr>`).join('')}</tbody></table>`);
    } else if (/^- /.test(line) || /^\d+\. /.test(line)) {
      const ordered = /^\d+\. /.test(line);
      const items = [];
      while (i < lines.length && (ordered ? /^\d+\. / : /^- /).test(lines[i])) items.push(lines[i++].replace(/^(- |\d+\. )/, ''));
      out.push(`<${ordered ? 'ol' : 'ul'}>${items.map((t) => `<li>${inline(t)}</li>`).join('')}</${ordered ? 'ol' : 'ul'}>`);
    } else if (line.trim() === '') {
      i++;
    } else {
      const para = [];
      while (i < lines.length && lines[i].trim() !== '' && !lines[i].startsWith('| ') && !/^(- |\d+\. )/.test(lines[i])) para.push(lines[i++]);
      out.push(`<p>${inline(para.join(' '))}</p>`);
    }
  }
  return out.join('\n');
}

function metricsTable(category) {
  const head = [...METRIC_COLUMNS.map(([h]) => h), 'latency distribution'];
  const rows = category.scenarios.map((s) => `<tr>${METRIC_COLUMNS.map(([, f]) => `<td>${escape(f(s))}</td>`).join('')}<td>${histogram(s.histogram)}</td></tr>`);
  return `<table><thead><tr>${head.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function categoryHtml(category, n) {
  const parts = [`<h3 id="cat-${category.key}">${n}. ${escape(category.title)}</h3>`, `<p>${escape(category.description)}</p>`];
  for (const note of category.notes) parts.push(`<p class="note">${inline(note)}</p>`);
  if (category.key !== 'peers') parts.push(barChart(category.scenarios.map((s) => ({ label: s.name, value: s.opsPerSec, color: s.judged ? PALETTE[0] : PALETTE[5] })), { title: `${category.title}: throughput (grey rows are references, not graded)`, unit: 'ops/s' }));
  parts.push(latencyChart(category.scenarios.map((s) => ({ label: s.name, p50: s.p50Ms, p95: s.p95Ms, p99: s.p99Ms, max: s.maxMs })), { title: `${category.title}: latency percentiles` }));
  if (category.extra?.scale?.length > 1) {
    const points = (k) => category.extra.scale.map((p) => [p.docs, p[k]]);
    parts.push(lineChart([{ name: 'p50', points: points('p50Ms') }, { name: 'p95', points: points('p95Ms') }, { name: 'p99', points: points('p99Ms') }],
      { title: 'Scale curve: query latency vs corpus size (generated Zipf corpora)', xLabel: 'documents', yLabel: 'ms' }));
  }
  if (category.key === 'peers') parts.push(peersChart(category));
  parts.push('<h4>Metrics</h4>', metricsTable(category));
  const more = extras(category).join('\n');
  if (more.trim()) parts.push(markdownToHtml(more));
  parts.push(`<h4>SLA verdicts (${escape(category.key)})</h4>`, markdownToHtml(slaTable(category)));
  return parts.join('\n');
}

function peersChart(category) {
  const engines = [...new Set(category.scenarios.map((s) => s.engine))];
  const color = (engine) => PALETTE[engines.indexOf(engine) % PALETTE.length];
  const groups = [...new Set(category.scenarios.map((s) => s.group))];
  const rows = groups.flatMap((g) => category.scenarios.filter((s) => s.group === g).map((s) => ({ label: `${g}: ${s.engine}`, value: s.opsPerSec, color: color(s.engine) })));
  const legend = engines.map((e) => `<span class="key" style="background:${color(e)}"></span>${escape(e)}`).join(' ');
  return `<p class="legend">${legend}</p>${barChart(rows, { title: 'Peers side by side: throughput in the same run', unit: 'ops/s' })}`;
}

const STYLE = `body{font:14px/1.45 system-ui,sans-serif;margin:24px auto;max-width:1200px;color:#1a202c;padding:0 16px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:12.5px}th,td{border:1px solid #cbd5e0;padding:3px 6px;text-align:left;vertical-align:middle}
th{background:#edf2f7}td.fail{background:#fed7d7}td.ok{background:#c6f6d5}td.min{background:#fefcbf}
.chart{display:block;margin:10px 0}.chart .t{font-weight:600;font-size:13px}.chart .label,.chart .value{font-size:11px}.tick{font-size:10px;fill:#4a5568}
.grid{stroke:#e2e8f0}.hist{display:block}.note{color:#4a5568}.grade{font-size:40px;font-weight:700}.key{display:inline-block;width:10px;height:10px;margin:0 4px 0 12px}
code{background:#edf2f7;padding:0 3px}`;

export function renderHtml(report) {
  const sections = [
    ['summary', 'Executive summary', `<p class="grade">${escape(report.grade.letter)}</p>${markdownToHtml(executiveSummary(report))}` +
      barChart(report.categories.flatMap((c) => c.scenarios.filter((s) => s.judged).map((s) => ({ label: `${c.key}: ${s.name}`, value: s.opsPerSec, color: PALETTE[report.categories.indexOf(c) % PALETTE.length] }))),
        { title: 'Throughput per category (graded scenarios)', unit: 'ops/s', labelWidth: 420, width: 900 })],
    ['machine', 'Machine and versions', markdownToHtml(machineSection(report))],
    ['method', 'Method', markdownToHtml(methodSection(report))],
    ['sla', 'SLA thresholds', markdownToHtml(slaThresholds())],
    ['results', 'Results by category', report.categories.map((c, i) => categoryHtml(c, i + 1)).join('\n')],
    ['grade', 'Grade', markdownToHtml(gradeSection(report))],
    ['bottlenecks', 'Bottlenecks identified', report.bottlenecks.length ? `<ul>${report.bottlenecks.map((b) => `<li>[${escape(b.category)}] ${inline(b.text)}</li>`).join('')}</ul>` : '<p>None found in this run.</p>'],
    ['recommendations', 'Recommendations', report.recommendations.length ? `<ol>${report.recommendations.map((r) => `<li>${inline(r)}</li>`).join('')}</ol>` : '<p>None: every judged criterion met its target.</p>'],
    ['regressions', 'Regression check', markdownToHtml(regressionSection(report))],
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>synthex performance analysis report — ${escape(report.date)}</title><style>${STYLE}</style></head>
<body><h1>synthex performance analysis report</h1>
<p>${escape(report.date)} · ${escape(report.machine.runtime)} · ${report.quick ? 'quick run' : 'full run'} · ${report.repeat} run(s)</p>
<nav>${sections.map(([id, title]) => `<a href="#${id}">${escape(title)}</a>`).join(' · ')}</nav>
${sections.map(([id, title, body]) => `<section id="${id}"><h2>${escape(title)}</h2>\n${body}</section>`).join('\n')}
</body></html>
`;
}
