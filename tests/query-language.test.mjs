// The query grammar (lenient text) and the JSON query object (strict) → normalised QueryNode trees.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isError } from './helpers/errors.mjs';
import { seededRandom } from './helpers/random.mjs';
import { parseQueryText, normaliseQuery, QueryError, textKind, BLANK, PLAIN, GRAMMAR_TEXT } from '../dist/internal.js';

const OPTIONS = { fields: ['title', 'text'], defaultOperator: 'or' };
const parse = (text, options = {}) => parseQueryText(text, { ...OPTIONS, ...options });
const json = (query, options = {}) => normaliseQuery(query, { ...OPTIONS, ...options });

const term = (text, extra = {}) => ({ type: 'term', text, ...extra });
const phrase = (text, extra = {}) => ({ type: 'phrase', text, ...extra });
const bool = ({ must = [], should = [], mustNot = [], boost } = {}) => ({ type: 'bool', must, should, mustNot, ...(boost === undefined ? {} : { boost }) });

/** Every invariant a consumer of QueryNode relies on; returns [leaves, bool depth]. */
function checkTree(node, fields = OPTIONS.fields) {
  const fail = (why) => assert.unreachable(`${why}: ${JSON.stringify(node).slice(0, 200)}`);
  const boostOk = (b) => b === undefined || (typeof b === 'number' && b > 0 && Number.isFinite(b) && b !== 1);
  if (!boostOk(node.boost)) fail('bad boost');
  if (node.type === 'term' || node.type === 'phrase') {
    if (typeof node.text !== 'string' || !/[\p{L}\p{N}]/u.test(node.text)) fail('text without a letter or digit');
    if (node.fields !== undefined && !(node.fields.length === 1 && fields.includes(node.fields[0]))) fail('bad fields');
    if (node.type === 'term') {
      if (node.fuzzy !== undefined && node.fuzzy !== 1 && node.fuzzy !== 2) fail('bad fuzzy');
      if (node.prefix !== undefined && node.prefix !== true) fail('bad prefix');
      if (node.prefix && node.fuzzy) fail('prefix and fuzzy');
      if (Object.keys(node).some((k) => !['type', 'text', 'fields', 'fuzzy', 'prefix', 'boost'].includes(k))) fail('term keys');
    } else {
      if (node.slop !== undefined && !(Number.isInteger(node.slop) && node.slop >= 1 && node.slop <= 100)) fail('bad slop');
      if (Object.keys(node).some((k) => !['type', 'text', 'fields', 'slop', 'boost'].includes(k))) fail('phrase keys');
    }
    return [1, 0];
  }
  if (node.type !== 'bool' || !Array.isArray(node.must) || !Array.isArray(node.should) || !Array.isArray(node.mustNot)) fail('bad bool');
  let leaves = 0, depth = 0;
  for (const child of [...node.must, ...node.should, ...node.mustNot]) {
    const [l, d] = checkTree(child, fields);
    leaves += l;
    depth = Math.max(depth, d);
  }
  return [leaves, depth + 1];
}

test('plain words follow defaultOperator; + and - override', () => {
  assert.equal(parse('wing +flutter -propeller'), bool({ should: [term('wing')], must: [term('flutter')], mustNot: [term('propeller')] }));
  assert.equal(parse('wing +flutter -propeller', { defaultOperator: 'and' }), bool({ must: [term('wing'), term('flutter')], mustNot: [term('propeller')] }));
  assert.equal(parse('wing', { defaultOperator: 'and' }), bool({ must: [term('wing')] }));
  assert.equal(parse('e-mail state-of-the-art'), bool({ should: [term('e-mail'), term('state-of-the-art')] }));
  assert.equal(parse('-5 +2021'), bool({ must: [term('2021')], mustNot: [term('5')] }));
});

test('empty and whitespace text give a bool with no clauses', () => {
  for (const text of ['', '   ', '\t\n', '\u00a0\u3000']) assert.equal(parse(text), bool());
});

