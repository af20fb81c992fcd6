// Synthetic corpus for scale benchmarks: documents of made-up words whose frequencies follow
// Zipf's law (frequency of the word of rank r ∝ 1 / r^s), generated lazily and deterministically
// from a seed, so 1M documents never sit in memory and every run sees the same text.

// Words are consonant-vowel syllables plus a final k/p/x/z/b/v. That ending is no English stop
// word and no Porter suffix, so stemming and stop-word removal leave every word intact and the
// vocabulary the engine indexes is exactly the one generated here. Rank 1 gets the shortest word.
const CONSONANTS = 'bdfghjklmnprstvz';
const VOWELS = 'aeiou';
const FINALS = 'kpxzbv';
const SYLLABLES = [...CONSONANTS].flatMap((c) => [...VOWELS].map((v) => c + v)); // 80

/** The word of Zipf rank `rank` (1-based). Distinct ranks give distinct words. */
export function wordAt(rank) {
  const i = rank - 1;
  let n = Math.floor(i / FINALS.length) + 1; // bijective base-80: every n ≥ 1 a distinct string
  let stem = '';
  while (n > 0) {
    n -= 1;
    stem = SYLLABLES[n % SYLLABLES.length] + stem;
    n = Math.floor(n / SYLLABLES.length);
  }
  return stem + FINALS[i % FINALS.length];
}

/** mulberry32: tiny, fast, good enough for test data; returns floats in [0, 1). */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Cumulative Zipf weights, shared by all generators with the same (vocabulary, s).
const cdfCache = new Map();
function zipfCdf(vocabulary, s) {
  const key = `${vocabulary}:${s}`;
  let cdf = cdfCache.get(key);
  if (!cdf) {
    cdf = new Float64Array(vocabulary);
    let sum = 0;
    for (let r = 1; r <= vocabulary; r++) cdf[r - 1] = sum += 1 / r ** s;
    for (let r = 0; r < vocabulary; r++) cdf[r] /= sum;
    cdfCache.set(key, cdf);
  }
  return cdf;
}

/** Returns a function drawing a Zipf rank (1..vocabulary) with the given PRNG. */
export function zipfSampler(vocabulary, s, random) {
  const cdf = zipfCdf(vocabulary, s);
  return () => {
    const u = random();
    let lo = 0, hi = vocabulary - 1; // first index with cdf >= u
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cdf[mid] < u) lo = mid + 1; else hi = mid;
    }
    return lo + 1;
  };
}

// Gamma(shape 4) lengths: mean `mean`, most documents within ±50 %, few tiny or huge.
function drawLength(mean, random) {
  let sum = 0;
  for (let i = 0; i < 4; i++) sum -= Math.log(1 - random());
  return Math.max(1, Math.round((sum / 4) * mean));
}

/** The corpus of the scale benchmarks (generateZipfCorpus's defaults, spelled out). */
export const SCALE_CORPUS = Object.freeze({ vocabulary: 50_000, meanLength: 120, s: 1.07, seed: 1 });

/**
 * Lazily yields `docs` documents { id, title, text }; same options → same documents.
 * @param {{ docs: number, vocabulary?: number, meanLength?: number, s?: number, seed?: number }} o
 */
export function* generateZipfCorpus({ docs, vocabulary = 50000, meanLength = 120, s = 1.07, seed = 1 }) {
  const random = mulberry32(seed);
  const rank = zipfSampler(vocabulary, s, random);
  const words = (n) => {
    const out = new Array(n);
    for (let i = 0; i < n; i++) out[i] = wordAt(rank());
    return out.join(' ');
  };
  for (let d = 0; d < docs; d++) {
    const title = words(3 + Math.floor(random() * 6)); // 3..8 words
    const text = words(drawLength(meanLength, random));
    yield { id: String(d + 1), title, text };
  }
}

/**
 * `n` queries of 1–3 words drawn from the same Zipf law (so some are frequent terms, most rarer).
 * corpusOrVocabulary: the options given to generateZipfCorpus, a vocabulary size, or an array of
 * words ordered by frequency (most frequent first). Words of rank ≤ `minRank` are drawn again
 * (the most frequent words, which a stop list would remove from natural-language text).
 */
export function sampleQueries(corpusOrVocabulary, n, seed = 2, minRank = 0) {
  const spec = corpusOrVocabulary;
  const list = Array.isArray(spec) ? spec : null;
  const vocabulary = list ? list.length : typeof spec === 'number' ? spec : (spec.vocabulary ?? 50000);
  const s = (!list && typeof spec === 'object' && spec.s) || 1.07;
  const random = mulberry32(seed);
  const rank = zipfSampler(vocabulary, s, random);
  const queries = [];
  for (let q = 0; q < n; q++) {
    const len = 1 + Math.floor(random() * 3);
    const terms = [];
    while (terms.length < len) {
      const r = rank();
      if (r > minRank) terms.push(list ? list[r - 1] : wordAt(r));
    }
    queries.push(terms.join(' '));
  }
  return queries;
}
