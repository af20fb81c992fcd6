// Category 3: the original report's three allocation shapes (A 10×100 ints, B 50×1000 ints,
// C 100 records of id + 100 ints) in synthex's Arena and Pool beside plain JS arrays and typed
// arrays. Only the Arena and Pool rows are judged; the plain JS rows are the reference.
import { Arena, Pool } from '../../../dist/index.js';
import { SHAPES, plainPatterns, typedPatterns, arenaPatterns, poolRecordsPattern } from '../../lib/alloc-shapes.mjs';
import { runScenario } from '../sampler.mjs';

export const key = 'memory';
export const title = 'Memory allocation patterns';
export const description = 'One operation = one shape allocated, filled and released (arena reset / pool frees / dropped for the GC).';

let sink = 0; // results are folded in so no engine can drop the work
const keep = (v) => { sink = (sink + (typeof v === 'number' ? v : v ? 1 : 0)) | 0; };

export async function run(ctx) {
  const arena = await Arena.create();
  const pool = await Pool.create({ recordSize: 404, initialCapacity: 128 });
  const implementations = [
    ['arena', 'synthex Arena', arenaPatterns(arena), true, () => arena.stats().wasmMemoryBytes],
    ['plain', 'plain JS arrays', plainPatterns, false, undefined],
    ['typed', 'plain JS typed arrays', typedPatterns(), false, undefined],
  ];
  const scenarios = [];
  const shapeIds = ['A', 'B', 'C'];
  for (const [s, shape] of SHAPES.entries()) {
    for (const [id, name, patterns, judged, wasmBytes] of implementations) {
      const fn = patterns[s];
      const result = await runScenario(() => keep(fn()), { ...ctx.settings, wasmBytes });
      scenarios.push({ id: `${shapeIds[s]}-${id}`, name: `${shape}: ${name}`, judged, engine: judged ? 'synthex' : name, shape: shapeIds[s], implementation: id, ...result });
    }
    if (s === 2) {
      const fn = poolRecordsPattern(pool);
      const result = await runScenario(() => keep(fn()), { ...ctx.settings, wasmBytes: () => pool.stats().wasmMemoryBytes });
      scenarios.push({ id: 'C-pool', name: `${shape}: synthex Pool (404-byte records)`, judged: true, engine: 'synthex', shape: 'C', implementation: 'pool', ...result });
    }
  }
  for (const [id, name, patterns, judged, wasmBytes] of implementations) {
    const result = await runScenario((i) => keep(patterns[i % 3]()), { ...ctx.settings, wasmBytes });
    scenarios.push({ id: `rotating-${id}`, name: `rotating A/B/C: ${name}`, judged, engine: judged ? 'synthex' : name, shape: 'rotating', implementation: id, ...result });
  }
  const arenaStats = arena.stats();
  const poolStats = pool.stats();
  arena.close();
  pool.close();
  return { scenarios, extra: { arenaStats, poolStats, sink }, notes: ['Plain JS rows are references for the arena and pool rows: they are not judged.'] };
}
