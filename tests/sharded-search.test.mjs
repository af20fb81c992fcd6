// Sharded search: with collection statistics summed over shards, every shard scores as one
// index over the union would, so merged answers equal that index's (Cranfield, random corpora).
import { test } from 'uvu';
import { rejects } from './helpers/errors.mjs';
import * as assert from 'uvu/assert';
import { createIndex, createShardedSearch, shardOf, ClosedError, SnapshotError } from '../dist/index.js';
import { cranfield } from './helpers/cranfield.mjs';
import { seededRandom } from './helpers/random.mjs';


async function partitioned(docs, shardCount, options) {
  const whole = await createIndex(options);
  whole.addAll(docs);
  const shards = await Promise.all(Array.from({ length: shardCount }, () => createIndex(options)));
  for (const doc of docs) shards[shardOf(doc.id, shardCount)].add(doc);
  return { whole, shards };
}

/** Same hits as the single index: equal scores in order; ids equal wherever scores are not tied. */
function assertSameAnswer(got, want, what) {
  assert.is(got.total, want.total, `${what}: total`);
  assert.equal(got.hits.map((h) => h.score), want.hits.map((h) => h.score), `${what}: scores`);
  const byScore = (hits) => {
    const groups = new Map();
    for (const h of hits) groups.set(h.score, [...(groups.get(h.score) ?? []), h.id].sort());
    return groups;
  };
  const g = byScore(got.hits), w = byScore(want.hits);
  const last = want.hits.at(-1)?.score;
  for (const [score, ids] of w) if (score !== last) assert.equal(g.get(score), ids, `${what}: ids scoring ${score}`);
  for (const hit of got.hits) if (hit.score !== last) assert.equal(hit.fields, want.hits.find((h) => h.id === hit.id)?.fields, `${what}: stored fields of ${hit.id}`);
}

test('shardOf spreads ids evenly and is stable; bad shard counts are refused', () => {
  const counts = [0, 0, 0, 0];
  for (let i = 0; i < 4000; i++) counts[shardOf(`doc-${i}`, 4)]++;
  assert.ok(counts.every((c) => c > 850 && c < 1150), `balanced: ${counts}`);
  assert.is(shardOf('abc', 7), shardOf('abc', 7));
  assert.is(shardOf(42, 3), shardOf('42', 3), 'numbers hash as their string form');
  assert.throws(() => shardOf('x', 0), (e) => e instanceof RangeError);
  assert.throws(() => shardOf('x', 1.5), (e) => e instanceof RangeError);
});

test('Cranfield over 3 shards: all 225 queries score exactly as one index over the union', async () => {
  const { docs, queries } = await cranfield();
  const { whole, shards } = await partitioned(docs, 3, { fields: { title: { boost: 2 }, text: {} }, store: ['title'] });
  const sharded = await createShardedSearch(shards);
  try {
    for (const q of queries) assertSameAnswer(await sharded.search(q.text, { limit: 10 }), whole.search(q.text, { limit: 10 }), `query ${q.id}`);
    // Paging over the merged list.
    const q = queries[0].text;
    const pages = [await sharded.search(q, { limit: 5 }), await sharded.search(q, { limit: 5, offset: 5 })];
    assertSameAnswer({ total: pages[0].total, hits: [...pages[0].hits, ...pages[1].hits] }, whole.search(q, { limit: 10 }), 'two pages');
    assert.is(sharded.stats().shards.length, 3);
  } finally {
    await sharded.close();
  }
});

test('random corpora: required, excluded, phrases and fields agree with one index', async () => {
  const random = seededRandom(47);
  const vocabulary = Array.from({ length: 200 }, (_, i) => `v${i.toString(36)}k`);
  const pick = () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)];
  for (let round = 0; round < 2; round++) {
    const docs = Array.from({ length: 500 + Math.floor(random() * 1500) }, (_, i) => ({
      id: `r${round}-${i}`,
      title: Array.from({ length: 1 + Math.floor(random() * 3) }, pick).join(' '),
      text: Array.from({ length: Math.floor(random() * 25) }, pick).join(' '),
      tag: random() < 0.5 ? 'odd' : 'even',
    }));
    const { whole, shards } = await partitioned(docs, 2 + round, { fields: ['title', 'text'], store: ['title'], filters: { tag: 'keyword' }, language: 'none' });
    const sharded = await createShardedSearch(shards);
    try {
      for (let i = 0; i < 60; i++) {
        const shapes = [
          () => `${pick()} ${pick()} ${pick()}`, () => `+${pick()} ${pick()} -${pick()}`, () => `"${pick()} ${pick()}"`,
          () => `title:${pick()} OR (${pick()} AND ${pick()})`, () => `"${pick()} ${pick()}"~3 ${pick()}`,
        ];
        const q = shapes[i % shapes.length]();
        const options = i % 3 === 0 ? { limit: 15, filter: { tag: 'odd' }, facets: ['tag'] } : { limit: 15 };
        const got = await sharded.search(q, options);
        const want = whole.search(q, options);
        assertSameAnswer(got, want, `round ${round}: ${q}`);
        if (options.facets) assert.equal(got.facets, want.facets, `facets of ${q}`);
      }
    } finally {
      await sharded.close();
    }
  }
});

