import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isError } from './helpers/errors.mjs';
import { Pool, ClosedError, MemoryLimitError, PoolRecordError } from '../dist/index.js';

test('records are distinct, sized and reused after free', async () => {
  const pool = await Pool.create({ recordSize: 20, initialCapacity: 8 });
  assert.is(pool.recordSize, 24);
  const records = Array.from({ length: 1000 }, () => pool.alloc());
  assert.is(new Set(records).size, 1000);
  records.forEach((ptr, i) => pool.bytes(ptr).fill(i & 255));
  records.forEach((ptr, i) => assert.ok(pool.bytes(ptr).every((v) => v === (i & 255))));
  const freed = records.slice(0, 100);
  freed.forEach((ptr) => pool.free(ptr));
  const reused = Array.from({ length: 100 }, () => pool.alloc());
  assert.equal(new Set(reused), new Set(freed), 'freed records come back before new slabs');
  const stats = pool.stats();
  assert.is(stats.allocations, 1100);
  assert.is(stats.frees, 100);
  assert.is(stats.bytesInUse, 1000 * 24);
  assert.is(stats.highWaterBytes, 1000 * 24);
  pool.close();
});

test('double free and foreign records are detected and change nothing', async () => {
  const pool = await Pool.create({ recordSize: 16 });
  const other = await Pool.create({ recordSize: 16 });
  const a = pool.alloc();
  const b = pool.alloc();
  pool.free(a);
  assert.throws(() => pool.free(a), (e) => e instanceof PoolRecordError && e.code === 'DOUBLE_FREE');
  const foreign = other.alloc() + 1_000_000;
  for (const ptr of [b + 1, b + 8, 0, -16, 1.5, NaN, '16', foreign, 2 ** 40]) {
    assert.throws(() => pool.free(ptr), (e) => e instanceof PoolRecordError && e.code === 'FOREIGN_RECORD', String(ptr));
  }
  const never = b + 16 * 10; // inside the slab but never handed out
  assert.throws(() => pool.free(never), (e) => e.code === 'FOREIGN_RECORD');
  assert.is(pool.stats().frees, 1);
  pool.free(b);
  assert.is(pool.stats().bytesInUse, 0);
  pool.close();
  other.close();
});

test('pool hits the memory ceiling cleanly and keeps working', async () => {
  // 32 pages leave room for the kernels' static data (which grows as kernels are added) and 100+ records.
  const pool = await Pool.create({ recordSize: 4096, maxMemoryPages: 32 });
  const held = [];
  let error;
  try { for (;;) held.push(pool.alloc()); } catch (e) { error = e; }
  assert.ok(error instanceof MemoryLimitError);
  assert.ok(held.length > 100, `allocated ${held.length}`);
  assert.is(pool.stats().failures, 1);
  pool.free(held.pop());
  assert.ok(pool.alloc() > 0, 'a freed record can be allocated again');
  pool.close();
});

test('bad options and closed pools', async () => {
  for (const options of [undefined, {}, { recordSize: 0 }, { recordSize: -4 }, { recordSize: 2.5 }, { recordSize: 8, initialCapacity: 0 }]) {
    let threw = false;
    try { await Pool.create(options); } catch (e) { threw = e instanceof RangeError || e instanceof TypeError; }
    assert.ok(threw, JSON.stringify(options));
  }
  const pool = await Pool.create({ recordSize: 8 });
  const r = pool.alloc();
  pool.close();
  assert.throws(() => pool.alloc(), isError(ClosedError));
  assert.throws(() => pool.free(r), isError(ClosedError));
  assert.throws(() => pool.stats(), isError(ClosedError));
});

test.run();
