// The performance analysis suite: `bun bench` / `npm run bench` / `deno task bench`.
//   bench/suite/run.mjs [--quick] [--filter search,mcp,memory,concurrency,peers] [--soak <minutes>]
//     [--repeat n] [--out dir] [--save-baseline f.json] [--compare f.json] [--results report.json]
//     [--max-throughput-drop 0.3] [--max-latency-ratio 2] [--max-growth-mb-per-hour 100] [--max-error-rate 0.01]
//     [--scale-sizes 10000,100000]
// Writes report.md, report.json and report.html to bench-results/<timestamp>/ (or --out); exits 1
// when --compare finds a regression, 2 on bad usage.
import process from 'node:process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { describeMachine } from './machine.mjs';
import { startGcObserver, gcReported } from './gc-time.mjs';
import { closeFixtures } from './fixtures.mjs';
import { mergeRuns } from './merge.mjs';
import { judgeScenario, SLA } from './sla.mjs';
import { grade, GRADE_FORMULA } from './grade.mjs';
import { analyse } from './analysis.mjs';
import { makeBaseline, compareToBaseline, checkBaseline, DEFAULT_ALERTS } from './baseline.mjs';
import { renderMarkdown } from './report-md.mjs';
import { renderHtml } from './report-html.mjs';

export const CATEGORY_KEYS = ['search', 'mcp', 'memory', 'concurrency', 'peers'];
const SETTINGS = {
  quick: { warmupMs: 50, durationMs: 200, minSamples: 30, maxSamples: 200_000 },
  full: { warmupMs: 500, durationMs: 2000, minSamples: 300, maxSamples: 2_000_000 },
};
const SCALE_SIZES = { quick: [1_000, 10_000], full: [10_000, 100_000] };

function usage(message) {
  console.error(`bench: ${message}`);
  console.error('usage: bench/suite/run.mjs [--quick] [--filter search,mcp,memory,concurrency,peers] [--soak minutes] [--repeat n] [--out dir] [--save-baseline f.json] [--compare f.json] [--results report.json] [--max-throughput-drop 0.3] [--max-latency-ratio 2] [--max-growth-mb-per-hour 100] [--max-error-rate 0.01] [--scale-sizes 1000,10000]');
  process.exit(2);
}

function positive(name, text, { integer = false, fallback } = {}) {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) usage(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got ${JSON.stringify(text)}`);
  return value;
}

function parseOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        quick: { type: 'boolean', default: false }, filter: { type: 'string' }, soak: { type: 'string' }, repeat: { type: 'string' },
        out: { type: 'string' }, 'save-baseline': { type: 'string' }, compare: { type: 'string' }, results: { type: 'string' },
        'max-throughput-drop': { type: 'string' }, 'max-latency-ratio': { type: 'string' }, 'max-growth-mb-per-hour': { type: 'string' },
        'max-error-rate': { type: 'string' }, 'scale-sizes': { type: 'string' }, help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    usage(error.message);
  }
  if (values.help) usage('help');
  const filter = values.filter === undefined ? CATEGORY_KEYS : values.filter.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = filter.filter((k) => !CATEGORY_KEYS.includes(k));
  if (unknown.length || filter.length === 0) usage(`--filter takes ${CATEGORY_KEYS.join(',')}; got ${JSON.stringify(values.filter)}`);
  const mode = values.quick ? 'quick' : 'full';
  const comparing = values.compare !== undefined || values['save-baseline'] !== undefined;
  return {
    quick: values.quick,
    mode,
    filter,
    soakMinutes: positive('soak', values.soak),
    // Comparisons are between medians: default to 3 runs unless quick (a smoke run) or told otherwise.
    repeat: positive('repeat', values.repeat, { integer: true, fallback: comparing && !values.quick && !values.results ? 3 : 1 }),
    out: values.out,
    saveBaseline: values['save-baseline'],
    compare: values.compare,
    results: values.results,
    scaleSizes: values['scale-sizes'] === undefined ? SCALE_SIZES[mode]
      : values['scale-sizes'].split(',').map((s) => positive('scale-sizes', s.trim(), { integer: true })),
    alerts: {
      maxThroughputDrop: positive('max-throughput-drop', values['max-throughput-drop'], { fallback: DEFAULT_ALERTS.maxThroughputDrop }),
      maxLatencyRatio: positive('max-latency-ratio', values['max-latency-ratio'], { fallback: DEFAULT_ALERTS.maxLatencyRatio }),
      maxGrowthMBPerHour: positive('max-growth-mb-per-hour', values['max-growth-mb-per-hour'], { fallback: DEFAULT_ALERTS.maxGrowthMBPerHour }),
      maxErrorRate: positive('max-error-rate', values['max-error-rate'], { fallback: DEFAULT_ALERTS.maxErrorRate }),
    },
  };
}

const log = (text) => process.stderr.write(text);

async function runCategory(key, ctx) {
  const module = await import(`./categories/${key}.mjs`);
  log(`[${key}] `);
  const started = performance.now();
  const result = await module.run({ ...ctx, log: (text) => log(`${text} `) });
  log(`(${((performance.now() - started) / 1000).toFixed(1)} s)\n`);
  return { key, title: module.title, description: module.description, notes: result.notes ?? [], extra: result.extra ?? {}, scenarios: result.scenarios };
}

async function measure(options) {
  startGcObserver();
  const ctx = { settings: SETTINGS[options.mode], quick: options.quick, scaleSizes: options.scaleSizes, soakMinutes: options.soakMinutes };
  const runs = [];
  for (let r = 0; r < options.repeat; r++) {
    if (options.repeat > 1) log(`run ${r + 1} of ${options.repeat}\n`);
    const categories = [];
    for (const key of options.filter) categories.push(await runCategory(key, ctx));
    runs.push(categories);
  }
  const categories = mergeRuns(runs);
  if (options.soakMinutes) categories.push(await runCategory('soak', ctx)); // once: it is already one long sample
  await closeFixtures();
  return categories;
}

/** Verdicts, grade, bottlenecks and recommendations: recomputed from the measurements every time. */
function judge(report) {
  for (const category of report.categories) for (const s of category.scenarios) s.verdicts = judgeScenario(s);
  report.sla = SLA;
  report.grade = grade(report.categories);
  report.gradeFormula = GRADE_FORMULA;
  Object.assign(report, analyse(report));
  return report;
}

function assemble(options, machine, categories, started) {
  const report = {
    kind: 'synthex-bench-report',
    version: 1,
    date: new Date().toISOString(),
    durationS: (performance.now() - started) / 1000,
    command: `bench/suite/run.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    quick: options.quick,
    repeat: options.repeat,
    settings: SETTINGS[options.mode],
    filter: options.filter,
    soakMinutes: options.soakMinutes ?? null,
    gcReported,
    machine,
    categories,
  };
  return judge(report);
}

