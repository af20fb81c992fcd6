#!/usr/bin/env node
// Generates assembly/text/unicode-tables.ts: the character classes and the folding map the
// tokenizer kernel looks up. The kernel cannot use JS regexes or String methods, so this script
// evaluates them once for every code point (with the Unicode data built into Node) and writes
// the results as static data. Run: `node scripts/gen-unicode.mjs`.
//
// The definitions are exported too, so tests can compare the kernel with them directly.
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const SEPARATOR = 0; // not part of any token
export const WORD = 1;      // letters and numbers: runs of them form a token
export const MARK = 2;      // combining marks: extend the token they follow, fold to nothing
export const CJK = 3;       // scripts written without spaces: one character per token

const WORD_RE = /^[\p{L}\p{N}\p{M}]$/u;
const MARK_RE = /^\p{M}$/u;
const DIGIT_RE = /^\p{Nd}$/u;
// Script_Extensions rather than Script so that 'ー' (U+30FC), '々' and the kana iteration marks,
// which are Script=Common but only used inside Japanese/Chinese text, are indexed the same way.
const CJK_RE = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Thai}\p{scx=Lao}\p{scx=Khmer}\p{scx=Myanmar}]$/u;

// Folds whose UTF-8 form is longer than this many times the source character's are not applied:
// the bound is what makes `termCap = 3 * len + 64` always enough (see tokenizer.ts).
export const MAX_FOLD_EXPANSION = 3;

const utf8 = new TextEncoder();
const byteLength = (s) => utf8.encode(s).length;

/** The class of a code point (surrogates and unassigned code points are separators). */
export function classOf(cp) {
  if (cp >= 0xd800 && cp <= 0xdfff) return SEPARATOR;
  const ch = String.fromCodePoint(cp);
  if (!WORD_RE.test(ch)) return SEPARATOR;
  if (MARK_RE.test(ch)) return MARK;
  // Decimal digits of these scripts stay ordinary word characters so numbers are not split.
  if (CJK_RE.test(ch) && !DIGIT_RE.test(ch)) return CJK;
  return WORD;
}

// One folding pass over a string: lower-case, compatibility-decompose (ligatures, full-width and
// styled letters), lower-case again (decompositions can yield capitals), ß→ss and final ς→σ as
// case folding does, drop marks (diacritics) and anything that is not a word character (NFKD
// brings in spaces, parentheses, fraction slashes), then recompose so Hangul syllables stay whole.
function foldOnce(s) {
  const t = s.toLowerCase().normalize('NFKD').toLowerCase().replace(/ß/g, 'ss').replace(/ς/g, 'σ');
  let kept = '';
  for (const ch of t) if (WORD_RE.test(ch) && !MARK_RE.test(ch)) kept += ch;
  return kept.normalize('NFC');
}

const foldCache = new Map();

/** The folded form (a string, possibly empty) of a word, mark or CJK code point. */
export function foldCodePoint(cp) {
  let folded = foldCache.get(cp);
  if (folded !== undefined) return folded;
  const ch = String.fromCodePoint(cp);
  folded = ch;
  if (classOf(cp) !== SEPARATOR) {
    // Repeat until stable so that folding a folded term changes nothing.
    let t = ch;
    for (let round = 0; ; round++) {
      let next = '';
      for (const c of t) next += foldOnce(c);
      if (next === t) break;
      if (round > 8) throw new Error(`folding U+${cp.toString(16)} does not converge`);
      t = next;
    }
    folded = byteLength(t) <= MAX_FOLD_EXPANSION * byteLength(ch) ? t : ch;
  }
  foldCache.set(cp, folded);
  return folded;
}

/** Folds a string code point by code point, exactly as the kernel does (separators are kept). */
export function foldText(text) {
  let out = '';
  for (const ch of text) out += foldCodePoint(ch.codePointAt(0));
  return out;
}

// Class table: segment starts (sorted, first is 0) and the class of each segment.
function buildClassTable() {
  const starts = [];
  const kinds = [];
  let previous = -1;
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    const kind = classOf(cp);
    if (kind !== previous) {
      starts.push(cp);
      kinds.push(kind);
      previous = kind;
    }
  }
  return { starts, kinds };
}

// Fold table: sorted runs of code points whose fold is not themselves. A run either maps each
// code point to one code point at a constant distance ("cp + delta", e.g. A-Z → a-z) or maps
// every code point in it to the same string from the pool (e.g. a block of marks → nothing).
const POOL_FLAG = 0x80000000;
const MAX_SPAN = 0xffff;
const MAX_POOL_LEN = 31;

