// Highlight offsets: the words of a text whose terms the current query looks for (outside any
// exclusion) in the given field, as UTF-16 [start, end) pairs — exactly what JS strings index.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { analyse, tokenStart16, tokenEnd16, tokenTermId } from './analysis';
import { tokenFlags } from '../index/config';
import {
  MUST_NOT, NODE_TERM, NODE_PHRASE, nodeCount, nodeKind, nodeOccur, nodeParent, nodeFields, nodeTerm,
  nodePhraseStart, nodePhraseLength, phraseTerm,
} from './query';

let wanted: Buffer = changetype<Buffer>(0); // (term id, field mask) pairs

function excludedNode(i: u32): bool {
  let node = <i32>i;
  while (node > 0) {
    if (nodeOccur(<u32>node) == MUST_NOT) return true;
    node = nodeParent(<u32>node);
  }
  return false;
}

function want(term: u32, fields: u32): bool {
  if (!bufferReserve(wanted, 8)) return false;
  store<u32>(wanted.data + wanted.length, term);
  store<u32>(wanted.data + wanted.length, fields, 4);
  wanted.length += 8;
  return true;
}

/** Collects the query's positive terms; call once per query before highlightMatches. */
export function highlightBegin(): bool {
  if (!changetype<usize>(wanted)) wanted = bufferNew();
  if (!changetype<usize>(wanted)) return false;
  wanted.length = 0;
  for (let i: u32 = 1; i < nodeCount; i++) {
    if (excludedNode(i)) continue;
    if (nodeKind(i) == NODE_TERM && !want(nodeTerm(i), nodeFields(i))) return false;
    if (nodeKind(i) == NODE_PHRASE) {
      for (let k: u32 = 0; k < nodePhraseLength(i); k++) if (!want(phraseTerm(nodePhraseStart(i) + k), nodeFields(i))) return false;
    }
  }
  return true;
}

function wantedIn(term: u32, field: u32): bool {
  for (let at: usize = 0; at < wanted.length; at += 8) {
    if (load<u32>(wanted.data + at) == term && (load<u32>(wanted.data + at, 4) & (1 << field))) return true;
  }
  return false;
}

/**
 * Writes [start16, end16] (u32 pairs) of matching words of UTF-8 text [src, src+len) in `field`
 * to `out`; returns the pair count, or -1 when memory cannot grow.
 */
export function highlightMatches(field: u32, src: usize, len: u32, out: usize, maxPairs: u32): i32 {
  const count = analyse(src, len, tokenFlags);
  if (count < 0) return -1;
  let pairs: u32 = 0;
  for (let i = 0; i < count && pairs < maxPairs; i++) {
    const id = tokenTermId(i);
    if (id < 0 || !wantedIn(<u32>id, field)) continue;
    store<u32>(out + (<usize>pairs << 3), tokenStart16(i));
    store<u32>(out + (<usize>pairs << 3), tokenEnd16(i), 4);
    pairs++;
  }
  return <i32>pairs;
}
