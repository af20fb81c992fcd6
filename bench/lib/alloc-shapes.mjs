// The original performance report's three allocation shapes, as implementations the allocation
// benchmark and the performance analysis suite share:
//   A: ten arrays of 100 integers   B: fifty arrays of 1,000 integers
//   C: one object holding 100 records of { id, 100 integers }
// Each implementation is [A, B, C] of functions doing one operation and returning a value to keep.

export const SHAPES = ['A 10×100 ints', 'B 50×1000 ints', 'C 100 records'];

function plainArrays(count, length) {
  const arrays = [];
  for (let i = 0; i < count; i++) arrays.push(Array.from({ length }, (_, j) => j));
  return arrays;
}

export const plainPatterns = [
  () => plainArrays(10, 100),
  () => plainArrays(50, 1000),
  () => ({ records: Array.from({ length: 100 }, (_, id) => ({ id, values: Array.from({ length: 100 }, (_, j) => j) })) }),
];

export function typedPatterns() {
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

/** An Int32Array over `memory`, re-derived only after growth (growth detaches the old buffer). */
function viewOf(memory) {
  let view = new Int32Array(memory.buffer);
  return () => (view.buffer === memory.buffer ? view : (view = new Int32Array(memory.buffer)));
}

export function arenaPatterns(arena) {
  // Each array is one arena allocation; the hot path allocates no JS objects at all.
  const currentView = viewOf(arena.memory);
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

/** Shape C in a slab pool of 404-byte records (id + 100 ints): 100 allocs, fill, 100 frees. */
export function poolRecordsPattern(pool) {
  const currentView = viewOf(pool.memory);
  const ptrs = new Int32Array(100);
  return () => {
    for (let r = 0; r < 100; r++) ptrs[r] = pool.alloc();
    const v = currentView();
    for (let r = 0; r < 100; r++) { const base = ptrs[r] >> 2; v[base] = r; for (let j = 0; j < 100; j++) v[base + 1 + j] = j; }
    const first = v[ptrs[0] >> 2];
    for (let r = 0; r < 100; r++) pool.free(ptrs[r]);
    return first;
  };
}
