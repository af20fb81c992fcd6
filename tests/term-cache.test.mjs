// The term cache (assembly/index/term-cache.ts) maps a word's folded bytes to its term id so
// most words of added documents and of queries skip stemming and the dictionary. It must be
// invisible: every word, including those whose bytes end at or cross the cache's 8-byte words,
// those too long for it, those that collide in it, and those added again after the dictionary
// was replaced (a loaded or compacted index), must land on the term the analyzer gives it; and
// a query must get the same answer from a warm cache as from a cold one, including the words a
// prefix query looks up unstemmed.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, loadIndex } from '../dist/index.js';
import { seededRandom } from './helpers/random.mjs';

// Lengths around the cache's word boundaries (8, 16, 24 bytes) and past its 24-byte limit;
// pairs that differ only in a late byte; stems that merge forms; non-ASCII and upper case.
function vocabulary() {
  const words = ['connect', 'connected', 'connecting', 'connection', 'connections', 'CONNECTS', 'Connexion',
    'café', 'cafe', 'CAFÉ', 'naïve', 'naive', 'Straße', 'strasse', '東京', 'ελληνικά', 'flow', 'flows', 'flowing'];
  for (const length of [3, 7, 8, 9, 15, 16, 17, 23, 24, 25, 31, 40, 64, 70]) {
    const base = 'abcdefghijklmnopqrstuvwxyz'.repeat(3).slice(0, length);
    words.push(base, base.slice(0, -1) + 'z', 'q' + base.slice(1)); // the same but for the last or first byte
  }
  for (let i = 0; i < 600; i++) words.push(`w${i.toString(36)}x${(i * 7919).toString(36)}`); // enough to collide in 4,096 slots
  return words;
}

function documents(random, words, count, prefix) {
  return Array.from({ length: count }, (_, d) => {
    const pick = () => words[Math.floor(random() ** 2 * words.length)];
    return { id: `${prefix}${d}`, title: Array.from({ length: 3 }, pick).join(' '), text: Array.from({ length: 40 }, pick).join(' ') };
  });
}

/** Per analyzed term, how many documents hold it (in any field), from the analyzer alone. */
function expectedTotals(index, docs) {
  const counts = new Map();
  for (const doc of docs) {
    for (const term of new Set(index.analyze(`${doc.title} ${doc.text}`))) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

function assertEveryTerm(index, docs, words) {
  const expected = expectedTotals(index, docs);
  for (const word of words) {
    const [term] = index.analyze(word);
    if (term === undefined) continue; // a stop word
    assert.is(index.search(word, { limit: 1 }).total, expected.get(term) ?? 0, `'${word}' (term '${term}')`);
  }
}

for (const language of ['en', 'none']) {
  test(`every added word lands on its analyzed term (language '${language}')`, async () => {
    const random = seededRandom(language === 'en' ? 5 : 6);
    const words = vocabulary();
    const first = documents(random, words, 300, 'a');
    const index = await createIndex({ fields: ['title', 'text'], language });
    index.addAll(first);
    assertEveryTerm(index, first, words);

    // Loaded: a new dictionary in a new instance; adds go on from there, words old and new.
    const loaded = await loadIndex(index.save());
    const more = documents(random, [...words, ...words.map((w) => `${w}s`)], 200, 'b');
    loaded.addAll(more);
    assertEveryTerm(loaded, [...first, ...more], [...words, ...words.map((w) => `${w}s`)]);

    // Compacted (moved into a fresh instance after the bulk build), then added to again.
    await index.settled();
    index.addAll(more);
    assertEveryTerm(index, [...first, ...more], words);
    assert.equal(index.save(), loaded.save());
  });
}

test('a fuzzy word is expanded from its stem, as the analyzer gives it', async () => {
  // Query analysis stems words lazily (a cache hit needs no stem); the word a fuzzy query
  // expands is read as bytes, so it must be stemmed first: 'conection' stems to 'conect', one
  // edit from 'connect', where the unstemmed word is three away.
  const index = await createIndex({ fields: ['text'] });
  index.addAll([{ id: 1, text: 'connections between wings' }, { id: 2, text: 'connected flows' }, { id: 3, text: 'nothing here' }]);
  assert.equal(index.search('conection~1').hits.map((h) => h.id).sort(), [1, 2]);
  assert.equal(index.search('wings conection~1').hits.map((h) => h.id).sort(), [1, 2]);
  assert.equal(index.search('wings-conection~1').hits.map((h) => h.id).sort(), [1, 2]); // leading word looked up, last expanded
});

test('queries answer the same from a warm term cache as from a cold one', async () => {
  const random = seededRandom(9);
  const words = vocabulary();
  const docs = documents(random, words, 300, 'a');
  const index = await createIndex({ fields: ['title', 'text'], store: ['title'] });
  index.addAll(docs);
  const bytes = index.save();
  const queries = ['connections', 'connections-conn*', 'CONNECTIONS.flow*', 'Connexion connecting~1', '"connection flows"', 'CONNECTS flowing -cafe',
    'naïve café', 'connections flows*', 'abcdefghijklmnopqrstuvwx abcdefghijklmnopqrstuvwxy', '+flowing connected'];
  const answer = (target, q) => target.search(q, { limit: 20, highlight: true }).hits.map((h) => [h.id, h.score, h.highlights]);
  for (const q of [...queries, ...queries]) answer(index, q); // warm: documents' and queries' words cached
  for (const q of queries) {
    const cold = await loadIndex(bytes); // a fresh instance: nothing cached yet
    assert.equal(answer(index, q), answer(cold, q), q);
    cold.close();
  }
});

test.run();
