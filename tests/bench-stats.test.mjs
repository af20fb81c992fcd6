// The performance suite's statistics, SLA verdicts, grade and baseline comparison, on samples
// small enough to work by hand (bench/suite/*.mjs are pure: no runtime or file access here).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { percentile, mean, median, rate, errorRate, summarize, linearFit, growthPerHour, logHistogram } from '../bench/suite/stats.mjs';
import { SLA, CRITERIA, verdict, judgeScenario } from '../bench/suite/sla.mjs';
import { grade, scenarioScore, letterFor } from '../bench/suite/grade.mjs';
import { makeBaseline, compareToBaseline, checkBaseline, DEFAULT_ALERTS } from '../bench/suite/baseline.mjs';
import { mergeRuns } from '../bench/suite/merge.mjs';

const close = (actual, expected, eps = 1e-9) => assert.ok(Math.abs(actual - expected) < eps, `expected ${expected}, got ${actual}`);
const criterion = (key) => CRITERIA.find((c) => c.key === key);

test('nearest-rank percentiles on 1..100 and on tiny samples', () => {
  const hundred = Float64Array.from({ length: 100 }, (_, i) => i + 1);
  assert.equal([0.5, 0.95, 0.99, 1].map((p) => percentile(hundred, p)), [50, 95, 99, 100]);
  assert.is(percentile(hundred, 0), 1);
  assert.is(percentile([7], 0.99), 7);
  // 10 samples: p95 needs 9.5 samples at or below → the 10th; p50 → the 5th.
  const ten = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  assert.is(percentile(ten, 0.5), 5);
  assert.is(percentile(ten, 0.95), 10);
  assert.is(percentile(ten, 0.9), 9);
  assert.is(percentile([], 0.5), undefined);
});

test('mean, median (odd, even, ignoring undefined and NaN), rates and error rates', () => {
  assert.is(mean([1, 2, 3, 10]), 4);
  assert.is(mean([]), undefined);
  assert.is(median([5, 1, 3]), 3);
  assert.is(median([4, 1, 3, 2]), 2.5);
  assert.is(median([undefined, 2, NaN, 4]), 3);
  assert.is(median([]), undefined);
  assert.is(rate(500, 250), 2000);
  assert.is(rate(10, 0), undefined);
  assert.is(errorRate(1, 1000), 0.001);
  assert.is(errorRate(0, 0), 0);
});

test('summarize: unsorted latencies, errors count as attempts, throughput from wall time', () => {
  const latencies = [4, 1, 3, 2, 10, 6, 5, 9, 8, 7];
  const s = summarize(latencies, { errors: 2, elapsedMs: 100 });
  assert.is(s.samples, 10);
  assert.is(s.errors, 2);
  close(s.errorRate, 2 / 12);
  close(s.opsPerSec, 120); // 12 attempts in 0.1 s
  assert.is(s.meanMs, 5.5);
  assert.is(s.p50Ms, 5);
  assert.is(s.p95Ms, 10);
  assert.is(s.p99Ms, 10);
  assert.is(s.maxMs, 10);
  assert.is(latencies[0], 4, 'the caller\'s array is not sorted in place');
  // A reservoir: 3 latencies kept out of 1,000 completed operations.
  const r = summarize([1, 2, 3], { elapsedMs: 1000, completed: 1000 });
  assert.is(r.samples, 1000);
  assert.is(r.latencySamples, 3);
  assert.is(r.opsPerSec, 1000);
  const empty = summarize([], { elapsedMs: 10 });
  assert.is(empty.samples, 0);
  assert.is(empty.p99Ms, undefined);
  assert.is(empty.errorRate, 0);
});

test('linear fit: exact line, noisy line, degenerate inputs', () => {
  const fit = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
  close(fit.slope, 2);
  close(fit.intercept, 1);
  close(fit.r2, 1);
  const noisy = linearFit([0, 1, 2, 3, 4], [0, 1.1, 1.9, 3.2, 3.8]);
  close(noisy.slope, 0.97, 1e-9); // Σdxdy = 9.7, Σdx² = 10
  assert.ok(noisy.r2 > 0.98 && noisy.r2 < 1);
  // Slope standard error = sqrt(SSR / (n − 2) / Sxx), with SSR = Syy − slope·Sxy.
  const ys = [0, 1.1, 1.9, 3.2, 3.8], my = 2;
  const syy = ys.reduce((sum, y) => sum + (y - my) ** 2, 0);
  close(noisy.slopeStdError, Math.sqrt((syy - 0.97 * 9.7) / 3 / 10));
  assert.is(fit.slopeStdError, 0, 'an exact line has no slope error');
  assert.is(linearFit([1], [1]), undefined);
  assert.is(linearFit([2, 2, 2], [1, 2, 3]), undefined);
  assert.is(linearFit([1, 2], [1]), undefined);
});

