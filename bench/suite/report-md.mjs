// report.md: the shape of a performance analysis report — executive summary, machine, method,
// per-category metrics and SLA verdicts, grade, bottlenecks, recommendations, regression check.
import { CRITERIA, METRIC_COLUMNS, VERDICT_TEXT, criterionValue, thresholdText, int, ms, mb, pct } from './format.mjs';

const table = (headers, rows) => [`| ${headers.join(' | ')} |`, `| ${headers.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map((c) => String(c).replace(/\|/g, '\\|')).join(' | ')} |`)].join('\n');

export function verdictCounts(report) {
  const counts = { target: 0, minimum: 0, fail: 0, 'n/a': 0 };
  for (const c of report.categories) for (const s of c.scenarios.filter((x) => x.judged)) for (const k of CRITERIA) counts[s.verdicts[k.key].verdict]++;
  return counts;
}

export function executiveSummary(report) {
  const g = report.grade;
  const counts = verdictCounts(report);
  const lines = [
    `**Grade ${g.letter}**${g.score === undefined ? '' : ` (score ${g.score.toFixed(3)} of 1)`}${g.capped ? ', capped at D because a judged scenario failed the minimum error rate' : ''}, ` +
    `computed from ${counts.target + counts.minimum + counts.fail} SLA criteria over ${report.categories.reduce((n, c) => n + c.scenarios.filter((s) => s.judged).length, 0)} judged scenarios: ` +
    `${counts.target} at target, ${counts.minimum} at minimum only, ${counts.fail} failing; ${counts['n/a']} not measured (mostly memory growth over windows under 60 s).`,
    '',
    table(['category', 'score', 'judged scenarios', 'fastest scenario', 'slowest judged scenario'], report.categories.map((c) => {
      const judged = c.scenarios.filter((s) => s.judged).sort((a, b) => a.opsPerSec - b.opsPerSec);
      const best = [...c.scenarios].sort((a, b) => b.opsPerSec - a.opsPerSec)[0];
      return [c.title, g.categories[c.key]?.score === undefined ? 'not graded' : g.categories[c.key].score.toFixed(3), judged.length,
        `${best.name}: ${int(best.opsPerSec)} ops/s`, judged[0] ? `${judged[0].name}: ${int(judged[0].opsPerSec)} ops/s, p95 ${ms(judged[0].p95Ms)} ms` : '—'];
    })),
  ];
  if (report.bottlenecks.length) {
    lines.push('', 'Main findings:', ...report.bottlenecks.slice(0, 3).map((b) => `- ${b.text}`));
  }
  if (report.comparison) {
    const c = report.comparison;
    lines.push('', c.regressions.length ? `**Regression check: ${c.regressions.length} regression(s)** against ${c.file}.` : `Regression check: no regressions against ${c.file} (${c.compared} scenarios).`);
  }
  return lines.join('\n');
}

export function machineSection(report) {
  const m = report.machine;
  return table(['item', 'value'], [
    ['runtime (the one that ran the suite)', `${m.runtime}${m.v8 ? ` (V8 ${m.v8})` : ''}`],
    ['CPU', `${m.cpu}, ${m.cores} cores`],
    ['memory', `${m.memoryGiB} GiB`],
    ['OS', `${m.os}, ${m.platform}`],
    ['load average at start', m.loadAverage?.join(' / ') ?? '—'],
    ['WASM flavour', m.wasmFlavour],
    ['synthex', `${m.synthex}, dist/index.js ${m.dist?.sha256} (${m.dist?.modified})`],
    ['packages', Object.entries(m.packages ?? {}).map(([k, v]) => `${k} ${v}`).join(', ')],
  ]);
}

export function methodSection(report) {
  const s = report.settings;
  return [
    `Every scenario runs on the real components and data: a ${s.warmupMs} ms warm-up of the same calls, then one timed call per sample ` +
    `for at least ${s.durationMs} ms and ${s.minSamples} samples (performance.now(); sync calls are not awaited). ` +
    `Throughput = completed + failed operations / wall time of the window (with several calls in flight this is not 1 / mean latency). ` +
    `Percentiles are nearest-rank over the samples (a uniform reservoir of 200,000 when there are more). ` +
    `Errors are thrown errors, rejected promises and protocol answers without results. ` +
    `Memory is read every 100 ms: RSS, JS heap in use, and the WASM linear memory of the objects the scenario drives; ` +
    `growth is the least-squares slope of RSS, judged only over windows of 60 s or more (use --soak). ` +
    `GC time: ${report.gcReported ? "'gc' performance entries in the measured window" : 'not reported by this runtime'}.`,
    '',
    `Noise: ${report.repeat > 1 ? `every figure is the median of ${report.repeat} runs of the suite (ops/s ranges show the spread)` : 'one run (use --repeat n for medians of n runs)'}. ` +
    'This machine may be shared with other work; treat differences under ±30 % as noise unless they repeat.',
    '',
    `Command: \`${report.command}\`${report.quick ? ' (quick: short windows, for smoke runs and CI; not for publishing figures)' : ''}.`,
  ].join('\n');
}

