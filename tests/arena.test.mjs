import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isError } from './helpers/errors.mjs';
import { Arena, ClosedError, MemoryLimitError } from '../dist/index.js';

test('allocations are aligned, disjoint and keep their contents', async () => {
  const arena = await Arena.create({ chunkSize: 4096 });
  const blocks = [];
  for (let i = 0; i < 500; i++) {
    const size = 1 + ((i * 37) % 700);
    const align = 1 << (i % 6);
    const ptr = arena.alloc(size, align);
    assert.is(ptr % align, 0, `alignment ${align}`);
    blocks.push({ ptr, size, fill: i & 255 });
  }
  // Fill after all allocations (memory may have grown meanwhile), then verify nothing overlaps.
  for (const b of blocks) arena.bytes(b.ptr, b.size).fill(b.fill);
  for (const b of blocks) assert.ok(arena.bytes(b.ptr, b.size).every((v) => v === b.fill), `block at ${b.ptr}`);
  arena.close();
});

test('mark and rewind release later allocations and reuse their memory', async () => {
  const arena = await Arena.create({ chunkSize: 1024 });
  arena.alloc(100);
  const mark = arena.mark();
  const first = arena.alloc(5000);
  arena.alloc(3000);
  const before = arena.stats();
  arena.rewind(mark);
  assert.is(arena.mark(), mark);
  assert.is(arena.stats().bytesInUse, mark);
  const again = arena.alloc(5000);
  assert.is(again, first, 'the rewound chunk is reused');
  assert.is(arena.stats().bytesReserved, before.bytesReserved, 'no new memory reserved');
  assert.throws(() => arena.rewind(arena.mark() + 1), (e) => e instanceof RangeError && /beyond/.test(e.message));
  arena.reset();
  assert.is(arena.stats().bytesInUse, 0);
  assert.is(arena.stats().highWaterBytes, before.bytesInUse);
  arena.close();
});

test('a reset loop keeps memory flat', async () => {
  const arena = await Arena.create();
  for (let round = 0; round < 2000; round++) {
    for (let i = 0; i < 20; i++) arena.alloc(400 + i * 10);
    arena.reset();
  }
  const stats = arena.stats();
  const memory = stats.wasmMemoryBytes;
  for (let round = 0; round < 2000; round++) {
    for (let i = 0; i < 20; i++) arena.alloc(400 + i * 10);
    arena.reset();
  }
  assert.is(arena.stats().wasmMemoryBytes, memory);
  assert.is(arena.stats().bytesReserved, stats.bytesReserved);
  assert.is(arena.stats().allocations, 80000);
  assert.is(arena.stats().frees, 4000);
  arena.close();
});

test('bad sizes and alignments are refused without side effects', async () => {
  const arena = await Arena.create();
  for (const size of [0, -1, 1.5, NaN, Infinity, '8', null, undefined, {}]) {
    assert.throws(() => arena.alloc(size), (e) => e instanceof TypeError || e instanceof RangeError, String(size));
  }
  for (const align of [0, 3, 1.5, -8, 1 << 20, NaN]) {
    assert.throws(() => arena.alloc(8, align), isError(RangeError), String(align));
  }
  assert.throws(() => arena.alloc(2 ** 33), (e) => e instanceof RangeError && /ceiling/.test(e.message));
  assert.throws(() => arena.rewind(-1), isError(TypeError));
  assert.throws(() => arena.rewind('0'), isError(TypeError));
  assert.equal(arena.stats().allocations, 0);
  arena.close();
});

test('the memory ceiling is a MemoryLimitError (a RangeError) and the arena stays usable', async () => {
  const arena = await Arena.create({ maxMemoryPages: 8 });
  const mark = arena.mark();
  let error;
  try {
    for (;;) arena.bytes(arena.alloc(20000), 20000).fill(7);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof MemoryLimitError && error instanceof RangeError);
  assert.match(error.message, /524288 bytes \(8 pages\)/);
  assert.is(arena.stats().failures, 1);
  assert.ok(arena.stats().wasmMemoryBytes <= 8 * 65536);
  arena.rewind(mark);
  const ptr = arena.alloc(20000);
  arena.bytes(ptr, 20000).fill(1);
  assert.is(arena.bytes(ptr, 20000)[19999], 1);
  arena.close();
});

test('using an arena after close throws ClosedError; closing twice is harmless', async () => {
  const arena = await Arena.create();
  arena.alloc(8);
  arena.close();
  arena.close();
  assert.ok(arena.closed);
  for (const call of [() => arena.alloc(8), () => arena.mark(), () => arena.reset(), () => arena.stats(), () => arena.rewind(0)]) {
    assert.throws(call, isError(ClosedError));
  }
});

test('bad options are refused', async () => {
  for (const options of [{ chunkSize: 0 }, { chunkSize: -5 }, { maxMemoryPages: 0 }, { maxMemoryPages: 1.5 }, { maxMemoryPages: 70000 }]) {
    let threw = false;
    try { await Arena.create(options); } catch (e) { threw = e instanceof RangeError || e instanceof TypeError; }
    assert.ok(threw, JSON.stringify(options));
  }
});

test.run();
