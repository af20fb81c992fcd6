// MinHash signatures over word shingles, and greedy near-duplicate grouping by the estimated
// Jaccard similarity of those signatures (result fusion's near-duplicate removal).
//
// - A text is tokenized like the index does (folded, no stemming, stop words kept), so case,
//   accents and punctuation do not make two texts differ. Its shingles are the runs of
//   SHINGLE_TOKENS consecutive tokens; a shorter non-empty text is one shingle of all its tokens.
// - Shingle hashes are fully mixed once, so each of the MINHASH_SIZE hash functions can be a
//   cheap bijection: h_i(x) = v ^ (v >> 15) with v = (x ^ seed_i) * M1. The signature holds the
//   minimum of each over the shingles. P(min_i(A) == min_i(B)) is the Jaccard similarity
//   |A∩B| / |A∪B| of the shingle sets, so the fraction of equal minima estimates it (standard
//   error sqrt(J(1-J)/128), 0.03 at J = 0.85; on Cranfield edits the errors match that).
// - The SIMD flavour evaluates four hash functions per instruction; both flavours do the same
//   32-bit integer arithmetic lane by lane, so their signatures are bit-identical.
import { tokenize, TOKEN_RECORD_BYTES } from '../text/tokenizer';
import { heapAlloc, heapFree } from '../memory/heap';
import { xxh32 } from '../util/hash';

/** Hash functions per signature (u32 minima). */
export const MINHASH_SIZE: u32 = 128;
/** Tokens per shingle. */
export const SHINGLE_TOKENS: u32 = 3;

const M1: u32 = 0x85ebca6b; // murmur3's finaliser constants
const M2: u32 = 0xc2b2ae35;
const P1: u32 = 2654435761;
const P2: u32 = 2246822519;

// The per-function seeds: a fixed splitmix-style sequence, built once.
let seeds: usize = 0;

function seedTable(): usize {
  if (seeds) return seeds;
  const table = heapAlloc(<usize>MINHASH_SIZE * 4);
  if (!table) return 0;
  let s: u32 = 0x9e3779b9;
  for (let i: u32 = 0; i < MINHASH_SIZE; i++) {
    s += 0x9e3779b9;
    let z = s;
    z = (z ^ (z >> 16)) * M1;
    z = (z ^ (z >> 13)) * M2;
    store<u32>(table + <usize>i * 4, z ^ (z >> 16));
  }
  seeds = table;
  return table;
}

@inline function permute(x: u32, seed: u32): u32 {
  const v = (x ^ seed) * M1;
  return v ^ (v >> 15);
}

// Order-sensitive combination of a shingle's token hashes.
@inline function combine(h: u32, token: u32): u32 {
  return rotl<u32>(h + token * P2, 13) * P1;
}

// Writes the signature of `count` shingle hashes at `shingles` to `out`.
function signature(shingles: usize, count: u32, table: usize, out: usize): void {
  if (ASC_FEATURE_SIMD) {
    // Sixteen hash functions per pass over the shingles: four independent accumulators keep
    // the multiplier busy and each shingle is loaded once per pass.
    const m1 = i32x4.splat(<i32>M1);
    for (let j: u32 = 0; j < MINHASH_SIZE; j += 16) {
      const at = table + <usize>j * 4;
      const s0 = v128.load(at), s1 = v128.load(at, 16), s2 = v128.load(at, 32), s3 = v128.load(at, 48);
      let a0 = i32x4.splat(-1), a1 = a0, a2 = a0, a3 = a0;
      for (let s: u32 = 0; s < count; s++) {
        const x = i32x4.splat(load<i32>(shingles + <usize>s * 4));
        const v0 = i32x4.mul(v128.xor(s0, x), m1);
        const v1 = i32x4.mul(v128.xor(s1, x), m1);
        const v2 = i32x4.mul(v128.xor(s2, x), m1);
        const v3 = i32x4.mul(v128.xor(s3, x), m1);
        a0 = i32x4.min_u(a0, v128.xor(v0, i32x4.shr_u(v0, 15)));
        a1 = i32x4.min_u(a1, v128.xor(v1, i32x4.shr_u(v1, 15)));
        a2 = i32x4.min_u(a2, v128.xor(v2, i32x4.shr_u(v2, 15)));
        a3 = i32x4.min_u(a3, v128.xor(v3, i32x4.shr_u(v3, 15)));
      }
      const o = out + <usize>j * 4;
      v128.store(o, a0); v128.store(o, a1, 16); v128.store(o, a2, 32); v128.store(o, a3, 48);
    }
  } else {
    for (let j: u32 = 0; j < MINHASH_SIZE; j++) {
      const seed = load<u32>(table + <usize>j * 4);
      let acc: u32 = 0xffffffff;
      for (let s: u32 = 0; s < count; s++) {
        acc = min<u32>(acc, permute(load<u32>(shingles + <usize>s * 4), seed));
      }
      store<u32>(out + <usize>j * 4, acc);
    }
  }
}

