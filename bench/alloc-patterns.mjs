// The original performance report's three allocation shapes, rotating per operation:
//   A: ten arrays of 100 integers   B: fifty arrays of 1,000 integers
//   C: one object holding 100 records of { id, 100 integers }
// done in an Arena (reset after each operation) and in plain JS, side by side.
// Run: node bench/alloc-patterns.mjs [--quick]   (also bun / deno run -A)
import { do_not_optimize } from 'mitata';
import { Arena } from '../dist/index.js';
import { sampleLatency, machineInfo, formatTable, fixed } from './lib/measure.mjs';

const quick = process.argv.includes('--quick');

function plainArrays(count, length) {
  const arrays = [];
  for (let i = 0; i < count; i++) arrays.push(Array.from({ length }, (_, j) => j));
  return arrays;
}

const plainPatterns = [
  () => plainArrays(10, 100),
  () => plainArrays(50, 1000),
  () => ({ records: Array.from({ length: 100 }, (_, id) => ({ id, values: Array.from({ length: 100 }, (_, j) => j) })) }),
];

function typedPatterns() {
  const arrays = (count, length) => {
    const out = [];
    for (let i = 0; i < count; i++) { const a = new Int32Array(length); for (let j = 0; j < length; j++) a[j] = j; out.push(a); }
    return out;
  };
  return [() => arrays(10, 100), () => arrays(50, 1000), () => {
    const records = new Int32Array(100 * 101);
    for (let r = 0; r < 100; r++) { records[r * 101] = r; for (let j = 0; j < 100; j++) records[r * 101 + 1 + j] = j; }
    return records;
  }];
}

function arenaPatterns(arena) {
  // Each array is one arena allocation. The Int32Array view over linear memory is re-derived
  // only when memory has grown (growth detaches the old buffer), so the hot path allocates no
  // JS objects at all.
  let view = new Int32Array(arena.memory.buffer);
  const currentView = () => (view.buffer === arena.memory.buffer ? view : (view = new Int32Array(arena.memory.buffer)));
  const ptrs = new Int32Array(50);
  const arrays = (count, length) => {
    for (let i = 0; i < count; i++) ptrs[i] = arena.alloc(length * 4, 4);
    const v = currentView();
    for (let i = 0; i < count; i++) { const base = ptrs[i] >> 2; for (let j = 0; j < length; j++) v[base + j] = j; }
    const sum = v[ptrs[count - 1] >> 2];
    arena.reset();
    return sum;
  };
  return [() => arrays(10, 100), () => arrays(50, 1000), () => {
    const base = arena.alloc(100 * 101 * 4, 4) >> 2;
    const v = currentView();
    for (let r = 0; r < 100; r++) { v[base + r * 101] = r; for (let j = 0; j < 100; j++) v[base + r * 101 + 1 + j] = j; }
    arena.reset();
    return v[base];
  }];
}

function rotating(patterns) {
  let i = 0;
  return () => do_not_optimize(patterns[i++ % 3]());
}

const arena = await Arena.create();
const seconds = quick ? 0.3 : 1.5;
const implementations = [['Arena (synthex)', arenaPatterns(arena)], ['plain JS arrays', plainPatterns], ['plain JS typed arrays', typedPatterns()]];
const shapes = ['A 10×100 ints', 'B 50×1000 ints', 'C 100 records', 'rotating A/B/C', 'cycle A+B+C'];
const rows = [];
for (const [shapeIndex, shape] of shapes.entries()) {
  for (const [name, patterns] of implementations) {
    // 'rotating' times each operation alone (three shapes, so a three-humped distribution);
    // 'cycle' times one of each per sample, which shows the tail (GC pauses) of the mix.
    const fn = shapeIndex === 4 ? () => { do_not_optimize(patterns[0]()); do_not_optimize(patterns[1]()); do_not_optimize(patterns[2]()); }
      : shapeIndex === 3 ? rotating(patterns) : () => do_not_optimize(patterns[shapeIndex]());
    rows.push({ shape, name, ...(await sampleLatency(fn, { seconds })) });
  }
}
const machine = await machineInfo();
console.log(`allocation patterns — ${machine.runtime}, ${machine.cpu} (${machine.cores} cores), ${machine.platform}`);
console.log(formatTable(rows, [
  { label: 'shape', format: (r) => r.shape },
  { label: 'implementation', format: (r) => r.name },
  { label: 'ops/s', format: (r) => Math.round(r.opsPerSec).toLocaleString('en-US') },
  { label: 'p50 µs', format: (r) => fixed(2)(r.p50Ms * 1000) },
  { label: 'p99 µs', format: (r) => fixed(2)(r.p99Ms * 1000) },
  { label: 'max µs', format: (r) => fixed(1)(r.maxMs * 1000) },
  { label: 'p99/p50', format: (r) => fixed(2)(r.p99Ms / r.p50Ms) },
  { label: 'samples', format: (r) => r.samples },
]));
for (const shape of shapes) {
  const [a, plain] = rows.filter((r) => r.shape === shape);
  console.log(`${shape}: arena ${(a.opsPerSec / plain.opsPerSec).toFixed(1)}× plain JS throughput, arena p99/p50 ${(a.p99Ms / a.p50Ms).toFixed(2)}`);
}
console.log(`arena stats: ${JSON.stringify(arena.stats())}`);
arena.close();