test('phrases: exact, slop, boost, unclosed', () => {
  assert.equal(parse('"lift increase" wing'), bool({ should: [phrase('lift increase'), term('wing')] }));
  assert.equal(parse('"a b"~3'), bool({ should: [phrase('a b', { slop: 3 })] }));
  assert.equal(parse('"a b"~'), bool({ should: [phrase('a b', { slop: 2 })] }));
  assert.equal(parse('"a b"~0'), bool({ should: [phrase('a b')] }));
  assert.equal(parse('"a b"~999'), bool({ should: [phrase('a b', { slop: 100 })] }));
  assert.equal(parse('"a b"^3'), bool({ should: [phrase('a b', { boost: 3 })] }));
  assert.equal(parse('"a b"~4^2.5'), bool({ should: [phrase('a b', { slop: 4, boost: 2.5 })] }));
  assert.equal(parse('"a b"^2~4'), bool({ should: [phrase('a b', { slop: 4, boost: 2 })] }));
  assert.equal(parse('-"swept wing" x'), bool({ should: [term('x')], mustNot: [phrase('swept wing')] }));
  assert.equal(parse('x "unclosed phrase'), bool({ should: [term('x'), phrase('unclosed phrase')] }));
  assert.equal(parse('"a"b'), bool({ should: [phrase('a'), term('b')] }), 'a character after the quote starts a new word');
  assert.equal(parse('"" " " "!!"'), bool(), 'phrases without letters or digits are dropped');
});

test('prefix and fuzzy words', () => {
  assert.equal(parse('aero*'), bool({ should: [term('aero', { prefix: true })] }));
  assert.equal(parse('* ** a*b *ab'), bool({ should: [term('ab'), term('ab')] }), 'a star that is not trailing is removed');
  assert.equal(parse('flutr~1 flutr~2 flutr~ flutr~7 flutr~0'), bool({
    should: [term('flutr', { fuzzy: 1 }), term('flutr', { fuzzy: 2 }), term('flutr', { fuzzy: 2 }), term('flutr', { fuzzy: 2 }), term('flutr')],
  }));
  assert.equal(parse('ab*~1'), bool({ should: [term('ab', { prefix: true })] }), 'prefix wins over fuzzy');
  assert.equal(parse('ab~1.5'), bool({ should: [term('ab~1.5')] }), 'a non-integer fuzzy is not a suffix');
  assert.equal(parse('~2 ^3'), bool({ should: [term('~2'), term('^3')] }), 'a suffix needs something before it');
});

test('boosts: positive finite numbers, invalid ones ignored', () => {
  assert.equal(parse('wing^2 lift^0.5 drag^1'), bool({ should: [term('wing', { boost: 2 }), term('lift', { boost: 0.5 }), term('drag')] }));
  assert.equal(parse('a^0 b^-1 c^ d^1e999 e^x'), bool({ should: [term('a'), term('b'), term('c'), term('d'), term('e^x')] }));
  assert.equal(parse('wing~1^2 wing^2~1 wing*^3'), bool({
    should: [term('wing', { fuzzy: 1, boost: 2 }), term('wing', { fuzzy: 1, boost: 2 }), term('wing', { prefix: true, boost: 3 })],
  }));
  assert.equal(parse('(a b)^2'), bool({ should: [bool({ should: [term('a'), term('b')], boost: 2 })] }));
  assert.equal(parse('(a b)^0 c'), bool({ should: [term('a'), term('b'), term('c')] }), 'an invalid group boost is dropped');
});

