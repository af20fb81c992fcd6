// A query as the kernel sees it: a tree of nodes built by the host. The root is a boolean node;
// term nodes hold one analysed term, phrase nodes a run of terms with their query positions,
// boolean nodes combine children that are required, optional or excluded. The host parses
// syntax; the kernel analyses words with the index's own tokenizer so queries and documents
// always agree, and expands prefixes and fuzzy words through the term dictionary.
import { TOKEN_STEM } from '../text/tokenizer';
import { analyse, tokenTermPtr, tokenTermLen, tokenPosition, tokenTermId, tokenStem } from './analysis';
import { tokenFlags } from '../index/config';
import { dfOf } from '../index/dictionary';
import { expandPrefix, expandFuzzy, expansionCount, expansionTerm, expansionWeight } from './expand';

export const MAX_PHRASE_LENGTH: u32 = 32;

export const SHOULD: u32 = 0;
export const MUST: u32 = 1;
export const MUST_NOT: u32 = 2;

export const NODE_TERM: u32 = 0;
export const NODE_PHRASE: u32 = 1;
export const NODE_BOOL: u32 = 2;

export const MODE_WORDS: u32 = 0;
export const MODE_PHRASE: u32 = 1;
export const MODE_PREFIX: u32 = 2;
export const MODE_FUZZY1: u32 = 3;
export const MODE_FUZZY2: u32 = 4;

export const MAX_NODES: u32 = 256;
export const MAX_PHRASE_TERMS: u32 = 512;
const NODE_BYTES: u32 = 32;

// Node record: kind, occur, parent, fields, weight (f32), term | first phrase term, phrase
// length, slop. Phrase terms: (term id, query position) pairs.
const nodes = heapScratch(<i32>(MAX_NODES * NODE_BYTES));
const phraseTerms = heapScratch(<i32>(MAX_PHRASE_TERMS * 8));
export let nodeCount: u32 = 0;
let phraseTermCount: u32 = 0;
/** A required part can match nothing (an unknown word): the whole query matches nothing. */
export let queryImpossible: bool = false;

@inline function N(i: u32): usize { return nodes + i * NODE_BYTES; }
@inline export function nodeKind(i: u32): u32 { return load<u32>(N(i)); }
@inline export function nodeOccur(i: u32): u32 { return load<u32>(N(i), 4); }
@inline export function nodeParent(i: u32): i32 { return load<i32>(N(i), 8); }
@inline export function nodeFields(i: u32): u32 { return load<u32>(N(i), 12); }
@inline export function nodeWeight(i: u32): f32 { return load<f32>(N(i), 16); }
@inline export function nodeTerm(i: u32): u32 { return load<u32>(N(i), 20); }
@inline export function nodePhraseStart(i: u32): u32 { return load<u32>(N(i), 20); }
@inline export function nodePhraseLength(i: u32): u32 { return load<u32>(N(i), 24); }
@inline export function nodeSlop(i: u32): u32 { return load<u32>(N(i), 28); }
@inline export function phraseTerm(k: u32): u32 { return load<u32>(phraseTerms + (k << 3)); }
@inline export function phrasePosition(k: u32): u32 { return load<u32>(phraseTerms + (k << 3), 4); }

function addNode(kind: u32, parent: i32, occur: u32, fields: u32, weight: f32, a: u32, b: u32, c: u32): i32 {
  if (nodeCount >= MAX_NODES) return -1;
  const i = nodeCount++;
  const at = N(i);
  store<u32>(at, kind);
  store<u32>(at, occur, 4);
  store<i32>(at, parent, 8);
  store<u32>(at, fields, 12);
  store<f32>(at, weight, 16);
  store<u32>(at, a, 20);
  store<u32>(at, b, 24);
  store<u32>(at, c, 28);
  return <i32>i;
}

/** Starts a query: node 0 is the root boolean node. */
export function queryBegin(): void {
  nodeCount = 0;
  phraseTermCount = 0;
  queryImpossible = false;
  addNode(NODE_BOOL, -1, SHOULD, 0, 1, 0, 0, 0);
}

/** Adds a boolean node under `parent`; returns its index, or -1 past the node limit. */
export function queryAddBool(parent: i32, occur: u32, boost: f32): i32 {
  return addNode(NODE_BOOL, parent, occur, 0, boost, 0, 0, 0);
}

