// The query language: a lenient grammar for user text, a strict JSON query object for programs,
// and the QueryNode tree both normalise to. Text never throws (people type anything; a query
// box must not error), while a malformed JSON object is a program bug, so it gets a QueryError.
//
// ── Text grammar ────────────────────────────────────────────────────────────────────────────
//
//   query    := clause*                           clauses are separated by whitespace
//   clause   := 'AND' | 'OR' | 'NOT' | unit       operators are upper-case whole words only;
//                                                 and/or/not are ordinary words
//   unit     := [ '+' | '-' ] [ field ':' ] ( phrase | group | word )
//   phrase   := '"' any characters '"' [ '~' digits* ] [ '^' boost ]   (suffixes in either order)
//   group    := '(' query ')' [ '^' boost ]       ('~N' after ')' is read and ignored)
//   word     := characters up to whitespace, '(' or ')'; its end may carry, in this order,
//               [ '*' ] [ '~' digits* ] [ '^' boost ]   ('~' and '^' may also come swapped)
//   boost    := characters from [0-9 . e E + -]; used when it reads as a positive finite number,
//               otherwise the '^…' is dropped
//
// Meaning:
// - `+x` is required (must), `-x` excluded (mustNot). The sign counts only as the first
//   character of a unit: `e-mail` is one word. A lone `+` or `-` is dropped.
// - `field:` scopes the unit to that field when `field` is one of options.fields (case-sensitive)
//   and something other than whitespace or ')' follows the colon; otherwise the text stays a
//   plain word (`foo:bar` → the word `foo:bar`, which the kernel tokenizer splits). In
//   `field:( … )` the scope reaches every unit inside; an inner `other:` scope wins.
// - `"…"` is a phrase (unbalanced: it closes at the end of the text). `"…"~N` matches within
//   slop N (digits, clamped to 0–100; `~` alone = 2). After the closing quote (or a group's ')')
//   any other character starts a new unit.
// - `word*` is a prefix. Every other `*` in a word is removed (`*` alone, `a*b` → `ab`).
// - `word~N` is fuzzy with N edits (clamped to 2; `~` alone = 2; `~0` = exact and turns off
//   autoFuzzy for that word). Prefix and fuzzy do not combine: `ab*~1` is the prefix `ab`.
// - `^N` boosts a word, phrase or group by a positive finite N; anything else after `^` is dropped.
//   A suffix counts only when something precedes it: `~2` or `^3` alone is a plain word.
// - Precedence NOT > AND > OR; two clauses side by side join with options.defaultOperator.
//   Per group, the clauses split at OR into AND-chains. A one-clause chain is a should clause
//   of the group (must when the whole group is that single clause and defaultOperator is
//   'and'); a longer chain becomes a nested group whose clauses are must. With 'or',
//   `a OR b c` is should[a, b, c]; with 'and', `a b` is must[a, b]. `+`, `-` and `NOT` override
//   the occurrence of their unit in any position: `a NOT b` and `a AND NOT b` exclude b.
//   `NOT x` is the same as `-x`; `NOT` before an operator or at the end is dropped, as are a
//   leading or trailing AND/OR; of consecutive AND/OR the last one counts.
// - A sign or field before '(' applies to the whole group; `^N` after ')' boosts it.
// - Unbalanced ')' are ignored; unclosed '(' close at the end. Parentheses deeper than 8
//   levels are ignored (their content joins the enclosing group; their sign, field and boost
//   are dropped). Empty units (`()`, `""`, `*`) and words or phrases without any letter or
//   digit (`&&`, `!`) are dropped: the tokenizer would find nothing in them.
// - After 256 words and phrases the rest is dropped.
// - options.autoFuzzy: a word without `*` or `~`, without digits and not excluded (no `-`/NOT
//   on it or on an enclosing group) gets fuzzy 1 at 5–8 characters (code points), 2 at 9+.
// - Purely negative groups stay as they are; the engine decides that they match nothing.
//
// ── JSON query object (for programs) ────────────────────────────────────────────────────────
//
// A string is parsed as text. `{ term, field?, fuzzy?, prefix?, boost? }` and
// `{ phrase, field?, slop?, boost? }` take their text literally (no grammar inside).
// `{ and: [...] }` → must clauses, `{ or: [...] }` → should clauses, `{ not: q }` → a group that
// only excludes q; a `{ not }` directly inside `and` or `must` excludes q from that group
// instead (`{ and: [a, { not: b }] }` is a AND NOT b). `{ must?, should?, mustNot? }` is a raw
// group. Validation is strict: unknown keys, wrong types, empty `and`/`or` (or a group with no
// clauses), unknown fields, fuzzy outside 0–2, slop outside the integers 0–100, a boost that is
// not positive finite, empty text, prefix together with fuzzy > 0, more than 8 nested
// and/or/not/must objects or more than 256 terms and phrases in all → QueryError naming the
// path, e.g. `query.and[1].field: unknown field 'x'`.
//
// Both normalise the same way: fuzzy 0, slop 0, boost 1 and prefix false are omitted; groups
// that add nothing are merged into their parent where that keeps the meaning (a one-clause
// group, a should-only group among should or mustNot clauses, a must group without should
// clauses among must clauses); the root is always a bool node with at most 8 bool levels below.

