// The Index API's contract: documents in and out, ids, stored fields, paging, and bad input.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, ClosedError, DocumentError, DuplicateIdError } from '../dist/index.js';
import { isError } from './helpers/errors.mjs';
import { seededRandom } from './helpers/random.mjs';

const docs = [
  { id: 'a', title: 'Wing flutter', text: 'flutter of a swept wing at transonic speed', url: '/a' },
  { id: 'b', title: 'Lift increase', text: 'the lift increase due to a propeller slipstream', url: '/b' },
  { id: 7, title: 'Heat transfer', text: 'heat transfer in hypersonic flow over a wing', url: '/7' },
];

async function small(options = {}) {
  const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title', 'url'], ...options });
  index.addAll(docs);
  return index;
}

test('hits carry ids (string or number), scores and stored fields', async () => {
  const index = await small();
  const result = index.search('wing');
  assert.equal(result.hits.map((h) => h.id), ['a', 7]);
  assert.equal(result.hits[0].fields, { title: 'Wing flutter', url: '/a' });
  assert.ok(result.hits[0].score > result.hits[1].score);
  assert.is(result.total, 2);
  assert.type(result.tookMs, 'number');
  assert.ok(index.has(7) && !index.has('7'), 'ids keep their type');
});

test('limit and offset page through the ranking; limit 0 still counts', async () => {
  const index = await small();
  const all = index.search('wing lift heat').hits.map((h) => h.id);
  assert.is(all.length, 3);
  assert.equal(index.search('wing lift heat', { limit: 1, offset: 1 }).hits.map((h) => h.id), [all[1]]);
  assert.equal(index.search('wing lift heat', { offset: 5 }).hits, []);
  const none = index.search('wing lift heat', { limit: 0 });
  assert.equal(none.hits, []);
  assert.is(none.total, 3);
  assert.is(index.search('wing', { limit: 1e12 }).hits.length, 2, 'a huge limit is capped');
  for (const bad of [-1, 1.5, NaN, '10', null]) {
    assert.throws(() => index.search('wing', { limit: bad }), isError(RangeError), String(bad));
    assert.throws(() => index.search('wing', { offset: bad }), isError(RangeError), String(bad));
  }
});

test('+ requires, - excludes, a purely negative query matches nothing', async () => {
  const index = await small();
  assert.equal(index.search('wing +hypersonic').hits.map((h) => h.id), [7]);
  assert.equal(index.search('wing -hypersonic').hits.map((h) => h.id), ['a']);
  assert.is(index.search('-wing').total, 0);
  assert.is(index.search('+nosuchword wing').total, 0);
  assert.equal(index.search('"lift increase" -"swept wing"').hits.map((h) => h.id), ['b']);
});

test('add refuses bad documents with typed errors and changes nothing', async () => {
  const index = await small();
  const before = index.stats();
  const bad = [
    [null, DocumentError], [42, DocumentError], [[], DocumentError], [{ title: 'no id' }, DocumentError],
    [{ id: '' }, DocumentError], [{ id: NaN }, DocumentError], [{ id: { x: 1 } }, DocumentError], [{ id: true }, DocumentError],
    [{ id: 'x', title: 42 }, DocumentError], [{ id: 'x', text: { nested: true } }, DocumentError], [{ id: 'x', text: ['ok', 3] }, DocumentError],
    [{ id: 'a', title: 'again' }, DuplicateIdError], [{ id: 7, title: 'again' }, DuplicateIdError],
  ];
  for (const [doc, Class] of bad) assert.throws(() => index.add(doc), isError(Class), JSON.stringify(doc));
  assert.throws(() => index.add({ id: 'x', title: 42 }), (e) => e.field === 'title');
  assert.equal(index.stats().docs, before.docs);
  assert.is(index.search('again').total, 0);
  assert.throws(() => index.addAll(null), isError(TypeError));
  assert.throws(() => index.addAll([{ id: 'ok1', text: 'fine' }, { id: 'a' }]), (e) => e instanceof DuplicateIdError && /position 1/.test(e.message));
  assert.ok(index.has('ok1'), 'documents before the refused one stay added');
});

test('update replaces, remove deletes, both keep statistics right', async () => {
  const index = await small();
  index.update({ id: 'a', title: 'Rotor noise', text: 'helicopter rotor noise' });
  assert.equal(index.search('flutter').hits, []);
  assert.equal(index.search('rotor').hits.map((h) => h.id), ['a']);
  index.update({ id: 'new', text: 'update adds a missing id' });
  assert.ok(index.has('new'));
  assert.throws(() => index.update({ id: 'b', text: 5 }), isError(DocumentError));
  assert.ok(index.has('b'), 'a refused update leaves the old document');
  assert.is(index.remove('b'), true);
  assert.is(index.remove('b'), false);
  assert.is(index.remove('never'), false);
  assert.is(index.stats().docs, 3);
  assert.is(index.search('lift').total, 0);
});

test('get and documents read stored fields by id and page in insertion order', async () => {
  const index = await small();
  assert.equal(index.get('a'), { title: 'Wing flutter', url: '/a' });
  assert.is(index.get('zzz'), undefined);
  index.update({ id: 'a', title: 'Moved', text: 'to the end', url: '/a2' });
  index.remove('b');
  const first = index.documents({ limit: 1 });
  assert.equal(first.documents.map((d) => d.id), [7]);
  const second = index.documents({ from: first.next, limit: 5 });
  assert.equal(second.documents, [{ id: 'a', fields: { title: 'Moved', url: '/a2' } }]);
  assert.is(second.next, undefined);
  assert.equal(index.options.fields, ['title', 'text']);
  assert.throws(() => index.documents({ limit: -1 }), isError(RangeError));
});

