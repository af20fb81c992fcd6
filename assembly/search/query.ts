// A query as the kernel sees it: analysed terms, each with an occurrence (should / must /
// must not) and the fields it may match. The host parses syntax; the kernel analyses the
// words with the index's own tokenizer so queries and documents always agree.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { tokenize, TOKEN_RECORD_BYTES } from '../text/tokenizer';
import { tokenFlags } from '../index/config';
import { dictionaryFind, hashTerm } from '../index/dictionary';

export const SHOULD: u32 = 0;
export const MUST: u32 = 1;
export const MUST_NOT: u32 = 2;
export const MAX_QUERY_TERMS: u32 = 64;
const TERM_BYTES: u32 = 16;

// term id, occurrence, field mask, unused
const terms = memory.data(<i32>(MAX_QUERY_TERMS * TERM_BYTES));
export let queryTermCount: u32 = 0;
/** A required word is missing from the dictionary: nothing can match. */
export let queryImpossible: bool = false;
let records: Buffer = changetype<Buffer>(0);
let termBytes: Buffer = changetype<Buffer>(0);

@inline export function queryTerm(i: u32): u32 { return load<u32>(terms + i * TERM_BYTES); }
@inline export function queryOccur(i: u32): u32 { return load<u32>(terms + i * TERM_BYTES, 4); }
@inline export function queryFields(i: u32): u32 { return load<u32>(terms + i * TERM_BYTES, 8); }

export function queryBegin(): void {
  queryTermCount = 0;
  queryImpossible = false;
}

// A word given twice counts once: optional + required becomes required; exclusion stays a
// separate (unscored) constraint.
function addTerm(term: u32, occur: u32, fields: u32): void {
  for (let i: u32 = 0; i < queryTermCount; i++) {
    if (queryTerm(i) != term || queryFields(i) != fields) continue;
    const existing = queryOccur(i);
    if (existing == occur) return;
    if (occur == SHOULD && existing == MUST) return;
    if (occur == MUST && existing == SHOULD) {
      store<u32>(terms + i * TERM_BYTES, MUST, 4);
      return;
    }
  }
  if (queryTermCount >= MAX_QUERY_TERMS) return;
  const at = terms + queryTermCount * TERM_BYTES;
  store<u32>(at, term);
  store<u32>(at, occur, 4);
  store<u32>(at, fields, 8);
  queryTermCount++;
}

/**
 * Analyses UTF-8 text [src, src+len) and adds its terms with `occur` over `fields` (bit mask).
 * Returns the number of analysed words, or -1 when memory cannot grow.
 */
export function queryAddText(src: usize, len: u32, occur: u32, fields: u32): i32 {
  if (!changetype<usize>(records)) { records = bufferNew(); termBytes = bufferNew(); }
  if (!changetype<usize>(records) || !changetype<usize>(termBytes)) return -1;
  records.length = 0;
  termBytes.length = 0;
  if (!bufferReserve(records, (<usize>len + 1) * TOKEN_RECORD_BYTES) || !bufferReserve(termBytes, 3 * <usize>len + 64)) return -1;
  const count = tokenize(src, len, tokenFlags, records.data, len + 1, termBytes.data, 3 * len + 64);
  for (let i = 0; i < count; i++) {
    const record = records.data + <usize>i * TOKEN_RECORD_BYTES;
    const ptr = termBytes.data + load<u32>(record);
    const termLen = load<u32>(record, 4);
    const id = dictionaryFind(ptr, termLen, hashTerm(ptr, termLen));
    if (id < 0) {
      if (occur == MUST) queryImpossible = true;
      continue;
    }
    addTerm(<u32>id, occur, fields);
  }
  return count;
}
