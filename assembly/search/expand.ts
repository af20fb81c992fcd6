// Expanding a prefix or a misspelt word into dictionary terms, bounded to the best
// MAX_EXPANSIONS: prefixes keep the terms in the most documents; fuzzy words the closest terms
// (Damerau-Levenshtein, optimal string alignment, over code points), then the most frequent.
// Fuzzy matching walks the terms in byte order like a trie: rows of the edit-distance table are
// shared by terms with a common prefix, and a prefix that is already too far away skips every
// term under it (a few hops over the sorted-prefixes arrays; one binary search without them).
import { termStart, termLength, dfOf } from '../index/dictionary';
import { sortedTermsUpdate, sortedTermAt, sortedTermCount, sortedLowerBound } from '../index/sorted-terms';
import { sortedTermBytesUpdate, sortedStart, sortedLength } from '../index/sorted-term-bytes';
import { sortedPrefixesUpdate, sharedWithPrevious, skipPrefix, pairStart } from '../index/sorted-prefixes';
import {
  sortedFirstLettersUpdate, firstLetterCount, firstLetter, firstLetterStart, firstLetterEnd, firstLetterBytes, firstLetterMayPrecede,
} from '../index/sorted-first-letters';
import { decodeUtf8, decodedCodePoint, decodedLength, encodeUtf8 } from '../text/utf8';

export const MAX_EXPANSIONS: u32 = 50;
const MAX_CPS: u32 = 64;

const terms = heapScratch(<i32>(MAX_EXPANSIONS * 4));
const ranks = heapScratch(<i32>(MAX_EXPANSIONS * 8)); // sort key per kept term (higher is better)
const weights = heapScratch(<i32>(MAX_EXPANSIONS * 4));
let count: u32 = 0;

@inline export function expansionCount(): u32 { return count; }
@inline export function expansionTerm(i: u32): u32 { return load<u32>(terms + (i << 2)); }
@inline export function expansionWeight(i: u32): f32 { return load<f32>(weights + (i << 2)); }

/** Keeps the MAX_EXPANSIONS best (term, rank) pairs, best first; ties keep the earlier term. */
function offer(term: u32, rank: u64, weight: f32): void {
  if (count == MAX_EXPANSIONS && rank <= load<u64>(ranks + ((count - 1) << 3))) return;
  let i = count < MAX_EXPANSIONS ? count++ : count - 1;
  while (i > 0 && load<u64>(ranks + ((i - 1) << 3)) < rank) {
    store<u32>(terms + (i << 2), load<u32>(terms + ((i - 1) << 2)));
    store<u64>(ranks + (i << 3), load<u64>(ranks + ((i - 1) << 3)));
    store<f32>(weights + (i << 2), load<f32>(weights + ((i - 1) << 2)));
    i--;
  }
  store<u32>(terms + (i << 2), term);
  store<u64>(ranks + (i << 3), rank);
  store<f32>(weights + (i << 2), weight);
}

/** Byte order of the term at sorted position p, from byte `offset` on, against [key, key+keyLength). */
function compareFrom(p: u32, offset: u32, key: usize, keyLength: u32): i32 {
  const length = sortedLength(p);
  const start = sortedStart(p);
  const n = min<u32>(length - offset, keyLength);
  for (let b: u32 = 0; b < n; b++) {
    const x = <i32>load<u8>(start + offset + b), y = <i32>load<u8>(key + b);
    if (x != y) return x - y;
  }
  return <i32>(length - offset) - <i32>keyLength;
}

