// Short 1–3 word queries drawn from a corpus's own words, as people type them: deterministic
// (seeded, Zipf-weighted by the corpus's word frequencies). Shared by the peers benchmark and the
// performance analysis suite.
import { sampleQueries } from './zipf-corpus.mjs';

export const SHORT_SEED = 7;

/** Words of 3+ letters in the documents, most frequent first (ties alphabetical): deterministic. */
export function vocabulary(docs) {
  const counts = new Map();
  for (const { title, text } of docs) {
    for (const word of `${title} ${text}`.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
      if (word.length >= 3 && /^\p{L}+$/u.test(word)) counts.set(word, (counts.get(word) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([word]) => word);
}

/** `n` distinct 1–3 word queries: Zipf-weighted by the corpus's own word frequencies, seeded. */
export function shortQueries(docs, n, seed = SHORT_SEED) {
  const words = vocabulary(docs);
  const distinct = new Set();
  for (let s = seed; distinct.size < n; s++) {
    for (const q of sampleQueries(words, n, s)) {
      distinct.add(q);
      if (distinct.size === n) break;
    }
  }
  return { queries: [...distinct], vocabulary: words.length };
}
