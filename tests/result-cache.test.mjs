// The LRU + TTL result cache (with a fake clock) and its stable keys.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isError } from './helpers/errors.mjs';
import { seededRandom } from './helpers/random.mjs';
import { ResultCache, cacheKey } from '../dist/internal.js';

function fakeClock(start = 1000) {
  const clock = { t: start, now: () => clock.t };
  return clock;
}

test('get returns what set stored under the same generation', () => {
  const cache = new ResultCache();
  assert.is(cache.get('q', 1), undefined);
  cache.set('q', 1, { hits: [1, 2] });
  assert.equal(cache.get('q', 1), { hits: [1, 2] });
  assert.is(cache.size, 1);
  assert.equal(cache.stats(), { hits: 1, misses: 1, hitRatio: 0.5, entries: 1, evictions: 0, expirations: 0 });
});

test('another generation misses and drops the stale entry', () => {
  const cache = new ResultCache();
  cache.set('q', 1, 'old');
  assert.is(cache.get('q', 2), undefined);
  assert.is(cache.size, 0, 'stale entries are removed when met');
  assert.is(cache.get('q', 1), undefined);
  cache.set('q', 2, 'new');
  assert.is(cache.get('q', 2), 'new');
});

test('least recently used entries are evicted first; get refreshes', () => {
  const cache = new ResultCache({ maxEntries: 3 });
  for (const key of ['a', 'b', 'c']) cache.set(key, 0, key);
  assert.is(cache.get('a', 0), 'a'); // a is now the most recent: b is the oldest
  cache.set('d', 0, 'd');
  assert.is(cache.size, 3);
  assert.is(cache.get('b', 0), undefined);
  assert.is(cache.get('a', 0), 'a');
  assert.is(cache.get('c', 0), 'c');
  assert.is(cache.get('d', 0), 'd');
  cache.set('c', 0, 'c2'); // overwriting refreshes too: a is the oldest now
  cache.set('e', 0, 'e');
  assert.is(cache.get('a', 0), undefined);
  assert.is(cache.get('c', 0), 'c2');
  assert.is(cache.stats().evictions, 2);
});

test('entries expire after ttlMs and are removed when met', () => {
  const clock = fakeClock();
  const cache = new ResultCache({ ttlMs: 100, now: clock.now });
  cache.set('a', 0, 1);
  clock.t += 50;
  cache.set('b', 0, 2);
  clock.t += 49;
  assert.is(cache.get('a', 0), 1, 'one millisecond before expiry');
  clock.t += 1;
  assert.is(cache.get('a', 0), undefined, 'expired at exactly ttlMs');
  assert.is(cache.size, 1);
  assert.is(cache.get('b', 0), 2, 'a hit does not extend the lifetime');
  clock.t += 50;
  assert.is(cache.size, 1, 'expired but not yet met');
  assert.is(cache.get('b', 0), undefined);
  assert.is(cache.size, 0);
  assert.equal(cache.stats(), { hits: 2, misses: 2, hitRatio: 0.5, entries: 0, evictions: 0, expirations: 2 });
  cache.set('c', 0, 3); // set restarts the lifetime
  clock.t += 99;
  assert.is(cache.get('c', 0), 3);
});

test('ttlMs Infinity never expires; defaults are 1000 entries and 60 s', () => {
  const clock = fakeClock();
  const forever = new ResultCache({ ttlMs: Infinity, now: clock.now });
  forever.set('a', 0, 1);
  clock.t += 1e12;
  assert.is(forever.get('a', 0), 1);
  const cache = new ResultCache({ now: clock.now });
  for (let i = 0; i < 1001; i++) cache.set(`k${i}`, 0, i);
  assert.is(cache.size, 1000);
  assert.is(cache.get('k0', 0), undefined);
  assert.is(cache.get('k1', 0), 1);
  clock.t += 59_999;
  assert.is(cache.get('k2', 0), 2);
  clock.t += 1;
  assert.is(cache.get('k3', 0), undefined);
});

test('maxEntries 0 disables the cache', () => {
  const cache = new ResultCache({ maxEntries: 0 });
  cache.set('a', 0, 1);
  assert.is(cache.get('a', 0), undefined);
  assert.is(cache.size, 0);
  assert.equal(cache.stats(), { hits: 0, misses: 1, hitRatio: 0, entries: 0, evictions: 0, expirations: 0 });
});

test('clear drops entries and keeps the counters', () => {
  const cache = new ResultCache();
  cache.set('a', 0, 1);
  cache.get('a', 0);
  cache.clear();
  assert.is(cache.size, 0);
  assert.is(cache.get('a', 0), undefined);
  assert.equal(cache.stats(), { hits: 1, misses: 1, hitRatio: 0.5, entries: 0, evictions: 0, expirations: 0 });
});

