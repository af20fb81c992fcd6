// The kernels' own allocator under a random workload: contents survive, invariants hold,
// everything freed coalesces back — also with several instances sharing one memory, each in
// its own regions.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instantiateKernels, sharedKernelsSupported, createSharedMemory, instantiateSharedKernels } from '../dist/internal.js';
import { seededRandom } from './helpers/random.mjs';

test('random alloc / realloc / free keeps contents and invariants', async () => {
  const wasm = await instantiateKernels();
  const k = wasm.kernels;
  const random = seededRandom(42);
  const live = new Map();
  const baseline = k.heapUsedBytes();
  for (let step = 0; step < 20000; step++) {
    const r = random();
    if (r < 0.45 || live.size === 0) {
      const size = random() < 0.9 ? 1 + Math.floor(random() * 300) : 1 + Math.floor(random() * 200000);
      const ptr = k.heapAlloc(size) >>> 0;
      assert.ok(ptr > 0 && ptr % 16 === 0);
      wasm.u8.fill(step & 255, ptr, ptr + size);
      live.set(ptr, { size, fill: step & 255 });
    } else if (r < 0.6) {
      const [ptr, info] = [...live][Math.floor(random() * live.size)];
      const size = 1 + Math.floor(random() * 5000);
      const moved = k.heapRealloc(ptr, size) >>> 0;
      assert.ok(moved > 0);
      const kept = Math.min(size, info.size);
      assert.ok(wasm.u8.subarray(moved, moved + kept).every((v) => v === info.fill), 'realloc keeps contents');
      wasm.u8.fill(info.fill, moved, moved + size);
      live.delete(ptr);
      live.set(moved, { size, fill: info.fill });
    } else {
      const [ptr, info] = [...live][Math.floor(random() * live.size)];
      assert.ok(wasm.u8.subarray(ptr, ptr + info.size).every((v) => v === info.fill), 'contents intact');
      assert.ok(k.heapFree(ptr));
      live.delete(ptr);
    }
    if (step % 1000 === 0) assert.is(k.heapCheck(), 0, `heap invariants at step ${step}`);
  }
  for (const ptr of live.keys()) assert.ok(k.heapFree(ptr));
  assert.is(k.heapCheck(), 0);
  assert.is(k.heapUsedBytes(), baseline, 'everything freed');
  assert.not.ok(k.heapFree(16), 'a pointer that is not a live block is refused');
});

test('a request beyond the ceiling returns 0 and leaves the heap sound', async () => {
  const wasm = await instantiateKernels({ maxMemoryPages: 32 });
  const k = wasm.kernels;
  const kept = k.heapAlloc(1000);
  assert.is(k.heapAlloc(3 * 1024 * 1024), 0);
  assert.is(k.heapAlloc(0x7fffffff), 0);
  assert.is(k.heapCheck(), 0);
  const ptr = k.heapAlloc(1024 * 1024);
  assert.ok(ptr > 0, 'smaller requests still succeed');
  assert.ok(k.heapFree(ptr) && k.heapFree(kept));
  assert.is(k.heapCheck(), 0);
});

test('instances sharing one memory keep to their own regions, and grow into new ones', async () => {
  if (!sharedKernelsSupported()) return; // no shared memory here (e.g. a page without isolation)
  const memory = createSharedMemory(4096);
  const root = await instantiateSharedKernels(memory, 4096);
  const regions = [root.kernels.heapAlloc(1 << 20) >>> 0, root.kernels.heapAlloc(1 << 20) >>> 0];
  const instances = [root];
  for (const start of regions) instances.push(await instantiateSharedKernels(memory, 4096, [start, 1 << 20]));
  const random = seededRandom(7);
  const live = instances.map(() => new Map());
  const owner = new Map(); // every live byte range, to prove no two blocks overlap
  const overlaps = (ptr, size) => [...owner].some(([p, s]) => ptr < p + s && p < ptr + size);
  for (let step = 0; step < 6000; step++) {
    const i = Math.floor(random() * instances.length);
    const wasm = instances[i];
    const mine = live[i];
    if (random() < 0.55 || mine.size === 0) {
      // Now and then a block bigger than a region: the instance must grow into a new one.
      const size = random() < 0.97 ? 1 + Math.floor(random() * 4000) : 300000 + Math.floor(random() * 900000);
      const ptr = wasm.kernels.heapAlloc(size) >>> 0;
      assert.ok(ptr > 0 && ptr % 16 === 0, `instance ${i} allocates ${size} bytes at step ${step} (got ${ptr})`);
      assert.not.ok(overlaps(ptr, size), 'blocks of different instances never overlap');
      const fill = (step * 7 + i) & 255;
      wasm.u8.fill(fill, ptr, ptr + size);
      mine.set(ptr, { size, fill });
      owner.set(ptr, size);
    } else {
      const [ptr, info] = [...mine][Math.floor(random() * mine.size)];
      assert.ok(wasm.u8.subarray(ptr, ptr + info.size).every((v) => v === info.fill), 'contents intact');
      // Siblings refuse each other's blocks (the root's heap holds their regions as blocks, so
      // to the root they look like its own: nothing frees through the root but the regions).
      if (i > 0) assert.not.ok(instances[3 - i].kernels.heapFree(ptr), "an instance refuses to free its sibling's block");
      assert.ok(wasm.kernels.heapFree(ptr), `instance ${i} frees its block at step ${step}`);
      mine.delete(ptr);
      owner.delete(ptr);
    }
    if (step % 500 === 0) instances.forEach((w, n) => assert.is(w.kernels.heapCheck(), 0, `instance ${n} at step ${step}`));
  }
  instances.forEach((w, n) => {
    for (const ptr of live[n].keys()) assert.ok(w.kernels.heapFree(ptr));
    assert.is(w.kernels.heapCheck(), 0);
  });
});

test.run();
