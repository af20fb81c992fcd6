#!/usr/bin/env node
// Standalone check of the text kernel (assembly/text): compiles it with and without SIMD and
// compares the WebAssembly tokenizer with a JS model built from the generator's own definitions
// (scripts/gen-unicode.mjs) and from lunr's stemmer and stop word list.
// Run: node tests/kernels/tokenizer.check.mjs   (exits non-zero on any failure)
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import lunr from 'lunr';
import * as asc from 'assemblyscript/asc';
import { classOf, foldCodePoint, SEPARATOR, WORD, MARK, CJK } from '../../scripts/gen-unicode.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = join(ROOT, 'assembly/text/index.ts');
// The Cranfield text as embedded in the package (data/cranfield/docs.jsonl), one doc per record.
const CRANFIELD = join(ROOT, 'data/cranfield/docs.jsonl');
const STEM = 1;
const STOP = 2;
const MAX_TERM_BYTES = 64;

const failures = [];
const summary = [];
function fail(message) {
  failures.push(message);
  if (failures.length <= 40) console.error('FAIL ' + message);
}
function check(condition, message) {
  if (!condition) fail(message);
  return condition;
}

// ---------------------------------------------------------------- build and instantiate

async function build(simd) {
  const dir = mkdtempSync(join(tmpdir(), 'synthex-text-'));
  const outFile = join(dir, simd ? 'text-simd.wasm' : 'text-scalar.wasm');
  // --config points at a file that does not exist so the repository's asconfig.json is not applied.
  const args = [ENTRY, '-O3', '--runtime', 'stub', '--outFile', outFile, '--config', join(dir, 'none.json')];
  if (simd) args.push('--enable', 'simd');
  let log = '';
  const stream = { write: (s) => { log += String(s); } };
  const { error } = await asc.main(args, { stdout: stream, stderr: stream });
  if (error) throw new Error(`asc failed (${simd ? 'simd' : 'scalar'}): ${error.message}\n${log}`);
  const bytes = readFileSync(outFile);
  rmSync(dir, { recursive: true, force: true });
  const { instance } = await WebAssembly.instantiate(bytes, {
    env: { abort() { throw new Error('abort called'); } },
  });
  return { bytes, exports: instance.exports };
}

const GUARD = 64;      // bytes after each output buffer that must stay untouched
const GUARD_BYTE = 0xa5;

// Runs tokenize over `input` with the given capacities; records are decoded into objects.
function runKernel(kernel, input, flags, maxTokens, termCap) {
  const { exports } = kernel;
  const memory = exports.memory;
  const base = kernel.base ?? (kernel.base = memory.buffer.byteLength);
  const srcPtr = base;
  const outPtr = (srcPtr + input.length + GUARD + 7) & ~7;
  const termPtr = outPtr + maxTokens * 20 + GUARD;
  const need = termPtr + termCap + GUARD;
  if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
  const heap = new Uint8Array(memory.buffer);
  heap.set(input, srcPtr);
  heap.fill(GUARD_BYTE, srcPtr + input.length, need);
  const result = exports.tokenize(srcPtr, input.length, flags, outPtr, maxTokens, termPtr, termCap);
  const view = new Uint8Array(memory.buffer);
  for (let i = 0; i < GUARD; i++) {
    if (view[outPtr + maxTokens * 20 + i] !== GUARD_BYTE || view[termPtr + termCap + i] !== GUARD_BYTE) {
      fail(`tokenize wrote past its buffers (maxTokens ${maxTokens}, termCap ${termCap})`);
      break;
    }
  }
  if (Buffer.compare(view.subarray(srcPtr, srcPtr + input.length), input) !== 0) fail('tokenize modified its input');
  if (result < 0) return { result, tokens: [] };
  const words = new Uint32Array(memory.buffer, outPtr, result * 5);
  const raw = view.slice(outPtr, outPtr + result * 20);
  const decoder = new TextDecoder();
  const tokens = [];
  let termBytes = 0;
  for (let i = 0; i < result; i++) {
    const [termOff, termLen, position, start16, end16] = words.subarray(i * 5, i * 5 + 5);
    tokens.push({ termOff, termLen, position, start16, end16,
      term: decoder.decode(view.subarray(termPtr + termOff, termPtr + termOff + termLen)) });
    termBytes = Math.max(termBytes, termOff + termLen);
  }
  return { result, tokens, raw, terms: view.slice(termPtr, termPtr + termBytes) };
}

