// Big inputs and the memory ceiling: a 50 MB document, and an index that hits its ceiling
// mid-stream and stays consistent (search, save and load still agree with what was added).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, loadIndex, MemoryLimitError } from '../dist/index.js';
import { referenceFor, compareRankings } from './helpers/ranking.mjs';
import { seededRandom } from './helpers/random.mjs';

test('a 50 MB document is indexed and found', async () => {
  const index = await createIndex({ fields: ['text'] });
  const words = ['turbulent', 'boundary', 'layer', 'separation', 'shock', 'wave', 'nozzle', 'flow'];
  const parts = [];
  let size = 0;
  for (let i = 0; size < 50 * 1024 * 1024; i++) { const w = words[i % words.length]; parts.push(w); size += w.length + 1; }
  parts.push('needleword');
  const text = parts.join(' ');
  index.add({ id: 'huge', text });
  index.add({ id: 'small', text: 'a small shock' });
  assert.equal(index.search('needleword').hits.map((h) => h.id), ['huge']);
  assert.equal(index.search('shock').hits.map((h) => h.id).sort(), ['huge', 'small']);
  const stats = index.stats();
  assert.is(stats.docs, 2);
  index.remove('huge');
  assert.equal(index.search('shock').hits.map((h) => h.id), ['small']);
  index.close();
});

test('hitting the memory ceiling is a MemoryLimitError and the index stays consistent', async () => {
  const fields = { title: {}, text: {} };
  const index = await createIndex({ fields, maxMemoryPages: 160 });
  const reference = referenceFor(index, fields, 1.2, 0.75);
  const random = seededRandom(21);
  const word = () => `w${Math.floor(random() ** 3 * 20000).toString(36)}`;
  let error;
  let added = 0;
  for (let i = 0; i < 200000 && !error; i++) {
    const doc = { id: i, title: word(), text: Array.from({ length: 60 }, word).join(' ') };
    try {
      index.add(doc);
      reference.add(doc);
      added++;
      if (i % 500 === 0) index.search(word());
    } catch (e) {
      error = e;
    }
  }
  assert.ok(error instanceof MemoryLimitError && error instanceof RangeError, String(error));
  assert.match(error.message, /160 pages/);
  assert.ok(added > 1000, `${added} documents fit`);
  // Either the last add or the flush that followed it failed; the index answers for exactly
  // the documents it accepted.
  let searchError;
  let queries = 0;
  for (let q = 0; q < 30; q++) {
    const words = [word(), word()];
    try {
      const result = index.search(words.join(' '), { limit: 10 });
      const expected = reference.search(words, { limit: 1e9 });
      assert.is(result.total, expected.length);
      assert.is(compareRankings(result, expected.slice(0, 10), words.join(' ')), '');
      queries++;
    } catch (e) {
      searchError = e;
      assert.ok(e instanceof MemoryLimitError, String(e));
    }
  }
  if (searchError) {
    // Out of room even to flush: removing documents does not need memory, and the index is not broken.
    assert.ok(index.stats().pendingDocs > 0);
  } else {
    assert.is(queries, 30);
  }
  assert.is(index.stats().docs, added);
});

test('a snapshot larger than a small ceiling is refused with MemoryLimitError', async () => {
  const index = await createIndex({ fields: ['text'] });
  for (let i = 0; i < 3000; i++) index.add({ id: i, text: `doc ${i} ${'lorem ipsum dolor sit amet '.repeat(20)} ${i * 7}` });
  const bytes = index.save();
  let error;
  try { await loadIndex(bytes, { maxMemoryPages: 20 }); } catch (e) { error = e; }
  assert.ok(error instanceof MemoryLimitError, String(error));
  assert.is((await loadIndex(bytes)).stats().docs, 3000);
});

test.run();