function buildFoldTable() {
  const starts = [];
  const spans = [];
  const values = [];
  const pool = [];
  const poolIndex = new Map();
  // A run is { start, span, delta, text, kind }: kind 'delta' or 'text' once it has two members.
  let run = null;
  const flush = () => {
    if (!run) return;
    starts.push(run.start);
    spans.push(run.span);
    if (run.kind !== 'text' && run.delta !== undefined) {
      values.push(run.start + run.delta);
    } else {
      let offset = poolIndex.get(run.text);
      const cps = [...run.text].map((c) => c.codePointAt(0));
      if (cps.length > MAX_POOL_LEN) throw new Error(`fold of U+${run.start.toString(16)} too long`);
      if (offset === undefined) {
        offset = pool.length;
        pool.push(...cps);
        poolIndex.set(run.text, offset);
      }
      values.push((POOL_FLAG | (offset << 5) | cps.length) >>> 0);
    }
    run = null;
  };
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (classOf(cp) === SEPARATOR) { flush(); continue; }
    const folded = foldCodePoint(cp);
    if (folded === String.fromCodePoint(cp)) { flush(); continue; }
    const cps = [...folded];
    const delta = cps.length === 1 ? cps[0].codePointAt(0) - cp : undefined;
    if (run && run.start + run.span === cp && run.span < MAX_SPAN) {
      // Extend as "cp + delta" (A-Z → a-z) or as "same string" (Ā ā Ă ă Ą ą → a).
      if (run.kind !== 'text' && delta !== undefined && delta === run.delta) { run.kind = 'delta'; run.span++; continue; }
      if (run.kind !== 'delta' && folded === run.text) { run.kind = 'text'; run.span++; continue; }
    }
    flush();
    run = { start: cp, span: 1, delta, text: folded, kind: undefined };
  }
  flush();
  return { starts, spans, values, pool };
}

// Decodes the tables the way the kernel does and compares them with the definitions above.
function verify(classTable, foldTable) {
  const lastAtOrBefore = (arr, cp) => {
    let lo = 0, hi = arr.length - 1;
    while (lo < hi) { const mid = (lo + hi + 1) >> 1; if (arr[mid] <= cp) lo = mid; else hi = mid - 1; }
    return lo;
  };
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    const kind = classTable.kinds[lastAtOrBefore(classTable.starts, cp)];
    if (kind !== classOf(cp)) throw new Error(`class table wrong at U+${cp.toString(16)}`);
    if (kind === SEPARATOR) continue;
    const ch = String.fromCodePoint(cp);
    let got = ch;
    const i = lastAtOrBefore(foldTable.starts, cp);
    if (foldTable.starts[i] <= cp && cp - foldTable.starts[i] < foldTable.spans[i]) {
      const v = foldTable.values[i];
      if (v & POOL_FLAG) {
        const off = (v & ~POOL_FLAG) >>> 5, len = v & 31;
        got = String.fromCodePoint(...foldTable.pool.slice(off, off + len));
      } else {
        got = String.fromCodePoint(v + (cp - foldTable.starts[i]));
      }
    }
    const want = foldCodePoint(cp);
    if (got !== want) throw new Error(`fold table wrong at U+${cp.toString(16)}`);
    if (byteLength(want) > MAX_FOLD_EXPANSION * byteLength(ch)) throw new Error(`fold of U+${cp.toString(16)} expands too much`);
    if (foldText(want) !== want) throw new Error(`fold of U+${cp.toString(16)} is not stable`);
    for (const c of want) {
      const k = classOf(c.codePointAt(0));
      if (k !== WORD && k !== CJK) throw new Error(`fold of U+${cp.toString(16)} yields a non-word character`);
    }
  }
}

// The tables ship packed, since the kernel is inlined in every bundle: unsigned LEB128 varints of
// small numbers (46 KB of u32/u16 arrays become 22 KB, and about 10 KB instead of 16.5 KB once
// deflated). The kernel unpacks them at start (assembly/text/unicode-unpacked.ts) with exactly the
// steps of unpack() below. Stream, in order:
//   class segments: start - previous start (the first from 0), then every kind as one byte;
//   fold runs: start - previous start, then every span, then every value as
//     (zigzag(target - start) << 1) for "cp + delta" runs, or ((pool offset << 5 | length) << 1 | 1);
//   pool: zigzag(code point - previous code point).
const zigzag = (n) => ((n << 1) ^ (n >> 31)) >>> 0;
const unzigzag = (n) => (n >>> 1) ^ -(n & 1);

function pack(classTable, foldTable) {
  const bytes = [];
  const varint = (value) => {
    let v = value >>> 0;
    while (v >= 0x80) { bytes.push((v & 0x7f) | 0x80); v >>>= 7; }
    bytes.push(v);
  };
  let previous = 0;
  for (const start of classTable.starts) { varint(start - previous); previous = start; }
  for (const kind of classTable.kinds) bytes.push(kind);
  previous = 0;
  for (const start of foldTable.starts) { varint(start - previous); previous = start; }
  for (const span of foldTable.spans) varint(span);
  foldTable.values.forEach((value, i) => {
    if (value & POOL_FLAG) varint((((value & ~POOL_FLAG) >>> 0) << 1 | 1) >>> 0);
    else varint(zigzag(value - foldTable.starts[i]) << 1 >>> 0);
  });
  previous = 0;
  for (const cp of foldTable.pool) { varint(zigzag(cp - previous)); previous = cp; }
  return bytes;
}