// With the documented always-sufficient capacities.
const tokenizeAll = (kernel, input, flags) => runKernel(kernel, input, flags, input.length + 1, 3 * input.length + 64);

// ---------------------------------------------------------------- JS model of the kernel

const encoder = new TextEncoder();
const utf8Length = (cp) => (cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4);
const lunrStem = (word) => lunr.stemmer(new lunr.Token(word)).toString();
const stopWords = (() => {
  const source = readFileSync(join(ROOT, 'node_modules/lunr/lunr.js'), 'utf8');
  const list = source.match(/lunr\.stopWordFilter = lunr\.generateStopWordFilter\(\[([\s\S]*?)\]\)/)[1];
  return new Set([...list.matchAll(/'([a-z]+)'/g)].map((m) => m[1]));
})();
const isLunrStopWord = (word) => lunr.stopWordFilter(new lunr.Token(word)) === undefined;

const classCache = new Map();
function cachedClass(cp) {
  let c = classCache.get(cp);
  if (c === undefined) classCache.set(cp, (c = classOf(cp)));
  return c;
}

// Same acceptance rules as utf8.ts: well-formed sequences only, else U+FFFD consuming one byte.
function decodeAt(bytes, i) {
  const b0 = bytes[i];
  const avail = bytes.length - i;
  const cont = (k) => (bytes[i + k] & 0xc0) === 0x80;
  if (b0 < 0x80) return [b0, 1];
  if (b0 < 0xc2) return [0xfffd, 1];
  if (b0 < 0xe0) return avail >= 2 && cont(1) ? [((b0 & 0x1f) << 6) | (bytes[i + 1] & 0x3f), 2] : [0xfffd, 1];
  if (b0 < 0xf0) {
    if (avail < 3) return [0xfffd, 1];
    const b1 = bytes[i + 1];
    const lo = b0 === 0xe0 ? 0xa0 : 0x80, hi = b0 === 0xed ? 0x9f : 0xbf;
    if (b1 < lo || b1 > hi || !cont(2)) return [0xfffd, 1];
    return [((b0 & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (bytes[i + 2] & 0x3f), 3];
  }
  if (b0 < 0xf5) {
    if (avail < 4) return [0xfffd, 1];
    const b1 = bytes[i + 1];
    const lo = b0 === 0xf0 ? 0x90 : 0x80, hi = b0 === 0xf4 ? 0x8f : 0xbf;
    if (b1 < lo || b1 > hi || !cont(2) || !cont(3)) return [0xfffd, 1];
    return [((b0 & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((bytes[i + 2] & 0x3f) << 6) | (bytes[i + 3] & 0x3f), 4];
  }
  return [0xfffd, 1];
}

function decodeAll(bytes) {
  const cps = [];
  let off16 = 0;
  for (let i = 0; i < bytes.length;) {
    const [cp, size] = decodeAt(bytes, i);
    const units = cp >= 0x10000 ? 2 : 1;
    cps.push({ cp, size, off16, units, cls: cachedClass(cp) });
    off16 += units;
    i += size;
  }
  return { cps, length16: off16 };
}

// Folds code points into a term, cut before the first code point that passes 64 bytes.
function foldTerm(codePoints) {
  let term = '', bytes = 0;
  for (const cp of codePoints) {
    if (cachedClass(cp) === MARK) continue;
    for (const ch of foldCodePoint(cp)) {
      const n = utf8Length(ch.codePointAt(0));
      if (bytes + n > MAX_TERM_BYTES) return { term, bytes };
      term += ch;
      bytes += n;
    }
  }
  return { term, bytes };
}

// Reference tokenizer; also reports the peak termBuf use (kept terms + the term being built).
function modelTokenize(bytes, flags) {
  const { cps, length16 } = decodeAll(bytes);
  const tokens = [];
  let position = 0, used = 0, peak = 0;
  for (let k = 0; k < cps.length;) {
    if (cps[k].cls === SEPARATOR) { k++; continue; }
    const first = k;
    const oneChar = cps[k].cls === CJK;
    k++;
    while (k < cps.length) {
      const cls = cps[k].cls;
      if (cls === SEPARATOR || cls === CJK || (oneChar && cls === WORD)) break;
      k++;
    }
    const start16 = cps[first].off16;
    const end16 = cps[k - 1].off16 + cps[k - 1].units;
    let { term, bytes: termBytes } = foldTerm(cps.slice(first, k).map((c) => c.cp));
    if (termBytes === 0) continue;
    peak = Math.max(peak, used + termBytes);
    if ((flags & STOP) && stopWords.has(term)) { position++; continue; }
    if ((flags & STEM) && /^[a-z]+$/.test(term)) term = lunrStem(term);
    tokens.push({ term, position, start16, end16 });
    used += encoder.encode(term).length;
    position++;
  }
  return { tokens, length16, peak, used };
}

function sameTokens(got, want, label) {
  if (got.length !== want.length) {
    fail(`${label}: ${got.length} tokens, expected ${want.length}` +
      ` (got ${JSON.stringify(got.slice(0, 8).map((t) => t.term))}, want ${JSON.stringify(want.slice(0, 8).map((t) => t.term))})`);
    return false;
  }
  for (let i = 0; i < got.length; i++) {
    const g = got[i], w = want[i];
    if (g.term !== w.term || g.position !== w.position || g.start16 !== w.start16 || g.end16 !== w.end16) {
      fail(`${label}: token ${i} is ${JSON.stringify({ term: g.term, position: g.position, start16: g.start16, end16: g.end16 })},` +
        ` expected ${JSON.stringify(w)}`);
      return false;
    }
  }
  return true;
}

// Structural invariants that must hold for any input, valid or not.
function checkRecords(run, input, length16, label) {
  let lastPosition = -1, termEnd = 0;
  for (const t of run.tokens) {
    if (!(t.start16 < t.end16 && t.end16 <= length16 && t.end16 <= input.length && t.termLen > 0 &&
      t.termLen <= MAX_TERM_BYTES && t.position > lastPosition && t.termOff === termEnd)) {
      fail(`${label}: bad record ${JSON.stringify(t)} (utf16 length ${length16}, bytes ${input.length})`);
      return false;
    }
    lastPosition = t.position;
    termEnd = t.termOff + t.termLen;
  }
  return true;
}

// ---------------------------------------------------------------- random inputs

let seed = 0x2545f491;
function random() { // xorshift32: reproducible runs
  seed ^= seed << 13; seed >>>= 0;
  seed ^= seed >>> 17;
  seed ^= seed << 5; seed >>>= 0;
  return seed / 0x100000000;
}
const pick = (items) => items[Math.floor(random() * items.length)];
const randomInt = (n) => Math.floor(random() * n);

function randomBytes() {
  const length = randomInt(201);
  const bytes = new Uint8Array(length);
  const mode = randomInt(3);
  for (let i = 0; i < length; i++) {
    if (mode === 0) bytes[i] = randomInt(256);
    else if (mode === 1) bytes[i] = pick([0x00, 0x20, 0x27, 0x41, 0x61, 0x7a, 0x80, 0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xc3,
      0xdf, 0xe0, 0xe3, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff]);
    else bytes[i] = random() < 0.6 ? 0x61 + randomInt(26) : 0x80 + randomInt(0x80);
  }
  return bytes;
}

const EXPANDERS = []; // code points whose fold is at least twice as long in UTF-8, filled below
const POOLS = [
  'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
  '  \t\n.,;:!?\'"-()[]/\0',
  'ÀÁÂÃÄÅÆÇÈÉÊËÌÍÎÏÑÒÓÔÕÖØÙÚÛÜÝßàáâãäåæçèéêëìíîïñòóôõöøùúûüýÿŉǅǆİıſ',
  '\u0300\u0301\u0302\u0308\u0327\u20dd\u3099\u0e31\u0e48\u05bc\u064b',
  'αβγδεζηθικλμνξοπρστυφχψωςΑΒΓΔΈΉΪΫάέήίΰ',
  'абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЁЖЗИЙ',
  '日本語中文漢字〇々ー',
  'ひらがなカタカナｶﾀｶﾅガ',
  'ภาษาไทยລາວខ្មែរမြန်မာ๑๒๓',
  'مرحبابالعالم٠١٢',
  'שָׁלוֹםעולם',
  '한국어조선말',
  'हिन्दी',
  'ﬁﬂﬃﬄﬀﷺﷻＡＢＣ１２３',
  ['😀', '𝐀', '𝔸', '𝟘', '🇫🇷', '\uD800', '\uDFFF', '\uFFFD', '\uFEFF', '\u200d'],
];
// Without separators and one-character scripts the text is mostly one long token, which
// exercises the 64-byte cut.
const LONG_TOKEN_POOLS = [0, 2, 3, 4, 5, 9, 10, 11, 12, 13].map((i) => POOLS[i]);
function randomText(maxLength, separators = true) {
  const length = randomInt(maxLength + 1);
  const pools = separators ? POOLS : LONG_TOKEN_POOLS;
  let text = '';
  for (let i = 0; i < length; i++) {
    if (EXPANDERS.length && random() < 0.05) { text += String.fromCodePoint(pick(EXPANDERS)); continue; }
    const pool = pick(pools);
    text += Array.isArray(pool) ? pick(pool) : pick([...pool]);
  }
  return text;
}

function randomWord() {
  const letters = 'abcdefghijklmnopqrstuvwxyzaeiouyessllt';
  const suffixes = ['', '', 's', 'es', 'ies', 'sses', 'ed', 'eed', 'ing', 'y', 'ational', 'tional', 'enci', 'anci',
    'izer', 'bli', 'alli', 'entli', 'eli', 'ousli', 'ization', 'ation', 'ator', 'alism', 'iveness', 'fulness',
    'ousness', 'aliti', 'iviti', 'biliti', 'logi', 'icate', 'ative', 'alize', 'iciti', 'ical', 'ful', 'ness', 'al',
    'ance', 'ence', 'er', 'ic', 'able', 'ible', 'ant', 'ement', 'ment', 'ent', 'ion', 'sion', 'tion', 'ou', 'ism',
    'ate', 'iti', 'ous', 'ive', 'ize', 'e', 'll', 'at', 'bl', 'iz', 'ated', 'ating', 'ies', 'ly'];
  let word = random() < 0.3 ? 'y' : '';
  const n = 1 + randomInt(8);
  for (let i = 0; i < n; i++) word += pick([...letters]);
  word += pick(suffixes);
  if (random() < 0.3) word += pick(suffixes);
  return word.slice(0, 40);
}

// ---------------------------------------------------------------- the checks

function checkPorter(kernel, vocabulary, label) {
  const words = [...vocabulary];
  const input = encoder.encode(words.join(' '));
  const run = tokenizeAll(kernel, input, STEM);
  let mismatches = 0;
  if (!check(run.result === words.length, `${label}: ${run.result} tokens for ${words.length} words`)) return 0;
  for (let i = 0; i < words.length; i++) {
    const want = lunrStem(words[i]);
    if (run.tokens[i].term !== want) {
      if (++mismatches <= 10) fail(`${label}: stem(${words[i]}) = ${run.tokens[i].term}, lunr gives ${want}`);
    }
  }
  if (mismatches > 10) fail(`${label}: ${mismatches} stemming mismatches in all`);
  return words.length;
}

function checkExamples(kernel) {
  const cases = [
    // [text, flags, [[term, start16, end16], ...]]
    ['Élan', 0, [['elan', 0, 4]]],
    ['naïve', 0, [['naive', 0, 5]]],
    ['Straße STRASSE', 0, [['strasse', 0, 6], ['strasse', 7, 14]]],
    ['ẞ', 0, [['ss', 0, 1]]],
    ['ﬁne', 0, [['fine', 0, 3]]],
    ['İstanbul', 0, [['istanbul', 0, 8]]],          // İ folds to plain i (its dot is a mark)
    ['ısparta', 0, [['ısparta', 0, 7]]],            // dotless ı is a letter of its own: kept
    ['Ἀθῆναι ΟΔΟΣ οδός', 0, [['αθηναι', 0, 6], ['οδοσ', 7, 11], ['οδοσ', 12, 16]]],
    ['Москва Ёлка йогурт', 0, [['москва', 0, 6], ['елка', 7, 11], ['иогурт', 12, 18]]],
    ['日本語', 0, [['日', 0, 1], ['本', 1, 2], ['語', 2, 3]]],
    ['abc日本def', 0, [['abc', 0, 3], ['日', 3, 4], ['本', 4, 5], ['def', 5, 8]]],
    ['カー々', 0, [['カ', 0, 1], ['ー', 1, 2], ['々', 2, 3]]],
    ['ガ か\u3099 ｶﾞ', 0, [['カ', 0, 1], ['か', 2, 4], ['カ', 5, 6]]], // halfwidth ﾞ folds to nothing
    ['ภาษา', 0, [['ภ', 0, 1], ['า', 1, 2], ['ษ', 2, 3], ['า', 3, 4]]],
    ['ที่ ๑๒๓', 0, [['ท', 0, 3], ['๑๒๓', 4, 7]]],
    ['한국어', 0, [['한국어', 0, 3]]],
    ['a😀b', 0, [['a', 0, 1], ['b', 3, 4]]],
    ['مرحبا بالعالم', 0, [['مرحبا', 0, 5], ['بالعالم', 6, 13]]],
    ['שָׁלוֹם עולם', 0, [['שלום', 0, 7], ['עולם', 8, 12]]],
    ['e\u0301te\u0301', 0, [['ete', 0, 5]]],
    ['cafe\u0301 x', 0, [['cafe', 0, 5], ['x', 6, 7]]],
    ['\u0301\u0302 a', 0, [['a', 3, 4]]],            // marks alone: no token, no position
    ['ab\uD800cd\uDFFFe', 0, [['ab', 0, 2], ['cd', 3, 5], ['e', 6, 7]]],
    ['a\0b', 0, [['a', 0, 1], ['b', 2, 3]]],
    ["don't", 0, [['don', 0, 3], ['t', 4, 5]]],
    ['ＡＢＣ１２３ 𝐀𝐁', 0, [['abc123', 0, 6], ['ab', 7, 11]]],
    ['ﷺ', 0, [['ﷺ', 0, 1]]],                        // would expand 12x: kept unfolded
    ['½', 0, [['12', 0, 1]]],                        // fraction slash is not a word character
    ['a'.repeat(100), 0, [['a'.repeat(64), 0, 100]]],
    ['ж'.repeat(40), 0, [['ж'.repeat(32), 0, 40]]],
    ['한'.repeat(30), 0, [['한'.repeat(21), 0, 30]]], // 63 bytes: cut on a code point boundary
    ['a'.repeat(63) + 'éb c', 0, [['a'.repeat(63) + 'e', 0, 65], ['c', 66, 67]]],
    ['a'.repeat(63) + 'жb c', 0, [['a'.repeat(63), 0, 65], ['c', 66, 67]]], // the cut is a prefix
    ['the wing of the aircraft', STOP, [['wing', 4, 8], ['aircraft', 16, 24]]],
    ['Running runs caresses ponies', STEM, [['run', 0, 7], ['run', 8, 12], ['caress', 13, 21], ['poni', 22, 28]]],
    ['Élans abc1s', STEM, [['elan', 0, 5], ['abc1s', 6, 11]]],
    ['The Yelling', STEM | STOP, [['yell', 4, 11]]],
  ];
  for (const [text, flags, expected] of cases) {
    const run = tokenizeAll(kernel, encoder.encode(text), flags);
    const got = run.tokens.map((t) => [t.term, t.start16, t.end16]);
    check(JSON.stringify(got) === JSON.stringify(expected),
      `example ${JSON.stringify(text)} flags ${flags}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  }
  const positions = tokenizeAll(kernel, encoder.encode('the wing of the aircraft \u0301 wings'), STOP | STEM)
    .tokens.map((t) => [t.term, t.position]);
  check(JSON.stringify(positions) === JSON.stringify([['wing', 1], ['aircraft', 4], ['wing', 5]]),
    `stop word positions: ${JSON.stringify(positions)}`);
  const invalid = [
    [[0x61, 0xff, 0x62], [['a', 0, 1], ['b', 2, 3]]],
    [[0xc3], []],
    [[0x61, 0xc0, 0xaf, 0x62], [['a', 0, 1], ['b', 3, 4]]],        // overlong '/'
    [[0x61, 0xed, 0xa0, 0x80, 0x62], [['a', 0, 1], ['b', 4, 5]]],  // encoded surrogate
    [[0x61, 0xf0, 0x9f, 0x98], [['a', 0, 1]]],                     // truncated emoji
    [[0xf4, 0x90, 0x80, 0x80, 0x61], [['a', 4, 5]]],               // above U+10FFFF
    [[0xc3, 0xa9, 0x80, 0x65], [['e', 0, 1], ['e', 2, 3]]],       // stray continuation
  ];
  for (const [bytes, expected] of invalid) {
    const run = tokenizeAll(kernel, Uint8Array.from(bytes), 0);
    const got = run.tokens.map((t) => [t.term, t.start16, t.end16]);
    check(JSON.stringify(got) === JSON.stringify(expected),
      `invalid UTF-8 ${bytes.map((b) => b.toString(16))}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`);
  }
  return cases.length + invalid.length + 1;
}

function checkStopWords(kernel, vocabulary) {
  for (const word of stopWords) check(isLunrStopWord(word), `lunr does not treat "${word}" as a stop word`);
  const listed = tokenizeAll(kernel, encoder.encode([...stopWords].join(' ')), STOP);
  check(listed.result === 0, `stop word list: ${listed.result} tokens kept`);
  // Near misses (one letter more or less) and the whole vocabulary must agree with lunr.
  const probes = new Set(vocabulary);
  for (const word of stopWords) {
    probes.add(word.slice(1)); probes.add(word.slice(0, -1)); probes.add(word + 's'); probes.add('a' + word);
  }
  probes.delete('');
  const words = [...probes];
  const run = tokenizeAll(kernel, encoder.encode(words.join(' ')), STOP);
  const kept = new Set(run.tokens.map((t) => t.term));
  let wrong = 0;
  for (const word of words) if (kept.has(word) === isLunrStopWord(word)) wrong++;
  check(wrong === 0, `stop words: ${wrong} words classified differently from lunr`);
  return words.length;
}

function checkOffsets(kernel, texts) {
  let tokens = 0;
  for (const text of texts) {
    const run = tokenizeAll(kernel, encoder.encode(text), 0);
    for (const t of run.tokens) {
      const slice = text.slice(t.start16, t.end16);
      const want = foldTerm([...slice].map((ch) => ch.codePointAt(0))).term;
      tokens++;
      if (t.term !== want) {
        fail(`offsets: ${JSON.stringify(slice)} folds to ${JSON.stringify(want)} but the term is ${JSON.stringify(t.term)}`);
        return tokens;
      }
    }
  }
  return tokens;
}

function checkCapacity(kernel, input, label) {
  const flags = randomInt(4);
  const model = modelTokenize(input, flags);
  const full = tokenizeAll(kernel, input, flags);
  if (!check(full.result >= 0, `${label}: -1 with maxTokens = len + 1 and termCap = 3 * len + 64`)) return;
  const count = full.result;
  // Exactly enough succeeds with the same output; one less of either gives -1.
  const exact = runKernel(kernel, input, flags, count, model.peak);
  check(exact.result === count && Buffer.compare(exact.raw, full.raw) === 0,
    `${label}: exact capacities (${count}, ${model.peak}) gave ${exact.result}`);
  if (count > 0) {
    check(runKernel(kernel, input, flags, count - 1, model.peak).result === -1, `${label}: maxTokens too small not reported`);
  }
  if (model.peak > 0) {
    check(runKernel(kernel, input, flags, count, model.peak - 1).result === -1, `${label}: termCap too small not reported`);
  }
  return model.peak / Math.max(1, input.length);
}

// Kernel time only: buffers are laid out once and the records are not read back.
function throughput(kernel, input, flags) {
  runKernel(kernel, input, flags, input.length + 1, 3 * input.length + 64);
  const base = kernel.base;
  const outPtr = (base + input.length + GUARD + 7) & ~7;
  const termPtr = outPtr + (input.length + 1) * 20 + GUARD;
  const rounds = 20;
  const t0 = performance.now();
  for (let i = 0; i < rounds; i++) kernel.exports.tokenize(base, input.length, flags, outPtr, input.length + 1, termPtr, 3 * input.length + 64);
  return ((input.length * rounds) / 1e6 / ((performance.now() - t0) / 1000)).toFixed(0);
}

function cranfieldVocabulary(text) {
  return new Set(text.toLowerCase().match(/[a-z]+/g));
}

async function main() {
  const started = Date.now();
  const scalar = await build(false);
  const simd = await build(true);
  for (const kernel of [scalar, simd]) {
    const names = Object.keys(kernel.exports).sort().join(' ');
    check(names === 'TOKEN_RECORD_BYTES TOKEN_STEM TOKEN_STOP memory tokenize', `exports are: ${names}`);
    check(kernel.exports.TOKEN_STEM.value === STEM && kernel.exports.TOKEN_STOP.value === STOP &&
      kernel.exports.TOKEN_RECORD_BYTES.value === 20, 'exported constants have unexpected values');
  }
  summary.push(`built assembly/text/index.ts: scalar ${scalar.bytes.length} bytes, simd ${simd.bytes.length} bytes (-O3, --runtime stub)`);

  for (let cp = 0x80; cp <= 0x10ffff; cp++) {
    const c = cachedClass(cp);
    if (c === SEPARATOR || c === MARK) continue;
    const f = foldCodePoint(cp);
    if (encoder.encode(f).length >= 2 * utf8Length(cp)) EXPANDERS.push(cp);
  }

  const cranfield = readFileSync(CRANFIELD, 'utf8').split('\n').filter(Boolean)
    .map((line) => { const d = JSON.parse(line); return `${d.title}\n${d.author}\n${d.source}\n${d.text}`; }).join('\n.I ');
  const vocabulary = cranfieldVocabulary(cranfield);

  // Porter: every distinct Cranfield word, then random suffix-heavy words.
  const compared = checkPorter(scalar, vocabulary, 'porter/cranfield');
  summary.push(`porter: ${compared} distinct Cranfield words stemmed identically to lunr.stemmer`);
  const randomWords = new Set();
  while (randomWords.size < 100000) randomWords.add(randomWord());
  const comparedRandom = checkPorter(scalar, randomWords, 'porter/random');
  summary.push(`porter: ${comparedRandom} random suffix-heavy words stemmed identically to lunr.stemmer`);

  const stopProbes = checkStopWords(scalar, vocabulary);
  summary.push(`stop words: ${stopWords.size} lunr stop words dropped; ${stopProbes} words and near misses agree with lunr.stopWordFilter`);

  const examples = checkExamples(scalar);
  summary.push(`examples: ${examples} folding/offset/invalid-UTF-8 cases as documented`);

  // Offsets: slices of the original text fold to the emitted term.
  const samples = [];
  for (const doc of cranfield.split('\n.I ').slice(0, 200)) samples.push(doc);
  for (let i = 0; i < 2000; i++) samples.push(randomText(120));
  const offsetTokens = checkOffsets(scalar, samples);
  summary.push(`offsets: ${offsetTokens} tokens in ${samples.length} texts: fold(text.slice(start16, end16)) == term`);

  // Random bytes: no trap, sane records, and the same answer as the JS model.
  let byteTokens = 0;
  for (let i = 0; i < 10000; i++) {
    const input = randomBytes();
    const flags = randomInt(4);
    let run;
    try {
      run = tokenizeAll(scalar, input, flags);
    } catch (error) {
      fail(`random bytes ${i}: trapped: ${error.message}`);
      continue;
    }
    const model = modelTokenize(input, flags);
    if (!check(run.result >= 0, `random bytes ${i}: returned -1`)) continue;
    byteTokens += run.result;
    if (!checkRecords(run, input, model.length16, `random bytes ${i}`)) continue;
    sameTokens(run.tokens, model.tokens, `random bytes ${i}`);
  }
  summary.push(`fuzz: 10000 random byte buffers (<= 200 bytes, ${byteTokens} tokens): no trap, records valid, equal to the JS model`);

  // Random multilingual text with marks, astral characters, lone surrogates and expanding folds.
  let textTokens = 0, longTerms = 0;
  for (let i = 0; i < 5000; i++) {
    const text = randomText(200, i % 4 !== 0);
    const input = encoder.encode(text);
    const flags = randomInt(4);
    const run = tokenizeAll(scalar, input, flags);
    const model = modelTokenize(input, flags);
    if (!check(run.result >= 0, `random text ${i}: returned -1`)) continue;
    check(model.length16 === text.length, `random text ${i}: UTF-16 length ${model.length16} != ${text.length}`);
    textTokens += run.result;
    longTerms += run.tokens.filter((t) => t.termLen > MAX_TERM_BYTES - 4).length;
    if (checkRecords(run, input, text.length, `random text ${i}`)) sameTokens(run.tokens, model.tokens, `random text ${i}`);
  }
  summary.push(`fuzz: 5000 random multilingual texts (${textTokens} tokens, ${longTerms} cut near 64 bytes) equal to the JS model`);

  // Every code point, each after a space: the kernel's class and fold tables (unpacked from the
  // generated stream at start) agree with the definitions everywhere, not only where fuzzing looks.
  let everyTokens = 0;
  for (let block = 0x80; block <= 0x10ffff; block += 0x8000) {
    let text = '';
    for (let cp = block; cp < Math.min(block + 0x8000, 0x110000); cp++) {
      if (cp < 0xd800 || cp > 0xdfff) text += ' ' + String.fromCodePoint(cp);
    }
    const input = encoder.encode(text);
    const run = tokenizeAll(scalar, input, 0);
    if (!check(run.result >= 0, `code points from U+${block.toString(16)}: returned -1`)) continue;
    everyTokens += run.result;
    sameTokens(run.tokens, modelTokenize(input, 0).tokens, `code points from U+${block.toString(16)}`);
  }
  summary.push(`every code point U+0080..U+10FFFF (${everyTokens} tokens): classes and folds equal to the JS model`);

  // Capacity: the documented sizes always suffice; exact sizes work; one less reports -1.
  let worstRatio = 0;
  for (let i = 0; i < 3000; i++) {
    const kind = i % 3;
    let input;
    if (kind === 0) input = randomBytes();
    else if (kind === 1) input = encoder.encode(randomText(150));
    else { // single expanding characters separated by one byte: the worst case for termCap
      let text = '';
      const n = 1 + randomInt(60);
      for (let k = 0; k < n; k++) text += String.fromCodePoint(pick(EXPANDERS)) + (random() < 0.5 ? ' ' : '');
      input = encoder.encode(text);
    }
    worstRatio = Math.max(worstRatio, checkCapacity(scalar, input, `capacity ${i}`) ?? 0);
  }
  summary.push(`capacity: 3000 inputs (${EXPANDERS.length} expanding code points): never -1 at len + 1 / 3 * len + 64; ` +
    `exact sizes succeed, one less gives -1; worst term bytes per input byte ${worstRatio.toFixed(2)}`);

  // SIMD and scalar builds: byte-identical records and terms on the whole collection.
  const corpus = encoder.encode(cranfield);
  for (const flags of [0, STEM, STOP, STEM | STOP]) {
    const a = tokenizeAll(scalar, corpus, flags);
    const b = tokenizeAll(simd, corpus, flags);
    check(a.result > 0 && a.result === b.result && Buffer.compare(a.raw, b.raw) === 0 && Buffer.compare(a.terms, b.terms) === 0,
      `simd and scalar differ on Cranfield with flags ${flags}`);
    if (flags === (STEM | STOP)) {
      const model = modelTokenize(corpus, flags);
      sameTokens(a.tokens, model.tokens, 'cranfield stem+stop vs model');
      summary.push(`simd == scalar: Cranfield (${corpus.length} bytes) with flags 0..3, ${a.result} tokens with stem+stop, equal to the JS model`);
    }
  }
  summary.push(`speed (informative): ${throughput(simd, corpus, 0)} MB/s plain, ${throughput(simd, corpus, STEM | STOP)} MB/s with stem+stop on Cranfield`);

  console.log(summary.map((line) => '  ' + line).join('\n'));
  console.log(`${failures.length ? 'FAILED' : 'ok'}: tokenizer check, ${failures.length} failure(s), ${((Date.now() - started) / 1000).toFixed(1)} s`);
  process.exit(failures.length ? 1 : 0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