export type QueryNode =
  | { type: 'term'; text: string; fields?: string[]; fuzzy?: 0 | 1 | 2; prefix?: boolean; boost?: number }
  | { type: 'phrase'; text: string; fields?: string[]; slop?: number; boost?: number }
  | { type: 'bool'; must: QueryNode[]; should: QueryNode[]; mustNot: QueryNode[]; boost?: number };

/** The documented JSON query object for programs. */
export type Query =
  | string
  | { term: string; field?: string; fuzzy?: 0 | 1 | 2; prefix?: boolean; boost?: number }
  | { phrase: string; field?: string; slop?: number; boost?: number }
  | { and: Query[] } | { or: Query[] } | { not: Query }
  | { must?: Query[]; should?: Query[]; mustNot?: Query[] };

export interface ParseOptions {
  /** The index's searchable fields (for field:term scoping). */
  fields: string[];
  defaultOperator: 'or' | 'and';
  /** Typo tolerance: plain words of 5–8 chars get fuzzy 1, 9+ chars fuzzy 2. */
  autoFuzzy?: boolean;
}

/** A malformed JSON query object (never raised for query text). `path` locates the problem. */
export class QueryError extends TypeError {
  readonly code = 'INVALID_QUERY';
  constructor(readonly path: string, problem: string) {
    super(`${path}: ${problem}`);
    this.name = 'QueryError';
  }
}

export const queryLimits = Object.freeze({ maxDepth: 8, maxLeaves: 256, maxSlop: 100, maxFuzzy: 2 });

type BoolNode = Extract<QueryNode, { type: 'bool' }>;
type Occur = 'must' | 'should' | 'mustNot';
type Join = 'and' | 'or';
interface Item { node: QueryNode; occur: Occur | undefined; join: Join }

interface Context { fields: ReadonlySet<string>; and: boolean; autoFuzzy: boolean }
interface Parser extends Context { s: string; pos: number; leaves: number; maxDepth: number }

const { maxDepth: MAX_DEPTH, maxLeaves: MAX_LEAVES, maxSlop: MAX_SLOP } = queryLimits;
const PLUS = 43, MINUS = 45, LPAREN = 40, RPAREN = 41, QUOTE = 34, COLON = 58;
const STAR = 42, TILDE = 126, CARET = 94;
const WORD_CHAR = /[\p{L}\p{N}]/u;
const DIGIT = /[0-9]/;

/** Exactly the characters of JavaScript's `\s` (and of `trim`), without a regex call per character. */
export function isSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const isWordEnd = (c: number) => c === LPAREN || c === RPAREN || isSpace(c);
const isDigitCode = (c: number) => c >= 48 && c <= 57;
const isBoostCode = (c: number) => isDigitCode(c) || c === 46 || c === 101 || c === 69 || c === PLUS || c === MINUS;

const emptyBool = (): BoolNode => ({ type: 'bool', must: [], should: [], mustNot: [] });
const clauseCount = (b: BoolNode) => b.must.length + b.should.length + b.mustNot.length;
/** A boost value from its text; invalid ones are dropped (undefined), 1 is the default anyway. */
function boostOf(text: string): number | undefined {
  const value = Number(text);
  return text && value > 0 && Number.isFinite(value) && value !== 1 ? value : undefined;
}
const digitsValue = (digits: string, fallback: number, max: number) => (digits ? Math.min(Number(digits), max) : fallback);