test('options are validated', () => {
  for (const maxEntries of [-1, 1.5, NaN, Infinity]) {
    assert.throws(() => new ResultCache({ maxEntries }), isError(RangeError, /maxEntries/), String(maxEntries));
  }
  for (const ttlMs of [0, -5, 2.5, NaN]) assert.throws(() => new ResultCache({ ttlMs }), isError(RangeError, /ttlMs/), String(ttlMs));
  assert.throws(() => new ResultCache({ maxEntries: '10' }), isError(TypeError, /maxEntries/));
  assert.throws(() => new ResultCache({ now: 5 }), isError(TypeError, /now/));
  assert.throws(() => new ResultCache({ max: 5 }), isError(TypeError, /unknown option 'max'/));
  assert.throws(() => new ResultCache(null), isError(TypeError, /options/));
  assert.throws(() => new ResultCache().set(5, 0, 1), isError(TypeError, /key/));
  new ResultCache({ maxEntries: 1, ttlMs: 1, now: () => 0 });
});

test('get and set stay O(1) at full capacity', () => {
  const cache = new ResultCache({ maxEntries: 10_000 });
  const started = performance.now();
  for (let i = 0; i < 300_000; i++) {
    cache.set(`k${i}`, 0, i);
    cache.get(`k${i >> 1}`, 0);
  }
  const took = performance.now() - started;
  assert.is(cache.size, 10_000);
  assert.ok(took < 1500, `600k operations took ${took.toFixed(0)} ms`);
});

test('random operations agree with a plain reference LRU', () => {
  const random = seededRandom(5);
  const clock = fakeClock(0);
  const cache = new ResultCache({ maxEntries: 8, ttlMs: 50, now: clock.now });
  let model = []; // [key, generation, value, expiresAt], least recently used first
  let hits = 0, evictions = 0, expirations = 0;
  for (let i = 0; i < 20_000; i++) {
    clock.t += Math.floor(random() * 4);
    const key = `k${Math.floor(random() * 12)}`;
    const generation = Math.floor(random() * 2);
    const at = model.findIndex((entry) => entry[0] === key);
    if (random() < 0.5) {
      if (at >= 0) model.splice(at, 1);
      model.push([key, generation, i, clock.t + 50]);
      if (model.length > 8) { model.shift(); evictions++; }
      cache.set(key, generation, i);
    } else {
      let expected;
      if (at >= 0) {
        const [entry] = model.splice(at, 1);
        if (clock.t >= entry[3]) expirations++;
        else if (entry[1] === generation) { expected = entry[2]; model.push(entry); hits++; }
      }
      assert.is(cache.get(key, generation), expected);
    }
    assert.is(cache.size, model.length);
  }
  const stats = cache.stats();
  assert.equal([stats.hits, stats.evictions, stats.expirations], [hits, evictions, expirations]);
});

test('cacheKey: JSON with sorted object keys, whatever the build order', () => {
  const a = { query: { type: 'term', text: 'wing', fields: ['title'] }, limit: 10, filter: { year: { gte: 2000 }, tags: 'x' } };
  const b = { filter: { tags: 'x', year: { gte: 2000 } }, limit: 10, query: { fields: ['title'], text: 'wing', type: 'term' } };
  assert.is(cacheKey(a), cacheKey(b));
  assert.is(cacheKey(a), '{"filter":{"tags":"x","year":{"gte":2000}},"limit":10,"query":{"fields":["title"],"text":"wing","type":"term"}}');
  assert.is.not(cacheKey({ a: [1, 2] }), cacheKey({ a: [2, 1] }), 'array order matters');
  assert.is.not(cacheKey({ a: '1' }), cacheKey({ a: 1 }));
  assert.is(cacheKey({ a: undefined, b: () => 1, c: 1 }), '{"c":1}');
  assert.is(cacheKey([undefined, NaN, Infinity, -0]), '[null,null,null,0]');
  assert.is(cacheKey({ d: new Date(0) }), '{"d":"1970-01-01T00:00:00.000Z"}');
  assert.is(cacheKey('text "quoted"'), JSON.stringify('text "quoted"'));
  assert.is(cacheKey(undefined), 'null');
  assert.is(cacheKey({ '\u00e9': 1, e: 2, Z: 3 }), '{"Z":3,"e":2,"é":1}');
  const shared = { x: 1 };
  assert.is(cacheKey([shared, shared]), '[{"x":1},{"x":1}]', 'a repeated object is not a cycle');
  const cyclic = { a: {} };
  cyclic.a.back = cyclic;
  assert.throws(() => cacheKey(cyclic), isError(TypeError, /circular/));
  assert.throws(() => cacheKey({ n: 1n }), isError(TypeError, /bigint/));
});

test.run();
