// countUpTo: matches are counted exactly up to a limit, then `total` becomes a lower bound
// (totalExact false) and lists that only add to candidates are no longer decoded whole.
// The hits never change; the total is exact whenever it could be. Also: kernel section
// version 1 snapshots (keys bounded by minimum length, not length / tf) still load and
// answer the same.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, loadIndex, createSearchPool, createShardedSearch, shardOf } from '../dist/index.js';
import { seededRandom } from './helpers/random.mjs';
import { checkTotal } from './helpers/ranking.mjs';
import { snapshotV1Base64 } from './fixtures/snapshot-v1.mjs';
import { v1Documents } from './fixtures/snapshot-v1-documents.mjs';

const DOCS = 20000;
/** 'common' in about 90 % of documents, 'rare' in 1 %, with varied tf and lengths; a kind per doc. */
function corpus() {
  const random = seededRandom(99);
  const filler = () => `f${Math.floor(random() * 400)}x`;
  return Array.from({ length: DOCS }, (_, id) => {
    const words = Array.from({ length: 5 + Math.floor(random() * 60) }, filler);
    const commons = random() < 0.9 ? 1 + Math.floor(random() ** 3 * 6) : 0;
    for (let i = 0; i < commons; i++) words.push('common');
    if (random() < 0.01) words.push('rare');
    return { id, title: random() < 0.2 ? 'common title' : filler(), text: words.join(' '), kind: id % 3 ? 'even' : 'odd' };
  });
}

const docs = corpus();
const index = await createIndex({ fields: ['title', 'text'], filters: { kind: 'keyword' } });
for (let i = 0; i < docs.length; i += 5000) { index.addAll(docs.slice(i, i + 5000)); index.search('flush'); }
const hasCommon = (d) => d.text.split(' ').includes('common') || d.title.split(' ').includes('common');
const commonCount = docs.filter(hasCommon).length;

const ranking = (result) => result.hits.map((h) => [h.id, h.score]);

test('past countUpTo the total is a lower bound, the hits are unchanged, and work is saved', () => {
  const exact = index.search('common', { countUpTo: Infinity });
  assert.ok(exact.totalExact);
  assert.is(exact.total, commonCount);
  const bounded = index.search('common');
  assert.equal(ranking(bounded), ranking(exact));
  assert.is(bounded.totalExact, false);
  assert.is(checkTotal(bounded, commonCount, 1000, 'default'), '');
  // 'common' only adds to 'rare': counting, every block of its list is decoded; past the count,
  // only blocks holding a document that has 'rare' as well.
  const skippedBy = (options) => {
    const before = index.stats().work.blocksSkipped;
    index.search('rare common', options);
    return index.stats().work.blocksSkipped - before;
  };
  assert.is(skippedBy({ countUpTo: Infinity }), 0);
  assert.ok(skippedBy({}) > 50, 'blocks skipped past the count');
  for (const countUpTo of [0, 1, 999, 5000, commonCount - 1]) {
    const result = index.search('common title', { countUpTo, limit: 20 });
    assert.equal(ranking(result), ranking(index.search('common title', { countUpTo: Infinity, limit: 20 })), `countUpTo ${countUpTo}`);
    assert.is(checkTotal(result, commonCount, countUpTo, `countUpTo ${countUpTo}`), '');
  }
});

test('the total stays exact when the limit is reachable, a limit covers every match, or facets are asked', () => {
  const rare = index.search('rare');
  assert.ok(rare.totalExact && rare.total < 1000 && rare.total > 100, `${rare.total}`);
  const all = index.search('common', { limit: 1_000_000, countUpTo: 10 });
  assert.ok(all.totalExact, 'a heap that never fills prunes nothing, so everything is counted');
  assert.is(all.total, commonCount);
  assert.is(all.hits.length, commonCount);
  const faceted = index.search('common', { facets: ['kind'], countUpTo: 10 });
  assert.ok(faceted.totalExact);
  assert.is(faceted.total, commonCount);
  assert.is(faceted.facets.kind.reduce((sum, f) => sum + f.count, 0), commonCount);
  const filtered = index.search('common', { filter: { kind: 'odd' } });
  const oddCount = docs.filter((d) => d.kind === 'odd' && hasCommon(d)).length;
  assert.is(checkTotal(filtered, oddCount, 1000, 'filtered'), '');
  assert.equal(ranking(filtered), ranking(index.search('common', { filter: { kind: 'odd' }, countUpTo: Infinity })));
  assert.is(index.search('', {}).totalExact, true);
  assert.is(index.search('nosuchword').totalExact, true);
});