function contextOf(options: ParseOptions): Context {
  if (!options || typeof options !== 'object') throw new TypeError('query options: expected an object with `fields`');
  const { fields, defaultOperator = 'or', autoFuzzy = false } = options;
  if (!Array.isArray(fields) || fields.some((f) => typeof f !== 'string')) throw new TypeError('query options: `fields` must be an array of field names');
  if (defaultOperator !== 'or' && defaultOperator !== 'and') throw new TypeError(`query options: defaultOperator must be 'or' or 'and', got ${String(defaultOperator)}`);
  if (typeof autoFuzzy !== 'boolean') throw new TypeError('query options: autoFuzzy must be a boolean');
  return { fields: new Set(fields), and: defaultOperator === 'and', autoFuzzy };
}

// ── text ──────────────────────────────────────────────────────────────────────────────────

/** Parses user text; never throws for a string, runs in linear time. The root is a bool node. */
export function parseQueryText(text: string, options: ParseOptions): QueryNode {
  if (typeof text !== 'string') throw new TypeError(`parseQueryText: text must be a string, got ${typeof text}`);
  return flattenRoot(parseText(text, contextOf(options), MAX_DEPTH));
}

function parseText(text: string, context: Context, maxDepth: number): BoolNode {
  // Spelled out: a spread of the context builds the object through a slow, uncached path (it
  // was most of the parse time of a one-word query).
  const parser: Parser = { fields: context.fields, and: context.and, autoFuzzy: context.autoFuzzy, s: text, pos: 0, leaves: 0, maxDepth };
  return parseGroup(parser, 0, undefined, false);
}

/** One group up to its ')' (or the end); `negated` says an enclosing group is excluded. */
function parseGroup(p: Parser, depth: number, field: string | undefined, negated: boolean): BoolNode {
  const s = p.s, n = s.length;
  const items: Item[] = [];
  let join: Join | undefined;
  let not = false;
  let ignoredParens = 0; // '(' beyond the depth limit, whose ')' must not close this group
  let boost: number | undefined;
  const push = (node: QueryNode, occur: Occur | undefined) => {
    items.push({ node, occur: not ? 'mustNot' : occur, join: items.length ? join ?? (p.and ? 'and' : 'or') : 'or' });
    join = undefined;
    not = false;
  };
  while (p.pos < n) {
    let c = s.charCodeAt(p.pos);
    if (isSpace(c)) { p.pos++; continue; }
    if (c === RPAREN) {
      p.pos++;
      if (ignoredParens > 0) { ignoredParens--; readSuffix(p); continue; }
      if (depth > 0) { boost = boostOf(readSuffix(p).boost ?? ''); break; }
      continue; // unbalanced
    }
    let occur: Occur | undefined;
    if (c === PLUS || c === MINUS) {
      occur = c === PLUS ? 'must' : 'mustNot';
      c = s.charCodeAt(++p.pos);
      if (p.pos >= n || isSpace(c) || c === RPAREN) continue; // a lone sign
    }
    const scoped = readField(p);
    const scope = scoped ?? field;
    const excluded = negated || not || occur === 'mustNot';
    c = s.charCodeAt(p.pos);
    if (c === LPAREN) {
      p.pos++;
      if (depth >= p.maxDepth) { ignoredParens++; continue; }
      const group = parseGroup(p, depth + 1, scope, excluded);
      if (clauseCount(group)) push(group, occur);
    } else if (c === QUOTE) {
      const phrase = readPhrase(p, scope);
      if (phrase) push(phrase, occur);
    } else {
      const start = p.pos;
      while (p.pos < n && !isWordEnd(s.charCodeAt(p.pos))) p.pos++;
      const raw = s.slice(start, p.pos);
      if (occur === undefined && scoped === undefined && (raw === 'AND' || raw === 'OR' || raw === 'NOT')) {
        if (raw === 'NOT') not = true;
        else if (items.length) { join = raw === 'AND' ? 'and' : 'or'; not = false; }
        continue;
      }
      const term = makeTerm(p, raw, scope, excluded);
      if (term) push(term, occur);
    }
  }
  const node = buildBool(items, p.and);
  if (boost !== undefined) node.boost = boost;
  return node;
}

