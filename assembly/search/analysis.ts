// Tokenizing a query-side text (query words, highlight fields) into one shared scratch, and
// reading its tokens back: term bytes, position, UTF-16 offsets and dictionary id.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { tokenize, stemWord, TOKEN_RECORD_BYTES, TOKEN_STEM } from '../text/tokenizer';
import { dictionaryFind, hashTerm } from '../index/dictionary';
import { termCacheFind, termCacheFill } from '../index/term-cache';
import { tokenFlags } from '../index/config';

let records: Buffer = changetype<Buffer>(0);
let termBytes: Buffer = changetype<Buffer>(0);
/** The text's words wait for tokenTermId to be stemmed: a term-cache hit knows the id without it. */
let stemLater = false;
/**
 * Whether the term cache applies: it maps words as documents are analysed (the index's flags),
 * so not a prefix's words, which are looked up unstemmed.
 */
let cacheable = false;
/** Set in a record's length once tokenTermId has stemmed the term in place. */
const STEMMED: u32 = 0x80000000;

/** Tokenizes UTF-8 [src, src+len) with `flags`; returns the token count, or -1 on no memory. */
export function analyse(src: usize, len: u32, flags: u32): i32 {
  if (!changetype<usize>(records)) { records = bufferNew(); termBytes = bufferNew(); }
  if (!changetype<usize>(records) || !changetype<usize>(termBytes)) return -1;
  records.length = 0;
  termBytes.length = 0;
  if (!bufferReserve(records, (<usize>len + 1) * TOKEN_RECORD_BYTES) || !bufferReserve(termBytes, 3 * <usize>len + 64)) return -1;
  stemLater = (flags & TOKEN_STEM) != 0;
  cacheable = (flags & TOKEN_STEM) == (tokenFlags & TOKEN_STEM);
  return tokenize(src, len, flags & ~TOKEN_STEM, records.data, len + 1, termBytes.data, 3 * len + 64);
}

@inline function record(i: i32): usize { return records.data + <usize>i * TOKEN_RECORD_BYTES; }
/** Token i's term: folded, and stemmed (when the flags said so) only once tokenTermId has looked it up. */
@inline export function tokenTermPtr(i: i32): usize { return termBytes.data + load<u32>(record(i)); }
@inline export function tokenTermLen(i: i32): u32 { return load<u32>(record(i), 4) & ~STEMMED; }
@inline export function tokenPosition(i: i32): u32 { return load<u32>(record(i), 8); }
@inline export function tokenStart16(i: i32): u32 { return load<u32>(record(i), 12); }
@inline export function tokenEnd16(i: i32): u32 { return load<u32>(record(i), 16); }

/**
 * Stems token i's term in place, once, as the tokenizer would have (a-z words, when the flags
 * asked for it). tokenTermId does it itself on a cache miss; a word read as bytes (a fuzzy
 * word, before its expansion) needs it done first.
 */
export function tokenStem(i: i32): void {
  const stored = load<u32>(record(i), 4);
  if (!stemLater || (stored & STEMMED)) return;
  store<u32>(record(i), stemWord(tokenTermPtr(i), stored) | STEMMED, 4);
}

/** The dictionary id of token i's term, or -1 when the index has never seen it. */
export function tokenTermId(i: i32): i32 {
  // Not stemmed yet: the cache maps the word as it is to its term's id.
  const lookup = cacheable && !(load<u32>(record(i), 4) & STEMMED);
  if (lookup) {
    const cached = termCacheFind(tokenTermPtr(i), tokenTermLen(i));
    if (cached >= 0) return cached;
  }
  tokenStem(i);
  const ptr = tokenTermPtr(i);
  const len = tokenTermLen(i);
  const id = dictionaryFind(ptr, len, hashTerm(ptr, len));
  if (id >= 0 && lookup) termCacheFill(<u32>id); // the entry this call's miss claimed
  return id;
}
