// Top-k selection: a binary min-heap whose root is the worst kept hit (lowest score; among
// equal scores, the later doc), so ties always favour the earlier-added document.
import { heapAlloc, heapFree } from '../memory/heap';
import { FIXED_ONE } from './bm25';

let scores: usize = 0;   // i64 fixed-point scores
let docs: usize = 0;     // u32
let capacity: u32 = 0;
export let heapSize: u32 = 0;
export let heapLimit: u32 = 0;

@inline function scoreAt(i: u32): i64 { return load<i64>(scores + (<usize>i << 3)); }
@inline function docAt(i: u32): u32 { return load<u32>(docs + (<usize>i << 2)); }
@inline function put(i: u32, s: i64, d: u32): void { store<i64>(scores + (<usize>i << 3), s); store<u32>(docs + (<usize>i << 2), d); }
@inline function worse(sa: i64, da: u32, sb: i64, db: u32): bool { return sa < sb || (sa == sb && da > db); }

/** Prepares for `k` hits; false when memory cannot grow. */
export function topKReset(k: u32): bool {
  if (k > capacity) {
    const newScores = heapAlloc(<usize>k << 3);
    const newDocs = heapAlloc(<usize>k << 2);
    if (!newScores || !newDocs) {
      if (newScores) heapFree(newScores);
      if (newDocs) heapFree(newDocs);
      return false;
    }
    if (scores) { heapFree(scores); heapFree(docs); }
    scores = newScores; docs = newDocs; capacity = k;
  }
  heapSize = 0;
  heapLimit = k;
  return true;
}

/** Scores must beat this to enter (minimum until the heap is full; maximum when k is 0). */
@inline export function topKThreshold(): i64 {
  if (!heapLimit) return i64.MAX_VALUE;
  return heapSize < heapLimit ? i64.MIN_VALUE : scoreAt(0);
}

export function topKPush(score: i64, doc: u32): void {
  if (heapSize < heapLimit) {
    let i = heapSize++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(score, doc, scoreAt(parent), docAt(parent))) break;
      put(i, scoreAt(parent), docAt(parent));
      i = parent;
    }
    put(i, score, doc);
    return;
  }
  if (!heapLimit || !worse(scoreAt(0), docAt(0), score, doc)) return;
  siftDown(0, score, doc, heapSize);
}

function siftDown(start: u32, score: i64, doc: u32, size: u32): void {
  // The arrays' addresses in locals: the compiled loop would otherwise reload the globals.
  const s = scores;
  const d = docs;
  let i = start;
  while (true) {
    let child: u32 = 2 * i + 1;
    if (child >= size) break;
    let childScore = load<i64>(s + (<usize>child << 3));
    let childDoc = load<u32>(d + (<usize>child << 2));
    if (child + 1 < size) {
      const rightScore = load<i64>(s + (<usize>(child + 1) << 3));
      const rightDoc = load<u32>(d + (<usize>(child + 1) << 2));
      if (worse(rightScore, rightDoc, childScore, childDoc)) { child++; childScore = rightScore; childDoc = rightDoc; }
    }
    if (!worse(childScore, childDoc, score, doc)) break;
    store<i64>(s + (<usize>i << 3), childScore);
    store<u32>(d + (<usize>i << 2), childDoc);
    i = child;
  }
  store<i64>(s + (<usize>i << 3), score);
  store<u32>(d + (<usize>i << 2), doc);
}

/** Empties the heap into `outDocs` (u32) / `outScores` (f64), best first; returns the hit count. */
export function topKDrain(outDocs: usize, outScores: usize): u32 {
  const n = heapSize;
  for (let end = n; end > 0; end--) {
    // The root is the worst remaining hit: it goes to the back.
    store<u32>(outDocs + ((<usize>end - 1) << 2), docAt(0));
    store<f64>(outScores + ((<usize>end - 1) << 3), <f64>scoreAt(0) / FIXED_ONE);
    const lastScore = scoreAt(end - 1);
    const lastDoc = docAt(end - 1);
    if (end > 1) siftDown(0, lastScore, lastDoc, end - 1);
  }
  heapSize = 0;
  return n;
}