function timestampDir() {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  return fileURLToPath(new URL(`../../bench-results/${stamp}/`, import.meta.url));
}

function printSummary(report, dir) {
  const { grade: g } = report;
  console.log(`synthex bench (${report.quick ? 'quick' : 'full'}, ${report.repeat} run${report.repeat > 1 ? 's' : ''}, medians) on ${report.machine.runtime}, ${report.machine.cpu}, ${report.machine.cores} cores`);
  console.log(`grade ${g.letter}${g.score === undefined ? '' : ` (score ${g.score.toFixed(3)})`}${g.capped ? ' — capped at D by an error rate over the minimum' : ''}`);
  for (const c of report.categories) {
    const judged = c.scenarios.filter((s) => s.judged);
    const best = [...c.scenarios].sort((a, b) => b.opsPerSec - a.opsPerSec)[0];
    console.log(`  ${c.key.padEnd(12)} ${judged.length}/${c.scenarios.length} judged, score ${g.categories[c.key]?.score?.toFixed(3) ?? 'n/a'}, fastest ${best?.name}: ${Math.round(best?.opsPerSec ?? 0).toLocaleString('en-US')} ops/s`);
  }
  for (const b of report.bottlenecks.slice(0, 3)) console.log(`  bottleneck: ${b.text}`);
  if (dir) console.log(`report: ${join(dir, 'report.md')} (.json, .html)`);
}

export async function main(argv = process.argv.slice(2)) {
  const options = parseOptions(argv);
  const started = performance.now();
  let report;
  if (options.results) {
    try {
      report = JSON.parse(readFileSync(options.results, 'utf8'));
    } catch (error) {
      usage(`--results ${options.results}: ${error.message}`);
    }
    if (report?.kind !== 'synthex-bench-report' || !Array.isArray(report.categories)) usage(`--results ${options.results} is not a report.json written by this suite`);
    judge(report);
  } else {
    const machine = await describeMachine();
    log(`bench on ${machine.runtime} (${machine.wasmFlavour} WASM), ${options.mode}, ${options.repeat} run(s): ${options.filter.join(', ')}${options.soakMinutes ? ` + soak ${options.soakMinutes} min` : ''}\n`);
    report = assemble(options, machine, await measure(options), started);
  }
  let baseline;
  if (options.compare) {
    try {
      baseline = checkBaseline(JSON.parse(readFileSync(options.compare, 'utf8')));
    } catch (error) {
      usage(`--compare ${options.compare}: ${error.message}`);
    }
    report.comparison = { file: options.compare, ...compareToBaseline(report, baseline, options.alerts) };
  }
  const dir = options.results && !options.out ? undefined : resolve(options.out ?? timestampDir());
  if (dir) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);
    writeFileSync(join(dir, 'report.md'), renderMarkdown(report));
    writeFileSync(join(dir, 'report.html'), renderHtml(report));
  }
  if (!options.results || options.out) printSummary(report, dir);
  if (options.saveBaseline) {
    writeFileSync(options.saveBaseline, `${JSON.stringify(makeBaseline(report), null, 2)}\n`);
    console.log(`baseline saved: ${options.saveBaseline} (${report.repeat} run${report.repeat > 1 ? 's' : ''}, medians)`);
  }
  if (report.comparison) {
    const c = report.comparison;
    console.log(`compared ${c.compared} scenarios with ${options.compare} (baseline: medians of ${c.baselineRepeat} run(s); now: ${c.currentRepeat})${c.missing.length ? `; missing now: ${c.missing.join(', ')}` : ''}`);
    if (c.regressions.length) {
      console.log(`REGRESSIONS (${c.regressions.length}):`);
      for (const r of c.regressions) console.log(`  [${r.category}] ${r.message}`);
      return 1;
    }
    console.log('no regressions');
  }
  return 0;
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/suite/run.mjs')) {
  const code = await main();
  // Child processes and timers are closed; exit explicitly so no straggler holds the run.
  process.exit(code);
}
