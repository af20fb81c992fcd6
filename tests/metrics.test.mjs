// createMetrics(): the WASM histogram against exact sorted-sample percentiles (within the
// documented 1/256 relative error), its Prometheus buckets against exact counts, merge and
// reset, bad observations, the registry's exposition text (parsed back line by line), label
// escaping, refused names and labels, and identical figures from the SIMD and scalar builds.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createMetrics, setWasmFlavour, runtimeSupportsSimd, HISTOGRAM_RELATIVE_ERROR } from '../dist/index.js';
import { isError } from './helpers/errors.mjs';
import { reportIdentity, fnv1a, hex } from './helpers/identity.mjs';
import { seededRandom } from './helpers/random.mjs';

/** Nearest-rank percentile of sorted values: the ceil(p/100·n)-th smallest. */
function exactPercentile(sorted, p) {
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

/** Latency-like samples in integer microseconds: a log-normal body with a heavy tail. */
function latencies(seed, n) {
  const random = seededRandom(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    const u = Math.max(random(), 1e-12), v = random();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    let value = Math.exp(6.5 + 1.2 * normal); // median ~665 µs
    if (random() < 0.01) value *= 50;          // 1 % stragglers
    out.push(Math.round(value));
  }
  return out;
}

const PERCENTILES = [0, 1, 10, 25, 50, 75, 90, 95, 99, 99.9, 100];

test('percentiles are within the documented relative error of the exact sorted-sample ones', async () => {
  const metrics = await createMetrics();
  for (const [seed, n] of [[1, 1], [2, 10], [3, 1000], [4, 100_000]]) {
    const h = metrics.histogram(`latency_${seed}_seconds`, { help: 'x', resolution: 1 });
    const child = h.labels();
    const samples = latencies(seed, n);
    for (const value of samples) child.observe(value);
    const sorted = samples.slice().sort((a, b) => a - b);
    for (const p of PERCENTILES) {
      const exact = exactPercentile(sorted, p);
      const got = child.percentile(p);
      assert.ok(Math.abs(got - exact) <= exact * HISTOGRAM_RELATIVE_ERROR, `n=${n} p${p}: ${got} vs exact ${exact}`);
    }
    const summary = child.summary();
    assert.is(summary.count, n);
    assert.is(summary.sum, samples.reduce((a, b) => a + b, 0));
    assert.is(summary.min, sorted[0]);
    assert.is(summary.max, sorted[n - 1]);
  }
  metrics.close();
});

test('values below 256 units are exact; every value up to 2^20 lands within the bound', async () => {
  const metrics = await createMetrics();
  const child = metrics.histogram('small_seconds', { help: 'x', resolution: 1 }).labels();
  for (let v = 0; v < 256; v++) {
    child.observe(v);
    assert.is(child.percentile(100), v);
  }
  // A bucket's reported value (p50 of {v, v+1}; min and max clamp only at the ends).
  const probe = metrics.histogram('probe_seconds', { help: 'x', resolution: 1 }).labels();
  const random = seededRandom(9);
  for (let i = 0; i < 2000; i++) {
    const v = 256 + Math.floor(random() * (1 << 20));
    probe.reset();
    probe.observe(v); probe.observe(v + 1);
    const got = probe.percentile(50);
    assert.ok(Math.abs(got - v) <= v * HISTOGRAM_RELATIVE_ERROR, `${v} → ${got}`);
  }
  metrics.close();
});

test('Prometheus buckets count exactly at bucket edges and cumulatively; sum and count agree', async () => {
  const metrics = await createMetrics();
  const bounds = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01];
  const h = metrics.histogram('request_seconds', { help: 'Request time.', buckets: bounds });
  const samples = latencies(11, 20_000).map((us) => us / 1e6);
  for (const s of samples) h.observe(undefined, s);
  const text = metrics.text();
  const bucket = (le) => Number(new RegExp(`^request_seconds_bucket\\{le="${le.replace('+', '\\+')}"\\} (\\S+)$`, 'm').exec(text)[1]);
  let previous = 0;
  for (const bound of bounds) {
    const got = bucket(String(bound));
    const exact = samples.filter((s) => s <= bound).length;
    // A bound falls inside a bucket at most 1/128 wide: only values that close to it may differ.
    const near = samples.filter((s) => Math.abs(s - bound) <= bound / 128 + 1e-6).length;
    assert.ok(Math.abs(got - exact) <= near, `le=${bound}: ${got} vs ${exact} (±${near})`);
    assert.ok(got >= previous);
    previous = got;
  }
  assert.is(bucket('+Inf'), samples.length);
  assert.is(Number(/^request_seconds_count (\S+)$/m.exec(text)[1]), samples.length);
  const sum = Number(/^request_seconds_sum (\S+)$/m.exec(text)[1]);
  assert.ok(Math.abs(sum - samples.reduce((a, b) => a + b, 0)) < 1e-6 * samples.length);
  metrics.close();
});

