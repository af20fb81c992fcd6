// Splits UTF-8 text into folded (optionally stemmed, stop-word-filtered) terms with their
// positions and UTF-16 offsets, writing fixed-size records into caller-provided memory.
//
// Rules:
// - A token is a maximal run of word characters (letters, numbers, combining marks). Everything
//   else separates tokens: punctuation (apostrophes too, so "don't" is "don" + "t"), spaces,
//   symbols and emoji, NUL, and every byte of a malformed UTF-8 sequence.
// - Scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao, Khmer, Myanmar) give one
//   token per character, since finding their word boundaries needs a dictionary; combining marks
//   after such a character stay in its token. Their decimal digits are ordinary word characters.
// - Terms are folded (see fold.ts): lower case, no diacritics, compatibility forms decomposed.
//   A token whose fold is empty (only combining marks) is dropped and takes no position.
// - A folded term is cut at MAX_TERM_BYTES on a code point boundary; its offsets still span the
//   whole token. Longer "words" are base64, hashes or garbage, and the cap bounds every term.
// - TOKEN_STOP drops lunr's English stop words but still counts their positions, so phrase
//   queries keep the gaps. TOKEN_STEM applies the Porter stemmer to terms made only of a-z.
//
// Capacity: maxTokens = len + 1 and termCap = 3 * len + 64 are always enough. Each token
// consumes at least one byte of input, so there are at most len tokens. Each code point folds to
// at most 3x its own UTF-8 length (ASCII to 1 byte; the generator refuses longer folds), tokens
// cover disjoint input bytes and stemming never lengthens a term, so all terms together take at
// most 3 * len bytes. The +64 is slack only. With smaller buffers the result is -1 exactly when
// they would overflow (termBuf must also hold the term being built, before stemming or stop-word
// removal); the records written so far are then meaningless and the caller grows the buffers
// and calls again.
import { decodeUtf8, decodedCodePoint, decodedLength } from './utf8';
import { asciiClass, classOf, CLASS_SEPARATOR, CLASS_WORD, CLASS_MARK, CLASS_CJK } from './charclass';
import { foldInto, FOLD_LIMIT, FOLD_NO_ROOM } from './fold';
import { stemCached } from './stem-cache';
import { isStopWord } from './stopwords';

/** Flag: stem terms made only of ASCII letters with the Porter stemmer. */
export const TOKEN_STEM: u32 = 1;
/** Flag: drop English stop words (their positions are still counted). */
export const TOKEN_STOP: u32 = 2;
/** Record layout: termOff, termLen, position, start16, end16, each a u32. */
export const TOKEN_RECORD_BYTES: u32 = 20;
/** Longest term kept, in UTF-8 bytes. */
export const MAX_TERM_BYTES: u32 = 64;

const TERM_BYTES_MASK: u32 = 0x3fffffff; // foldInto's byte count without its flags

// Decodes the code point at p (p < end), with the common ASCII case kept out of the call.
@inline function read(p: usize, end: usize): u32 {
  const b = <u32>load<u8>(p);
  return b < 0x80 ? (1 << 24) | b : decodeUtf8(p, end);
}

// UTF-16 code units of a decoded code point; a malformed byte counts as its U+FFFD (one unit).
@inline function units16(cp: u32): u32 { return cp >= 0x10000 ? 2 : 1; }

// True when every byte is a-z: the only terms the stemmer is meant for.
function isAsciiLetters(p: usize, len: u32): bool {
  for (let i: u32 = 0; i < len; i++) {
    if (<u32>load<u8>(p + <usize>i) - 0x61 >= 26) return false;
  }
  return true;
}

/**
 * Stems the folded term [p, p+len) in place as TOKEN_STEM does (a-z terms only; others stay as
 * they are); returns its length. For callers that tokenize without TOKEN_STEM and stem later.
 */
export function stemWord(p: usize, len: u32): u32 {
  return isAsciiLetters(p, len) ? stemCached(p, len) : len;
}

/**
 * Tokenizes the UTF-8 text [src, src+len). For token i writes a TOKEN_RECORD_BYTES record at
 * out + i * 20: termOff and termLen (the term's bytes in termBuf), position (token ordinal,
 * counting dropped stop words), start16 and end16 (the token's UTF-16 range in the text).
 * Returns the number of tokens, or -1 when more than maxTokens records or termCap term bytes
 * would be needed (see the capacity note above).
 */
export function tokenize(src: usize, len: u32, flags: u32, out: usize, maxTokens: u32, termBuf: usize, termCap: u32): i32 {
  const end = src + <usize>len;
  let p = src;
  let offset16: u32 = 0;   // UTF-16 offset of p
  let count: u32 = 0;      // records written
  let position: u32 = 0;   // next token ordinal
  let used: u32 = 0;       // termBuf bytes holding kept terms
  let cp: u32 = 0;
  let size: u32 = 0;
  let cls: u32 = CLASS_SEPARATOR;
  let pending = false;     // cp/size/cls already hold the code point at p

  while (p < end) {
    if (!pending) {
      const decoded = read(p, end);
      cp = decodedCodePoint(decoded);
      size = decodedLength(decoded);
      cls = classOf(cp);
    }
    pending = false;
    if (cls == CLASS_SEPARATOR) {
      p += size;
      offset16 += units16(cp);
      continue;
    }

    const start16 = offset16;
    const term = termBuf + <usize>used;
    const oneChar = cls == CLASS_CJK;
    let termLen: u32 = 0;
    let full = false; // the term reached MAX_TERM_BYTES: the rest of the token is skipped
    while (true) {
      if (cp >= 0x80) {
        // Marks fold to nothing, so they only extend the token's offsets.
        if (cls != CLASS_MARK && !full) {
          const r = foldInto(cp, term + <usize>termLen, MAX_TERM_BYTES - termLen, termCap - used - termLen);
          if (r & FOLD_NO_ROOM) return -1;
          if (r & FOLD_LIMIT) full = true;
          termLen += r & TERM_BYTES_MASK;
        }
        p += size;
        offset16 += units16(cp);
      }
      // ASCII letters and digits, the bulk of most text, are lower-cased right here (including
      // an ASCII code point that was just decoded). A CJK token ends at any letter instead.
      if (!oneChar) {
        while (p < end) {
          const b = <u32>load<u8>(p);
          if (asciiClass(b) != CLASS_WORD) break;
          if (termLen >= MAX_TERM_BYTES) full = true;
          if (!full) {
            if (used + termLen >= termCap) return -1;
            store<u8>(term + <usize>termLen, b - 0x41 < 26 ? b | 0x20 : b);
            termLen++;
          }
          p++;
          offset16++;
        }
      }
      if (p >= end) break;
      const decoded = read(p, end);
      cp = decodedCodePoint(decoded);
      size = decodedLength(decoded);
      cls = classOf(cp);
      if (cls == CLASS_SEPARATOR || cls == CLASS_CJK || (oneChar && cls == CLASS_WORD)) {
        pending = true; // it starts the next token or is a separator: examine it there
        break;
      }
    }

    if (termLen == 0) continue;
    if ((flags & TOKEN_STOP) && isStopWord(term, termLen)) {
      position++;
      continue;
    }
    if (flags & TOKEN_STEM) termLen = stemWord(term, termLen);
    if (count >= maxTokens) return -1;
    const record = out + <usize>count * TOKEN_RECORD_BYTES;
    store<u32>(record, used);
    store<u32>(record, termLen, 4);
    store<u32>(record, position, 8);
    store<u32>(record, start16, 12);
    store<u32>(record, offset16, 16);
    used += termLen;
    count++;
    position++;
  }
  return <i32>count;
}