/**
 * Signatures of `count` UTF-8 texts laid end to end at `text`; text i is the bytes
 * [offsets[i], offsets[i+1]) relative to `text` (offsets holds count + 1 u32). Writes
 * MINHASH_SIZE u32 per text to `out` and each text's shingle count to `shingleCounts`
 * (0: no tokens, the signature is meaningless). Returns 0, or -1 when scratch memory ran out.
 */
export function minhashSignatures(text: usize, offsets: usize, count: u32, out: usize, shingleCounts: usize): i32 {
  const table = seedTable();
  if (!table) return -1;
  let longest: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    longest = max<u32>(longest, load<u32>(offsets + <usize>(i + 1) * 4) - load<u32>(offsets + <usize>i * 4));
  }
  // Tokenizer capacity rules (tokenizer.ts): len + 1 records and 3 * len + 64 term bytes.
  const maxTokens = longest + 1;
  const termCap = 3 * longest + 64;
  const records = heapAlloc(<usize>maxTokens * TOKEN_RECORD_BYTES);
  const terms = heapAlloc(<usize>termCap);
  const shingles = heapAlloc(<usize>maxTokens * 4);
  let status: i32 = 0;
  if (!records || !terms || !shingles) {
    status = -1;
  } else {
    for (let i: u32 = 0; i < count; i++) {
      const start = load<u32>(offsets + <usize>i * 4);
      const len = load<u32>(offsets + <usize>(i + 1) * 4) - start;
      const tokens = <u32>max<i32>(0, tokenize(text + <usize>start, len, 0, records, maxTokens, terms, termCap));
      // Token hashes first (in place of the shingle buffer), then shingles over them.
      for (let t: u32 = 0; t < tokens; t++) {
        const record = records + <usize>t * TOKEN_RECORD_BYTES;
        store<u32>(shingles + <usize>t * 4, xxh32(terms + <usize>load<u32>(record), <usize>load<u32>(record, 4), 0));
      }
      const width = min<u32>(SHINGLE_TOKENS, tokens);
      const shingleCount: u32 = tokens == 0 ? 0 : tokens - width + 1;
      for (let s: u32 = 0; s < shingleCount; s++) {
        let h: u32 = width;
        for (let w: u32 = 0; w < width; w++) h = combine(h, load<u32>(shingles + <usize>(s + w) * 4));
        h ^= h >> 15; h *= M2; h ^= h >> 13;
        store<u32>(shingles + <usize>s * 4, h ^ (h >> 16)); // slot s's own token was read above
      }
      signature(shingles, shingleCount, table, out + <usize>i * MINHASH_SIZE * 4);
      store<u32>(shingleCounts + <usize>i * 4, shingleCount);
    }
  }
  if (records) heapFree(records);
  if (terms) heapFree(terms);
  if (shingles) heapFree(shingles);
  return status;
}

/** Equal minima of two signatures, stopping once more than `maxMismatches` differ. */
export function minhashMatches(a: usize, b: usize, maxMismatches: u32): u32 {
  let matches: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    for (let j: u32 = 0; j < MINHASH_SIZE; j += 16) {
      // eq lanes are -1: subtracting counts them; 16 minima per step, then the early exit test.
      let acc = i32x4.splat(0);
      for (let k: u32 = 0; k < 16; k += 4) {
        const at = <usize>(j + k) * 4;
        acc = i32x4.sub(acc, i32x4.eq(v128.load(a + at), v128.load(b + at)));
      }
      matches += <u32>(i32x4.extract_lane(acc, 0) + i32x4.extract_lane(acc, 1) + i32x4.extract_lane(acc, 2) + i32x4.extract_lane(acc, 3));
      if (j + 16 - matches > maxMismatches) return matches;
    }
  } else {
    for (let j: u32 = 0; j < MINHASH_SIZE; j += 16) {
      for (let k: u32 = 0; k < 16; k++) {
        const at = <usize>(j + k) * 4;
        if (load<u32>(a + at) == load<u32>(b + at)) matches++;
      }
      if (j + 16 - matches > maxMismatches) return matches;
    }
  }
  return matches;
}