/** The first sorted position in [lo, hi) whose bytes from `offset` on are ≥ the key. */
function lowerBoundFrom(lo: u32, hi: u32, offset: u32, key: usize, keyLength: u32): u32 {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (compareFrom(mid, offset, key, keyLength) < 0) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * The sorted position in [lo, hi) of the term whose bytes from `offset` on are exactly the key
 * (every term in the range shares its first `offset` bytes), or -1. Under a one-byte prefix the
 * pair table narrows the range to the terms continuing with the key's first byte.
 */
function findFrom(lo: u32, hi: u32, offset: u32, key: usize, keyLength: u32): i32 {
  if (offset == 1 && keyLength) {
    const first = <u32>load<u8>(sortedStart(lo));
    const next = <u32>load<u8>(key);
    lo = max<u32>(lo, pairStart(first, next));
    if (next < 0xff) hi = min<u32>(hi, pairStart(first, next + 1));
  }
  if (lo >= hi) return -1;
  // The range's terms continue, after the shared `offset` bytes, in ascending byte order (the
  // shared prefix itself, if it is a term, first): a key byte outside the first and last
  // continuation bytes is absent without a search (a Cyrillic subtree for a Latin key, say).
  if (sortedLength(lo) == offset) {
    if (!keyLength) return <i32>lo;
    lo++;
    if (lo >= hi) return -1;
  } else if (!keyLength) {
    return -1;
  }
  const next = <u32>load<u8>(key);
  if (next < <u32>load<u8>(sortedStart(lo) + offset) || next > <u32>load<u8>(sortedStart(hi - 1) + offset)) return -1;
  const at = lowerBoundFrom(lo, hi, offset, key, keyLength);
  return at < hi && sortedLength(at) == offset + keyLength && compareFrom(at, offset, key, keyLength) == 0 ? <i32>at : -1;
}

/** Terms starting with bytes [ptr, ptr+len); the term equal to the prefix weighs 1, others 0.5. */
export function expandPrefix(ptr: usize, len: u32): void {
  count = 0;
  if (!sortedTermsUpdate() || !sortedTermBytesUpdate()) return;
  const total = sortedTermCount();
  // Every term from the lower bound on that is still ≥ the prefix and shorter than it or
  // different in its first len bytes lies past the range.
  for (let i = lowerBoundFrom(0, total, 0, ptr, len); i < total; i++) {
    if (sortedLength(i) < len || memory.compare(sortedStart(i), ptr, len) != 0) break;
    const id = sortedTermAt(i);
    const df = dfOf(id);
    if (!df) continue;
    const exact = sortedLength(i) == len;
    offer(id, (<u64>(exact ? 1 : 0) << 32) | df, exact ? 1 : 0.5);
  }
}

// Fuzzy matching state: the query's code points, the candidate's code points, and one row of
// the distance table per candidate depth.
const query = heapScratch(<i32>(MAX_CPS * 4));
const cand = heapScratch(<i32>(MAX_CPS * 4));
const prev = heapScratch(<i32>(MAX_CPS * 4));
const rows = heapScratch(<i32>((MAX_CPS + 1) * (MAX_CPS + 1) * 2));
const upper = heapScratch(<i32>(MAX_CPS * 4 + 1));
const offsets = heapScratch(<i32>((MAX_CPS + 1) * 4)); // byte offset after k code points of cand

const queryOffsets = heapScratch(<i32>((MAX_CPS + 1) * 4)); // byte offset of each query code point

function decodeInto(ptr: usize, len: u32, out: usize): u32 {
  let n: u32 = 0;
  const start = ptr;
  const end = ptr + len;
  while (ptr < end && n < MAX_CPS) {
    const d = decodeUtf8(ptr, end);
    store<u32>(out + (n << 2), decodedCodePoint(d));
    if (out == query) store<u32>(queryOffsets + (n << 2), <u32>(ptr - start));
    ptr += decodedLength(d);
    n++;
  }
  if (out == query) store<u32>(queryOffsets + (n << 2), <u32>(ptr - start));
  return n;
}

/** Decodes [at, end) into cand from code point `from` on, recording byte offsets; returns the count. */
function decodeCandidate(start: usize, end: usize, from: u32): u32 {
  let n = from;
  let at = start + load<u32>(offsets + (from << 2));
  while (at < end && n < MAX_CPS) {
    const d = decodeUtf8(at, end);
    store<u32>(cand + (n << 2), decodedCodePoint(d));
    at += decodedLength(d);
    n++;
    store<u32>(offsets + (n << 2), <u32>(at - start));
  }
  return n;
}

// Children worth visiting under a node whose row has no edit to spare (see viableNext).
const MAX_VIABLE: u32 = 16;
const viable = heapScratch(<i32>(MAX_VIABLE * 4));
const viableBytes = heapScratch(8);

/** Adds cp to the n sorted, distinct code points in `viable`; returns the new count. */
function addViable(n: u32, cp: u32): u32 {
  for (let k: u32 = 0; k < n; k++) if (load<u32>(viable + (k << 2)) == cp) return n;
  let i = n;
  while (i > 0 && load<u32>(viable + ((i - 1) << 2)) > cp) {
    store<u32>(viable + (i << 2), load<u32>(viable + ((i - 1) << 2)));
    i--;
  }
  store<u32>(viable + (i << 2), cp);
  return n + 1;
}

/**
 * The code points a child of the node at depth k (the candidate's first k code points, rows
 * 0..k of the table valid) can continue with and still come within reach, ascending in
 * `viable`; -1 when any child might. Mirrors the row k+1 recurrence: once every cell it reads
 * from row k is already at maxEdits (and column 0 is out of reach), a cell of row k+1 stays
 * within reach only through an exact match on the diagonal or a transposition.
 */
function viableNext(k: u32, q: u32, maxEdits: u32, width: u32): i32 {
  if (k < maxEdits || k >= MAX_CPS) return -1;
  const row = k + 1;
  const lo = row > maxEdits ? row - maxEdits : 1;
  const hi = min<u32>(q, row + maxEdits);
  if (lo > hi) return 0;
  for (let j = lo; j <= hi; j++) {
    if (<u32>load<u16>(cell(k, j - 1, width)) < maxEdits || <u32>load<u16>(cell(k, j, width)) < maxEdits) return -1;
  }
  let n: u32 = 0;
  const last = load<u32>(cand + ((k - 1) << 2));
  for (let j = lo; j <= hi; j++) {
    if (<u32>load<u16>(cell(k, j - 1, width)) <= maxEdits) n = addViable(n, load<u32>(query + ((j - 1) << 2)));
    if (j > 1 && load<u32>(query + ((j - 1) << 2)) == last && <u32>load<u16>(cell(k - 1, j - 2, width)) + 1 <= maxEdits) {
      n = addViable(n, load<u32>(query + ((j - 2) << 2)));
    }
  }
  return <i32>n;
}

/**
 * Under the node at depth k holding position i (terms sharing their first bytes up to
 * `offset`), the first position ≥ i whose next code point is among the `n` viable ones, or the
 * node's end.
 */
function nextViable(i: u32, k: u32, offset: u32, n: u32): u32 {
  let at = i;
  let end: u32 = 0; // found when first needed: most calls stop at i
  for (;;) {
    if (end && at >= end) return end;
    const start = sortedStart(at);
    const length = sortedLength(at);
    let cp: i64 = -1;
    if (length > offset) cp = <i64>decodedCodePoint(decodeUtf8(start + offset, start + length));
    // The smallest viable code point ≥ cp: this term if it is that one, else the first term
    // at or after it (byte order is code point order).
    let v: u32 = 0;
    while (v < n && <i64>load<u32>(viable + (v << 2)) < cp) v++;
    if (v == n) return end ? end : skipPrefix(i, k);
    const want = load<u32>(viable + (v << 2));
    if (<i64>want == cp) return at;
    if (!end) end = skipPrefix(i, k);
    if (offset == 1 && want < 0x80) {
      // Under a one-byte prefix the lower bound of (prefix, want) is a table lookup.
      at = pairStart(<u32>load<u8>(start), want);
      continue;
    }
    at = lowerBoundFrom(at + 1, end, offset, viableBytes, encodeUtf8(want, viableBytes));
  }
  return end; // not reached
}

@inline function cell(depth: u32, j: u32, width: u32): usize { return rows + ((depth * width + j) << 1); }

/** Terms within `maxEdits` of the word: distance 0 weighs 1, 1 weighs 1/2, 2 weighs 1/3. */
export function expandFuzzy(ptr: usize, len: u32, maxEdits: u32): void {
  count = 0;
  if (!sortedTermsUpdate()) return;
  const q = decodeInto(ptr, len, query);
  const width = q + 1;
  for (let j: u32 = 0; j <= q; j++) store<u16>(cell(0, j, width), <u16>min<u32>(j, maxEdits + 1));
  const total = sortedTermCount();
  // With the sorted-prefixes arrays, a term's first `shared` code points are byte for byte the
  // previous candidate's (still decoded in cand), and dead prefixes are skipped by hops.
  const hops = sortedPrefixesUpdate();
  // With one edit, first code points are dismissed or completed group by group (see below).
  const letters = hops && maxEdits == 1 && sortedFirstLettersUpdate() ? firstLetterCount() : 0;
  let letter: u32 = 0;
  store<u32>(offsets, 0);
  let prevLength: u32 = 0; // rows 1..prevLength of the table are valid for the next candidate
  let prevCount: u32 = 0;  // code points of the previous candidate in cand
  let shared: u32 = 0;     // code points the next candidate shares (same bytes) with the previous
  let i: u32 = 0;
  while (i < total) {
    if (letters && shared == 0) {
      // A new first code point c. Unless it is the query's first or second (a match, a
      // deletion or a transposition at the start), the one edit is spent on it: the only
      // terms within reach are c + query[1..] (substitution) and c + query[0..] (insertion),
      // looked up directly (when some term continues c with their first byte at all)
      // instead of walking c's subtree.
      while (letter < letters && firstLetterStart(letter) < i) letter++;
      const rest = load<u32>(queryOffsets, 4);
      const from = letter;
      for (; letter < letters; letter++) {
        const c = firstLetter(letter);
        if (c == load<u32>(query) || (q > 1 && c == load<u32>(query, 4))) break;
        const start = firstLetterStart(letter), end = firstLetterEnd(letter), width = firstLetterBytes(letter);
        let n: u32 = 0;
        if (rest == len || firstLetterMayPrecede(letter, <u32>load<u8>(ptr + rest))) n = noteFound(n, findFrom(start, end, width, ptr + rest, len - rest));
        if (firstLetterMayPrecede(letter, <u32>load<u8>(ptr))) n = noteFound(n, findFrom(start, end, width, ptr, len));
        offerFound(n);
      }
      if (letter != from) {
        i = letter < letters ? firstLetterStart(letter) : total;
        continue; // shared stays 0: i starts another first code point (or the walk is over)
      }
    }
    if (hops && maxEdits == 1 && shared >= 1 && shared <= prevCount && shared <= prevLength) {
      const end = completeSpent(i, shared, q, width, ptr);
      if (end != i) {
        i = end;
        shared = end < total ? sharedWithPrevious(end) : 0;
        continue;
      }
    } else if (hops && shared >= maxEdits && shared <= prevCount && shared <= prevLength) {
      // The node at depth `shared` may have no edit to spare: visit only children that can
      // stay within reach (the others would die on their first code point).
      const n = viableNext(shared, q, maxEdits, width);
      if (n >= 0) {
        const next = nextViable(i, shared, load<u32>(offsets + (shared << 2)), <u32>n);
        if (next != i) {
          const end = skipPrefix(i, shared);
          i = next;
          if (next == end) shared = next < total ? sharedWithPrevious(next) : 0;
          continue;
        }
      }
    }
    let n: u32, common: u32 = 0;
    if (hops) {
      const reuse = min<u32>(shared, prevCount);
      n = decodeCandidate(sortedStart(i), sortedStart(i) + sortedLength(i), reuse);
      common = min<u32>(reuse, prevLength);
    } else {
      const id = sortedTermAt(i);
      n = decodeInto(termStart(id), termLength(id), cand);
      // Rows up to the common prefix with the previous candidate are still valid.
      while (common < n && common < prevLength && load<u32>(cand + (common << 2)) == load<u32>(prev + (common << 2))) common++;
    }
    let dead: u32 = 0;
    // Only the diagonal band |j - k| <= maxEdits can stay within reach; cells just outside it
    // hold a sentinel so the next rows read a large value there.
    const big = <u16>(maxEdits + 1);
    for (let k = common + 1; k <= n && !dead; k++) {
      const c = load<u32>(cand + ((k - 1) << 2));
      const lo = k > maxEdits ? k - maxEdits : 1;
      const hi = min<u32>(q, k + maxEdits);
      store<u16>(cell(k, 0, width), <u16>k);
      if (lo > 1) store<u16>(cell(k, lo - 1, width), big);
      if (hi < q) store<u16>(cell(k, hi + 1, width), big);
      let best = lo == 1 ? <u32>k : <u32>big;
      for (let j = lo; j <= hi; j++) {
        const qc = load<u32>(query + ((j - 1) << 2));
        let d = <u32>load<u16>(cell(k - 1, j - 1, width)) + (qc == c ? 0 : 1);
        d = min<u32>(d, <u32>load<u16>(cell(k - 1, j, width)) + 1);
        d = min<u32>(d, <u32>load<u16>(cell(k, j - 1, width)) + 1);
        if (k > 1 && j > 1 && qc == load<u32>(cand + ((k - 2) << 2)) && load<u32>(query + ((j - 2) << 2)) == c) {
          d = min<u32>(d, <u32>load<u16>(cell(k - 2, j - 2, width)) + 1);
        }
        d = min<u32>(d, <u32>big);
        store<u16>(cell(k, j, width), <u16>d);
        if (d < best) best = d;
      }
      if (best > maxEdits || lo > hi) dead = k;
    }
    if (!hops) memory.copy(prev, cand, <usize>n << 2);
    prevLength = n;
    prevCount = n;
    if (dead) {
      // No term starting with these `dead` code points can come within reach: jump past them.
      let next: u32;
      if (hops) {
        next = skipPrefix(i, dead);
        // Every term hopped over shares at least `dead` code points with the previous; the
        // one landed on shares with it (at least) its own shared length.
        shared = next < total ? sharedWithPrevious(next) : 0;
      } else {
        const id = sortedTermAt(i);
        const bytes = prefixBytes(termStart(id), termLength(id), dead);
        memory.copy(upper, termStart(id), bytes);
        store<u8>(upper + bytes, 0xff);
        next = sortedLowerBound(upper, <u32>bytes + 1);
      }
      prevLength = min<u32>(prevLength, dead - 1);
      i = next > i ? next : i + 1;
      continue;
    }
    const distance = n + maxEdits < q || n > q + maxEdits ? maxEdits + 1 : <u32>load<u16>(cell(n, q, width));
    if (distance <= maxEdits) offerAt(i, distance);
    i++;
    if (hops && i < total) shared = sharedWithPrevious(i);
  }
}

const MAX_FOUND: u32 = 8; // at most 3 columns and 3 transpositions
const found = heapScratch(<i32>(MAX_FOUND * 4));
const transposed = heapScratch(<i32>(MAX_CPS * 4 + 4));

/**
 * With one edit allowed: when every cell of row k (the node at depth k over position i, the
 * candidate's first k code points) is 1, the edit is spent, and the only terms under the node
 * within reach are its prefix followed exactly by a rest of the query: query[j..] for each
 * column j at 1, and, after a transposition, query[j-2] + query[j..]. Those are looked up in
 * the rest of the node's subtree, [i, end), and offered in sorted order; returns `end`. Returns
 * i when the row still has the edit to spare (the walk goes on).
 */
function completeSpent(i: u32, k: u32, q: u32, width: u32, ptr: usize): u32 {
  const lo = k > 1 ? k - 1 : 1;
  const hi = min<u32>(q, k + 1);
  for (let j = lo; j <= hi; j++) if (load<u16>(cell(k, j, width)) == 0) return i;
  const end = skipPrefix(i, k);
  const offset = load<u32>(offsets + (k << 2));
  const queryLength = load<u32>(queryOffsets + (q << 2));
  let n: u32 = 0;
  // Column 0 holds k: at 1 for the first code point (an insertion before the query).
  for (let j: u32 = k == 1 ? 0 : lo; j <= hi; j++) {
    if (j > 0 && load<u16>(cell(k, j, width)) != 1) continue;
    const from = load<u32>(queryOffsets + (j << 2));
    n = noteFound(n, findFrom(i, end, offset, ptr + from, queryLength - from));
  }
  // A transposition ending at row k+1, column j: the candidate's code point k is query[j-2],
  // its code point k-1 (the node's last) is query[j-1], and row k-1 had no edit at column j-2.
  const last = load<u32>(cand + ((k - 1) << 2));
  for (let j = max<u32>(2, k); j <= min<u32>(q, k + 2); j++) {
    if (load<u32>(query + ((j - 1) << 2)) != last || load<u16>(cell(k - 1, j - 2, width)) != 0) continue;
    const a = load<u32>(queryOffsets + ((j - 2) << 2)), b = load<u32>(queryOffsets + ((j - 1) << 2));
    const from = load<u32>(queryOffsets + (j << 2));
    memory.copy(transposed, ptr + a, b - a);
    memory.copy(transposed + (b - a), ptr + from, queryLength - from);
    n = noteFound(n, findFrom(i, end, offset, transposed, b - a + queryLength - from));
  }
  offerFound(n);
  return end;
}

/** Adds a found position to `found` (ascending, distinct); returns the new count. */
function noteFound(n: u32, at: i32): u32 {
  if (at < 0) return n;
  for (let f: u32 = 0; f < n; f++) if (load<u32>(found + (f << 2)) == <u32>at) return n;
  let f = n;
  while (f > 0 && load<u32>(found + ((f - 1) << 2)) > <u32>at) {
    store<u32>(found + (f << 2), load<u32>(found + ((f - 1) << 2)));
    f--;
  }
  store<u32>(found + (f << 2), <u32>at);
  return n + 1;
}

/** Offers the found terms, all one edit away, in sorted order as the walk would (ties keep the earlier term). */
function offerFound(n: u32): void {
  for (let f: u32 = 0; f < n; f++) offerAt(load<u32>(found + (f << 2)), 1);
}

/** Offers the term at sorted position i, found at `distance` edits (1, ½, ⅓ by distance). */
function offerAt(i: u32, distance: u32): void {
  const id = sortedTermAt(i);
  const df = dfOf(id);
  if (df) offer(id, (<u64>(3 - distance) << 32) | df, <f32>1 / (<f32>1 + <f32>distance));
}

function prefixBytes(ptr: usize, len: u32, codePoints: u32): usize {
  let at = ptr;
  const end = ptr + len;
  for (let k: u32 = 0; k < codePoints && at < end; k++) at += decodedLength(decodeUtf8(at, end));
  return at - ptr;
}