test('field scoping only for known fields (case-sensitive)', () => {
  assert.equal(parse('title:wing'), bool({ should: [term('wing', { fields: ['title'] })] }));
  assert.equal(parse('title:"lift increase"~2'), bool({ should: [phrase('lift increase', { fields: ['title'], slop: 2 })] }));
  assert.equal(parse('-text:aero*'), bool({ mustNot: [term('aero', { fields: ['text'], prefix: true })] }));
  assert.equal(parse('foo:bar Title:wing'), bool({ should: [term('foo:bar'), term('Title:wing')] }));
  assert.equal(parse('title: wing'), bool({ should: [term('title:'), term('wing')] }));
  assert.equal(parse('title:(a text:b "c d")'), bool({
    should: [term('a', { fields: ['title'] }), term('b', { fields: ['text'] }), phrase('c d', { fields: ['title'] })],
  }));
  assert.equal(parse('+title:(a b) c'), bool({ must: [bool({ should: [term('a', { fields: ['title'] }), term('b', { fields: ['title'] })] })], should: [term('c')] }));
  assert.equal(parse('title:title:x'), bool({ should: [term('title:x', { fields: ['title'] })] }));
  assert.equal(parse('a:b', { fields: ['a'] }), bool({ should: [term('b', { fields: ['a'] })] }));
});

test('AND, OR, NOT with precedence NOT > AND > OR', () => {
  assert.equal(parse('a OR b c'), bool({ should: [term('a'), term('b'), term('c')] }));
  assert.equal(parse('a AND b'), bool({ must: [term('a'), term('b')] }));
  assert.equal(parse('a AND b OR c'), bool({ should: [bool({ must: [term('a'), term('b')] }), term('c')] }));
  assert.equal(parse('a OR b AND c'), bool({ should: [term('a'), bool({ must: [term('b'), term('c')] })] }));
  assert.equal(parse('a AND NOT b'), bool({ must: [term('a')], mustNot: [term('b')] }));
  assert.equal(parse('a NOT b'), bool({ should: [term('a')], mustNot: [term('b')] }));
  assert.equal(parse('NOT a'), bool({ mustNot: [term('a')] }), 'purely negative queries stay as they are');
  assert.equal(parse('a AND b OR c AND NOT d'), bool({
    should: [bool({ must: [term('a'), term('b')] }), bool({ must: [term('c')], mustNot: [term('d')] })],
  }));
  assert.equal(parse('a and b or not c'), bool({ should: ['a', 'and', 'b', 'or', 'not', 'c'].map((w) => term(w)) }), 'lower-case are words');
  assert.equal(parse('a OR b c', { defaultOperator: 'and' }), bool({ should: [term('a'), bool({ must: [term('b'), term('c')] })] }));
  assert.equal(parse('+AND -NOT title:OR'), bool({ must: [term('AND')], mustNot: [term('NOT')], should: [term('OR', { fields: ['title'] })] }));
});

test('groups: signs apply to the whole group, nesting, flattening that keeps meaning', () => {
  assert.equal(parse('-(a b) c'), bool({ should: [term('c')], mustNot: [term('a'), term('b')] }));
  assert.equal(parse('+(a b) c'), bool({ must: [bool({ should: [term('a'), term('b')] })], should: [term('c')] }));
  assert.equal(parse('(a b)'), bool({ should: [term('a'), term('b')] }));
  assert.equal(parse('+(a b)'), bool({ should: [term('a'), term('b')] }), 'a single required group is the query');
  assert.equal(parse('(a AND b) AND c'), bool({ must: [term('a'), term('b'), term('c')] }));
  assert.equal(parse('x +(a AND -b)'), bool({ should: [term('x')], must: [term('a')], mustNot: [term('b')] }));
  assert.equal(parse('x (a AND -b)'), bool({ should: [term('x'), bool({ must: [term('a')], mustNot: [term('b')] })] }));
  assert.equal(parse('NOT (a OR b) c'), bool({ should: [term('c')], mustNot: [term('a'), term('b')] }));
  assert.equal(parse('x +(-a)'), bool({ should: [term('x')], must: [bool({ mustNot: [term('a')] })] }), 'a negative group is kept');
  assert.equal(parse('((a))^2'), bool({ should: [bool({ should: [term('a')], boost: 2 })] }));
});

