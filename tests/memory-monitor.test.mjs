import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isError } from './helpers/errors.mjs';
import { Arena, MemoryMonitor } from '../dist/index.js';

function fakeClock() {
  let t = 0;
  return { now: () => t, advance: (ms) => { t += ms; } };
}

test('growth rate is the least-squares slope over the window, in MB/hour', () => {
  const clock = fakeClock();
  let heap = 100 * 1024 * 1024;
  const monitor = new MemoryMonitor({ now: clock.now, jsHeapBytes: () => heap, windowMs: 10 * 60_000 });
  for (let minute = 0; minute <= 5; minute++) {
    monitor.sample();
    clock.advance(60_000);
    heap += 1024 * 1024; // +1 MB per minute = 60 MB/hour
  }
  const sample = monitor.report();
  assert.ok(Math.abs(sample.growthMBPerHour - 60) < 1e-9, String(sample.growthMBPerHour));
  assert.is(sample.jsHeapBytes, 105 * 1024 * 1024);
  // Old samples leave the window: a flat stretch longer than the window reads as zero growth.
  for (let i = 0; i < 20; i++) { clock.advance(60_000); monitor.sample(); }
  assert.is(monitor.report().growthMBPerHour, 0);
});

test('levels follow ceiling share, absolute bytes and growth; the callback fires on change only', async () => {
  const clock = fakeClock();
  const changes = [];
  const arena = await Arena.create({ maxMemoryPages: 100 });
  const monitor = new MemoryMonitor({
    now: clock.now, jsHeapBytes: () => undefined,
    thresholds: { elevatedRatio: 0.5, criticalRatio: 0.8 },
    onLevelChange: (level, previous) => changes.push(`${previous}->${level}`),
  }).watch(arena, 'arena');
  assert.is(monitor.sample().level, 'ok');
  arena.alloc(60 * 65536 - 4096);
  clock.advance(1000);
  const elevated = monitor.sample();
  assert.is(elevated.level, 'elevated');
  assert.ok(elevated.peakRatio >= 0.5 && elevated.peakRatio < 0.8, String(elevated.peakRatio));
  monitor.sample();
  arena.alloc(25 * 65536);
  clock.advance(1000);
  assert.is(monitor.sample().level, 'critical');
  assert.equal(changes, ['ok->elevated', 'elevated->critical']);
  assert.equal(monitor.instances().map((i) => i.name), ['arena']);
  arena.close();
  assert.equal(monitor.instances(), [], 'closed objects are dropped');
  assert.is(monitor.sample().level, 'ok');

  const byBytes = new MemoryMonitor({ now: clock.now, jsHeapBytes: () => 2e9, thresholds: { elevatedBytes: 1e9, criticalBytes: 3e9 } });
  assert.is(byBytes.sample().level, 'elevated');
  let heap = 0;
  const byGrowth = new MemoryMonitor({ now: clock.now, jsHeapBytes: () => heap, thresholds: { criticalGrowthMBPerHour: 100 } });
  byGrowth.sample(); clock.advance(36_000); heap += 2 * 1024 * 1024; // 2 MB in 36 s = 200 MB/hour
  assert.is(byGrowth.sample().level, 'critical');
});

test('watches bare memories, sums them, refuses junk and bad options', () => {
  const a = new WebAssembly.Memory({ initial: 2 });
  const b = new WebAssembly.Memory({ initial: 3 });
  const monitor = new MemoryMonitor({ jsHeapBytes: () => undefined }).watch(a).watch(b, 'b');
  assert.is(monitor.sample().wasmBytes, 5 * 65536);
  assert.is(monitor.sample().totalBytes, 5 * 65536);
  monitor.unwatch(a);
  assert.is(monitor.sample().wasmBytes, 3 * 65536);
  assert.throws(() => monitor.watch({}), isError(TypeError));
  assert.throws(() => monitor.watch(null), isError(TypeError));
  assert.throws(() => new MemoryMonitor({ intervalMs: 0 }), isError(RangeError));
  assert.throws(() => new MemoryMonitor({ windowMs: NaN }), isError(RangeError));
  assert.throws(() => new MemoryMonitor({ thresholds: { elevatedRatio: 0.9, criticalRatio: 0.5 } }), isError(RangeError));
});

test('start samples on a timer and stop ends it', async () => {
  let calls = 0;
  const monitor = new MemoryMonitor({ intervalMs: 5, jsHeapBytes: () => { calls++; return 1; } });
  monitor.start();
  assert.ok(monitor.running);
  await new Promise((resolve) => setTimeout(resolve, 60));
  monitor.stop();
  assert.not.ok(monitor.running);
  const after = calls;
  assert.ok(after >= 3, `sampled ${after} times`);
  await new Promise((resolve) => setTimeout(resolve, 30));
  assert.is(calls, after, 'no samples after stop');
});

test.run();
