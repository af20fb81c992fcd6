// Fixed-size window bitsets (4096 docs = 64 words) combined with SIMD where available.
export const WINDOW: u32 = 4096;
export const WINDOW_WORDS: u32 = WINDOW / 64;
export const WINDOW_BYTES: u32 = WINDOW / 8;

// Clearing and copying are loops of stores rather than memory.fill/memory.copy, which V8 calls
// out of the module for: a window's few words cost less than the call.
export function bitsetClear(dst: usize, words: u32): void {
  let w: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = i64x2.splat(0);
    for (; w + 2 <= words; w += 2) v128.store(dst + (<usize>w << 3), zero);
  }
  for (; w < words; w++) store<u64>(dst + (<usize>w << 3), 0);
}

/** dst = src over `words`. */
export function bitsetCopy(dst: usize, src: usize, words: u32): void {
  let w: u32 = 0;
  if (ASC_FEATURE_SIMD) {
    for (; w + 2 <= words; w += 2) v128.store(dst + (<usize>w << 3), v128.load(src + (<usize>w << 3)));
  }
  for (; w < words; w++) store<u64>(dst + (<usize>w << 3), load<u64>(src + (<usize>w << 3)));
}

/** Sets the first `bits` bits, clears the rest of `words`. */
export function bitsetFillFirst(dst: usize, bits: u32, words: u32): void {
  for (let w: u32 = 0; w < words; w++) {
    const from = w << 6;
    const value: u64 = bits >= from + 64 ? 0xffffffffffffffff : bits <= from ? 0 : ((<u64>1 << (bits - from)) - 1);
    store<u64>(dst + (<usize>w << 3), value);
  }
}

@inline export function bitSet(dst: usize, bit: u32): void {
  const at = dst + ((<usize>bit >> 6) << 3);
  store<u64>(at, load<u64>(at) | (<u64>1 << (bit & 63)));
}

@inline export function bitTest(src: usize, bit: u32): bool {
  return (load<u64>(src + ((<usize>bit >> 6) << 3)) & (<u64>1 << (bit & 63))) != 0;
}

/** dst &= src over `words` (an even count when SIMD is used; windows always have 64). */
export function bitsetAnd(dst: usize, src: usize, words: u32): void {
  if (ASC_FEATURE_SIMD) {
    for (let w: u32 = 0; w < words; w += 2) {
      const at = <usize>w << 3;
      v128.store(dst + at, v128.and(v128.load(dst + at), v128.load(src + at)));
    }
  } else {
    for (let w: u32 = 0; w < words; w++) {
      const at = <usize>w << 3;
      store<u64>(dst + at, load<u64>(dst + at) & load<u64>(src + at));
    }
  }
}

/** dst &= ~src */
export function bitsetAndNot(dst: usize, src: usize, words: u32): void {
  if (ASC_FEATURE_SIMD) {
    for (let w: u32 = 0; w < words; w += 2) {
      const at = <usize>w << 3;
      v128.store(dst + at, v128.andnot(v128.load(dst + at), v128.load(src + at)));
    }
  } else {
    for (let w: u32 = 0; w < words; w++) {
      const at = <usize>w << 3;
      store<u64>(dst + at, load<u64>(dst + at) & ~load<u64>(src + at));
    }
  }
}

/** dst = a & b & ~c (dst may be a): three passes fused into one. */
export function bitsetAndAndNot(dst: usize, a: usize, b: usize, c: usize, words: u32): void {
  if (ASC_FEATURE_SIMD) {
    for (let w: u32 = 0; w < words; w += 2) {
      const at = <usize>w << 3;
      v128.store(dst + at, v128.andnot(v128.and(v128.load(a + at), v128.load(b + at)), v128.load(c + at)));
    }
  } else {
    for (let w: u32 = 0; w < words; w++) {
      const at = <usize>w << 3;
      store<u64>(dst + at, load<u64>(a + at) & load<u64>(b + at) & ~load<u64>(c + at));
    }
  }
}

/** dst |= src */
export function bitsetOr(dst: usize, src: usize, words: u32): void {
  if (ASC_FEATURE_SIMD) {
    for (let w: u32 = 0; w < words; w += 2) {
      const at = <usize>w << 3;
      v128.store(dst + at, v128.or(v128.load(dst + at), v128.load(src + at)));
    }
  } else {
    for (let w: u32 = 0; w < words; w++) {
      const at = <usize>w << 3;
      store<u64>(dst + at, load<u64>(dst + at) | load<u64>(src + at));
    }
  }
}

/** dst |= src; returns which of the `words` words of dst hold any bit (bit w: word w; words ≤ 64). */
export function bitsetOrNonEmpty(dst: usize, src: usize, words: u32): u64 {
  let nonEmpty: u64 = 0;
  if (ASC_FEATURE_SIMD) {
    const zero = i64x2.splat(0);
    for (let w: u32 = 0; w < words; w += 2) {
      const at = <usize>w << 3;
      const v = v128.or(v128.load(dst + at), v128.load(src + at));
      v128.store(dst + at, v);
      nonEmpty |= <u64>i64x2.bitmask(i64x2.ne(v, zero)) << w;
    }
  } else {
    for (let w: u32 = 0; w < words; w++) {
      const at = <usize>w << 3;
      const v = load<u64>(dst + at) | load<u64>(src + at);
      store<u64>(dst + at, v);
      if (v) nonEmpty |= <u64>1 << w;
    }
  }
  // An odd count's pair reaches one word past the end: not one of these.
  return words >= 64 ? nonEmpty : nonEmpty & ((<u64>1 << words) - 1);
}

export function bitsetCount(src: usize, words: u32): u32 {
  let n: u64 = 0;
  for (let w: u32 = 0; w < words; w++) n += popcnt<u64>(load<u64>(src + (<usize>w << 3)));
  return <u32>n;
}

export function bitsetIsEmpty(src: usize, words: u32): bool {
  for (let w: u32 = 0; w < words; w++) if (load<u64>(src + (<usize>w << 3))) return false;
  return true;
}

/** Word `w` of the bits starting `shift` bits into the word at `first` (reads one word past it when shifted). */
@inline export function shiftedWord(first: usize, w: u32, shift: u64): u64 {
  const lo = load<u64>(first + (<usize>w << 3));
  return shift ? (lo >> shift) | (load<u64>(first + ((<usize>w + 1) << 3)) << (64 - shift)) : lo;
}

/** Copies `words` words of bits starting at bit `start` of `src` (any alignment) into `dst`. */
export function bitsetExtract(src: usize, start: u32, words: u32, dst: usize): void {
  const shift = <u64>(start & 63);
  const first = src + ((<usize>start >> 6) << 3);
  for (let w: u32 = 0; w < words; w++) store<u64>(dst + (<usize>w << 3), shiftedWord(first, w, shift));
}