/** Bands of BAND_ROWS minima used to find candidate pairs (see nearDuplicateGroups). */
export const BANDS: u32 = 32;
const BAND_ROWS: u32 = MINHASH_SIZE / BANDS;

// Hash of band b of a signature; never 0 (0 marks an empty slot).
@inline function bandKey(sig: usize, b: u32): u32 {
  let h: u32 = b * P1 + 0x165667b1;
  for (let r: u32 = 0; r < BAND_ROWS; r++) h = combine(h, load<u32>(sig + <usize>(b * BAND_ROWS + r) * 4));
  h ^= h >> 15; h *= M2; h ^= h >> 13;
  return h | (h == 0 ? 1 : 0);
}

/**
 * Greedy grouping in the given order: text i joins the earliest kept text whose signature has at
 * least `minMatches` of MINHASH_SIZE minima equal to its own, or is kept itself. Writes the kept
 * text's index to out[i] (out[i] == i when kept); texts without shingles are always kept and
 * never joined. Returns the number of kept texts, or -1 when scratch memory ran out.
 *
 * Finding the earliest such text does not need all pairs: when fewer than BANDS minima may
 * differ (threshold > 0.75), two qualifying signatures agree on at least one whole band of
 * BAND_ROWS minima, so only kept texts sharing a band with text i are checked (a hash table of
 * band keys). The answer is the same as comparing every pair; lower thresholds do exactly that.
 */
export function nearDuplicateGroups(signatures: usize, shingleCounts: usize, count: u32, minMatches: u32, out: usize): i32 {
  const maxMismatches = MINHASH_SIZE - min<u32>(minMatches, MINHASH_SIZE);
  const banded = maxMismatches < BANDS;
  let wide: u64 = 16;
  while (banded && wide < <u64>count * <u64>(BANDS * 2)) wide <<= 1; // load factor ≤ 1/2
  if (wide * 8 > <u64>0x7fffffff) return -1;
  const slots = <u32>wide;
  const mask = slots - 1;
  let table: usize = 0;
  if (banded) {
    table = heapAlloc(<usize>slots * 8); // (key, text) pairs
    if (!table) return -1;
    memory.fill(table, 0, <usize>slots * 8);
  }
  let kept: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    let group = i;
    const sig = signatures + <usize>i * MINHASH_SIZE * 4;
    if (load<u32>(shingleCounts + <usize>i * 4)) {
      if (banded) {
        for (let b: u32 = 0; b < BANDS; b++) {
          const key = bandKey(sig, b);
          for (let at = key & mask; ; at = (at + 1) & mask) {
            const slot = table + <usize>at * 8;
            const k = load<u32>(slot);
            if (k == 0) break;
            const j = load<u32>(slot, 4);
            if (k == key && j < group && minhashMatches(sig, signatures + <usize>j * MINHASH_SIZE * 4, maxMismatches) >= minMatches) group = j;
          }
        }
      } else {
        for (let j: u32 = 0; j < i; j++) {
          if (load<u32>(out + <usize>j * 4) != j || !load<u32>(shingleCounts + <usize>j * 4)) continue;
          if (minhashMatches(sig, signatures + <usize>j * MINHASH_SIZE * 4, maxMismatches) >= minMatches) {
            group = j;
            break;
          }
        }
      }
    }
    store<u32>(out + <usize>i * 4, group);
    if (group != i) continue;
    kept++;
    if (banded && load<u32>(shingleCounts + <usize>i * 4)) {
      for (let b: u32 = 0; b < BANDS; b++) {
        const key = bandKey(sig, b);
        let at = key & mask;
        while (load<u32>(table + <usize>at * 8)) at = (at + 1) & mask;
        store<u32>(table + <usize>at * 8, key);
        store<u32>(table + <usize>at * 8, i, 4);
      }
    }
  }
  if (table) heapFree(table);
  return <i32>kept;
}

/** xxHash32 (seed 0) of each of `count` texts laid out as for minhashSignatures, into `out`. */
export function textHashes(text: usize, offsets: usize, count: u32, out: usize): void {
  for (let i: u32 = 0; i < count; i++) {
    const start = load<u32>(offsets + <usize>i * 4);
    store<u32>(out + <usize>i * 4, xxh32(text + <usize>start, <usize>(load<u32>(offsets + <usize>(i + 1) * 4) - start), 0));
  }
}