export function slaTable(category) {
  const headers = ['scenario', ...CRITERIA.map((c) => c.label), 'graded'];
  const rows = category.scenarios.map((s) => [s.name, ...CRITERIA.map((c) => `${criterionValue(c, s.verdicts[c.key].value)} ${VERDICT_TEXT[s.verdicts[c.key].verdict]}`), s.judged ? 'yes' : 'no (reference)']);
  return table(headers, rows);
}

export function extras(category) {
  const out = [];
  if (category.extra?.scale?.length) {
    out.push('', 'Scale curve (generated Zipf corpora):', '', table(['docs', 'build ms', 'docs/s', 'WASM MB', 'terms', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms'],
      category.extra.scale.map((p) => [int(p.docs), int(p.buildMs), int(p.docsPerSec), mb(p.wasmBytes), int(p.terms), int(p.opsPerSec), ms(p.p50Ms), ms(p.p95Ms), ms(p.p99Ms)])));
  }
  if (category.extra?.builds?.length) {
    out.push('', 'Index builds (one build each):', '', table(['corpus', 'engine', 'build ms', 'JS heap growth MB', 'WASM MB'],
      category.extra.builds.map((b) => [b.corpus, b.engine, int(b.buildMs), mb(b.heapGrowthBytes), b.wasmBytes === undefined ? '—' : mb(b.wasmBytes)])));
  }
  return out;
}

function categorySection(category, n) {
  return [
    `### ${n}. ${category.title}`,
    '',
    category.description,
    ...category.notes.map((note) => `\n${note}`),
    '',
    'Metrics:',
    '',
    table(METRIC_COLUMNS.map(([h]) => h), category.scenarios.map((s) => METRIC_COLUMNS.map(([, f]) => f(s)))),
    ...extras(category),
    '',
    `SLA verdicts (${category.key}):`,
    '',
    slaTable(category),
  ].join('\n');
}

export function slaThresholds() {
  return table(['criterion', 'minimum acceptable', 'target'], CRITERIA.map((c) => [c.label, thresholdText(c, 'minimum'), thresholdText(c, 'target')]));
}

export function gradeSection(report) {
  const g = report.grade;
  return [
    'Formula:',
    '',
    ...report.gradeFormula.map((line) => `- ${line}`),
    '',
    table(['category', 'weight', 'judged scenarios', 'score'], Object.entries(g.categories).map(([k, c]) => [k, c.weight, c.scenarios, c.score === undefined ? '—' : c.score.toFixed(3)])),
    '',
    `Overall: ${g.score === undefined ? 'n/a' : g.score.toFixed(3)} → **${g.letter}**${g.capped ? ' (capped at D)' : ''}.`,
  ].join('\n');
}

export function regressionSection(report) {
  const c = report.comparison;
  if (!c) return 'No baseline given (--compare file.json).';
  const a = c.alerts;
  return [
    `Against ${c.file}: ${c.compared} scenarios compared; baseline figures are medians of ${c.baselineRepeat} run(s), these of ${c.currentRepeat}. ` +
    `Alerts: throughput drop > ${pct(a.maxThroughputDrop, 0)}, p50 or p95 latency > ${a.maxLatencyRatio}× baseline, memory growth > ${a.maxGrowthMBPerHour} MB/hour (judged windows only), error rate > ${pct(a.maxErrorRate, 1)}.`,
    '',
    c.regressions.length ? table(['category', 'scenario', 'metric', 'finding'], c.regressions.map((r) => [r.category, r.scenario, r.metric, r.message])) : 'No regressions.',
    c.missing.length ? `\nIn the baseline but not in this run: ${c.missing.join(', ')}.` : '',
  ].join('\n');
}

export function renderMarkdown(report) {
  return [
    `# synthex performance analysis report`,
    '',
    `${report.date} · ${report.machine.runtime} · ${report.quick ? 'quick run' : 'full run'} · ${report.repeat} run(s) · ${report.durationS.toFixed(0)} s`,
    '',
    '## Executive summary',
    '',
    executiveSummary(report),
    '',
    '## Machine and versions',
    '',
    machineSection(report),
    '',
    '## Method',
    '',
    methodSection(report),
    '',
    '## SLA thresholds',
    '',
    slaThresholds(),
    '',
    '## Results by category',
    '',
    report.categories.map((c, i) => categorySection(c, i + 1)).join('\n\n'),
    '',
    '## Grade',
    '',
    gradeSection(report),
    '',
    '## Bottlenecks identified',
    '',
    report.bottlenecks.length ? report.bottlenecks.map((b) => `- [${b.category}] ${b.text}`).join('\n') : '- None found in this run.',
    '',
    '## Recommendations',
    '',
    report.recommendations.length ? report.recommendations.map((r, i) => `${i + 1}. ${r}`).join('\n') : '1. None: every judged criterion met its target.',
    '',
    '## Regression check',
    '',
    regressionSection(report),
    '',
  ].join('\n');
}
