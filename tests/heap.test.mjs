// The kernels' own allocator under a random workload: contents survive, invariants hold,
// everything freed coalesces back.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { instantiateKernels } from '../dist/internal.js';
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

test.run();
