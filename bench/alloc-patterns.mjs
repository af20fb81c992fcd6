// The original performance report's three allocation shapes, rotating per operation:
//   A: ten arrays of 100 integers   B: fifty arrays of 1,000 integers
//   C: one object holding 100 records of { id, 100 integers }
// done in an Arena (reset after each operation) and in plain JS, side by side.
// Run: node bench/alloc-patterns.mjs [--quick]   (also bun / deno run -A)
import { do_not_optimize } from 'mitata';
import { Arena } from '../dist/index.js';
import { sampleLatency, machineInfo, formatTable, fixed } from './lib/measure.mjs';
import { SHAPES, plainPatterns, typedPatterns, arenaPatterns } from './lib/alloc-shapes.mjs';

const quick = process.argv.includes('--quick');

function rotating(patterns) {
  let i = 0;
  return () => do_not_optimize(patterns[i++ % 3]());
}

const arena = await Arena.create();
const seconds = quick ? 0.3 : 1.5;
const implementations = [['Arena (synthex)', arenaPatterns(arena)], ['plain JS arrays', plainPatterns], ['plain JS typed arrays', typedPatterns()]];
const shapes = [...SHAPES, 'rotating A/B/C', 'cycle A+B+C'];
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
