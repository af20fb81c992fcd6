// The engine against a plain reference BM25 on the same tokens: Cranfield's 225 queries,
// then after deletes and updates, across many small segments (merges), and on random corpora
// with required and excluded words.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex } from '../dist/index.js';
import { cranfield } from './helpers/cranfield.mjs';
import { referenceFor, compareRankings, checkTotal } from './helpers/ranking.mjs';
import { seededRandom } from './helpers/random.mjs';

const FIELDS = { title: { boost: 1 }, text: { boost: 1 } };

async function cranfieldPair(fields = FIELDS, bm25 = {}) {
  const { docs, queries } = await cranfield();
  const index = await createIndex({ fields, bm25 });
  const reference = referenceFor(index, fields, bm25.k1 ?? 1.2, bm25.b ?? 0.75);
  for (const doc of docs) { index.add(doc); reference.add(doc); }
  return { index, reference, docs, queries };
}

/**
 * The engine's top `limit` equal the reference's whether it counts every match, the first 1,000
 * (the default) or none (pruning from the first full top k on).
 */
function checkCounted(index, text, limit, expected, label) {
  for (const countUpTo of [Infinity, 1000, 0]) {
    const engine = index.search(text, countUpTo === 1000 ? { limit } : { limit, countUpTo });
    assert.is(checkTotal(engine, expected.length, countUpTo, `${label}, countUpTo ${countUpTo}`), '');
    assert.is(compareRankings(engine, expected.slice(0, limit), `${label}, countUpTo ${countUpTo}`), '');
  }
}

function checkQueries(index, reference, queries, limit) {
  for (const q of queries) {
    // Cranfield queries contain "-dash": the engine's grammar reads it as an exclusion.
    const words = q.text.split(/\s+/).filter(Boolean);
    const strip = (prefix) => words.filter((w) => w.startsWith(prefix) && w.length > 1).map((w) => w.slice(1));
    const expected = reference.search(words.filter((w) => !/^[+-]/.test(w)), { limit: 1e9, must: strip('+'), mustNot: strip('-') });
    checkCounted(index, q.text, limit, expected, `query ${q.id}`);
  }
}

test('Cranfield: all 225 queries score like the reference (top 10 and top 100)', async () => {
  const { index, reference, queries } = await cranfieldPair();
  checkQueries(index, reference, queries, 10);
  checkQueries(index, reference, queries, 100);
  index.close();
});

test('boosts and BM25 parameters are honoured', async () => {
  const fields = { title: { boost: 2.5 }, text: { boost: 0.5 } };
  const { index, reference, queries } = await cranfieldPair(fields, { k1: 0.9, b: 0.4 });
  checkQueries(index, reference, queries.slice(0, 60), 20);
  index.close();
});

test('after removals and updates statistics stay exact', async () => {
  const { index, reference, docs, queries } = await cranfieldPair();
  const random = seededRandom(3);
  for (let i = 0; i < 300; i++) {
    const doc = docs[Math.floor(random() * docs.length)];
    if (index.has(doc.id)) { index.remove(doc.id); reference.remove(doc.id); }
  }
  for (let i = 0; i < 100; i++) {
    const doc = docs[Math.floor(random() * docs.length)];
    const changed = { ...doc, text: `${doc.text} supersonic wing revised` };
    index.update(changed);
    reference.add(changed);
  }
  checkQueries(index, reference, queries, 10);
  index.close();
});

test('many small segments (a search after every few adds) merge and still agree', async () => {
  const { docs, queries } = await cranfield();
  const index = await createIndex({ fields: FIELDS });
  const reference = referenceFor(index, FIELDS, 1.2, 0.75);
  let maxSegments = 0;
  docs.forEach((doc, i) => {
    index.add(doc);
    reference.add(doc);
    if (i % 7 === 0) {
      index.search('flow');
      maxSegments = Math.max(maxSegments, index.stats().segments);
      if (i % 21 === 0 && i > 0) { index.remove(docs[i - 3].id); reference.remove(docs[i - 3].id); }
    }
  });
  const { segments } = index.stats();
  assert.ok(segments < 25, `${segments} segments after 200 flushes (merge policy)`);
  checkQueries(index, reference, queries, 10);
  index.close();
});

