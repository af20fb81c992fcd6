// Shared prefixes of neighbouring sorted terms, for walking the sorted terms like a trie.
// For each position i ≥ 1: how many leading code points term i shares with term i-1 (same
// bytes, capped at PREFIX_CAP), and the next position whose shared length is smaller. With
// them, "the first term after i that does not start with i's first k code points" is a few
// hops (each hop leaves a whole subtree behind) instead of a binary search with string
// compares, and a walk knows how many rows of its edit-distance table the next term reuses.
// Built lazily from the sorted order, rebuilt when that order changes.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { sortedTermCount, sortedTermsVersion } from './sorted-terms';
import { sortedTermBytesUpdate, sortedStart, sortedLength } from './sorted-term-bytes';
import { decodeUtf8, decodedLength } from '../text/utf8';

/** Shared lengths are counted up to this many code points (the fuzzy walk's word limit). */
export const PREFIX_CAP: u32 = 64;

let shared: Buffer = changetype<Buffer>(0);  // u8 per position
let skips: Buffer = changetype<Buffer>(0);   // u32 per position
let pairStarts: Buffer = changetype<Buffer>(0); // u32 per two-byte key, and one more (see pairStart)
let builtVersion: u32 = 0;                   // sorted-terms version the arrays describe (0: none)
const PAIRS: u32 = 65536;

/** Leading code points whose bytes the terms at sorted positions a and b share, up to PREFIX_CAP. */
function sharedCodePoints(a: u32, b: u32): u32 {
  const pa = sortedStart(a), pb = sortedStart(b);
  const la = sortedLength(a), lb = sortedLength(b);
  const n = min<u32>(la, lb);
  let at: u32 = 0, points: u32 = 0;
  while (at < n && points < PREFIX_CAP) {
    const length = decodedLength(decodeUtf8(pa + at, pa + la));
    if (at + length > n) break;
    for (let k: u32 = 0; k < length; k++) if (load<u8>(pa + at + k) != load<u8>(pb + at + k)) return points;
    at += length;
    points++;
  }
  return points;
}

/** Brings the arrays up to date with the sorted order; false when memory cannot grow. */
export function sortedPrefixesUpdate(): bool {
  const version = sortedTermsVersion();
  if (builtVersion == version) return true;
  if (!sortedTermBytesUpdate()) return false;
  if (!changetype<usize>(shared)) { shared = bufferNew(); skips = bufferNew(); pairStarts = bufferNew(); }
  if (!changetype<usize>(shared) || !changetype<usize>(skips) || !changetype<usize>(pairStarts)) return false;
  if (!pairStarts.capacity && !bufferReserve(pairStarts, (<usize>PAIRS + 1) << 2)) return false;
  const total = sortedTermCount();
  shared.length = 0;
  skips.length = 0;
  if (!bufferReserve(shared, <usize>total + 1) || !bufferReserve(skips, (<usize>total + 1) << 2)) return false;
  if (total) store<u8>(shared.data, 0);
  for (let i: u32 = 1; i < total; i++) store<u8>(shared.data + i, <u8>sharedCodePoints(i - 1, i));
  // Next smaller shared length to the right, by hopping over already-linked runs.
  for (let i = <i32>total - 1; i >= 0; i--) {
    const own = load<u8>(shared.data + i);
    let next = <u32>i + 1;
    while (next < total && load<u8>(shared.data + next) >= own) next = load<u32>(skips.data + (<usize>next << 2));
    store<u32>(skips.data + (<usize>i << 2), next);
  }
  // The first position whose first two bytes are ≥ each two-byte key (a one-byte term sorts
  // before every longer term with its byte).
  let key: u32 = 0;
  for (let i: u32 = 0; i < total; i++) {
    const start = sortedStart(i);
    const length = sortedLength(i);
    // This term is ≥ exactly the keys below `upto`: its own first two bytes and smaller keys,
    // or, for a one-byte term [c] (a prefix of every key (c, x)), the keys below (c, 0).
    const upto = length >= 2 ? ((<u32>load<u8>(start) << 8) | <u32>load<u8>(start + 1)) + 1 : length == 1 ? <u32>load<u8>(start) << 8 : 0;
    while (key < upto) { store<u32>(pairStarts.data + (<usize>key << 2), i); key++; }
  }
  while (key <= PAIRS) { store<u32>(pairStarts.data + (<usize>key << 2), total); key++; }
  builtVersion = version;
  return true;
}

/** The first position whose first two bytes are ≥ (b0, b1), i.e. the lower bound of that key. */
@inline export function pairStart(b0: u32, b1: u32): u32 { return load<u32>(pairStarts.data + (<usize>((b0 << 8) | b1) << 2)); }

/** Code points term i shares with term i-1 (0 for the first). */
@inline export function sharedWithPrevious(i: u32): u32 { return load<u8>(shared.data + i); }

/**
 * The first position after i whose term does not start with term i's first `points` code
 * points (1 ≤ points ≤ PREFIX_CAP), or the term count.
 */
export function skipPrefix(i: u32, points: u32): u32 {
  const total = sortedTermCount();
  let next = i + 1;
  while (next < total && <u32>load<u8>(shared.data + next) >= points) next = load<u32>(skips.data + (<usize>next << 2));
  return next;
}