test('countUpTo must be a non-negative integer or Infinity', () => {
  for (const bad of [-1, 1.5, NaN, '10', null, -Infinity]) {
    assert.throws(() => index.search('common', { countUpTo: bad }), (e) => e instanceof RangeError && /countUpTo/.test(e.message), String(bad));
  }
  assert.ok(index.search('common', { countUpTo: 2 ** 40 }).totalExact, 'past the collection: exact');
});

test('the result cache keeps totals counted under different limits apart', async () => {
  const cached = await createIndex({ fields: ['title', 'text'], cache: { maxEntries: 10, ttlMs: 60_000 } });
  cached.addAll(docs.slice(0, 8000));
  const bounded = cached.search('common');
  const exact = cached.search('common', { countUpTo: Infinity });
  assert.is(bounded.totalExact, false);
  assert.ok(exact.totalExact);
  const { tookMs, ...again } = cached.search('common');
  const { tookMs: first, ...counted } = bounded;
  assert.equal(again, counted);
  assert.is(cached.stats().cache.hits, 1);
  cached.close();
});

test('a pool and a sharded search report the lower bound as the index does', async () => {
  const pool = await createSearchPool({ index, minWorkers: 1, maxWorkers: 1 });
  try {
    for (const options of [{}, { limit: 3 }, { countUpTo: Infinity }, { countUpTo: 0, limit: 30 }]) {
      const { tookMs: a, ...fromPool } = await pool.search('common', options);
      const { tookMs: b, ...direct } = index.search('common', options);
      assert.equal(fromPool, direct, JSON.stringify(options));
    }
  } finally {
    await pool.close();
  }
  const shards = await Promise.all([0, 1].map(() => createIndex({ fields: ['title', 'text'] })));
  for (const doc of docs.slice(0, 12000)) shards[shardOf(doc.id, 2)].add({ id: doc.id, title: doc.title, text: doc.text });
  const sharded = await createShardedSearch(shards);
  try {
    const bounded = await sharded.search('common');
    assert.is(bounded.totalExact, false);
    const exact = await sharded.search('common', { countUpTo: Infinity });
    assert.ok(exact.totalExact);
    assert.ok(bounded.total >= 2000 && bounded.total <= exact.total, `${bounded.total} of ${exact.total}`);
    assert.equal(bounded.hits.map((h) => h.score), exact.hits.map((h) => h.score));
  } finally {
    await sharded.close();
  }
});

test('a format version 1 snapshot loads and answers as an index built now', async () => {
  const bytes = Uint8Array.from(atob(snapshotV1Base64), (c) => c.charCodeAt(0));
  const old = await loadIndex(bytes);
  const now = await createIndex({ fields: ['title', 'text'], store: ['title'] });
  const documents = v1Documents();
  now.addAll(documents.slice(0, 150));
  now.search('warm');
  now.addAll(documents.slice(150));
  for (const id of [3, 77, 161]) now.remove(id);
  assert.is(old.size, now.size);
  const random = seededRandom(5);
  const words = [...new Set(documents.flatMap((d) => d.text.split(' ')))];
  for (let q = 0; q < 60; q++) {
    const text = Array.from({ length: 1 + (q % 3) }, () => words[Math.floor(random() ** 2 * words.length)]).join(' ');
    for (const options of [{ limit: 5 }, { limit: 5, countUpTo: 0 }, { limit: 50, countUpTo: Infinity }]) {
      const { tookMs: a, ...got } = old.search(text, options);
      const { tookMs: b, ...want } = now.search(text, options);
      assert.equal(got, want, `${text} ${JSON.stringify(options)}`);
    }
  }
  // Saved again, it is a version 2 snapshot with the same answers.
  const again = await loadIndex(old.save());
  assert.equal(again.search('w1z w2z', { limit: 20 }).hits, now.search('w1z w2z', { limit: 20 }).hits);
});

test.run();