test('summary() merges every labelled series; merge equals recording everything in one', async () => {
  const metrics = await createMetrics();
  const h = metrics.histogram('by_route_seconds', { help: 'x', labelNames: ['route'], resolution: 1 });
  const a = latencies(21, 5000), b = latencies(22, 7000);
  for (const v of a) h.observe({ route: '/a' }, v);
  for (const v of b) h.observe({ route: '/b' }, v);
  const all = metrics.histogram('all_seconds', { help: 'x', resolution: 1 }).labels();
  for (const v of [...a, ...b]) all.observe(v);
  const merged = h.summary();
  const direct = all.summary();
  assert.equal(merged, direct);
  assert.is(h.labels({ route: '/a' }).summary().count, 5000);
  metrics.close();
});

test('bad observations and percentiles are refused; huge values clamp to the maximum', async () => {
  const metrics = await createMetrics();
  const child = metrics.histogram('bad_seconds', { help: 'x' }).labels();
  for (const value of [-1, NaN, Infinity, -Infinity, '1', null, undefined]) {
    assert.throws(() => child.observe(value), isError(RangeError), String(value));
  }
  for (const p of [-1, 101, NaN, '50']) assert.throws(() => child.percentile(p), isError(RangeError), String(p));
  assert.is(child.percentile(99), 0, 'empty histogram reads 0');
  child.observe(1e12); // ~11.6 days in seconds: past the 2^40 µs ceiling
  assert.ok(child.percentile(50) <= 2 ** 40 * 1e-6 && child.percentile(50) > 1e6);
  assert.is(child.summary().count, 1);
  metrics.close();
});

test('exposition text: HELP/TYPE per family, escaped labels and help, counters and gauges', async () => {
  const metrics = await createMetrics();
  const requests = metrics.counter('app_requests_total', { help: 'Requests, "quoted"\nand a \\ backslash.', labelNames: ['path', 'status'] });
  requests.inc({ path: '/a"b\\c\nd', status: 200 });
  requests.inc({ path: '/a"b\\c\nd', status: 200 }, 2);
  requests.inc({ path: '/x', status: '404' });
  const temperature = metrics.gauge('app_temperature_celsius', { help: 'Gauge.' });
  temperature.set(undefined, -3.5);
  let collected = 0;
  metrics.onCollect(() => { collected++; temperature.labels().inc(1); });
  const text = metrics.text();
  assert.is(collected, 1);
  assert.ok(text.endsWith('\n'));
  const lines = text.trimEnd().split('\n');
  assert.equal(lines, [
    '# HELP app_requests_total Requests, "quoted"\\nand a \\\\ backslash.',
    '# TYPE app_requests_total counter',
    'app_requests_total{path="/a\\"b\\\\c\\nd",status="200"} 3',
    'app_requests_total{path="/x",status="404"} 1',
    '# HELP app_temperature_celsius Gauge.',
    '# TYPE app_temperature_celsius gauge',
    'app_temperature_celsius -2.5',
  ]);
  assert.is(metrics.contentType, 'text/plain; version=0.0.4; charset=utf-8');
  metrics.close();
  assert.throws(() => metrics.text(), isError(TypeError));
});

