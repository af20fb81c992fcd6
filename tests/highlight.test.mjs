// Highlights: exact UTF-16 offsets (slicing the stored field gives the matched word) for text
// with emoji, combining marks and CJK, and a snippet around the densest matches.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex } from '../dist/index.js';
import { cranfield } from './helpers/cranfield.mjs';

test('offsets slice the stored text to the matched words, in any script', async () => {
  const index = await createIndex({ fields: ['title', 'text'], store: ['title', 'text', 'url'] });
  const text = '🚀 Rocket launch: café au lait ☕ with the crew — 日本語のロケット打ち上げ, and more rockets 👩‍🚀 launched';
  index.add({ id: 1, title: 'Café ROCKET', text, url: '/launch' });
  const hit = index.search('rocket café 打', { highlight: true }).hits[0];
  const { text: h, title } = hit.highlights;
  assert.equal(Object.keys(hit.highlights).sort(), ['text', 'title'], 'only stored searchable text fields');
  const slices = h.matches.map(([s, e]) => text.slice(s, e));
  assert.equal(slices, ['Rocket', 'café', '打', 'rockets']);
  assert.equal(title.matches.map(([s, e]) => 'Café ROCKET'.slice(s, e)), ['Café', 'ROCKET']);
  const decomposed = 'Cafe\u0301 society';
  index.add({ id: 2, title: 'x', text: decomposed });
  const marks = index.search('café', { highlight: true }).hits.find((x) => x.id === 2).highlights.text;
  assert.equal(marks.matches.map(([s, e]) => decomposed.slice(s, e)), ['Cafe\u0301'], 'combining mark stays with its letter');
});

test('phrases, prefixes and fuzzy words are highlighted', async () => {
  const index = await createIndex({ fields: ['text'], store: ['text'] });
  const text = 'lift increase near the wing; flutter of wings; the propeller wash';
  index.add({ id: 1, text });
  const words = (q) => index.search(q, { highlight: true }).hits[0].highlights.text.matches.map(([s, e]) => text.slice(s, e));
  assert.equal(words('"lift increase" -rotor'), ['lift', 'increase']);
  assert.equal(words('wing* fluter~1'), ['wing', 'flutter', 'wings']);
});

test('snippets are about 160 characters around the densest matches', async () => {
  const { docs } = await cranfield();
  const index = await createIndex({ fields: ['title', 'text'], store: ['title', 'text'] });
  index.addAll(docs);
  const { hits } = index.search('boundary layer transition', { highlight: true, limit: 5 });
  for (const hit of hits) {
    const original = hit.fields.text;
    const { snippet, matches } = hit.highlights.text;
    assert.ok(snippet.text.length <= 200, `${snippet.text.length} characters`);
    assert.is(original.slice(snippet.start, snippet.end), snippet.text);
    assert.ok(snippet.matches.length > 0);
    for (const [s, e] of snippet.matches) assert.ok(matches.some(([ms, me]) => ms === s + snippet.start && me === e + snippet.start));
  }
  assert.not.ok('highlights' in index.search('boundary').hits[0], 'no highlights unless asked');
});

test.run();
