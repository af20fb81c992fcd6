// Tokenizing a query-side text (query words, highlight fields) into one shared scratch, and
// reading its tokens back: term bytes, position, UTF-16 offsets and dictionary id.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { tokenize, TOKEN_RECORD_BYTES } from '../text/tokenizer';
import { dictionaryFind, hashTerm } from '../index/dictionary';

let records: Buffer = changetype<Buffer>(0);
let termBytes: Buffer = changetype<Buffer>(0);

/** Tokenizes UTF-8 [src, src+len) with `flags`; returns the token count, or -1 on no memory. */
export function analyse(src: usize, len: u32, flags: u32): i32 {
  if (!changetype<usize>(records)) { records = bufferNew(); termBytes = bufferNew(); }
  if (!changetype<usize>(records) || !changetype<usize>(termBytes)) return -1;
  records.length = 0;
  termBytes.length = 0;
  if (!bufferReserve(records, (<usize>len + 1) * TOKEN_RECORD_BYTES) || !bufferReserve(termBytes, 3 * <usize>len + 64)) return -1;
  return tokenize(src, len, flags, records.data, len + 1, termBytes.data, 3 * len + 64);
}

@inline function record(i: i32): usize { return records.data + <usize>i * TOKEN_RECORD_BYTES; }
@inline export function tokenTermPtr(i: i32): usize { return termBytes.data + load<u32>(record(i)); }
@inline export function tokenTermLen(i: i32): u32 { return load<u32>(record(i), 4); }
@inline export function tokenPosition(i: i32): u32 { return load<u32>(record(i), 8); }
@inline export function tokenStart16(i: i32): u32 { return load<u32>(record(i), 12); }
@inline export function tokenEnd16(i: i32): u32 { return load<u32>(record(i), 16); }

/** The dictionary id of token i's term, or -1 when the index has never seen it. */
export function tokenTermId(i: i32): i32 {
  const ptr = tokenTermPtr(i);
  const len = tokenTermLen(i);
  return dictionaryFind(ptr, len, hashTerm(ptr, len));
}
