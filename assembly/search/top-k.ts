// Top-k selection, keeping the worst kept hit (lowest score; among equal scores, the later doc)
// at index 0, so ties always favour the earlier-added document. Up to LINEAR_K hits live in an
// array sorted worst first: a newcomer usually only just beats the worst, so it moves past one
// or two entries, where a heap always sifts through every level; and draining is a copy.
// Larger k use a binary min-heap.
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

const LINEAR_K: u32 = 32;

export function topKPush(score: i64, doc: u32): void {
  if (heapLimit <= LINEAR_K) {
    sortedPush(score, doc);
    return;
  }
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

function sortedPush(score: i64, doc: u32): void {
  const s = scores;
  const d = docs;
  let i: u32;
  if (heapSize < heapLimit) {
    // Filling: shift the better entries up one and insert in order.
    i = heapSize++;
    while (i > 0) {
      const otherScore = load<i64>(s + (<usize>(i - 1) << 3));
      const otherDoc = load<u32>(d + (<usize>(i - 1) << 2));
      if (!worse(score, doc, otherScore, otherDoc)) break;
      store<i64>(s + (<usize>i << 3), otherScore);
      store<u32>(d + (<usize>i << 2), otherDoc);
      i--;
    }
  } else {
    if (!heapLimit || !worse(load<i64>(s), load<u32>(d), score, doc)) return;
    // Full: the worst (index 0) leaves; entries still worse than the newcomer move down one.
    i = 0;
    while (i + 1 < heapSize) {
      const otherScore = load<i64>(s + (<usize>(i + 1) << 3));
      const otherDoc = load<u32>(d + (<usize>(i + 1) << 2));
      if (!worse(otherScore, otherDoc, score, doc)) break;
      store<i64>(s + (<usize>i << 3), otherScore);
      store<u32>(d + (<usize>i << 2), otherDoc);
      i++;
    }
  }
  store<i64>(s + (<usize>i << 3), score);
  store<u32>(d + (<usize>i << 2), doc);
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
  if (heapLimit <= LINEAR_K) {
    for (let i: u32 = 0; i < n; i++) {
      store<u32>(outDocs + (<usize>i << 2), docAt(n - 1 - i));
      store<f64>(outScores + (<usize>i << 3), <f64>scoreAt(n - 1 - i) / FIXED_ONE);
    }
    heapSize = 0;
    return n;
  }
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
