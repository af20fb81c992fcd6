// Keyword and number filters applied in the kernels, facets over all matches, and typed
// errors for filters that name unknown fields or give the wrong kind of value.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, loadIndex, FilterError, DocumentError } from '../dist/index.js';
import { isError } from './helpers/errors.mjs';
import { seededRandom } from './helpers/random.mjs';

const TAGS = ['wing', 'engine', 'flow', 'heat', 'noise'];

async function corpus(count, seed = 1) {
  const random = seededRandom(seed);
  const index = await createIndex({ fields: ['text'], store: ['text'], filters: { tags: 'keyword', year: 'number', kind: 'keyword' } });
  const docs = [];
  for (let i = 0; i < count; i++) {
    const tags = TAGS.filter(() => random() < 0.3);
    const doc = { id: i, text: `report ${TAGS[i % 5]} ${random() < 0.5 ? 'study' : 'test'}`, tags, year: 1950 + Math.floor(random() * 70), kind: random() < 0.5 ? 'paper' : 'note' };
    if (random() < 0.05) delete doc.year;
    docs.push(doc);
    index.add(doc);
  }
  return { index, docs };
}

function expected(docs, removed, predicate, words) {
  return docs.filter((d) => !removed.has(d.id) && predicate(d) && words.some((w) => d.text.includes(w))).map((d) => d.id).sort((a, b) => a - b);
}

test('filters equal a brute-force predicate on 6,000 documents (with deletes)', async () => {
  const { index, docs } = await corpus(6000);
  const removed = new Set();
  for (let i = 0; i < 6000; i += 7) { index.remove(i); removed.add(i); }
  const cases = [
    [{ tags: 'wing' }, (d) => d.tags.includes('wing')],
    [{ tags: ['wing', 'heat'] }, (d) => d.tags.includes('wing') || d.tags.includes('heat')],
    [{ year: { gte: 2000 } }, (d) => d.year >= 2000],
    [{ year: { gt: 1960, lt: 1970 } }, (d) => d.year > 1960 && d.year < 1970],
    [{ year: 1999 }, (d) => d.year === 1999],
    [{ year: { lte: 1955 }, tags: 'noise', kind: 'paper' }, (d) => d.year <= 1955 && d.tags.includes('noise') && d.kind === 'paper'],
    [{ tags: 'nosuchtag' }, () => false],
    [{ year: { gte: 3000 } }, () => false],
  ];
  for (const [filter, predicate] of cases) {
    for (const words of [['study'], ['report'], ['study', 'test']]) {
      const result = index.search(words.join(' '), { filter, limit: 10000 });
      const want = expected(docs, removed, predicate, words);
      assert.is(result.total, want.length, JSON.stringify(filter));
      assert.equal(result.hits.map((h) => h.id).sort((a, b) => a - b), want, JSON.stringify(filter));
    }
  }
  // Filters do not change scores, only which documents qualify.
  const plain = new Map(index.search('study', { limit: 10000 }).hits.map((h) => [h.id, h.score]));
  for (const hit of index.search('study', { filter: { tags: 'flow' }, limit: 10000 }).hits) assert.is(hit.score, plain.get(hit.id));
});

test('values turning dense or staying sparse give the same answers while documents keep arriving', async () => {
  // A value whose doc list outgrows its bitset is filtered through a cached bitset that later
  // adds extend; a rare one through its list. Both must track every add, remove and reload.
  const random = seededRandom(9);
  let index = await createIndex({ fields: ['text'], filters: { group: 'keyword' } });
  const docs = [];
  const removed = new Set();
  const groupOf = (i) => (i < 400 ? 'early' : random() < 0.02 ? 'rare' : random() < 0.6 ? 'common' : 'late');
  const check = (round) => {
    for (const group of ['early', 'rare', 'common', 'late', ['rare', 'late'], ['early', 'common']]) {
      const wanted = new Set(Array.isArray(group) ? group : [group]);
      const want = docs.filter((d) => !removed.has(d.id) && wanted.has(d.group) && d.text.includes('wing')).map((d) => d.id);
      const result = index.search('wing', { filter: { group }, limit: 100000 });
      assert.is(result.total, want.length, `round ${round}, ${group}`);
      assert.equal(result.hits.map((h) => h.id).sort((a, b) => a - b), want, `round ${round}, ${group}`);
    }
  };
  for (let round = 0; round < 6; round++) {
    for (let i = 0; i < 700; i++) {
      const id = docs.length;
      const doc = { id, text: `${random() < 0.7 ? 'wing' : 'tail'} section ${id % 13}`, group: groupOf(id) };
      docs.push(doc);
      index.add(doc);
      if (random() < 0.05) { index.remove(id); removed.add(id); }
    }
    check(round);
    if (round === 3) index = await loadIndex(index.save()); // a fresh instance: its caches start empty
  }
});