test('refused names, labels, help, decreasing counters and unbounded label sets', async () => {
  const metrics = await createMetrics();
  for (const name of ['', '1abc', 'a-b', 'a b', 'é', 42]) assert.throws(() => metrics.counter(name, { help: 'x' }), isError(TypeError), String(name));
  assert.throws(() => metrics.counter('ok_total', { help: '' }), isError(TypeError));
  assert.throws(() => metrics.counter('ok_total', { help: 'x', labelNames: ['__reserved'] }), isError(TypeError));
  assert.throws(() => metrics.counter('ok_total', { help: 'x', labelNames: ['a', 'a'] }), isError(TypeError));
  assert.throws(() => metrics.histogram('h_seconds', { help: 'x', labelNames: ['le'] }), isError(TypeError));
  assert.throws(() => metrics.histogram('h_seconds', { help: 'x', buckets: [1, 1] }), isError(TypeError));
  assert.throws(() => metrics.histogram('h_seconds', { help: 'x', buckets: [1, NaN] }), isError(TypeError));
  assert.throws(() => metrics.histogram('h_seconds', { help: 'x', resolution: 0 }), isError(RangeError));
  const counter = metrics.counter('ok_total', { help: 'x', labelNames: ['a'] });
  assert.throws(() => metrics.counter('ok_total', { help: 'x' }), isError(TypeError, /already/));
  assert.throws(() => counter.inc({}), isError(TypeError, /needs label a/));
  assert.throws(() => counter.inc({ a: 'x', b: 'y' }), isError(TypeError, /no label b/));
  assert.throws(() => counter.inc({ a: 'x' }, -1), isError(RangeError));
  assert.throws(() => counter.inc({ a: 'x' }, NaN), isError(TypeError));
  // The refused -1 still created series 'x': 999 more reach the cap.
  for (let i = 0; i < 999; i++) counter.inc({ a: String(i) });
  assert.throws(() => counter.inc({ a: 'one too many' }), isError(RangeError, /1000/));
  counter.inc({ a: '5' }); // existing series still count
  assert.is(counter.labels({ a: '5' }).value, 2);
  metrics.close();
});

test('histogram memory is the registry\'s own and flat under a million observations', async () => {
  const metrics = await createMetrics();
  const child = metrics.histogram('flat_seconds', { help: 'x' }).labels();
  const before = metrics.memoryBytes;
  const random = seededRandom(5);
  for (let i = 0; i < 1_000_000; i++) child.observe(random() * 0.05);
  assert.is(metrics.memoryBytes, before);
  assert.is(child.summary().count, 1_000_000);
  metrics.close();
});

async function metricsDigest() {
  const metrics = await createMetrics();
  const h = metrics.histogram('digest_seconds', { help: 'x', labelNames: ['k'] });
  const samples = latencies(31, 50_000);
  samples.forEach((us, i) => h.observe({ k: i % 3 }, us / 1e6));
  const figures = [metrics.text(), JSON.stringify(h.summary()), ...PERCENTILES.map((p) => h.labels({ k: 1 }).percentile(p))].join('|');
  metrics.close();
  return hex(fnv1a(new TextEncoder().encode(figures)));
}

test('SIMD and scalar builds report identical figures', async () => {
  setWasmFlavour('scalar');
  const scalar = await metricsDigest();
  setWasmFlavour(undefined);
  if (runtimeSupportsSimd()) {
    setWasmFlavour('simd');
    assert.is(await metricsDigest(), scalar);
    setWasmFlavour(undefined);
  }
  reportIdentity('metrics-histogram', scalar);
});

test.run();