test('lenient: unbalanced, dangling and empty syntax degrades to words', () => {
  const cases = [
    ['(a b', bool({ should: [term('a'), term('b')] })],
    ['a b)', bool({ should: [term('a'), term('b')] })],
    [')) a ((', bool({ should: [term('a')] })],
    ['a AND', bool({ should: [term('a')] })],
    ['AND a', bool({ should: [term('a')] })],
    ['a OR OR b', bool({ should: [term('a'), term('b')] })],
    ['a AND OR b', bool({ should: [term('a'), term('b')] })],
    ['a OR AND b', bool({ must: [term('a'), term('b')] })],
    ['a NOT', bool({ should: [term('a')] })],
    ['a NOT OR b', bool({ should: [term('a'), term('b')] })],
    ['+ - a', bool({ should: [term('a')] })],
    ['+', bool()], ['-', bool()], ['()', bool()], ['( )', bool()], ['-()', bool()], ['(AND)', bool()],
    ['NOT NOT a', bool({ mustNot: [term('a')] })],
    ['a && b || !c', bool({ should: [term('a'), term('b'), term('!c')] })],
    ['"', bool()], ['"a', bool({ should: [phrase('a')] })],
    ['a (b) c', bool({ should: [term('a'), term('b'), term('c')] })],
    ['f(x)', bool({ should: [term('f'), term('x')] })],
  ];
  for (const [text, expected] of cases) assert.equal(parse(text), expected, text);
});

test('nesting deeper than 8 levels is flattened', () => {
  // Boosted groups are never merged, so each '(' that is honoured shows up as a level.
  const nested = (levels) => `${'('.repeat(levels)}a${' b)^2'.repeat(levels)}`;
  assert.is(checkTree(parse(nested(8)))[1], 9);
  assert.is(checkTree(parse(nested(9)))[1], 9);
  assert.is(checkTree(parse(nested(50)))[1], 9);
  const [leaves] = checkTree(parse(nested(50)));
  assert.is(leaves, 51, 'no word is lost when flattening');
});

test('more than 256 words and phrases: the rest is dropped', () => {
  const words = Array.from({ length: 400 }, (_, i) => `w${i}`);
  const tree = parse(words.join(' '));
  assert.is(tree.should.length, 256);
  assert.is(tree.should[255].text, 'w255');
  const mixed = parse(Array.from({ length: 300 }, (_, i) => (i % 2 ? `"p${i} q"` : `(t${i})`)).join(' '));
  assert.is(checkTree(mixed)[0], 256);
});

test('autoFuzzy: by length for plain words only', () => {
  const tree = parse('wing flutter propellers aerodynamic x12345 flutter~0 flutt* flutter~1 -excluded NOT (another word) "phrase words"', { autoFuzzy: true });
  assert.equal(tree, bool({
    should: [term('wing'), term('flutter', { fuzzy: 1 }), term('propellers', { fuzzy: 2 }), term('aerodynamic', { fuzzy: 2 }),
      term('x12345'), term('flutter'), term('flutt', { prefix: true }), term('flutter', { fuzzy: 1 }), phrase('phrase words')],
    mustNot: [term('excluded'), term('another'), term('word')],
  }));
  assert.equal(parse('élanç ñandú', { autoFuzzy: true }), bool({ should: [term('élanç', { fuzzy: 1 }), term('ñandú', { fuzzy: 1 })] }), 'counts code points');
  assert.equal(parse('😀😀😀😀a', { autoFuzzy: true }).should[0].fuzzy, 1);
});

test('options are validated', () => {
  assert.throws(() => parseQueryText('a', null), isError(TypeError, /options/));
  assert.throws(() => parseQueryText('a', { fields: 'title', defaultOperator: 'or' }), isError(TypeError, /fields/));
  assert.throws(() => parseQueryText('a', { fields: [], defaultOperator: 'xor' }), isError(TypeError, /defaultOperator/));
  assert.throws(() => parseQueryText(42, OPTIONS), isError(TypeError, /string/));
});

// Characters the grammar gives a meaning, and some it does not.
const ALPHABET = ['a', 'b', 'wing', 'title', 'text', ':', ' ', ' ', '"', '(', ')', '+', '-', '*', '~', '^', '2', '1.5', '0',
  'AND', 'OR', 'NOT', '\t', 'é', '😀', '\u0301', '!', '&', '|', '.', 'e', '\\', '\u00a0', '\ud800'];