test('filters on rare words: a few 64-document words of each window, across windows, equal a brute-force predicate', async () => {
  const random = seededRandom(31);
  const index = await createIndex({ fields: ['text'], filters: { tags: 'keyword', year: 'number' } });
  const docs = [];
  for (let i = 0; i < 9000; i++) {
    const words = ['common'];
    if (random() < 0.5) words.push(`r${Math.floor(i / 50)}x`);
    if (random() < 0.05) words.push(`r${Math.floor(random() * 180)}x`); // r…x also scattered; c…x never
    if (random() < 0.5) words.push(`c${Math.floor(i / 40)}x`);
    const doc = { id: i, text: words.join(' '), tags: TAGS.filter(() => random() < (i % 3 ? 0.3 : 0.01)), year: 1950 + Math.floor(random() * 70) };
    docs.push(doc);
    index.add(doc);
  }
  const filters = [
    [{ tags: 'wing' }, (d) => d.tags.includes('wing')],
    [{ year: { gte: 1990, lt: 2000 } }, (d) => d.year >= 1990 && d.year < 2000],
    [{ tags: ['heat', 'noise'], year: { lte: 1980 } }, (d) => (d.tags.includes('heat') || d.tags.includes('noise')) && d.year <= 1980],
  ];
  for (let q = 0; q < 90; q++) {
    const words = Array.from({ length: 1 + (q % 2) }, () => (random() < 0.5 ? `r${Math.floor(random() * 180)}x` : `c${Math.floor(random() * 225)}x`));
    const [filter, predicate] = filters[q % filters.length];
    const want = docs.filter((d) => predicate(d) && words.some((w) => d.text.split(' ').includes(w))).map((d) => d.id);
    const result = index.search(words.join(' '), { filter, limit: 100000 });
    assert.is(result.total, want.length, `${words} ${JSON.stringify(filter)}`);
    assert.equal(result.hits.map((h) => h.id).sort((a, b) => a - b), want, `${words} ${JSON.stringify(filter)}`);
  }
});

test('facets count values over every match, not just the returned page', async () => {
  const { index, docs } = await corpus(3000, 2);
  const result = index.search('study', { facets: ['tags', 'kind'], limit: 3, filter: { year: { gte: 1990 } } });
  const matching = docs.filter((d) => d.text.includes('study') && d.year >= 1990);
  assert.is(result.total, matching.length);
  assert.is(result.hits.length, 3);
  for (const tag of TAGS) {
    const count = matching.filter((d) => d.tags.includes(tag)).length;
    const facet = result.facets.tags.find((f) => f.value === tag);
    assert.is(facet ? facet.count : 0, count, tag);
  }
  const counts = result.facets.tags.map((f) => f.count);
  assert.equal(counts, [...counts].sort((a, b) => b - a), 'most frequent first');
  assert.is(result.facets.kind.reduce((n, f) => n + f.count, 0), matching.length);
  const none = index.search('zzzz', { facets: ['tags'] });
  assert.equal(none.facets, { tags: [] });
});

test('bad filters and facets are typed errors naming the field', async () => {
  const { index } = await corpus(50);
  const bad = [
    [{ color: 'red' }, 'color'], [{ tags: 5 }, 'tags'], [{ tags: ['a', 1] }, 'tags'], [{ year: 'old' }, 'year'],
    [{ year: { after: 2000 } }, 'year'], [{ year: { gte: '2000' } }, 'year'], [{ year: { gte: 1, gt: 2 } }, 'year'], [{ year: NaN }, 'year'],
  ];
  for (const [filter, field] of bad) {
    assert.throws(() => index.search('report', { filter }), (e) => e instanceof FilterError && e.field === field, JSON.stringify(filter));
  }
  assert.throws(() => index.search('report', { filter: 'tags' }), isError(FilterError));
  assert.throws(() => index.search('report', { facets: ['year'] }), (e) => e instanceof FilterError && e.field === 'year');
  assert.throws(() => index.search('report', { facets: 'tags' }), isError(FilterError));
  assert.throws(() => index.search('report', { filters: {} }), isError(TypeError), 'misspelt option');
  assert.throws(() => index.add({ id: 'x', text: 'a', tags: 7 }), (e) => e instanceof DocumentError && e.field === 'tags');
  assert.throws(() => index.add({ id: 'y', text: 'a', year: '1999' }), (e) => e instanceof DocumentError && e.field === 'year');
  assert.not.ok(index.has('x') || index.has('y'));
});

test('filter values survive save and load', async () => {
  const { index } = await corpus(500, 3);
  const options = { filter: { tags: ['heat', 'noise'], year: { lt: 1980 } }, facets: ['tags'], limit: 50 };
  const before = index.search('report', options);
  const loaded = await loadIndex(index.save());
  const after = loaded.search('report', options);
  assert.equal({ ...after, tookMs: 0 }, { ...before, tookMs: 0 });
  loaded.add({ id: 'new', text: 'report', tags: ['heat'], year: 1970 });
  assert.is(loaded.search('report', options).total, before.total + 1);
});

test.run();
