// The result cache inside an index: a cached answer always equals a fresh one, under
// interleaved adds, removes, updates and searches; hits and misses are counted.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex } from '../dist/index.js';
import { seededRandom } from './helpers/random.mjs';

test('cached answers equal fresh ones under interleaved changes', async () => {
  const random = seededRandom(31);
  const words = ['alpha', 'beta', 'gamma', 'delta', 'omega', 'sigma'];
  const text = () => Array.from({ length: 1 + Math.floor(random() * 6) }, () => words[Math.floor(random() * words.length)]).join(' ');
  const cached = await createIndex({ fields: ['text'], filters: { n: 'number' }, cache: { maxEntries: 50, ttlMs: 60000 } });
  const fresh = await createIndex({ fields: ['text'], filters: { n: 'number' } });
  const queries = ['alpha', 'beta gamma', '+delta -omega', '"alpha beta"', 'sig*', 'gama~1'];
  let next = 0;
  for (let step = 0; step < 3000; step++) {
    const r = random();
    if (r < 0.3) {
      const doc = { id: next++, text: text(), n: Math.floor(random() * 10) };
      cached.add(doc); fresh.add(doc);
    } else if (r < 0.4 && next) {
      const id = Math.floor(random() * next);
      assert.is(cached.remove(id), fresh.remove(id));
    } else if (r < 0.45 && next) {
      const doc = { id: Math.floor(random() * next), text: text(), n: 3 };
      cached.update(doc); fresh.update(doc);
    } else {
      const q = queries[Math.floor(random() * queries.length)];
      const options = random() < 0.5 ? { limit: 5 } : { limit: 20, filter: { n: { lt: 5 } } };
      const a = cached.search(q, options);
      const b = fresh.search(q, options);
      assert.equal({ ...a, tookMs: 0 }, { ...b, tookMs: 0 }, `${q} at step ${step}`);
    }
  }
  const stats = cached.stats().cache;
  assert.ok(stats.hits > 100 && stats.misses > 100, JSON.stringify(stats));
  assert.ok(stats.entries <= 50);
});

test('a repeated search is served from the cache until the index changes', async () => {
  const index = await createIndex({ fields: ['text'], cache: { maxEntries: 10 } });
  index.add({ id: 1, text: 'wing' });
  index.search('wing');
  const first = index.search('wing');
  assert.is(index.stats().cache.hits, 1);
  first.hits.length = 0; // mutating a returned result does not corrupt the cache
  assert.is(index.search('wing').hits.length, 1);
  index.add({ id: 2, text: 'wing' });
  assert.is(index.search('wing').total, 2);
  assert.is(index.stats().cache.misses, 2);
});

test.run();