/** `name:` for a known field followed by something to scope; advances past the colon. */
function readField(p: Parser): string | undefined {
  const s = p.s;
  let i = p.pos;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c === COLON || c === QUOTE || isWordEnd(c)) break;
    i++;
  }
  if (i === p.pos || s.charCodeAt(i) !== COLON || i + 1 >= s.length) return undefined;
  const next = s.charCodeAt(i + 1);
  if (isSpace(next) || next === RPAREN) return undefined;
  const name = s.slice(p.pos, i);
  if (!p.fields.has(name)) return undefined;
  p.pos = i + 1;
  return name;
}

/** `~digits*` and `^boost` after a phrase or group, in either order, each at most once. */
function readSuffix(p: Parser): { tilde?: string; boost?: string } {
  const s = p.s;
  const out: { tilde?: string; boost?: string } = {};
  for (let k = 0; k < 2; k++) {
    const c = s.charCodeAt(p.pos);
    const key = c === TILDE ? 'tilde' : c === CARET ? 'boost' : undefined;
    if (!key || out[key] !== undefined) break;
    const accept = key === 'tilde' ? isDigitCode : isBoostCode;
    const start = ++p.pos;
    while (p.pos < s.length && accept(s.charCodeAt(p.pos))) p.pos++;
    out[key] = s.slice(start, p.pos);
  }
  return out;
}

function readPhrase(p: Parser, field: string | undefined): QueryNode | undefined {
  const s = p.s;
  const open = p.pos + 1;
  let close = s.indexOf('"', open);
  if (close < 0) close = s.length;
  p.pos = Math.min(close + 1, s.length);
  const suffix = readSuffix(p);
  const text = s.slice(open, close);
  if (!WORD_CHAR.test(text) || p.leaves >= MAX_LEAVES) return undefined;
  p.leaves++;
  const slop = suffix.tilde === undefined ? 0 : digitsValue(suffix.tilde, 2, MAX_SLOP);
  const boost = boostOf(suffix.boost ?? '');
  return {
    type: 'phrase', text,
    ...(field !== undefined && { fields: [field] }),
    ...(slop > 0 && { slop }),
    ...(boost !== undefined && { boost }),
  };
}

/** A word with its `*`, `~N` and `^N` suffixes read from the right. */
function makeTerm(p: Parser, raw: string, field: string | undefined, excluded: boolean): QueryNode | undefined {
  let end = raw.length;
  let fuzzy: number | undefined;
  let boostText: string | undefined;
  for (let k = 0; k < 2; k++) {
    let i = end;
    if (boostText === undefined) {
      while (i > 0 && isBoostCode(raw.charCodeAt(i - 1))) i--;
      if (i > 1 && raw.charCodeAt(i - 1) === CARET) { boostText = raw.slice(i, end); end = i - 1; continue; }
      i = end;
    }
    if (fuzzy === undefined) {
      while (i > 0 && isDigitCode(raw.charCodeAt(i - 1))) i--;
      if (i > 1 && raw.charCodeAt(i - 1) === TILDE) { fuzzy = digitsValue(raw.slice(i, end), 2, 2); end = i - 1; continue; }
    }
    break;
  }
  let text = raw.slice(0, end);
  const prefix = text.charCodeAt(text.length - 1) === STAR;
  if (text.includes('*')) text = text.replace(/\*/g, '');
  if (!WORD_CHAR.test(text) || p.leaves >= MAX_LEAVES) return undefined;
  p.leaves++;
  if (prefix) fuzzy = undefined;
  else if (fuzzy === undefined && p.autoFuzzy && !excluded && !DIGIT.test(text)) {
    let length = 0;
    for (const _ of text) length++;
    if (length >= 9) fuzzy = 2;
    else if (length >= 5) fuzzy = 1;
  }
  const boost = boostOf(boostText ?? '');
  return {
    type: 'term', text,
    ...(field !== undefined && { fields: [field] }),
    ...(fuzzy && { fuzzy: fuzzy as 1 | 2 }),
    ...(prefix && { prefix }),
    ...(boost !== undefined && { boost }),
  };
}

