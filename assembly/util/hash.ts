// Hashes over linear memory: term hashing for the dictionary and bloom filters, and a fast
// whole-snapshot checksum. Both follow xxHash32's structure (multiply-rotate lanes).
const P1: u32 = 2654435761;
const P2: u32 = 2246822519;
const P3: u32 = 3266489917;
const P4: u32 = 668265263;
const P5: u32 = 374761393;

@inline function round(acc: u32, input: u32): u32 {
  return rotl<u32>(acc + input * P2, 13) * P1;
}

@inline function avalanche(h: u32): u32 {
  h ^= h >> 15; h *= P2;
  h ^= h >> 13; h *= P3;
  h ^= h >> 16;
  return h;
}

/** xxHash32 of bytes [ptr, ptr+len) with `seed`. */
export function xxh32(ptr: usize, len: usize, seed: u32): u32 {
  const end = ptr + len;
  let h: u32;
  if (len >= 16) {
    let v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
    const limit = end - 16;
    if (ASC_FEATURE_SIMD) {
      // The four lanes are xxHash32's four accumulators: same arithmetic, one instruction each.
      let v = i32x4(<i32>v1, <i32>v2, <i32>v3, <i32>v4);
      const p1 = i32x4.splat(<i32>P1);
      const p2 = i32x4.splat(<i32>P2);
      do {
        const x = i32x4.add(v, i32x4.mul(v128.load(ptr), p2));
        v = i32x4.mul(v128.or(i32x4.shl(x, 13), i32x4.shr_u(x, 19)), p1);
        ptr += 16;
      } while (ptr <= limit);
      v1 = <u32>i32x4.extract_lane(v, 0); v2 = <u32>i32x4.extract_lane(v, 1);
      v3 = <u32>i32x4.extract_lane(v, 2); v4 = <u32>i32x4.extract_lane(v, 3);
    } else {
      do {
        v1 = round(v1, load<u32>(ptr)); v2 = round(v2, load<u32>(ptr, 4));
        v3 = round(v3, load<u32>(ptr, 8)); v4 = round(v4, load<u32>(ptr, 12));
        ptr += 16;
      } while (ptr <= limit);
    }
    h = mergeLanes(v1, v2, v3, v4);
  } else {
    h = seed + P5;
  }
  return finish(h + <u32>len, ptr, end);
}

/** xxHash32's four accumulators folded into one value. */
@inline function mergeLanes(v1: u32, v2: u32, v3: u32, v4: u32): u32 {
  return rotl<u32>(v1, 1) + rotl<u32>(v2, 7) + rotl<u32>(v3, 12) + rotl<u32>(v4, 18);
}

/** The bytes [at, end) left after the 16-byte rounds (under 16 or 64), then the avalanche. */
@inline function finish(h: u32, at: usize, end: usize): u32 {
  while (at + 4 <= end) {
    h = rotl<u32>(h + load<u32>(at) * P3, 17) * P4;
    at += 4;
  }
  while (at < end) {
    h = rotl<u32>(h + <u32>load<u8>(at) * P5, 11) * P1;
    at++;
  }
  return avalanche(h);
}

/**
 * The snapshot checksum: four xxHash32-style streams over the four 16-byte slices of each
 * 64-byte stripe. xxHash32's one multiply chain is latency-bound (about 3 ms for 10 MB);
 * four independent chains run in parallel. The streams' digests, the length and the tail
 * (under 64 bytes) fold into one value; the scalar build computes the same arithmetic.
 */
export function stripedChecksum(ptr: usize, len: usize, seed: u32): u32 {
  const stripes = len >> 6;
  let h: u32 = seed + P5 + <u32>len;
  if (stripes) {
    let d0: u32, d1: u32, d2: u32, d3: u32;
    if (ASC_FEATURE_SIMD) {
      const p1 = i32x4.splat(<i32>P1);
      const p2 = i32x4.splat(<i32>P2);
      let v0 = laneStart(seed), v1 = laneStart(seed + 1), v2 = laneStart(seed + 2), v3 = laneStart(seed + 3);
      for (let s: usize = 0; s < stripes; s++) {
        const at = ptr + (s << 6);
        v0 = roundLanes(v0, v128.load(at), p1, p2);
        v1 = roundLanes(v1, v128.load(at, 16), p1, p2);
        v2 = roundLanes(v2, v128.load(at, 32), p1, p2);
        v3 = roundLanes(v3, v128.load(at, 48), p1, p2);
      }
      d0 = digestLanes(v0); d1 = digestLanes(v1); d2 = digestLanes(v2); d3 = digestLanes(v3);
    } else {
      d0 = stripeStream(ptr, stripes, seed, 0);
      d1 = stripeStream(ptr, stripes, seed + 1, 16);
      d2 = stripeStream(ptr, stripes, seed + 2, 32);
      d3 = stripeStream(ptr, stripes, seed + 3, 48);
    }
    h = rotl<u32>(h + d0 * P3, 17) * P4;
    h = rotl<u32>(h + d1 * P3, 17) * P4;
    h = rotl<u32>(h + d2 * P3, 17) * P4;
    h = rotl<u32>(h + d3 * P3, 17) * P4;
  }
  return finish(h, ptr + (stripes << 6), ptr + len);
}

@inline function laneStart(seed: u32): v128 {
  return i32x4(<i32>(seed + P1 + P2), <i32>(seed + P2), <i32>seed, <i32>(seed - P1));
}

@inline function roundLanes(v: v128, input: v128, p1: v128, p2: v128): v128 {
  const x = i32x4.add(v, i32x4.mul(input, p2));
  return i32x4.mul(v128.or(i32x4.shl(x, 13), i32x4.shr_u(x, 19)), p1);
}

@inline function digestLanes(v: v128): u32 {
  return mergeLanes(<u32>i32x4.extract_lane(v, 0), <u32>i32x4.extract_lane(v, 1), <u32>i32x4.extract_lane(v, 2), <u32>i32x4.extract_lane(v, 3));
}

/** One stream of stripedChecksum without SIMD: the 16-byte slice at `offset` of every stripe. */
function stripeStream(ptr: usize, stripes: usize, seed: u32, offset: usize): u32 {
  let v1 = seed + P1 + P2, v2 = seed + P2, v3 = seed, v4 = seed - P1;
  for (let s: usize = 0; s < stripes; s++) {
    const at = ptr + (s << 6) + offset;
    v1 = round(v1, load<u32>(at)); v2 = round(v2, load<u32>(at, 4));
    v3 = round(v3, load<u32>(at, 8)); v4 = round(v4, load<u32>(at, 12));
  }
  return mergeLanes(v1, v2, v3, v4);
}

/** A second independent hash of a 32-bit value (bloom filter probes). */
@inline export function mix32(x: u32): u32 {
  return avalanche(x * P1 + P5);
}