test('random corpora: required, excluded and optional words agree with the reference', async () => {
  const random = seededRandom(11);
  const vocabulary = Array.from({ length: 60 }, (_, i) => `w${i.toString(36)}x`);
  const pick = () => vocabulary[Math.floor(random() ** 2 * vocabulary.length)];
  for (let round = 0; round < 6; round++) {
    const index = await createIndex({ fields: FIELDS, language: 'none' });
    const reference = referenceFor(index, FIELDS, 1.2, 0.75);
    const count = 200 + Math.floor(random() * 6000);
    for (let i = 0; i < count; i++) {
      const doc = { id: `d${i}`, title: Array.from({ length: 1 + Math.floor(random() * 4) }, pick).join(' '), text: Array.from({ length: Math.floor(random() * 40) }, pick).join(' ') };
      index.add(doc);
      reference.add(doc);
      if (random() < 0.05) { const gone = `d${Math.floor(random() * i)}`; if (index.remove(gone)) reference.remove(gone); }
      if (random() < 0.002) index.search('warm');
    }
    for (let q = 0; q < 40; q++) {
      const should = Array.from({ length: Math.floor(random() * 4) }, pick);
      const must = random() < 0.4 ? [pick()] : [];
      const mustNot = random() < 0.4 ? [pick()] : [];
      if (!should.length && !must.length) should.push(pick());
      const text = [...should, ...must.map((w) => `+${w}`), ...mustNot.map((w) => `-${w}`)].join(' ');
      const limit = [1, 5, 10, 50][q % 4];
      checkCounted(index, text, limit, reference.search(should, { limit: 1e9, must, mustNot }), `"${text}" round ${round}`);
    }
    index.close();
  }
});

test('rare words clustered in narrow doc ranges, across windows and segments, agree with the reference', async () => {
  // Each rare word lives in one stretch of about 60 documents: a query of such words touches a
  // few 64-document words of a 4,096-document window, and the evaluator narrows its passes to
  // them. Two segments of two windows each; 'edge' words straddle a window start inside a
  // segment, so one block of theirs spans two windows. Common, required and excluded words and
  // deletions around it.
  const random = seededRandom(23);
  const common = ['alpha', 'beta', 'gamma'];
  const rareAt = (i) => `r${Math.floor(i / 60)}x`;
  const index = await createIndex({ fields: FIELDS, language: 'none' });
  const reference = referenceFor(index, FIELDS, 1.2, 0.75);
  const count = 9500;
  for (let i = 0; i < count; i++) {
    const words = [common[Math.floor(random() * 3)]];
    if (random() < 0.4) words.push(rareAt(i));
    if (random() < 0.1) words.push(rareAt(Math.floor(random() * count)));
    if (Math.abs(i - 4096) < 40 && random() < 0.6) words.push('edgeax');
    if (Math.abs(i - 9096) < 40 && random() < 0.6) words.push('edgebx');
    const doc = { id: `d${i}`, title: words[0], text: words.join(' ') };
    index.add(doc);
    reference.add(doc);
    if (random() < 0.03) { const gone = `d${Math.floor(random() * i)}`; if (index.remove(gone)) reference.remove(gone); }
    if (i === 4999) index.search('warm'); // a second segment starts at 5,000
  }
  const rare = () => (random() < 0.25 ? (random() < 0.5 ? 'edgeax' : 'edgebx') : rareAt(Math.floor(random() * count)));
  index.search('warm');
  assert.is(index.stats().segments, 2);
  for (let q = 0; q < 160; q++) {
    const should = Array.from({ length: 1 + Math.floor(random() * 3) }, rare);
    if (random() < 0.2) should.push(common[q % 3]);
    const must = random() < 0.2 ? [rare()] : [];
    const mustNot = random() < 0.3 ? [random() < 0.5 ? rare() : common[(q + 1) % 3]] : [];
    const text = [...should, ...must.map((w) => `+${w}`), ...mustNot.map((w) => `-${w}`)].join(' ');
    const limit = [1, 10, 50, 1000][q % 4];
    checkCounted(index, text, limit, reference.search(should, { limit: 1e9, must, mustNot }), `"${text}"`);
  }
  index.close();
});

test('defaultOperator "and" requires every word', async () => {
  const index = await createIndex({ fields: ['text'], defaultOperator: 'and' });
  index.addAll([{ id: 1, text: 'wing flutter' }, { id: 2, text: 'wing lift' }, { id: 3, text: 'flutter of a wing and lift' }]);
  assert.equal(index.search('wing lift').hits.map((h) => h.id).sort(), [2, 3]);
  assert.is(index.search('wing lift').total, 2);
  assert.is(index.search('wing nonexistentword').total, 0);
});

test.run();