/** A group's clauses split at OR into AND-chains (NOT > AND > OR), as described above. */
function buildBool(items: Item[], and: boolean): BoolNode {
  const chains: Item[][] = [];
  for (const item of items) {
    if (item.join === 'or' || !chains.length) chains.push([item]);
    else chains[chains.length - 1].push(item);
  }
  const bool = emptyBool();
  for (const chain of chains) {
    if (chains.length === 1 || chain.length === 1) {
      const plain: Occur = chain.length > 1 || (chains.length === 1 && and) ? 'must' : 'should';
      for (const item of chain) bool[item.occur ?? plain].push(item.node);
    } else {
      const sub = emptyBool();
      for (const item of chain) sub[item.occur ?? 'must'].push(item.node);
      bool.should.push(sub);
    }
  }
  return bool;
}

// ── flattening (keeps meaning: bool scores are the sum of their matching clauses) ──────────

const isPlainBool = (node: QueryNode): node is BoolNode => node.type === 'bool' && node.boost === undefined;

function onlyClause(b: BoolNode): QueryNode | undefined {
  return !b.mustNot.length && b.must.length + b.should.length === 1 ? b.must[0] ?? b.should[0] : undefined;
}

function addClause(out: BoolNode, occur: Occur, child: QueryNode): void {
  if (isPlainBool(child)) {
    const only = onlyClause(child);
    if (only) return addClause(out, occur, only);
    if (occur === 'must' && child.must.length && !child.should.length) {
      out.must.push(...child.must);
      out.mustNot.push(...child.mustNot);
      return;
    }
    if (occur !== 'must' && !child.must.length && !child.mustNot.length) {
      out[occur].push(...child.should);
      return;
    }
  }
  out[occur].push(child);
}

function flatten(node: QueryNode): QueryNode {
  if (node.type !== 'bool') return node;
  const out = emptyBool();
  for (const occur of ['must', 'should', 'mustNot'] as const) for (const child of node[occur]) addClause(out, occur, flatten(child));
  if (node.boost !== undefined) out.boost = node.boost;
  return out;
}

function flattenRoot(root: BoolNode): BoolNode {
  let node = flatten(root) as BoolNode;
  for (let only = onlyClause(node); only && isPlainBool(only); only = onlyClause(node)) node = only;
  return node;
}

// ── JSON ──────────────────────────────────────────────────────────────────────────────────

const KEYS: Record<string, readonly string[]> = {
  term: ['term', 'field', 'fuzzy', 'prefix', 'boost'],
  phrase: ['phrase', 'field', 'slop', 'boost'],
  and: ['and'], or: ['or'], not: ['not'],
  bool: ['must', 'should', 'mustNot'],
};

const own = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value;
}

/** Validates a JSON query (strings are parsed as text) and returns the normalised tree. */
export function normaliseQuery(query: Query, options: ParseOptions): QueryNode {
  if (typeof query === 'string') return parseQueryText(query, options);
  const context = contextOf(options);
  const node = fromJson(query, 'query', 0, context, { leaves: 0 });
  if (node.type === 'bool') return flattenRoot(node);
  const root = emptyBool();
  root[context.and ? 'must' : 'should'].push(node);
  return root;
}