/** The kernel's unpacking, step for step, so verify() checks what the kernel will hold. */
export function unpack(bytes, classCount, foldCount, poolCount) {
  let at = 0;
  const varint = () => {
    let value = 0, shift = 0, byte;
    do { byte = bytes[at++]; value = (value | ((byte & 0x7f) << shift)) >>> 0; shift += 7; } while (byte & 0x80);
    return value;
  };
  const starts = [], kinds = [], foldStarts = [], spans = [], values = [], pool = [];
  let previous = 0;
  for (let i = 0; i < classCount; i++) { previous = (previous + varint()) >>> 0; starts.push(previous); }
  for (let i = 0; i < classCount; i++) kinds.push(bytes[at++]);
  previous = 0;
  for (let i = 0; i < foldCount; i++) { previous = (previous + varint()) >>> 0; foldStarts.push(previous); }
  for (let i = 0; i < foldCount; i++) spans.push(varint());
  for (let i = 0; i < foldCount; i++) {
    const v = varint();
    values.push(v & 1 ? (POOL_FLAG | (v >>> 1)) >>> 0 : (foldStarts[i] + unzigzag(v >>> 1)) >>> 0);
  }
  previous = 0;
  for (let i = 0; i < poolCount; i++) { previous = (previous + unzigzag(varint())) >>> 0; pool.push(previous); }
  if (at !== bytes.length) throw new Error(`packed tables: ${bytes.length - at} bytes left over`);
  return { classTable: { starts, kinds }, foldTable: { starts: foldStarts, spans, values, pool } };
}

function formatArray(values, hex) {
  const items = values.map((v) => (hex ? '0x' + v.toString(16) : String(v)));
  const lines = [];
  for (let i = 0; i < items.length; i += 16) lines.push('  ' + items.slice(i, i + 16).join(', ') + ',');
  return lines.join('\n');
}

function render(classTable, foldTable, packed) {
  const unicode = process.versions.unicode ?? 'unknown';
  const skipped = [];
  for (let cp = 0x80; cp <= 0x10ffff; cp++) {
    if (classOf(cp) === SEPARATOR || foldCodePoint(cp) !== String.fromCodePoint(cp)) continue;
    // Identity folds that were forced by the expansion bound, listed for the header.
    let t = String.fromCodePoint(cp), n = '';
    for (const c of t) n += foldOnce(c);
    if (n !== t && byteLength(n) > MAX_FOLD_EXPANSION * byteLength(t)) skipped.push('U+' + cp.toString(16).toUpperCase());
  }
  return `// GENERATED FILE, do not edit: \`node scripts/gen-unicode.mjs\` rewrites it.
// Source: Unicode ${unicode} as built into Node ${process.versions.node} (ICU ${process.versions.icu}),
// evaluated with JS regexes and String methods (see the script for the exact definitions).
//
// Unpacked by assembly/text/unicode-unpacked.ts into these tables:\n// CLASS_*: segments [CLASS_START[i], CLASS_START[i + 1]) of code points sharing one class:
//   0 separator, 1 word (\\p{L} \\p{N}), 2 mark (\\p{M}),
//   3 CJK-like (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar by Script_Extensions; not marks or Nd).
// FOLD_*: runs [FOLD_START[i], FOLD_START[i] + FOLD_SPAN[i]) of code points whose fold differs from
//   themselves. FOLD_VALUE[i] without bit 31: the fold is the single code point
//   FOLD_VALUE[i] + (cp - FOLD_START[i]). With bit 31: every code point of the run folds to the
//   (value & 31) code points at FOLD_POOL[(value >> 5) & 0x3ffffff] (marks fold to none).
//   fold(c) = NFC(word-and-non-mark chars of lower(NFKD(lower(c))) with ß→ss, ς→σ), iterated until
//   stable; folds longer than ${MAX_FOLD_EXPANSION}x the source in UTF-8 are not applied (${skipped.join(', ') || 'none'}).

export const CLASS_COUNT: i32 = ${classTable.starts.length};
export const FOLD_COUNT: i32 = ${foldTable.starts.length};
export const FOLD_POOL_COUNT: i32 = ${foldTable.pool.length};
// The tables above, packed (see scripts/gen-unicode.mjs); assembly/text/unicode-unpacked.ts unpacks them.
export const UNICODE_PACKED_BYTES: i32 = ${packed.length};
export const UNICODE_PACKED: usize = memory.data<u8>([
${formatArray(packed, false)}
]);
`;
}

function main() {
  const classTable = buildClassTable();
  const foldTable = buildFoldTable();
  const packed = pack(classTable, foldTable);
  // What the kernel holds after unpacking must match the tables, and the tables the definitions.
  const unpacked = unpack(packed, classTable.starts.length, foldTable.starts.length, foldTable.pool.length);
  if (JSON.stringify(unpacked) !== JSON.stringify({ classTable, foldTable })) throw new Error('packed tables do not unpack to the tables');
  verify(unpacked.classTable, unpacked.foldTable);
  const out = fileURLToPath(new URL('../assembly/text/unicode-tables.ts', import.meta.url));
  const text = render(classTable, foldTable, packed);
  writeFileSync(out, text);
  console.log(`wrote ${out}: ${classTable.starts.length} class segments, ${foldTable.starts.length} fold runs, ` +
    `${foldTable.pool.length} pool code points, packed in ${packed.length} bytes`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