test('growth per hour: 1 MB per minute over 2 minutes is 60 MB/h and judged; 10 s is not', () => {
  const MB = 2 ** 20;
  const samples = Array.from({ length: 121 }, (_, s) => ({ tMs: s * 1000, bytes: 100 * MB + (s / 60) * MB }));
  const g = growthPerHour(samples);
  close(g.mbPerHour, 60, 1e-6);
  assert.is(g.windowS, 120);
  assert.ok(g.meaningful);
  const short = growthPerHour(samples.slice(0, 11));
  close(short.mbPerHour, 60, 1e-6);
  assert.is(short.meaningful, false, 'a 10 s window cannot say much about an hour');
  close(g.ci95MBPerHour, 0, 1e-6);
  // Pure alternating noise around a flat line: the slope's interval covers zero.
  const flat = growthPerHour(Array.from({ length: 100 }, (_, i) => ({ tMs: i * 1000, bytes: 100 * MB + (i % 2 ? MB : -MB) })));
  assert.ok(Math.abs(flat.mbPerHour) <= flat.ci95MBPerHour, `${flat.mbPerHour} ± ${flat.ci95MBPerHour}`);
  assert.is(growthPerHour([]).meaningful, false);
  assert.is(growthPerHour([{ tMs: 0, bytes: 1 }]).mbPerHour, undefined);
  close(growthPerHour(samples.map((x) => ({ ...x, bytes: 500 * MB - x.bytes }))).mbPerHour, -60, 1e-6);
});

test('log histogram keeps every positive sample in one bin, bins ascend', () => {
  const values = [0.01, 0.02, 0.05, 0.1, 1, 1, 1, 10, 0, -1];
  const bins = logHistogram(values, 6);
  assert.is(bins.length, 6);
  assert.is(bins.reduce((n, b) => n + b.count, 0), 8);
  close(bins[0].fromMs, 0.01);
  close(bins[5].toMs, 10, 1e-9);
  for (let i = 1; i < bins.length; i++) assert.ok(bins[i].fromMs > bins[i - 1].fromMs);
  assert.equal(logHistogram([]), []);
  assert.equal(logHistogram([2, 2]), [{ fromMs: 2, toMs: 2, count: 2 }]);
});

test('SLA verdicts at and around the thresholds', () => {
  const ops = criterion('opsPerSec'), p95 = criterion('p95Ms'), p99 = criterion('p99Ms'), err = criterion('errorRate'), growth = criterion('growthMBPerHour');
  assert.equal([1000, 999, 500, 499.9].map((v) => verdict(ops, v)), ['target', 'minimum', 'minimum', 'fail']);
  assert.equal([5, 5.01, 10, 10.5].map((v) => verdict(p95, v)), ['target', 'minimum', 'minimum', 'fail']);
  assert.equal([10, 20, 20.1].map((v) => verdict(p99, v)), ['target', 'minimum', 'fail']);
  // "errors < 0.1 %" and "< 0.01 %": strict.
  assert.equal([0, 0.00009, 0.0001, 0.0009, 0.001].map((v) => verdict(err, v)), ['target', 'target', 'minimum', 'minimum', 'fail']);
  assert.equal([9.9, 10, 49, 50].map((v) => verdict(growth, v)), ['target', 'minimum', 'minimum', 'fail']);
  assert.equal([undefined, null, NaN].map((v) => verdict(ops, v)), ['n/a', 'n/a', 'n/a']);
  assert.equal(SLA.minimum, { opsPerSec: 500, p95Ms: 10, p99Ms: 20, errorRate: 0.001, growthMBPerHour: 50 });
  assert.equal(SLA.target, { opsPerSec: 1000, p95Ms: 5, p99Ms: 10, errorRate: 0.0001, growthMBPerHour: 10 });
});

