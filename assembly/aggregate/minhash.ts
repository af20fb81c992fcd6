// MinHash signatures over word shingles, and greedy near-duplicate grouping by the estimated
// Jaccard similarity of those signatures (result fusion's near-duplicate removal).
//
// - A text is tokenized like the index does (folded, no stemming, stop words kept), so case,
//   accents and punctuation do not make two texts differ. Its shingles are the runs of
//   SHINGLE_TOKENS consecutive tokens; a shorter non-empty text is one shingle of all its tokens.
// - The signature holds MINHASH_SIZE minima, one per hash function h_i(x) = fmix(x ^ seed_i).
//   P(min_i(A) == min_i(B)) is the Jaccard similarity |A∩B| / |A∪B| of the shingle sets, so the
//   fraction of equal minima estimates it (standard error sqrt(J(1-J)/128), 0.03 at J = 0.85).
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
  let v = (x ^ seed) * M1;
  v ^= v >> 15;
  v *= M2;
  return v ^ (v >> 13);
}

// Order-sensitive combination of a shingle's token hashes.
@inline function combine(h: u32, token: u32): u32 {
  return rotl<u32>(h + token * P2, 13) * P1;
}

// Writes the signature of `count` shingle hashes at `shingles` to `out`.
function signature(shingles: usize, count: u32, table: usize, out: usize): void {
  if (ASC_FEATURE_SIMD) {
    const m1 = i32x4.splat(<i32>M1);
    const m2 = i32x4.splat(<i32>M2);
    for (let j: u32 = 0; j < MINHASH_SIZE; j += 4) {
      const seed = v128.load(table + <usize>j * 4);
      let acc = i32x4.splat(-1);
      for (let s: u32 = 0; s < count; s++) {
        let v = i32x4.mul(v128.xor(seed, i32x4.splat(load<i32>(shingles + <usize>s * 4))), m1);
        v = v128.xor(v, i32x4.shr_u(v, 15));
        v = i32x4.mul(v, m2);
        v = v128.xor(v, i32x4.shr_u(v, 13));
        acc = i32x4.min_u(acc, v);
      }
      v128.store(out + <usize>j * 4, acc);
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
        store<u32>(shingles + <usize>s * 4, h ^ (h >> 15)); // s + w >= s: the slot's tokens are read
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

/**
 * Greedy grouping in the given order: text i joins the first earlier kept text whose signature
 * has at least `minMatches` of MINHASH_SIZE minima equal to its own, or is kept itself.
 * Writes the kept text's index to out[i] (out[i] == i when kept); texts without shingles are
 * always kept and never joined. Returns the number of kept texts.
 */
export function nearDuplicateGroups(signatures: usize, shingleCounts: usize, count: u32, minMatches: u32, out: usize): u32 {
  const maxMismatches = MINHASH_SIZE - min<u32>(minMatches, MINHASH_SIZE);
  let kept: u32 = 0;
  for (let i: u32 = 0; i < count; i++) {
    let group = i;
    if (load<u32>(shingleCounts + <usize>i * 4)) {
      const sig = signatures + <usize>i * MINHASH_SIZE * 4;
      for (let j: u32 = 0; j < i; j++) {
        if (load<u32>(out + <usize>j * 4) != j || !load<u32>(shingleCounts + <usize>j * 4)) continue;
        if (minhashMatches(sig, signatures + <usize>j * MINHASH_SIZE * 4, maxMismatches) >= minMatches) {
          group = j;
          break;
        }
      }
    }
    store<u32>(out + <usize>i * 4, group);
    if (group == i) kept++;
  }
  return kept;
}

/** xxHash32 (seed 0) of each of `count` texts laid out as for minhashSignatures, into `out`. */
export function textHashes(text: usize, offsets: usize, count: u32, out: usize): void {
  for (let i: u32 = 0; i < count; i++) {
    const start = load<u32>(offsets + <usize>i * 4);
    store<u32>(out + <usize>i * 4, xxh32(text + <usize>start, <usize>(load<u32>(offsets + <usize>(i + 1) * 4) - start), 0));
  }
}