test('shards lacking a required term are skipped; a term in no shard matches nothing', async () => {
  const docs = [
    { id: 'a', text: 'supersonic wing flutter' }, { id: 'b', text: 'subsonic wing' },
    { id: 'c', text: 'heat transfer' }, { id: 'd', text: 'boundary layer heat' },
  ];
  const shards = await Promise.all([0, 1].map(() => createIndex({ fields: ['text'] })));
  shards[0].addAll(docs.slice(0, 2));
  shards[1].addAll(docs.slice(2));
  const sharded = await createShardedSearch(shards.map((s) => s.save()));
  try {
    const wing = await sharded.search('+wing');
    assert.equal(wing.shards, { searched: 1, skipped: 1 });
    assert.equal(wing.hits.map((h) => h.id).sort(), ['a', 'b']);
    const none = await sharded.search('+zeppelin wing');
    assert.equal(none.shards, { searched: 0, skipped: 2 });
    assert.is(none.total, 0);
    const either = await sharded.search('wing heat');
    assert.equal(either.shards, { searched: 2, skipped: 0 });
    assert.is(either.total, 4);
    assert.is(sharded.stats().shardsSkipped, 3);
    assert.equal(await sharded.get('c'), {}, 'present, with no stored fields configured');
    assert.is(await sharded.get('zzz'), undefined, 'absent from every shard');
  } finally {
    await sharded.close();
  }
});

test('bad input: empty or junk shard lists, damaged shards, reserved options, use after close', async () => {
  await rejects(createShardedSearch([]), (e) => e instanceof TypeError, 'no shards');
  await rejects(createShardedSearch('x'), (e) => e instanceof TypeError, 'not an array');
  await rejects(createShardedSearch([new Uint8Array(4), 5]), (e) => e instanceof TypeError, 'junk shard');
  const index = await createIndex({ fields: ['text'], store: ['text'] });
  index.add({ id: 1, text: 'hello world' });
  const damaged = index.save();
  damaged[damaged.length - 3] ^= 0x55;
  await rejects(createShardedSearch([index, damaged]), (e) => e instanceof SnapshotError, 'damaged shard');
  const sharded = await createShardedSearch([index, index.save()]);
  await rejects(sharded.search('hello', { collectionStats: { docs: 1, averageLengths: [], terms: {} } }), (e) => e instanceof TypeError, 'reserved option');
  await rejects(sharded.search('hello', { limit: -2 }), (e) => e instanceof RangeError, 'bad limit');
  const result = await sharded.search('hello');
  assert.is(result.total, 2, 'the same document in two shards counts twice (shards must partition)');
  assert.equal(await sharded.get(1), { text: 'hello world' });
  await sharded.close();
  await rejects(sharded.search('hello'), (e) => e instanceof ClosedError, 'after close');
});

test('collectionStats on Index.search is validated', async () => {
  const index = await createIndex({ fields: ['text'] });
  index.add({ id: 1, text: 'hello world' });
  assert.throws(() => index.search('hello', { collectionStats: { docs: -1, averageLengths: [], terms: {} } }), (e) => e instanceof TypeError);
  assert.throws(() => index.search('hello', { collectionStats: { docs: 5, averageLengths: [NaN], terms: {} } }), (e) => e instanceof TypeError);
  assert.throws(() => index.search('hello', { collectionStats: { docs: 5, averageLengths: [2], terms: { hello: 1.5 } } }), (e) => e instanceof TypeError);
  const own = index.queryStats('hello world');
  assert.equal(own.terms, Object.assign(Object.create(null), { hello: 1, world: 1 }));
  const plain = index.search('hello');
  const same = index.search('hello', { collectionStats: { docs: own.docs, averageLengths: own.totalLengths.map((t) => t / own.docs), terms: own.terms } });
  assert.equal(same.hits, plain.hits, 'its own statistics change nothing');
  const bigger = index.search('hello', { collectionStats: { docs: 1000, averageLengths: [2], terms: { hello: 1 } } });
  assert.ok(bigger.hits[0].score > plain.hits[0].score, 'a rarer term in a larger collection scores higher');
});

test.run();
