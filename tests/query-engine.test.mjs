// The query language end to end: phrases and proximity over positions, prefixes, typos,
// field scoping, groups with AND/OR/NOT, and the JSON query object.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, loadIndex, QueryError } from '../dist/index.js';
import { isError } from './helpers/errors.mjs';
import { cranfield } from './helpers/cranfield.mjs';
import { seededRandom } from './helpers/random.mjs';

const docs = [
  { id: 1, title: 'Lift increase', text: 'the lift increase due to the slipstream of a propeller' },
  { id: 2, title: 'Increase of lift', text: 'an increase in drag and a small lift at high speed' },
  { id: 3, title: 'Wing flutter', text: 'flutter of the swept wing: lift increase observed, then lift loss' },
  { id: 4, title: 'Aeroelastic models', text: 'aeroelastic and aerodynamic models of heated aircraft' },
  { id: 5, title: 'Supersonic inlets', text: 'inlet design for supersonic aircraft with aerodynamic heating' },
];

async function small(extra = {}) {
  const index = await createIndex({ fields: { title: {}, text: {} }, store: ['title', 'text'], ...extra });
  index.addAll(docs);
  return index;
}
const ids = (result) => result.hits.map((h) => h.id).sort((a, b) => a - b);

test('"exact phrase" uses positions, stop-word gaps included', async () => {
  const index = await small();
  assert.equal(ids(index.search('"lift increase"')), [1, 3]);
  assert.equal(ids(index.search('"increase lift"')), []);
  assert.equal(ids(index.search('"increase of lift"')), [2], 'the stop word keeps its position');
  assert.equal(ids(index.search('"swept wing"')), [3]);
  assert.is(index.search('"lift increase"').total, 2);
});

test('"phrase"~N allows N extra positions, in order', async () => {
  const index = await small();
  assert.equal(ids(index.search('"increase lift"~3')), [2, 3]);
  assert.equal(ids(index.search('"lift slipstream"~1')), []);
  assert.equal(ids(index.search('"lift slipstream"~4')), [1]);
});

test('phrases agree with a brute-force check over Cranfield', async () => {
  const { docs: all } = await cranfield();
  const index = await createIndex({ fields: { title: {}, text: {} } });
  index.addAll(all);
  const random = seededRandom(4);
  for (let q = 0; q < 40; q++) {
    const doc = all[Math.floor(random() * all.length)];
    const words = doc.text.split(/\s+/).filter((w) => /^[a-z]{3,}$/.test(w));
    if (words.length < 4) continue;
    const at = Math.floor(random() * (words.length - 2));
    const phrase = `${words[at]} ${words[at + 1]}`;
    const terms = index.analyze(phrase);
    if (terms.length !== 2) continue;
    // Expected: docs where the two analysed terms stand at consecutive word positions (stop
    // words keep their position) in title or text; Cranfield is lower-case ASCII.
    const cache = new Map();
    const termOf = (word) => { if (!cache.has(word)) cache.set(word, index.analyze(word)[0]); return cache.get(word); };
    const adjacent = (text) => {
      const words = text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
      for (let i = 0; i + 1 < words.length; i++) if (termOf(words[i]) === terms[0] && termOf(words[i + 1]) === terms[1]) return true;
      return false;
    };
    const expected = all.filter((d) => adjacent(d.title) || adjacent(d.text)).map((d) => d.id).sort();
    const result = index.search(`"${phrase}"`, { limit: 2000 });
    assert.is(result.total, expected.length, phrase);
    assert.equal(result.hits.map((h) => h.id).sort(), expected, phrase);
  }
});

test('prefix* expands through the dictionary; full words rank first', async () => {
  const index = await small();
  assert.equal(ids(index.search('aero*')), [4, 5]);
  assert.equal(ids(index.search('supers*')), [5]);
  assert.equal(ids(index.search('zzz*')), []);
  assert.equal(ids(index.search('+aero* +heat*')), [4, 5]);
  const typing = await createIndex({ fields: ['text'] });
  typing.addAll([{ id: 'a', text: 'wing' }, { id: 'b', text: 'wingtip vortices' }]);
  assert.equal(typing.search('wing*').hits.map((h) => h.id), ['a', 'b'], 'the exact word outranks completions');
});

