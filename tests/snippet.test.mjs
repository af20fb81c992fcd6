// bestSnippet: the densest window of matches, snapped to word edges, never cutting a match or
// a user-perceived character, in linear time.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isError } from './helpers/errors.mjs';
import { seededRandom } from './helpers/random.mjs';
import { bestSnippet } from '../dist/internal.js';

/** Every occurrence of each needle, sorted: the offsets a highlighter would report. */
function matchesOf(text, ...needles) {
  const out = [];
  for (const needle of needles) for (let i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) out.push([i, i + needle.length]);
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

// Grapheme boundaries from the runtime (Node, Bun, Deno and Chromium all have Intl.Segmenter).
// Segmenting is slow on long strings, and boundaries are local, so only a neighbourhood is asked.
const segmenter = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter('en', { granularity: 'grapheme' }) : undefined;
function isGraphemeBoundary(text, p) {
  if (!segmenter || p <= 0 || p >= text.length) return true;
  const from = Math.max(0, p - 64);
  for (const { index } of segmenter.segment(text.slice(from, p + 64))) {
    if (from + index >= p) return from + index === p;
  }
  return false;
}

/** The contract every snippet must meet; returns the snippet. */
function checkSnippet(text, matches, snippet, length = 160) {
  const { start, end } = snippet;
  assert.ok(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= text.length && start <= end, 'range');
  assert.is(snippet.text, text.slice(start, end));
  for (const [s, e] of matches) {
    assert.ok(e <= start || s >= end || (s >= start && e <= end), `match [${s}, ${e}) is cut by [${start}, ${end})`);
  }
  const expected = matches.filter(([s, e]) => s >= start && e <= end);
  assert.equal(snippet.matches, expected.map(([s, e]) => [s - start, e - start]));
  for (const [i, [s, e]] of snippet.matches.entries()) assert.is(snippet.text.slice(s, e), text.slice(expected[i][0], expected[i][1]));
  assert.ok(isGraphemeBoundary(text, start), `start ${start} splits a grapheme in ${JSON.stringify(text.slice(start - 3, start + 3))}`);
  assert.ok(isGraphemeBoundary(text, end), `end ${end} splits a grapheme in ${JSON.stringify(text.slice(end - 3, end + 3))}`);
  if (text.length <= length) assert.equal([start, end], [0, text.length]);
  return snippet;
}

const words = (count, word = (i) => `word${i}`) => Array.from({ length: count }, (_, i) => word(i)).join(' ');

test('text no longer than length is returned whole', () => {
  const text = 'Wing flutter at high speed.';
  const matches = matchesOf(text, 'flutter');
  assert.equal(bestSnippet(text, matches), { text, start: 0, end: text.length, matches: [[5, 12]] });
  assert.equal(bestSnippet('', []), { text: '', start: 0, end: 0, matches: [] });
  assert.equal(bestSnippet('abc', [], { length: 3 }).text, 'abc');
});

test('no matches: the first ~length units, ending at a word end', () => {
  const text = words(100);
  const snippet = checkSnippet(text, [], bestSnippet(text, []));
  assert.is(snippet.start, 0);
  assert.ok(Math.abs(snippet.end - 160) <= 20, `end ${snippet.end}`);
  assert.ok(text[snippet.end] === ' ' && text[snippet.end - 1] !== ' ', 'ends at a word end');
});

test('picks the densest window; ties go to the earliest', () => {
  const text = words(300);
  const matches = matchesOf(text, 'word10 ', 'word150 ', 'word152 ', 'word154 ', 'word290 ').map(([s, e]) => [s, e - 1]);
  const snippet = checkSnippet(text, matches, bestSnippet(text, matches));
  assert.is(snippet.matches.length, 3);
  assert.equal(snippet.matches.map(([s, e]) => snippet.text.slice(s, e)), ['word150', 'word152', 'word154']);
  assert.ok(snippet.start > 0 && snippet.end < text.length);
  assert.ok(text[snippet.start - 1] === ' ' && text[snippet.end] === ' ', 'snapped to word edges');
  assert.ok(Math.abs(snippet.end - snippet.start - 160) <= 40);
  const tie = matchesOf(text, 'word20 ', 'word200 ').map(([s, e]) => [s, e - 1]);
  const first = checkSnippet(text, tie, bestSnippet(text, tie));
  assert.equal(first.matches.map(([s, e]) => first.text.slice(s, e)), ['word20']);
});

test('matches at the very start and the very end of the text', () => {
  const text = `Alpha ${words(100)} Omega`;
  const atStart = checkSnippet(text, [[0, 5]], bestSnippet(text, [[0, 5]]));
  assert.is(atStart.start, 0);
  assert.equal(atStart.matches, [[0, 5]]);
  const last = [text.length - 5, text.length];
  const atEnd = checkSnippet(text, [last], bestSnippet(text, [last]));
  assert.is(atEnd.end, text.length);
  assert.is(atEnd.text.slice(...atEnd.matches[0]), 'Omega');
  assert.ok(atEnd.start > 0 && text[atEnd.start - 1] === ' ');
  const both = [[0, 5], last];
  const snippet = checkSnippet(text, both, bestSnippet(text, both));
  assert.is(snippet.start, 0, 'a tie between the two ends: the earliest');
});

test('overlapping matches and windows are never cut', () => {
  const text = words(200);
  const base = text.indexOf('word100');
  // Overlapping and nested matches, plus a long phrase match reaching across the window edge.
  const matches = [[base, base + 7], [base + 4, base + 14], [base + 8, base + 14], [base + 60, base + 250], [base - 140, base - 30]];
  matches.sort((a, b) => a[0] - b[0]);
  for (const length of [20, 40, 80, 160, 240, 400]) checkSnippet(text, matches, bestSnippet(text, matches, { length }), length);
  const long = [[base, base + 500]];
  const snippet = checkSnippet(text, long, bestSnippet(text, long));
  assert.equal(snippet.matches, [[0, 500]], 'a match longer than length widens the window');
});

test('a window cut through a neighbouring match includes or excludes it whole', () => {
  const text = words(200);
  const matches = matchesOf(text, 'word60 word61 word62 word63 word64 word65 word66', 'word80', 'word81');
  for (const length of [30, 50, 70, 90, 110]) checkSnippet(text, matches, bestSnippet(text, matches, { length }), length);
});

test('emoji: surrogate pairs, ZWJ sequences, skin tones, flags and keycaps stay whole', () => {
  const emoji = ['👨‍👩‍👧‍👦', '👍🏽', '🇫🇷', '🇯🇵', '1️⃣', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '😀', '❤️', '🧑🏾‍🚀'];
  const random = seededRandom(42);
  for (let round = 0; round < 300; round++) {
    let text = '';
    while (text.length < 600) text += random() < 0.3 ? ' ' : emoji[Math.floor(random() * emoji.length)];
    const target = emoji[Math.floor(random() * emoji.length)];
    const matches = matchesOf(text, target).filter(([s]) => isGraphemeBoundary(text, s));
    for (const length of [7, 13, 40, 160]) checkSnippet(text, matches, bestSnippet(text, matches, { length }), length);
  }
  const noSpace = '👨‍👩‍👧‍👦'.repeat(40);
  const snippet = checkSnippet(noSpace, [], bestSnippet(noSpace, [], { length: 30 }), 30);
  assert.ok(snippet.text.length % 11 === 0 && snippet.text.length >= 22, 'whole family emoji only');
});

test('combining marks stay with their base letter', () => {
  const text = 'e\u0301'.repeat(50) + ' ' + 'a\u0308\u0323'.repeat(80) + ' Zalgo: ' + 'z\u0300\u0301\u0302\u0303\u0304\u0305'.repeat(60);
  const random = seededRandom(3);
  for (let i = 0; i < 200; i++) {
    const s = Math.floor(random() * text.length);
    const match = [[s, Math.min(text.length, s + 1 + Math.floor(random() * 4))]];
    const clean = isGraphemeBoundary(text, s) ? match : [];
    for (const length of [5, 17, 60, 160]) checkSnippet(text, clean, bestSnippet(text, clean, { length }), length);
  }
  for (const length of [3, 4, 9, 10, 11]) {
    const snippet = checkSnippet(text, [], bestSnippet(text, [], { length }), length);
    assert.ok(!/^\p{M}/u.test(snippet.text) && snippet.end <= text.length);
  }
});

test('CJK without spaces: a window of about length, no snapping needed', () => {
  const sentence = '東京大学の研究者は新しい翼の設計を発表した。この翼は高速でも振動しにくい。';
  const text = sentence.repeat(20) + '乱流の境界層' + sentence.repeat(20);
  const matches = matchesOf(text, '乱流', '境界層');
  const snippet = checkSnippet(text, matches, bestSnippet(text, matches, { length: 60 }), 60);
  assert.equal(snippet.matches.map(([s, e]) => snippet.text.slice(s, e)), ['乱流', '境界層']);
  assert.is(snippet.end - snippet.start, 60);
  const withAstral = '𠀋𡈽𡌛𡑮'.repeat(100);
  checkSnippet(withAstral, [[200, 202]], bestSnippet(withAstral, [[200, 202]], { length: 41 }), 41);
});

test('RTL text: Hebrew and Arabic offsets are logical and snap to spaces', () => {
  const hebrew = 'שלום עולם זהו מבחן של חיפוש טקסט מלא בעברית עם מילים רבות ';
  const arabic = 'مرحبا بالعالم هذا اختبار للبحث في النص الكامل باللغة العربية ';
  const text = hebrew.repeat(6) + 'כנף של מטוס ' + 'جناح الطائرة ' + arabic.repeat(6);
  const matches = matchesOf(text, 'כנף', 'جناح');
  const snippet = checkSnippet(text, matches, bestSnippet(text, matches, { length: 100 }), 100);
  assert.equal(snippet.matches.map(([s, e]) => snippet.text.slice(s, e)), ['כנף', 'جناح']);
  assert.ok(text[snippet.start - 1] === ' ' && text[snippet.end] === ' ');
  const vowelled = 'بِسْمِ ٱللَّٰهِ ٱلرَّحْمَٰنِ ٱلرَّحِيمِ '.repeat(20);
  for (const length of [11, 23, 50]) checkSnippet(vowelled, [], bestSnippet(vowelled, [], { length }), length);
});

test('random texts of every script: the contract holds', () => {
  const pieces = ['wing', 'flutter', ' ', ' ', '  ', '\n', 'é', 'e\u0301', '東京', '𠀋', 'שלום', 'مرحبا', '👍🏽', '👨‍👩‍👧', '🇫🇷', 'ña', '.', ',', 'a\u0308'];
  const random = seededRandom(99);
  for (let round = 0; round < 1500; round++) {
    let text = '';
    const size = Math.floor(random() * 700);
    const spans = [];
    while (text.length < size) {
      const piece = pieces[Math.floor(random() * pieces.length)];
      if (random() < 0.08) spans.push([text.length, text.length + piece.length]);
      text += piece;
    }
    if (random() < 0.2 && spans.length > 1) spans.push([spans[0][0], spans[spans.length - 1][1]]); // an overlapping long match
    spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const length = 1 + Math.floor(random() * 200);
    const snippet = checkSnippet(text, spans, bestSnippet(text, spans, { length }), length);
    if (text.length > length && !spans.some(([s, e]) => e - s > length)) {
      assert.ok(snippet.end - snippet.start <= length + 4 * 20 + 16, `length ${snippet.end - snippet.start} for ${length}`);
    }
  }
});

test('linear time: 2 MB of text with 100,000 matches', () => {
  const text = words(200_000, (i) => (i % 2 ? 'lift' : `w${i}`));
  const matches = matchesOf(text, 'lift');
  assert.ok(matches.length >= 100_000);
  const started = performance.now();
  const snippet = bestSnippet(text, matches);
  const took = performance.now() - started;
  checkSnippet(text, matches, snippet);
  assert.ok(took < 1000, `took ${took.toFixed(0)} ms`);
  const plain = 'x'.repeat(2_000_000);
  const t0 = performance.now();
  checkSnippet(plain, [[1_000_000, 1_000_010]], bestSnippet(plain, [[1_000_000, 1_000_010]]));
  assert.ok(performance.now() - t0 < 1000);
});

test('bad arguments: matches are cleaned, options validated', () => {
  const text = words(100);
  const messy = [[50, 40], [-5, 3], [3, 3], ['a', 9], null, [800, 900], [10, 12.5], [20, 25], [12, 16]];
  const snippet = bestSnippet(text, messy, { length: 100 });
  assert.equal(snippet.matches.map(([s, e]) => [s + snippet.start, e + snippet.start]), [[0, 3], [12, 16], [20, 25]]);
  assert.throws(() => bestSnippet(text, [], { length: 0 }), isError(RangeError, /length/));
  assert.throws(() => bestSnippet(text, [], { length: 2.5 }), isError(RangeError, /length/));
  assert.throws(() => bestSnippet(text, 'x'), isError(TypeError, /matches/));
  assert.throws(() => bestSnippet(5, []), isError(TypeError, /text/));
});

test.run();
