// The best snippet of a field for a hit: the window of about `length` UTF-16 units holding the
// most matches, cut at word starts/ends where whitespace is near and never inside a match or a
// user-perceived character. Linear in the text and the matches. No "…" is added: callers see
// `start > 0` / `end < text.length` and decorate as their medium needs.

export interface Snippet {
  text: string;
  /** Where `text` starts and ends in the original (UTF-16 offsets). */
  start: number;
  end: number;
  /** The matches wholly inside the snippet, relative to `text`. */
  matches: [number, number][];
}

export interface SnippetOptions {
  /** Target length in UTF-16 code units (default 160); ends may move by up to ~20 to snap. */
  length?: number;
}

const DEFAULT_LENGTH = 160;
const MAX_SNAP = 20;
// Code points that continue the character before them: combining marks (also variation
// selectors), emoji skin-tone modifiers and tag characters (subdivision flags).
const EXTEND = /[\p{M}\p{Emoji_Modifier}\u{E0020}-\u{E007F}]/uy;
const ZWJ = 0x200d;

/** Exactly the characters of JavaScript's `\s`. */
function isSpaceAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029
    || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}
const isRegionalIndicator = (cp: number | undefined) => cp !== undefined && cp >= 0x1f1e6 && cp <= 0x1f1ff;

/** Whether cutting the text at `p` keeps every grapheme (as far as these rules see) whole. */
function isCharBoundary(text: string, p: number): boolean {
  if (p <= 0 || p >= text.length) return true;
  const c = text.charCodeAt(p);
  const before = text.charCodeAt(p - 1);
  if (c >= 0xdc00 && c <= 0xdfff && before >= 0xd800 && before <= 0xdbff) return false; // surrogate pair
  if (c === ZWJ || before === ZWJ) return false; // emoji ZWJ sequence
  EXTEND.lastIndex = p;
  if (EXTEND.test(text)) return false;
  // Flags are pairs of regional indicators: cut only after an even number of them.
  if (isRegionalIndicator(text.codePointAt(p)) && isRegionalIndicator(text.codePointAt(p - 2))) {
    let run = 0;
    for (let i = p - 2; i >= 0 && isRegionalIndicator(text.codePointAt(i)); i -= 2) run++;
    return run % 2 === 0;
  }
  return true;
}

/** Valid pairs clamped to the text, empty ones dropped, sorted by start (then end). */
function cleanMatches(matches: [number, number][], n: number): [number, number][] {
  if (!Array.isArray(matches)) throw new TypeError('bestSnippet: matches must be an array of [start, end] pairs');
  const out: [number, number][] = [];
  let sorted = true;
  for (const pair of matches) {
    if (!Array.isArray(pair) || typeof pair[0] !== 'number' || typeof pair[1] !== 'number') continue;
    const start = Math.max(0, pair[0]), end = Math.min(n, pair[1]);
    if (!Number.isInteger(start) || !Number.isInteger(end) || end <= start) continue;
    const last = out[out.length - 1];
    if (last && (start < last[0] || (start === last[0] && end < last[1]))) sorted = false;
    out.push([start, end]);
  }
  if (!sorted) out.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return out;
}

/** Overlapping matches merged: positions strictly inside one of these must not be cut. */
function mergeMatches(matches: [number, number][]): [number, number][] {
  const merged: [number, number][] = [];
  for (const [start, end] of matches) {
    const last = merged[merged.length - 1];
    if (last && start < last[1]) last[1] = Math.max(last[1], end);
    else merged.push([start, end]);
  }
  return merged;
}

/** The merged match strictly containing `p`, if any (binary search). */
function containing(merged: [number, number][], p: number): [number, number] | undefined {
  let lo = 0, hi = merged.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (merged[mid][0] < p) lo = mid + 1; else hi = mid;
  }
  const m = merged[lo - 1];
  return m && p < m[1] ? m : undefined;
}

/** The first match of the densest window of `length` (most whole matches; ties → earliest). */
function densest(matches: [number, number][], length: number): [number, number] {
  let best = 0, bestEnd = 1, j = 0;
  for (let i = 0; i < matches.length; i++) {
    const limit = matches[i][0] + length;
    if (j <= i) j = i + 1;
    while (j < matches.length && matches[j][1] <= limit) j++;
    if (j - i > bestEnd - best) { best = i; bestEnd = j; }
  }
  return [best, bestEnd];
}

export function bestSnippet(text: string, matches: [number, number][], options: SnippetOptions = {}): Snippet {
  if (typeof text !== 'string') throw new TypeError('bestSnippet: text must be a string');
  const length = options?.length ?? DEFAULT_LENGTH;
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 1) {
    throw new RangeError(`bestSnippet: length must be a positive integer, got ${String(length)}`);
  }
  const n = text.length;
  const all = cleanMatches(matches, n);
  if (n <= length) return cut(text, 0, n, all);
  const merged = mergeMatches(all);
  const reach = Math.min(MAX_SNAP, Math.floor(length / 4));
  // [keepFrom, keepTo): the chosen matches, which snapping must not cut into.
  let start = 0, end = length, keepFrom = 0, keepTo = 0;
  if (all.length) {
    const [first, after] = densest(all, length);
    keepFrom = all[first][0];
    for (let k = first; k < after; k++) keepTo = Math.max(keepTo, all[k][1]);
    const slack = length - (keepTo - keepFrom);
    start = slack > 0 ? Math.min(Math.max(0, keepFrom - Math.floor(slack / 2)), n - length) : keepFrom;
    end = slack > 0 ? start + length : keepTo;
  }
  start = snapStart(text, start, keepFrom, merged, reach);
  end = snapEnd(text, end, Math.max(keepTo, start + 1), merged, reach);
  return cut(text, start, end, all);
}

function snapStart(text: string, p: number, keepFrom: number, merged: [number, number][], reach: number): number {
  // Inside a match: take it whole when that is cheap or unavoidable, else start after it.
  const m = containing(merged, p);
  if (m) p = p - m[0] <= reach || m[1] > keepFrom ? m[0] : m[1];
  // The nearest word start within reach (outward first), not inside a match.
  const wordStart = (q: number) => q === 0 || (isSpaceAt(text, q - 1) && !isSpaceAt(text, q) && !containing(merged, q));
  for (let d = 0; d <= reach; d++) {
    if (p - d >= 0 && wordStart(p - d)) { p -= d; break; }
    if (d && p + d <= keepFrom && wordStart(p + d)) { p += d; break; }
  }
  while (!isCharBoundary(text, p)) p--;
  return p;
}

function snapEnd(text: string, p: number, keepTo: number, merged: [number, number][], reach: number): number {
  const n = text.length;
  const m = containing(merged, p);
  if (m) p = m[1] - p <= reach || m[0] < keepTo ? m[1] : m[0];
  const wordEnd = (q: number) => q === n || (isSpaceAt(text, q) && !isSpaceAt(text, q - 1) && !containing(merged, q));
  for (let d = 0; d <= reach; d++) {
    if (p + d <= n && wordEnd(p + d)) { p += d; break; }
    if (d && p - d >= keepTo && wordEnd(p - d)) { p -= d; break; }
  }
  while (!isCharBoundary(text, p)) p++;
  return p;
}

function cut(text: string, start: number, end: number, matches: [number, number][]): Snippet {
  const inside: [number, number][] = [];
  for (const [s, e] of matches) if (s >= start && e <= end) inside.push([s - start, e - start]);
  return { text: text.slice(start, end), start, end, matches: inside };
}