/** `level`: and/or/not/must objects enclosing `q`. */
function fromJson(q: unknown, path: string, level: number, context: Context, count: { leaves: number }): QueryNode {
  if (typeof q === 'string') {
    const node = parseText(q, context, MAX_DEPTH - level);
    count.leaves += countLeaves(node);
    if (count.leaves > MAX_LEAVES) throw new QueryError(path, `more than ${MAX_LEAVES} terms and phrases`);
    return node;
  }
  if (q === null || typeof q !== 'object' || Array.isArray(q)) throw new QueryError(path, `expected a query string or object, got ${describe(q)}`);
  const o = q as Record<string, unknown>;
  const kind = ['term', 'phrase', 'and', 'or', 'not'].find((key) => own(o, key))
    ?? (KEYS.bool.some((key) => own(o, key)) ? 'bool' : undefined);
  if (!kind) throw new QueryError(path, "expected one of the keys 'term', 'phrase', 'and', 'or', 'not', 'must', 'should', 'mustNot'");
  for (const key of Object.keys(o)) {
    if (!KEYS[kind].includes(key)) throw new QueryError(`${path}.${key}`, `unknown key '${key}' in ${kind === 'bool' ? 'a must/should/mustNot' : `a ${kind}`} query`);
  }
  if (kind === 'term' || kind === 'phrase') {
    if (++count.leaves > MAX_LEAVES) throw new QueryError(path, `more than ${MAX_LEAVES} terms and phrases`);
    return leafFromJson(o, kind, path, context);
  }
  if (level >= MAX_DEPTH) throw new QueryError(path, `nested deeper than ${MAX_DEPTH} levels`);
  const child = (value: unknown, at: string) => fromJson(value, at, level + 1, context, count);
  const bool = emptyBool();
  if (kind === 'not') {
    bool.mustNot.push(child(o.not, `${path}.not`));
    return bool;
  }
  const lists: [Occur, string, unknown][] = kind === 'bool'
    ? [['must', 'must', o.must], ['should', 'should', o.should], ['mustNot', 'mustNot', o.mustNot]]
    : [[kind === 'and' ? 'must' : 'should', kind, o[kind]]];
  for (const [occur, key, list] of lists) {
    if (list === undefined && kind === 'bool') continue;
    if (!Array.isArray(list)) throw new QueryError(`${path}.${key}`, `must be an array of queries, got ${describe(list)}`);
    if (!list.length && kind !== 'bool') throw new QueryError(`${path}.${key}`, 'must not be empty');
    list.forEach((value, i) => {
      const node = child(value, `${path}.${key}[${i}]`);
      // `{ not: q }` inside a conjunction means "and not q", not "and (a group matching nothing)".
      const isNot = occur === 'must' && value !== null && typeof value === 'object' && own(value as object, 'not');
      if (isNot && node.type === 'bool') bool.mustNot.push(...node.mustNot);
      else bool[occur].push(node);
    });
  }
  if (!clauseCount(bool)) throw new QueryError(path, 'a must/should/mustNot query needs at least one clause');
  return bool;
}

function leafFromJson(o: Record<string, unknown>, kind: 'term' | 'phrase', path: string, context: Context): QueryNode {
  const text = o[kind];
  if (typeof text !== 'string') throw new QueryError(`${path}.${kind}`, `must be a string, got ${describe(text)}`);
  if (!text.trim()) throw new QueryError(`${path}.${kind}`, 'must not be empty');
  const { field, boost } = o;
  if (field !== undefined) {
    if (typeof field !== 'string') throw new QueryError(`${path}.field`, `must be a field name, got ${describe(field)}`);
    if (!context.fields.has(field)) throw new QueryError(`${path}.field`, `unknown field '${field}'`);
  }
  if (boost !== undefined && (typeof boost !== 'number' || !(boost > 0) || !Number.isFinite(boost))) {
    throw new QueryError(`${path}.boost`, `must be a positive finite number, got ${describe(boost)}`);
  }
  const common = {
    ...(field !== undefined && { fields: [field as string] }),
  };
  const boosted = boost !== undefined && boost !== 1 ? { boost: boost as number } : {};
  if (kind === 'phrase') {
    const { slop } = o;
    if (slop !== undefined && (typeof slop !== 'number' || !Number.isInteger(slop) || slop < 0 || slop > MAX_SLOP)) {
      throw new QueryError(`${path}.slop`, `must be an integer from 0 to ${MAX_SLOP}, got ${describe(slop)}`);
    }
    return { type: 'phrase', text, ...common, ...(slop ? { slop: slop as number } : {}), ...boosted };
  }
  const { fuzzy, prefix } = o;
  if (fuzzy !== undefined && fuzzy !== 0 && fuzzy !== 1 && fuzzy !== 2) throw new QueryError(`${path}.fuzzy`, `must be 0, 1 or 2, got ${describe(fuzzy)}`);
  if (prefix !== undefined && typeof prefix !== 'boolean') throw new QueryError(`${path}.prefix`, `must be a boolean, got ${describe(prefix)}`);
  if (prefix && fuzzy) throw new QueryError(path, 'prefix and fuzzy cannot be combined');
  return { type: 'term', text, ...common, ...(fuzzy ? { fuzzy: fuzzy as 1 | 2 } : {}), ...(prefix ? { prefix: true } : {}), ...boosted };
}

function countLeaves(node: QueryNode): number {
  if (node.type !== 'bool') return 1;
  let total = 0;
  for (const list of [node.must, node.should, node.mustNot]) for (const child of list) total += countLeaves(child);
  return total;
}