test('judgeScenario judges growth only over a meaningful window', () => {
  const base = { opsPerSec: 800, p95Ms: 4, p99Ms: 15, errorRate: 0 };
  const short = judgeScenario({ ...base, memory: { growth: { mbPerHour: 900, windowS: 0.3, meaningful: false } } });
  assert.equal(Object.fromEntries(Object.entries(short).map(([k, v]) => [k, v.verdict])),
    { opsPerSec: 'minimum', p95Ms: 'target', p99Ms: 'minimum', errorRate: 'target', growthMBPerHour: 'n/a' });
  const soak = judgeScenario({ ...base, memory: { growth: { mbPerHour: 60, windowS: 600, meaningful: true } } });
  assert.is(soak.growthMBPerHour.verdict, 'fail');
  assert.is(soak.growthMBPerHour.value, 60);
  assert.is(judgeScenario({}).opsPerSec.verdict, 'n/a', 'a scenario with no figures is not a pass');
});

const scenario = (opsPerSec, p95Ms, p99Ms, errorRate, judged = true) => ({ judged, opsPerSec, p95Ms, p99Ms, errorRate, memory: { growth: { meaningful: false } } });

test('grade: points, scenario and category scores, weights, letters, error cap', () => {
  // 4 criteria judged (growth n/a): target, minimum, fail, target → (2 + 1 + 0 + 2) / 8.
  close(scenarioScore(judgeScenario(scenario(2000, 7, 25, 0))), 5 / 8);
  assert.is(scenarioScore(judgeScenario({})), undefined);
  assert.equal([0.95, 0.9, 0.85, 0.75, 0.65, 0.59, 0].map(letterFor), ['A', 'A', 'B', 'C', 'D', 'F', 'F']);
  const perfect = scenario(5000, 1, 2, 0);
  const half = scenario(600, 7, 15, 0.0005); // all four at minimum → 0.5
  const g = grade([
    { key: 'search', scenarios: [perfect, half] },            // 0.75, weight 3
    { key: 'mcp', scenarios: [perfect] },                     // 1,    weight 2
    { key: 'peers', scenarios: [scenario(1, 100, 100, 0.5, false)] }, // not judged (and weight 0)
    { key: 'memory', scenarios: [{ ...half, judged: false }] }, // nothing judged: no score
  ]);
  close(g.categories.search.score, 0.75);
  close(g.categories.mcp.score, 1);
  assert.is(g.categories.memory.score, undefined);
  close(g.score, (3 * 0.75 + 2 * 1) / 5);
  assert.is(g.letter, 'B');
  assert.is(g.capped, false);
  // An error rate failing the minimum caps an otherwise A run at D.
  const capped = grade([{ key: 'search', scenarios: [perfect, perfect, perfect, perfect, perfect, perfect, perfect, perfect, perfect, scenario(5000, 1, 2, 0.002)] }]);
  assert.ok(capped.score > 0.9);
  assert.is(capped.letter, 'D');
  assert.ok(capped.capped);
  assert.is(grade([]).letter, 'n/a');
});

function report(rows) {
  return {
    date: 'x', quick: false, repeat: 3, machine: { runtime: 'Node', cpu: 'cpu', cores: 2 },
    categories: [{ key: 'search', scenarios: rows.map(([id, extra]) => ({ id, judged: true, opsPerSec: 1000, p50Ms: 1, p95Ms: 2, p99Ms: 3, errorRate: 0, memory: { growth: { meaningful: false } }, ...extra })) },
      { key: 'peers', scenarios: [{ id: 'q/flexsearch', judged: false, engine: 'flexsearch', opsPerSec: 10 }, { id: 'q/synthex', judged: false, engine: 'synthex', opsPerSec: 100, p50Ms: 1, p95Ms: 1 }] }],
  };
}

test('baseline: keeps synthex rows (judged and among peers), not peers', () => {
  const b = makeBaseline(report([['a', {}]]));
  assert.equal(Object.keys(b.scenarios).sort(), ['peers/q/synthex', 'search/a']);
  assert.is(b.repeat, 3);
  assert.is(b.scenarios['search/a'].growthMBPerHour, null);
  assert.is(checkBaseline(b), b);
  for (const bad of [null, 42, {}, { kind: 'other', scenarios: {} }, { kind: b.kind, scenarios: null }]) {
    assert.throws(() => checkBaseline(bad), (e) => /not a synthex bench baseline/.test(e.message));
  }
});

