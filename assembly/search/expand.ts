// Expanding a prefix or a misspelt word into dictionary terms, bounded to the best
// MAX_EXPANSIONS: prefixes keep the terms in the most documents; fuzzy words the closest terms
// (Damerau-Levenshtein, optimal string alignment, over code points), then the most frequent.
// Fuzzy matching walks the terms in byte order like a trie: rows of the edit-distance table are
// shared by terms with a common prefix, and a prefix that is already too far away skips every
// term under it with one binary search.
import { termStart, termLength, dfOf } from '../index/dictionary';
import { sortedTermsUpdate, sortedTermAt, sortedTermCount, sortedLowerBound } from '../index/sorted-terms';
import { decodeUtf8, decodedCodePoint, decodedLength } from '../text/utf8';

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

function startsWith(id: u32, ptr: usize, len: u32): bool {
  if (termLength(id) < len) return false;
  const a = termStart(id);
  for (let i: u32 = 0; i < len; i++) if (load<u8>(a + i) != load<u8>(ptr + i)) return false;
  return true;
}

/** Terms starting with bytes [ptr, ptr+len); the term equal to the prefix weighs 1, others 0.5. */
export function expandPrefix(ptr: usize, len: u32): void {
  count = 0;
  if (!sortedTermsUpdate()) return;
  const total = sortedTermCount();
  for (let i = sortedLowerBound(ptr, len); i < total; i++) {
    const id = sortedTermAt(i);
    if (!startsWith(id, ptr, len)) break;
    const df = dfOf(id);
    if (!df) continue;
    const exact = termLength(id) == len;
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

function decodeInto(ptr: usize, len: u32, out: usize): u32 {
  let n: u32 = 0;
  const end = ptr + len;
  while (ptr < end && n < MAX_CPS) {
    const d = decodeUtf8(ptr, end);
    store<u32>(out + (n << 2), decodedCodePoint(d));
    ptr += decodedLength(d);
    n++;
  }
  return n;
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
  let prevLength: u32 = 0;
  let i: u32 = 0;
  while (i < total) {
    const id = sortedTermAt(i);
    const n = decodeInto(termStart(id), termLength(id), cand);
    // Rows up to the common prefix with the previous candidate are still valid.
    let common: u32 = 0;
    while (common < n && common < prevLength && load<u32>(cand + (common << 2)) == load<u32>(prev + (common << 2))) common++;
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
    memory.copy(prev, cand, <usize>n << 2);
    prevLength = n;
    if (dead) {
      // No term starting with these `dead` code points can come within reach: jump past them.
      const bytes = prefixBytes(termStart(id), termLength(id), dead);
      memory.copy(upper, termStart(id), bytes);
      store<u8>(upper + bytes, 0xff);
      const next = sortedLowerBound(upper, <u32>bytes + 1);
      prevLength = min<u32>(prevLength, dead - 1);
      i = next > i ? next : i + 1;
      continue;
    }
    const distance = n + maxEdits < q || n > q + maxEdits ? maxEdits + 1 : <u32>load<u16>(cell(n, q, width));
    const df = dfOf(id);
    if (distance <= maxEdits && df) offer(id, (<u64>(3 - distance) << 32) | df, <f32>1 / (<f32>1 + <f32>distance));
    i++;
  }
}

function prefixBytes(ptr: usize, len: u32, codePoints: u32): usize {
  let at = ptr;
  const end = ptr + len;
  for (let k: u32 = 0; k < codePoints && at < end; k++) at += decodedLength(decodeUtf8(at, end));
  return at - ptr;
}