test('field values: arrays of strings, null and missing fields', async () => {
  const index = await createIndex({ fields: ['tags', 'body'] });
  index.add({ id: 1, tags: ['alpha', 'beta'], body: null });
  index.add({ id: 2, body: 'beta gamma' });
  assert.equal(index.search('beta').hits.map((h) => h.id).sort(), [1, 2]);
  assert.equal(index.search('alpha').hits.map((h) => h.id), [1]);
});

test('empty, whitespace and syntax-only queries give empty results', async () => {
  const index = await small();
  for (const q of ['', '   ', '\n\t', '+', '-', '"', '""', '+-', '***', '((', ')', 'the of and', '-"']) {
    const result = index.search(q);
    assert.equal(result.hits, [], JSON.stringify(q));
    assert.is(result.total, 0);
  }
  assert.throws(() => index.search(undefined), isError(TypeError));
  assert.throws(() => index.search(5), isError(TypeError));
});

test('any query text never throws (random hostile strings)', async () => {
  const index = await small();
  const random = seededRandom(99);
  const alphabet = ['wing', 'lift', ' ', '"', '+', '-', '*', '(', ')', '~', ':', '\\', '\u0000', '\uD800', '\uDFFF', '😀', 'é', '\u0301', 'שלום', '日本', '\uFFFF', '\t', 'AND', 'OR', 'NOT', '^2', '?'];
  for (let i = 0; i < 3000; i++) {
    let q = '';
    const length = Math.floor(random() * 20);
    for (let j = 0; j < length; j++) q += alphabet[Math.floor(random() * alphabet.length)];
    const result = index.search(q, { limit: 5 });
    assert.ok(Array.isArray(result.hits) && result.total >= result.hits.length, JSON.stringify(q));
  }
  index.search('x'.repeat(100000));
  index.search('wing '.repeat(5000));
});

test('unusual text: emoji, RTL, CJK, NUL, lone surrogates, combining marks', async () => {
  const index = await createIndex({ fields: ['text'], language: 'none' });
  index.addAll([
    { id: 'emoji', text: 'rocket 🚀 launch 👩‍🚀 crew' },
    { id: 'rtl', text: 'שלום עולם مرحبا بالعالم' },
    { id: 'cjk', text: '日本語のテキスト検索' },
    { id: 'nul', text: 'null\u0000byte inside' },
    { id: 'lone', text: 'broken \uD800 surrogate \uDFFF pair' },
    { id: 'marks', text: 'cafe\u0301 Ångström naïve' },
  ]);
  assert.equal(index.search('launch').hits.map((h) => h.id), ['emoji']);
  assert.equal(index.search('עולם').hits.map((h) => h.id), ['rtl']);
  assert.equal(index.search('بالعالم').hits.map((h) => h.id), ['rtl']);
  assert.equal(index.search('検索').hits.map((h) => h.id), ['cjk'], 'CJK is indexed per character');
  assert.equal(index.search('byte').hits.map((h) => h.id), ['nul']);
  assert.equal(index.search('surrogate').hits.map((h) => h.id), ['lone']);
  assert.equal(index.search('café').hits.map((h) => h.id), ['marks']);
  assert.equal(index.search('angstrom NAIVE').hits.map((h) => h.id), ['marks']);
});

test('analyze shows the terms the index uses', async () => {
  const en = await createIndex({ fields: ['text'] });
  assert.equal(en.analyze('The Flying Wings of Élan'), ['fli', 'wing', 'elan']); // Porter: flying → fli
  const none = await createIndex({ fields: ['text'], language: 'none' });
  assert.equal(none.analyze('The Flying Wings'), ['the', 'flying', 'wings']);
});

test('createIndex refuses bad options', async () => {
  const bad = [undefined, {}, { fields: [] }, { fields: 'text' }, { fields: ['a', 'a'] }, { fields: { a: { boost: -1 } } },
    { fields: ['a'], language: 'fr' }, { fields: ['a'], bm25: { b: 2 } }, { fields: ['a'], defaultOperator: 'xor' },
    { fields: ['a'], store: 'a' }, { fields: ['id'] }, { fields: Array.from({ length: 17 }, (_, i) => `f${i}`) },
    { fields: ['a'], filters: { x: 'date' } }, { fields: ['a'], filters: { a: 'keyword' } }, { fields: ['a'], unknownOption: 1 }, { fields: ['a'], typoTolerance: 'yes' }];
  for (const options of bad) {
    let error;
    try { await createIndex(options); } catch (e) { error = e; }
    assert.ok(error instanceof TypeError, JSON.stringify(options));
  }
});

test('every method after close throws ClosedError', async () => {
  const index = await small();
  index.close();
  index.close();
  for (const call of [() => index.add({ id: 'z' }), () => index.search('wing'), () => index.remove('a'), () => index.save(), () => index.stats(), () => index.analyze('x'), () => index.update({ id: 'a' })]) {
    assert.throws(call, isError(ClosedError));
  }
});

test.run();
