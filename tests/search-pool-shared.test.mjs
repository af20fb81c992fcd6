// SearchPool over shared WebAssembly memory: the snapshot is loaded once and every worker's
// instance searches it in place. Answers equal Index.search; the mode is reported honestly;
// reloads free the generations no worker reads any more; without shared memory (or with
// sharedMemory: false) each worker loads its own copy and the stats say so.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, createSearchPool, wasmFlavour } from '../dist/index.js';
import { sharedKernelsSupported } from '../dist/internal.js';
import { cranfield } from './helpers/cranfield.mjs';

const strip = ({ tookMs, ...rest }) => rest;
// The threads flavour is SIMD + threads: a run forced to the scalar flavour keeps per-worker copies.
const sharedExpected = sharedKernelsSupported() && wasmFlavour() === 'simd';

let setup;
async function cranfieldIndex() {
  if (setup) return setup;
  const { docs, queries } = await cranfield();
  const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title', 'author'], filters: { author: 'keyword' } });
  index.addAll(docs.map((d) => ({ ...d, author: d.author || 'unknown' })));
  setup = { index, docs, queries, bytes: index.save() };
  return setup;
}

async function sameAnswers(pool, index, queries) {
  const variants = [{}, { limit: 3, offset: 2 }, { limit: 5, highlight: true }, { facets: ['author'], limit: 1 }, { filter: { author: 'unknown' } }, { limit: 20 }];
  const jobs = queries.map((q, i) => [q.text, variants[i % variants.length]]);
  const pooled = await Promise.all(jobs.map(([q, o]) => pool.search(q, o)));
  jobs.forEach(([q, o], i) => assert.equal(strip(pooled[i]), strip(index.search(q, o)), `query ${i}: ${q}`));
  const stats = await Promise.all(queries.slice(0, 20).map((q) => pool.queryStats(q.text)));
  // JSON: the index builds terms on a null prototype, a structured clone does not.
  stats.forEach((s, i) => assert.is(JSON.stringify(s), JSON.stringify(index.queryStats(queries[i].text)), `queryStats ${i}`));
}

test('shared memory where available: one loaded index, 3 workers answer all Cranfield queries as the index does', async () => {
  const { index, queries, bytes } = await cranfieldIndex();
  const pool = await createSearchPool({ index: bytes, minWorkers: 3, maxWorkers: 3 });
  try {
    const stats = pool.stats();
    assert.is(stats.snapshotMode, sharedExpected ? 'shared-memory' : typeof SharedArrayBuffer === 'function' ? 'shared-bytes' : 'copies');
    assert.is(stats.sharedSnapshot, stats.snapshotMode !== 'copies');
    if (sharedExpected) assert.ok(stats.sharedMemoryBytes > bytes.length, 'the shared memory holds the loaded index');
    else assert.is(stats.sharedMemoryBytes, 0);
    assert.is(stats.snapshotBytes, bytes.length);
    await sameAnswers(pool, index, queries);
    assert.is(pool.stats().failed, 0);
  } finally {
    await pool.close();
  }
});

test('sharedMemory: false keeps a per-worker index and says so; answers are the same', async () => {
  const { index, queries, bytes } = await cranfieldIndex();
  const pool = await createSearchPool({ index: bytes, minWorkers: 2, maxWorkers: 2, sharedMemory: false });
  try {
    const stats = pool.stats();
    assert.is(stats.snapshotMode, typeof SharedArrayBuffer === 'function' ? 'shared-bytes' : 'copies');
    assert.is(stats.sharedMemoryBytes, 0);
    await sameAnswers(pool, index, queries.slice(0, 60));
  } finally {
    await pool.close();
  }
  try {
    await createSearchPool({ index: bytes, sharedMemory: 'yes' });
    assert.unreachable('a non-boolean sharedMemory is refused');
  } catch (error) {
    assert.instance(error, TypeError);
  }
});

test('12 reloads under load swap generations in shared memory and free the old ones (memory stays bounded)', async () => {
  const { index, queries, bytes } = await cranfieldIndex();
  const other = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title', 'author'], filters: { author: 'keyword' } });
  other.addAll([{ id: 'x1', title: 'boundary layer', text: 'a different corpus about the boundary layer', author: 'unknown' }]);
  const otherBytes = other.save();
  const pool = await createSearchPool({ index: bytes, minWorkers: 2, maxWorkers: 2 });
  try {
    const sizes = [];
    for (let round = 0; round < 12; round++) {
      const [next, reference] = round % 2 ? [bytes, index] : [otherBytes, other];
      const during = Promise.all(queries.slice(0, 40).map((q) => pool.search(q.text, { limit: 5 })));
      await pool.reload(next);
      const answers = await during;
      for (const answer of answers) assert.ok(answer.total >= 0);
      // Once reload resolves, every answer comes from the new generation.
      for (const q of queries.slice(0, 10)) assert.equal(strip(await pool.search(q.text, { limit: 5 })), strip(reference.search(q.text, { limit: 5 })));
      sizes.push(pool.stats().sharedMemoryBytes);
    }
    assert.is(pool.stats().generation, 13);
    if (sharedExpected) {
      // Old generations are freed once no worker reads them, so the memory stops growing.
      // Keeping them would need about 6 × 4 MB (Cranfield) + 24 worker regions of 1 MiB more.
      assert.ok(sizes[11] < 2 * sizes[0], `shared memory kept growing over reloads: ${sizes.join(', ')}`);
    }
  } finally {
    await pool.close();
  }
});

test.run();