test('fuzz: 20,000 random strings parse without throwing into valid trees', () => {
  const random = seededRandom(20250101);
  for (let i = 0; i < 20_000; i++) {
    const length = Math.floor(random() * 40);
    let text = '';
    for (let k = 0; k < length; k++) text += ALPHABET[Math.floor(random() * ALPHABET.length)];
    const options = { autoFuzzy: i % 3 === 0, defaultOperator: i % 2 ? 'and' : 'or' };
    let tree;
    try { tree = parse(text, options); } catch (error) { assert.unreachable(`${JSON.stringify(text)} threw ${error}`); }
    const [leaves, depth] = checkTree(tree);
    assert.ok(tree.type === 'bool' && leaves <= 256 && depth <= 9, text);
    assert.equal(normaliseQuery(text, { ...OPTIONS, ...options }), tree);
  }
});

// Index.search sends text the grammar would not change straight to the kernel; textKind decides
// that in one pass, and must agree with the grammar's definition written as a regular expression.
const GRAMMAR_RE = /["+()~*^:]|(?:^|\s)-|(?:^|\s)(?:AND|OR|NOT)(?:\s|$)/;
const KIND_ALPHABET = [...ALPHABET, 'A', 'N', 'O', 'R', 'D', 'T', 'AN', 'NO', 'ORE', 'ANDY', '\n', '\r', '\v', '\f',
  '\u1680', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u180e', '\u0085', '-'];
test('textKind: plain, blank and grammar text exactly as the regular expression and trim say', () => {
  const random = seededRandom(4242);
  const expected = (text) => (GRAMMAR_RE.test(text) ? GRAMMAR_TEXT : text.trim() ? PLAIN : BLANK);
  for (const text of ['', ' ', 'wing', 'e-mail', '-wing', 'a -b', 'AND', 'ANDY', 'x AND', 'x\u3000OR\u00a0y', 'NOT\ufeff', 'x:y', 'naïve']) {
    assert.is(textKind(text), expected(text), JSON.stringify(text));
  }
  let plain = 0;
  for (let i = 0; i < 50_000; i++) {
    const length = Math.floor(random() * 12);
    let text = '';
    for (let k = 0; k < length; k++) text += KIND_ALPHABET[Math.floor(random() * KIND_ALPHABET.length)];
    const kind = textKind(text);
    if (kind === PLAIN) plain++;
    assert.is(kind, expected(text), JSON.stringify(text));
  }
  assert.ok(plain > 1000, `only ${plain} plain texts: the fuzz would not test them`);
});

test('100 KB inputs parse in linear time', () => {
  const size = 100_000;
  const fill = (unit) => unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
  const random = seededRandom(7);
  let randomText = '';
  while (randomText.length < size) randomText += ALPHABET[Math.floor(random() * ALPHABET.length)];
  const inputs = ['(', ')', '"', 'a', 'a ', '(a ', 'a)', '*', '~', '^', '^1', '~1', '1', 'title:', 'title:(', 'AND ', 'NOT ', '+ ', '-',
    '" ', 'a:', 'x^1~', '\u0301', '😀', '"a"~2^3', '(a b)^2 ', 'title:"a', '\u00a0'].map(fill);
  inputs.push(randomText);
  for (const text of inputs) {
    const started = performance.now();
    const tree = parse(text, { autoFuzzy: true });
    const took = performance.now() - started;
    assert.ok(took < 1500, `${JSON.stringify(text.slice(0, 12))}… took ${took.toFixed(0)} ms`);
    const [leaves, depth] = checkTree(tree);
    assert.ok(leaves <= 256 && depth <= 9);
  }
});

// ── JSON query objects ──────────────────────────────────────────────────────────────────

test('JSON: leaves, and/or/not, raw groups, nested strings', () => {
  assert.equal(json({ term: 'wing' }), bool({ should: [term('wing')] }));
  assert.equal(json({ term: 'wing' }, { defaultOperator: 'and' }), bool({ must: [term('wing')] }));
  assert.equal(json({ term: 'wing*', field: 'title', fuzzy: 1, boost: 2 }), bool({ should: [term('wing*', { fields: ['title'], fuzzy: 1, boost: 2 })] }), 'JSON text is literal');
  assert.equal(json({ term: 'aer', prefix: true, fuzzy: 0 }), bool({ should: [term('aer', { prefix: true })] }));
  assert.equal(json({ phrase: 'lift increase', slop: 2, field: 'text' }), bool({ should: [phrase('lift increase', { fields: ['text'], slop: 2 })] }));
  assert.equal(json({ and: [{ term: 'a' }, { term: 'b' }] }), bool({ must: [term('a'), term('b')] }));
  assert.equal(json({ or: [{ term: 'a' }, { term: 'b' }] }), bool({ should: [term('a'), term('b')] }));
  assert.equal(json({ not: { term: 'a' } }), bool({ mustNot: [term('a')] }));
  assert.equal(json({ and: [{ term: 'a' }, { not: { term: 'b' } }] }), bool({ must: [term('a')], mustNot: [term('b')] }), 'not inside and excludes');
  assert.equal(json({ must: [{ term: 'a' }, { not: { or: ['b', 'c'] } }] }), bool({ must: [term('a')], mustNot: [term('b'), term('c')] }));
  assert.equal(json({ or: [{ term: 'a' }, { not: { term: 'b' } }] }), bool({ should: [term('a'), bool({ mustNot: [term('b')] })] }), 'not inside or is literal');
  assert.equal(json({ must: [{ term: 'a' }], should: [{ term: 'b' }], mustNot: [{ term: 'c' }] }), bool({ must: [term('a')], should: [term('b')], mustNot: [term('c')] }));
  assert.equal(json({ should: [], must: [{ term: 'a' }], mustNot: undefined }), bool({ must: [term('a')] }));
  assert.equal(json({ and: ['wing flutter', { or: [{ phrase: 'a b' }] }] }), bool({ must: [bool({ should: [term('wing'), term('flutter')] }), phrase('a b')] }));
  assert.equal(json({ and: ['title:wing'] }), bool({ must: [term('wing', { fields: ['title'] })] }));
  assert.equal(json({ or: [{ or: [{ term: 'a' }, { or: [{ term: 'b' }] }] }, { term: 'c' }] }), bool({ should: [term('a'), term('b'), term('c')] }), 'flattened');
  assert.equal(json({ and: [{ and: [{ term: 'a' }, { term: 'b' }] }, { term: 'c' }] }), bool({ must: [term('a'), term('b'), term('c')] }), 'flattened');
  assert.equal(json('wing -prop'), parse('wing -prop'));
  assert.equal(json({ term: 'x', boost: 1, field: undefined }), bool({ should: [term('x')] }));
});

test('JSON: malformed objects are QueryErrors naming the path', () => {
  const bad = [
    [{ and: [{ term: 'a' }, { term: 'b', field: 'x' }] }, /^query\.and\[1\]\.field: unknown field 'x'$/],
    [{ and: [] }, /^query\.and: must not be empty/],
    [{ or: 'a' }, /^query\.or: must be an array/],
    [{}, /^query: expected one of the keys/],
    [{ foo: 1 }, /^query: expected one of the keys/],
    [{ term: 'a', slop: 1 }, /^query\.slop: unknown key 'slop' in a term query/],
    [{ term: 'a', phrase: 'b' }, /^query\.phrase: unknown key/],
    [{ and: [{ term: 'a' }], or: [] }, /^query\.or: unknown key/],
    [{ term: 5 }, /^query\.term: must be a string, got 5/],
    [{ term: '  ' }, /^query\.term: must not be empty/],
    [{ phrase: null }, /^query\.phrase: must be a string, got null/],
    [{ term: 'a', field: 3 }, /^query\.field: must be a field name/],
    [{ term: 'a', fuzzy: 3 }, /^query\.fuzzy: must be 0, 1 or 2, got 3/],
    [{ term: 'a', fuzzy: 1.5 }, /^query\.fuzzy/],
    [{ term: 'a', fuzzy: '1' }, /^query\.fuzzy/],
    [{ term: 'a', prefix: 'yes' }, /^query\.prefix: must be a boolean/],
    [{ term: 'a', prefix: true, fuzzy: 2 }, /^query: prefix and fuzzy cannot be combined/],
    [{ phrase: 'a b', slop: 101 }, /^query\.slop: must be an integer from 0 to 100/],
    [{ phrase: 'a b', slop: -1 }, /^query\.slop/],
    [{ phrase: 'a b', slop: 1.5 }, /^query\.slop/],
    [{ term: 'a', boost: 0 }, /^query\.boost: must be a positive finite number/],
    [{ term: 'a', boost: Infinity }, /^query\.boost/],
    [{ term: 'a', boost: NaN }, /^query\.boost/],
    [{ term: 'a', boost: '2' }, /^query\.boost/],
    [{ not: [{ term: 'a' }] }, /^query\.not: expected a query string or object, got an array/],
    [{ must: [{ term: 'a' }], should: {} }, /^query\.should: must be an array/],
    [{ must: [], should: [] }, /^query: a must\/should\/mustNot query needs at least one clause/],
    [{ or: [{ and: [{ not: 7 }] }] }, /^query\.or\[0\]\.and\[0\]\.not: expected a query string or object, got 7/],
    [null, /^query: expected a query string or object, got null/],
    [[{ term: 'a' }], /^query: expected a query string or object, got an array/],
    [42, /^query: expected a query string or object, got 42/],
  ];
  for (const [query, pattern] of bad) {
    assert.throws(() => json(query), isError(QueryError, pattern), JSON.stringify(query));
  }
  try { json({ or: [{ term: 'a', field: 'nope' }] }); } catch (error) {
    assert.ok(error instanceof TypeError, 'a QueryError is a TypeError');
    assert.is(error.code, 'INVALID_QUERY');
    assert.is(error.name, 'QueryError');
    assert.is(error.path, 'query.or[0].field');
  }
});

test('JSON: depth limit 8 and leaf limit 256 (nested strings included)', () => {
  const deep = (levels) => { let q = { term: 'x' }; for (let i = 0; i < levels; i++) q = { and: [q, { term: `y${i}` }] }; return q; };
  const [, depth] = checkTree(json(deep(8)));
  assert.ok(depth <= 9);
  assert.throws(() => json(deep(9)), isError(QueryError, /nested deeper than 8 levels/));
  let cyclic = { or: [] };
  cyclic.or.push(cyclic);
  assert.throws(() => json(cyclic), isError(QueryError, /nested deeper/), 'a cycle stops at the depth limit');
  const terms = (count) => Array.from({ length: count }, (_, i) => ({ term: `t${i}` }));
  assert.is(json({ or: terms(256) }).should.length, 256);
  assert.throws(() => json({ or: terms(257) }), isError(QueryError, /^query\.or\[256\]: more than 256 terms and phrases/));
  assert.throws(() => json({ or: [...terms(200), Array.from({ length: 60 }, (_, i) => `w${i}`).join(' ')] }), isError(QueryError, /^query\.or\[200\]: more than 256/));
  assert.throws(() => json({ or: new Array(1e6).fill({ term: 'a' }) }), isError(QueryError, /more than 256/));
  // A string deep in the object gets the depth that is left: the whole tree stays within 9 levels.
  let q = '((((((((a b)^2 c)^2 d)^2 e)^2 f)^2 g)^2 h)^2 i)^2';
  for (let i = 0; i < 7; i++) q = i % 2 ? { and: [q, { term: `y${i}` }] } : { or: [q, { term: `y${i}` }] };
  const [leaves, depth2] = checkTree(json(q));
  assert.is(leaves, 9 + 7);
  assert.is(depth2, 8, 'the and/or levels stay; the text keeps one group level');
});

test.run();