test('comparison flags each alert at its threshold and nothing below it', () => {
  const baseline = makeBaseline(report([['same', {}], ['slow', {}], ['lat', {}], ['err', {}], ['leak', {}], ['edge', {}], ['gone', {}]]));
  const now = report([
    ['same', { opsPerSec: 1100, p95Ms: 1.5 }],
    ['slow', { opsPerSec: 650 }],                        // −35 % > 30 %
    ['lat', { p95Ms: 4.5 }],                              // 2.25× > 2×
    ['err', { errorRate: 0.02 }],                         // 2 % > 1 %
    ['leak', { memory: { growth: { meaningful: true, mbPerHour: 150, windowS: 600 } } }],
    ['edge', { opsPerSec: 700, p95Ms: 4, errorRate: 0.01, memory: { growth: { meaningful: true, mbPerHour: 100, windowS: 600 } } }], // exactly at every limit: not flagged
    ['new', {}],
  ]);
  const c = compareToBaseline(now, baseline);
  const flagged = c.regressions.map((r) => `${r.scenario}:${r.metric}`).sort();
  assert.equal(flagged, ['err:errorRate', 'lat:p95Ms', 'leak:growthMBPerHour', 'slow:opsPerSec']);
  assert.equal(c.missing, ['search/gone']);
  assert.equal(c.added, ['search/new']);
  assert.is(c.compared, 7);
  assert.match(c.regressions.find((r) => r.scenario === 'slow').message, /throughput dropped 35\.0 %/);
  assert.equal(c.alerts, DEFAULT_ALERTS);
  // Thresholds are configurable: a 40 % allowance lets the 35 % drop pass.
  const loose = compareToBaseline(now, baseline, { ...DEFAULT_ALERTS, maxThroughputDrop: 0.4 });
  assert.not.ok(loose.regressions.some((r) => r.metric === 'opsPerSec'));
  assert.throws(() => compareToBaseline(now, { scenarios: {} }), (e) => /baseline/.test(e.message));
});

test('repeated runs merge to medians per scenario, with the spread and summed counts', () => {
  const run = (ops, p95, errors) => [{ key: 'search', scenarios: [{ id: 'a', opsPerSec: ops, p95Ms: p95, samples: 10, errors, memory: { peakWasmBytes: ops, peakHeapBytes: 1, peakRssBytes: 1, growth: { mbPerHour: ops, windowS: 1, samples: 2, meaningful: false }, heapGrowth: { samples: 0 }, wasmGrowth: { samples: 0 } } }] }];
  const [merged] = mergeRuns([run(100, 3, 0), run(300, 1, 1), run(200, 2, 0)]);
  const s = merged.scenarios[0];
  assert.is(s.opsPerSec, 200);
  assert.is(s.p95Ms, 2);
  assert.is(s.runs, 3);
  assert.equal(s.opsPerSecRange, [100, 300]);
  assert.is(s.samples, 30);
  assert.is(s.errors, 1);
  assert.is(s.memory.peakWasmBytes, 300);
  assert.is(s.memory.growth.mbPerHour, 200);
  // The scale curve follows the merged scenarios (latency) and the median build of the runs.
  const withScale = (ops, buildMs) => [{ key: 'search', extra: { scale: [{ docs: 10, buildMs, docsPerSec: 10 / buildMs, wasmBytes: 1, p95Ms: 99 }] },
    scenarios: [{ ...run(ops, ops / 100, 0)[0].scenarios[0], id: 'zipf-10' }] }];
  const [scaled] = mergeRuns([withScale(100, 5), withScale(300, 1), withScale(200, 3)]);
  assert.is(scaled.extra.scale[0].buildMs, 3);
  assert.is(scaled.extra.scale[0].p95Ms, 2, 'the merged scenario\'s p95, not the first run\'s');
  assert.is(scaled.extra.scale[0].opsPerSec, 200);
  const [single] = mergeRuns([run(100, 3, 0)]);
  assert.is(single.scenarios[0].runs, 1);
});

test.run();
