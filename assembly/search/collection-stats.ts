// Statistics of the collection scores are computed against. Normally this index's own; a shard
// of a larger collection is given the whole collection's (documents, field lengths, and the
// document frequency of each query term) so its scores equal those of one index over all.
import { MAX_FIELDS } from '../index/config';
import { dfOf, dictionaryFind, hashTerm, termStart, termLength } from '../index/dictionary';
import { averageLength, liveCount, totalLength } from '../index/documents';
import { nodeCount, nodeKind, nodeTerm, nodePhraseStart, nodePhraseLength, phraseTerm, queryImpossible, NODE_TERM, NODE_PHRASE } from './query';

const MAX_OVERRIDES: u32 = 1024;
let overriding = false;
let collectionDocs: f64 = 0;
const averages = heapScratch(<i32>(MAX_FIELDS * 8));
const overrideTerms = heapScratch(<i32>(MAX_OVERRIDES * 4));
const overrideDfs = heapScratch(<i32>(MAX_OVERRIDES * 4));
let overrideCount: u32 = 0;

/** Starts using outside statistics: `docs` live documents in the whole collection. */
export function collectionStatsBegin(docs: f64): void {
  overriding = true;
  collectionDocs = docs;
  overrideCount = 0;
  memory.fill(averages, 0, MAX_FIELDS * 8);
}

export function collectionStatsAverage(field: u32, average: f64): void {
  if (field < MAX_FIELDS) store<f64>(averages + (field << 3), average);
}

/** The collection's document frequency of the term [ptr, ptr+len); terms this index lacks are ignored. */
export function collectionStatsDf(ptr: usize, len: u32, df: u32): void {
  const id = dictionaryFind(ptr, len, hashTerm(ptr, len));
  if (id < 0 || overrideCount >= MAX_OVERRIDES) return;
  store<u32>(overrideTerms + (overrideCount << 2), <u32>id);
  store<u32>(overrideDfs + (overrideCount << 2), df);
  overrideCount++;
}

/** Back to this index's own statistics. */
export function collectionStatsEnd(): void { overriding = false; overrideCount = 0; }

export function statsDocs(): f64 { return overriding ? collectionDocs : <f64>liveCount; }

export function statsAverageLength(field: u32): f64 {
  return overriding ? load<f64>(averages + (field << 3)) : averageLength(field);
}

export function statsDf(term: u32): u32 {
  if (overriding) {
    for (let i: u32 = 0; i < overrideCount; i++) if (load<u32>(overrideTerms + (i << 2)) == term) return load<u32>(overrideDfs + (i << 2));
  }
  return dfOf(term);
}

// The distinct terms of the query just built, for a coordinator to sum their frequencies.
const queryTerms = heapScratch(<i32>(MAX_OVERRIDES * 4));
let queryTermTotal: u32 = 0;

function noteTerm(id: u32): void {
  for (let i: u32 = 0; i < queryTermTotal; i++) if (load<u32>(queryTerms + (i << 2)) == id) return;
  if (queryTermTotal < MAX_OVERRIDES) store<u32>(queryTerms + (queryTermTotal++ << 2), id);
}

/** Collects the query's distinct term ids; returns how many. */
export function queryTermsCollect(): u32 {
  queryTermTotal = 0;
  for (let i: u32 = 1; i < nodeCount; i++) {
    if (nodeKind(i) == NODE_TERM) noteTerm(nodeTerm(i));
    else if (nodeKind(i) == NODE_PHRASE) {
      const first = nodePhraseStart(i);
      for (let k: u32 = 0; k < nodePhraseLength(i); k++) noteTerm(phraseTerm(first + k));
    }
  }
  return queryTermTotal;
}

export function queryTermId(i: u32): u32 { return load<u32>(queryTerms + (i << 2)); }
export function termBytesPtr(id: u32): usize { return termStart(id); }
export function termBytesLength(id: u32): u32 { return termLength(id); }
export function termDf(id: u32): u32 { return dfOf(id); }

/** True when a required part of the query built last has no term here: it cannot match. */
export function queryCannotMatch(): bool { return queryImpossible; }
/** Sum of the lengths of `field` over live documents. */
export function fieldTotalLength(field: u32): f64 { return totalLength(field); }