test('term~1 / term~2 tolerate typos; exact matches rank above fuzzy ones', async () => {
  const index = await small();
  assert.equal(ids(index.search('fluter~1')), [3]);
  assert.equal(ids(index.search('fluter')), []);
  assert.equal(ids(index.search('aerodinamc~2')), [4, 5]);
  assert.equal(ids(index.search('aerodinamc~1')), []);
  const ranking = await createIndex({ fields: ['text'], language: 'none' });
  ranking.addAll([{ id: 'typo', text: 'lifts' }, { id: 'exact', text: 'lift' }]);
  assert.equal(ranking.search('lift~1').hits.map((h) => h.id), ['exact', 'typo']);
  const tolerant = await small({ typoTolerance: true });
  assert.equal(ids(tolerant.search('flutterr')), [3], 'automatic typo tolerance for 5+ characters');
  assert.equal(ids(tolerant.search('drga')), [], 'short words stay exact');
});

test('fuzzy expansion equals brute-force optimal string alignment distance', async () => {
  const random = seededRandom(9);
  // ж, ა, 𐐨: two-, three- and four-byte letters folding leaves alone (distances count code
  // points; the walk's direct lookups compare bytes after a shared prefix).
  const letters = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'ж', 'ა', '𐐨'];
  const word = () => Array.from({ length: 2 + Math.floor(random() * 6) }, () => letters[Math.floor(random() * letters.length)]).join('');
  const vocabulary = [...new Set(Array.from({ length: 3000 }, word))];
  const index = await createIndex({ fields: ['text'], language: 'none' });
  vocabulary.forEach((w, i) => index.add({ id: i, text: w }));
  const osa = (a, b) => {
    const A = [...a], B = [...b];
    const d = Array.from({ length: A.length + 1 }, (_, i) => Array.from({ length: B.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= A.length; i++) for (let j = 1; j <= B.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (A[i - 1] === B[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && A[i - 1] === B[j - 2] && A[i - 2] === B[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
    return d[A.length][B.length];
  };
  const encoder = new TextEncoder();
  const bytes = (w) => encoder.encode(w);
  const compareBytes = (a, b) => {
    for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
    return a.length - b.length;
  };
  let checked = 0;
  for (let q = 0; q < 200; q++) {
    const query = word();
    for (const edits of [1, 2]) {
      // Beyond the expansion cap the closest 50 are kept: every word is in one document, so
      // the ranking is distance, then byte order (the walk's order; ties keep the earlier term).
      const expected = vocabulary.map((w, i) => [i, osa(query, w), bytes(w)]).filter(([, d]) => d <= edits)
        .sort((a, b) => a[1] - b[1] || compareBytes(a[2], b[2])).slice(0, 50);
      const got = index.search(`${query}~${edits}`, { limit: 1000 }).hits.map((h) => h.id).sort((a, b) => a - b);
      assert.equal(got, expected.map(([i]) => i).sort((a, b) => a - b), `${query}~${edits}`);
      checked++;
    }
  }
  assert.ok(checked === 400, `${checked} queries checked`);
  // New terms between queries re-sort the dictionary (and rebuild the walk's prefix arrays);
  // a loaded snapshot walks its own.
  const more = Array.from({ length: 800 }, word).filter((w) => !vocabulary.includes(w));
  const all = [...vocabulary];
  for (const w of new Set(more)) { index.add({ id: all.length, text: w }); all.push(w); }
  const loaded = await loadIndex(index.save());
  const loadedWords = [...all];
  const expectedIn = (words, query, edits) => words.map((w, i) => [i, osa(query, w), bytes(w)]).filter(([, d]) => d <= edits)
    .sort((a, b) => a[1] - b[1] || compareBytes(a[2], b[2])).slice(0, 50).map(([i]) => i).sort((a, b) => a - b);
  for (let q = 0; q < 60; q++) {
    const query = word();
    const edits = 1 + (q % 2);
    for (const [target, words] of [[index, all], [loaded, loadedWords]]) {
      assert.equal(target.search(`${query}~${edits}`, { limit: 1000 }).hits.map((h) => h.id).sort((a, b) => a - b), expectedIn(words, query, edits), `${query}~${edits} after adds`);
    }
    if (q === 30) { const w = word(); if (!all.includes(w)) { index.add({ id: all.length, text: w }); all.push(w); } }
  }
});

test('prefix expansion equals a brute-force scan of the dictionary', async () => {
  const random = seededRandom(21);
  const letters = ['a', 'b', 'c', 'd', 'ж', 'ა', '𐐨'];
  const word = () => Array.from({ length: 1 + Math.floor(random() * 5) }, () => letters[Math.floor(random() * letters.length)]).join('');
  const vocabulary = [...new Set(Array.from({ length: 2500 }, word))];
  const index = await createIndex({ fields: ['text'], language: 'none' });
  const df = new Map();
  let id = 0;
  for (const w of vocabulary) {
    const copies = 1 + Math.floor(random() * 3);
    df.set(w, copies);
    for (let c = 0; c < copies; c++) index.add({ id: id++, text: w });
  }
  const encoder = new TextEncoder();
  const compareBytes = (a, b) => {
    const x = encoder.encode(a), y = encoder.encode(b);
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i] - y[i];
    return x.length - y.length;
  };
  let capped = 0;
  for (let q = 0; q < 300; q++) {
    const prefix = [...word()].slice(0, 1 + (q % 3)).join('');
    // The 50 best: the word itself first, then by document frequency, ties in byte order.
    const matches = vocabulary.filter((w) => w.startsWith(prefix));
    if (matches.length > 50) capped++;
    const expected = matches.sort((a, b) => (b === prefix) - (a === prefix) || df.get(b) - df.get(a) || compareBytes(a, b)).slice(0, 50);
    assert.equal(Object.keys(index.queryStats(`${prefix}*`).terms).sort(), expected.sort(), `${prefix}*`);
  }
  assert.ok(capped > 20, `${capped} prefixes past the cap`);
});

test('field:term and field:"phrase" scope to one field', async () => {
  const index = await small();
  assert.equal(ids(index.search('title:flutter')), [3]);
  assert.equal(ids(index.search('title:slipstream')), []);
  assert.equal(ids(index.search('text:"lift increase"')), [1, 3]);
  assert.equal(ids(index.search('title:"lift increase"')), [1]);
  assert.equal(ids(index.search('nosuchfield:flutter')), [3], 'an unknown field name is just text');
});

test('groups with AND, OR, NOT and parentheses', async () => {
  const index = await small();
  assert.equal(ids(index.search('lift AND flutter')), [3]);
  assert.equal(ids(index.search('flutter OR inlet')), [3, 5]);
  assert.equal(ids(index.search('lift NOT flutter')), [1, 2]);
  assert.equal(ids(index.search('(flutter OR slipstream) AND lift')), [1, 3]);
  assert.equal(ids(index.search('+(flutter OR slipstream) -propeller')), [3]);
  assert.equal(ids(index.search('aircraft AND (heated OR inlet)')), [4, 5]);
  assert.equal(ids(index.search('((lift')), [1, 2, 3], 'unbalanced parentheses degrade');
});

test('the JSON query object gives the same answers as the text', async () => {
  const index = await small();
  const same = (text, object) => assert.equal(index.search(object).hits, index.search(text).hits, text);
  same('"lift increase"', { phrase: 'lift increase' });
  same('aero*', { term: 'aero', prefix: true });
  same('fluter~1', { term: 'fluter', fuzzy: 1 });
  same('title:flutter', { term: 'flutter', field: 'title' });
  same('lift AND flutter', { and: ['lift', 'flutter'] });
  same('flutter OR inlet', { or: [{ term: 'flutter' }, { term: 'inlet' }] });
  same('+lift -flutter', { must: ['lift'], mustNot: ['flutter'] });
  for (const bad of [{ term: 5 }, { phrase: 'a', slop: -1 }, { term: 'x', field: 'nope' }, { and: [] }, { what: 1 }, { term: 'x', fuzzy: 3 }]) {
    assert.throws(() => index.search(bad), isError(QueryError), JSON.stringify(bad));
  }
});

test('query text in the new grammar never throws (fuzz)', async () => {
  const index = await small({ typoTolerance: true });
  const random = seededRandom(12);
  const parts = ['lift', 'aero', '*', '~', '~2', '"', '(', ')', ' AND ', ' OR ', ' NOT ', '+', '-', 'title:', 'text:', '^2', ' ', '\u0000', '😀', 'é'];
  for (let i = 0; i < 3000; i++) {
    let q = '';
    for (let j = Math.floor(random() * 16); j > 0; j--) q += parts[Math.floor(random() * parts.length)];
    const result = index.search(q);
    assert.ok(result.total >= result.hits.length, q);
  }
});

test.run();