// A word given twice under the same parent counts once: optional + required becomes required
// (with the larger weight); an exclusion stays a separate, unscored constraint. Only nodes
// below `seen` can hold the word (an expansion's terms are distinct: it passes its start).
function addTerm(parent: i32, term: u32, occur: u32, fields: u32, weight: f32, seen: u32 = nodeCount): void {
  for (let i: u32 = 0; i < seen; i++) {
    if (nodeKind(i) != NODE_TERM || nodeParent(i) != parent || nodeTerm(i) != term || nodeFields(i) != fields) continue;
    const existing = nodeOccur(i);
    if (existing == MUST_NOT || occur == MUST_NOT) {
      if (existing == occur) return;
      continue;
    }
    if (occur == MUST) store<u32>(N(i), MUST, 4);
    if (weight > nodeWeight(i)) store<f32>(N(i), weight, 16);
    return;
  }
  addNode(NODE_TERM, parent, occur, fields, weight, term, 0, 0);
}

/** A boolean node whose required part cannot match matches nothing. */
@inline export function nodeImpossible(i: u32): bool { return nodeKind(i) == NODE_BOOL && load<u32>(N(i), 28) != 0; }

/** A required part matched no term: its boolean parent (or the whole query) matches nothing. */
function nothingFor(parent: i32, occur: u32): void {
  if (occur != MUST) return; // optional parts drop out, exclusions of nothing exclude nothing
  if (parent == 0) queryImpossible = true;
  else store<u32>(N(<u32>parent), 1, 28);
}

/** Expansion terms become one optional-children node (or the parent itself when optional). */
function addExpansions(parent: i32, occur: u32, fields: u32, boost: f32): void {
  const count = expansionCount();
  if (!count) { nothingFor(parent, occur); return; }
  let target = parent;
  if (occur != SHOULD) target = queryAddBool(parent, occur, 1);
  if (target < 0) return;
  const seen = nodeCount;
  for (let e: u32 = 0; e < count; e++) addTerm(target, expansionTerm(e), SHOULD, fields, boost * expansionWeight(e), seen);
}

/**
 * Analyses UTF-8 text [src, src+len) under `parent` with `occur` over `fields` (bit mask):
 * MODE_WORDS adds each word as a term; MODE_PHRASE adds one phrase (slop `slop`); MODE_PREFIX
 * and MODE_FUZZY1/2 expand the (single) word through the dictionary.
 * Returns the number of analysed words, or -1 when memory cannot grow.
 */
export function queryAddText(parent: i32, occur: u32, src: usize, len: u32, fields: u32, boost: f32, mode: u32, slop: u32): i32 {
  // Prefixes are matched before stemming (a stem of a prefix is not a prefix of the stems).
  const flags = mode == MODE_PREFIX ? 0 : mode >= MODE_FUZZY1 ? tokenFlags & TOKEN_STEM : tokenFlags;
  const count = analyse(src, len, flags);
  if (count < 0) return -1;
  if (count == 0) return 0; // only stop words or punctuation: the clause drops out
  if (mode == MODE_PREFIX || mode >= MODE_FUZZY1) {
    // One word is expected; extra tokens (e.g. "e-ma*") keep the last as the prefix.
    for (let i = 0; i < count - 1; i++) {
      const id = tokenTermId(i);
      if (id >= 0) addTerm(parent, <u32>id, occur == MUST_NOT ? MUST_NOT : occur, fields, boost);
      else nothingFor(parent, occur);
    }
    const last = count - 1;
    tokenStem(last); // a fuzzy word is matched stemmed (a prefix is analysed without stemming)
    if (mode == MODE_PREFIX) expandPrefix(tokenTermPtr(last), tokenTermLen(last));
    else expandFuzzy(tokenTermPtr(last), tokenTermLen(last), mode == MODE_FUZZY1 ? 1 : 2);
    addExpansions(parent, occur, fields, boost);
    return count;
  }
  if (mode == MODE_PHRASE && count > 1) {
    const length = min<i32>(count, <i32>MAX_PHRASE_LENGTH); // longer phrases keep their start
    if (phraseTermCount + <u32>length > MAX_PHRASE_TERMS) return count;
    const first = phraseTermCount;
    const base = tokenPosition(0);
    for (let i = 0; i < length; i++) {
      const id = tokenTermId(i);
      if (id < 0 || dfOf(<u32>id) == 0) {
        phraseTermCount = first;
        nothingFor(parent, occur);
        return count;
      }
      store<u32>(phraseTerms + (phraseTermCount << 3), <u32>id);
      store<u32>(phraseTerms + (phraseTermCount << 3), tokenPosition(i) - base, 4);
      phraseTermCount++;
    }
    addNode(NODE_PHRASE, parent, occur, fields, boost, first, <u32>length, slop);
    return count;
  }
  for (let i = 0; i < count; i++) {
    const id = tokenTermId(i);
    if (id < 0 || dfOf(<u32>id) == 0) { nothingFor(parent, occur); continue; }
    addTerm(parent, <u32>id, occur, fields, boost);
  }
  return count;
}
