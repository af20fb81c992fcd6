// Memory compaction: after a bulk build the index moves into a right-sized instance, and
// nothing a user can observe changes but the memory figures.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, loadIndex, ClosedError, setWasmFlavour } from '../dist/index.js';
import { cranfield } from './helpers/cranfield.mjs';

const sameBytes = (a, b) => a.length === b.length && a.every((byte, i) => byte === b[i]);
const answers = (index, queries) => queries.map((q) => index.search(q.text, { limit: 20 })).map(({ hits, total }) => ({ hits, total }));

test('a bulk build gives back its peak memory; answers, snapshot and counters are unchanged', async () => {
  const { docs, queries } = await cranfield();
  const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title'], filters: { year: 'number', tag: 'keyword' } });
  index.addAll(docs.map((d, i) => ({ ...d, year: 1950 + (i % 20), tag: `t${i % 7}` })));
  for (const doc of docs.slice(0, 100)) index.remove(doc.id);
  const before = answers(index, queries);
  const filtered = index.search('flow', { filter: { tag: 't3', year: { gte: 1960 } }, facets: ['tag'] });
  const bytes = index.save();
  const { memoryBytes, heapBytes, work } = index.stats();
  await index.settled();
  const after = index.stats();
  assert.ok(after.memoryBytes * 2 <= memoryBytes, `memory ${memoryBytes} → ${after.memoryBytes} bytes`);
  assert.ok(after.memoryBytes >= after.heapBytes && after.heapBytes <= heapBytes);
  assert.equal(after.work, work, 'work counters carry over');
  assert.equal(answers(index, queries), before);
  const again = index.search('flow', { filter: { tag: 't3', year: { gte: 1960 } }, facets: ['tag'] });
  assert.equal({ ...again, tookMs: 0 }, { ...filtered, tookMs: 0 });
  assert.ok(sameBytes(index.save(), bytes), 'the snapshot is byte for byte the same');
  assert.ok(index.stats().work.postingsScored > work.postingsScored);
  assert.is(index.memoryLimitBytes, 32768 * 65536);

  // Writes keep working in the new instance, and a snapshot of it loads.
  index.add({ id: 'new', title: 'zyxwv compaction', text: 'qqqq flutter' });
  index.update({ id: docs[200].id, title: 'replaced', text: 'zyxwv' });
  assert.equal(index.search('zyxwv').hits.map((h) => h.id).sort(), ['new', docs[200].id].sort());
  assert.ok(index.remove('new'));
  const loaded = await loadIndex(index.save());
  assert.equal(answers(loaded, queries.slice(0, 40)), answers(index, queries.slice(0, 40)));
});

test('compaction keeps the memory ceiling the index was created with (built under a forced flavour)', async () => {
  const { docs } = await cranfield();
  setWasmFlavour('scalar');
  let index;
  try {
    index = await createIndex({ fields: ['title', 'text'], maxMemoryPages: 2000 });
    index.addAll(docs);
    index.search('wing');
  } finally {
    setWasmFlavour('simd');
  }
  try {
    const before = index.search('boundary layer flow', { limit: 50 }).hits;
    const { memoryBytes } = index.stats();
    await index.settled();
    assert.ok(index.stats().memoryBytes < memoryBytes, 'it moved');
    assert.is(index.memoryLimitBytes, 2000 * 65536);
    assert.equal(index.search('boundary layer flow', { limit: 50 }).hits, before);
  } finally {
    setWasmFlavour(undefined);
  }
});

test('closing, or writing while a compaction starts, leaves a correct index', async () => {
  const { docs } = await cranfield();
  const closed = await createIndex({ fields: ['title', 'text'] });
  closed.addAll(docs);
  closed.search('flow');
  closed.close();
  await closed.settled();
  assert.throws(() => closed.stats(), (error) => error instanceof ClosedError);

  const busy = await createIndex({ fields: ['title', 'text'] });
  busy.addAll(docs);
  busy.search('flow');
  const moving = busy.settled(); // started: it waits for a fresh instance
  busy.add({ id: 'late', title: 'zyxwv', text: 'arrived while moving' }); // pending: the move gives up
  await moving;
  assert.equal(busy.search('zyxwv').hits.map((h) => h.id), ['late']);
  assert.is(busy.stats().docs, docs.length + 1);
  await busy.settled(); // the flush above may have made another move due
  assert.equal(busy.search('zyxwv').hits.map((h) => h.id), ['late']);
});

test('small indexes and loaded snapshots are not moved', async () => {
  const small = await createIndex({ fields: ['text'] });
  small.add({ id: 1, text: 'tiny' });
  small.search('tiny');
  const { memoryBytes } = small.stats();
  await small.settled();
  assert.is(small.stats().memoryBytes, memoryBytes);
  const { docs } = await cranfield();
  const big = await createIndex({ fields: ['title', 'text'] });
  big.addAll(docs);
  const loaded = await loadIndex(big.save());
  const loadedBytes = loaded.stats().memoryBytes;
  await loaded.settled();
  assert.is(loaded.stats().memoryBytes, loadedBytes);
});

test.run();
