// Case and diacritic folding of single code points through the generated run table, so that
// 'É', 'é' and 'e\u0301' all index as 'e' and 'ﬁ' as 'fi'. The exact definition lives in
// scripts/gen-unicode.mjs; a fold is never longer than 3x its source in UTF-8.
import { FOLD_COUNT } from './unicode-tables';
import { FOLD_START, FOLD_SPAN, FOLD_VALUE, FOLD_POOL } from './unicode-unpacked';
import { encodeUtf8, utf8Length } from './utf8';

/** foldInto stopped before a code point that would pass `limit` (the term length cap). */
export const FOLD_LIMIT: u32 = 0x80000000;
/** foldInto stopped before a code point that would pass `room` (the caller's buffer). */
export const FOLD_NO_ROOM: u32 = 0x40000000;
const WRITTEN_MASK: u32 = 0x3fffffff;

const POOL_FLAG: u32 = 0x80000000;
const NO_RUN: i32 = -1;

/** Index of the fold run containing `cp`, or -1 when `cp` folds to itself. */
export function foldRun(cp: u32): i32 {
  if (cp < load<u32>(FOLD_START)) return NO_RUN;
  let lo: i32 = 0;
  let hi: i32 = FOLD_COUNT - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (load<u32>(FOLD_START + (<usize>mid << 2)) <= cp) lo = mid;
    else hi = mid - 1;
  }
  const offset = cp - load<u32>(FOLD_START + (<usize>lo << 2));
  return offset < <u32>load<u16>(FOLD_SPAN + (<usize>lo << 1)) ? lo : NO_RUN;
}

// Writes one code point after `written` bytes if it fits both bounds. The limit is tested first
// so that a term that reaches its length cap is cut, not reported as a full buffer.
@inline function put(cp: u32, dst: usize, written: u32, limit: u32, room: u32): u32 {
  const size = utf8Length(cp);
  if (size > limit - written) return written | FOLD_LIMIT;
  if (size > room - written) return written | FOLD_NO_ROOM;
  return written + encodeUtf8(cp, dst + <usize>written);
}

/**
 * Writes the UTF-8 fold of word, mark or CJK code point `cp` at `dst`. Stops before the first
 * code point that would take the output past `limit` bytes (FOLD_LIMIT set in the result) or
 * past `room` bytes (FOLD_NO_ROOM set), so what is written is always a prefix of whole code
 * points. Returns the number of bytes written, or-ed with the flag if it stopped early.
 */
export function foldInto(cp: u32, dst: usize, limit: u32, room: u32): u32 {
  if (cp < 0x80) return put(cp - 0x41 < 26 ? cp | 0x20 : cp, dst, 0, limit, room);
  const run = foldRun(cp);
  if (run == NO_RUN) return put(cp, dst, 0, limit, room);
  const value = load<u32>(FOLD_VALUE + (<usize>run << 2));
  if (!(value & POOL_FLAG)) {
    return put(value + (cp - load<u32>(FOLD_START + (<usize>run << 2))), dst, 0, limit, room);
  }
  let src = FOLD_POOL + (<usize>((value >> 5) & 0x3ffffff) << 2);
  const count = value & 31;
  let written: u32 = 0;
  for (let i: u32 = 0; i < count; i++, src += 4) {
    written = put(load<u32>(src), dst, written, limit, room);
    if (written & ~WRITTEN_MASK) break;
  }
  return written;
}
