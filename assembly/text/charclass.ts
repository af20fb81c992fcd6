// What role a code point plays in tokenizing. ASCII, the bulk of most text, is answered inline;
// everything else by binary search over the generated segment table.
import { CLASS_COUNT } from './unicode-tables';
import { CLASS_START, CLASS_KIND } from './unicode-unpacked';

export const CLASS_SEPARATOR: u32 = 0; // ends a token
export const CLASS_WORD: u32 = 1;      // letters and numbers
export const CLASS_MARK: u32 = 2;      // combining marks: extend the token they follow
export const CLASS_CJK: u32 = 3;       // scripts without spaces: one character per token

@inline export function asciiClass(c: u32): u32 {
  // Digits and letters are words; all other ASCII (including NUL and the apostrophe) separates.
  return c - 0x30 < 10 || (c | 0x20) - 0x61 < 26 ? CLASS_WORD : CLASS_SEPARATOR;
}

export function classOf(cp: u32): u32 {
  if (cp < 0x80) return asciiClass(cp);
  // Last segment starting at or before cp; CLASS_START[0] is 0 so one always exists.
  let lo: i32 = 0;
  let hi: i32 = CLASS_COUNT - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (load<u32>(CLASS_START + (<usize>mid << 2)) <= cp) lo = mid;
    else hi = mid - 1;
  }
  return <u32>load<u8>(CLASS_KIND + <usize>lo);
}
