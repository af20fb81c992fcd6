// Inflate (zlib format, RFC 1950/1951) in plain JS for runtimes without DecompressionStream:
// Safari before 16.4 and Firefox before 113, exactly the browsers the scalar flavour is for.
// Imported only there, so no other page loads it. Canonical Huffman decoding one bit at a time:
// slow next to native zlib (milliseconds for a kernel), run once per flavour.

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** Codes per bit length, and the symbols in canonical order. */
interface Tree { counts: Uint16Array; symbols: Uint16Array }

function corrupt(what: string): Error {
  return new Error(`synthex: the inlined kernel is corrupt (${what})`);
}

function buildTree(lengths: Uint8Array, offset: number, count: number): Tree {
  const counts = new Uint16Array(16);
  const symbols = new Uint16Array(count);
  for (let i = 0; i < count; i++) counts[lengths[offset + i]]++;
  counts[0] = 0;
  const next = new Uint16Array(16);
  for (let length = 1, sum = 0; length < 16; length++) { next[length] = sum; sum += counts[length]; }
  for (let i = 0; i < count; i++) if (lengths[offset + i]) symbols[next[lengths[offset + i]]++] = i;
  return { counts, symbols };
}

function fixedTrees(): [Tree, Tree] {
  const lengths = new Uint8Array(288 + 32);
  lengths.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288).fill(5, 288, 320);
  return [buildTree(lengths, 0, 288), buildTree(lengths, 288, 32)];
}

function adler32(bytes: Uint8Array): number {
  let a = 1, b = 0;
  for (let i = 0; i < bytes.length;) {
    // 5552 bytes is the most that cannot overflow before the modulo (zlib's NMAX).
    for (const end = Math.min(bytes.length, i + 5552); i < end; i++) { a += bytes[i]; b += a; }
    a %= 65521;
    b %= 65521;
  }
  return ((b << 16) | a) >>> 0;
}

/** The bytes a zlib stream holds; throws on anything malformed, truncated or mis-checksummed. */
export function inflateFallback(source: Uint8Array): Uint8Array {
  if (source.length < 6) throw corrupt('too short');
  const cmf = source[0], flg = source[1];
  if ((cmf & 15) !== 8 || ((cmf << 8) | flg) % 31 !== 0 || flg & 32) throw corrupt('bad zlib header');
  let at = 2, bits = 0, bitCount = 0;
  let out = new Uint8Array(Math.max(1024, source.length * 4));
  let written = 0;
  const ensure = (more: number) => {
    if (written + more <= out.length) return;
    const bigger = new Uint8Array(Math.max(out.length * 2, written + more));
    bigger.set(out.subarray(0, written));
    out = bigger;
  };
  const bit = (): number => {
    if (!bitCount) {
      if (at >= source.length) throw corrupt('truncated');
      bits = source[at++];
      bitCount = 8;
    }
    const value = bits & 1;
    bits >>= 1;
    bitCount--;
    return value;
  };
  const read = (count: number, base: number): number => {
    let value = 0;
    for (let i = 0; i < count; i++) value |= bit() << i;
    return value + base;
  };
  const decode = (tree: Tree): number => {
    let sum = 0, code = 0, length = 0;
    do {
      code = 2 * code + bit();
      if (++length > 15) throw corrupt('bad Huffman code');
      sum += tree.counts[length];
      code -= tree.counts[length];
    } while (code >= 0);
    return tree.symbols[sum + code];
  };

  let last = 0;
  while (!last) {
    last = bit();
    const type = read(2, 0);
    if (type === 0) {
      bitCount = 0; // stored blocks start on a byte boundary
      if (at + 4 > source.length) throw corrupt('truncated');
      const length = source[at] | (source[at + 1] << 8);
      if ((length ^ (source[at + 2] | (source[at + 3] << 8))) !== 0xffff) throw corrupt('bad stored block length');
      at += 4;
      if (at + length > source.length) throw corrupt('truncated');
      ensure(length);
      out.set(source.subarray(at, at + length), written);
      written += length;
      at += length;
      continue;
    }
    let literals: Tree, distances: Tree;
    if (type === 1) {
      [literals, distances] = fixedTrees();
    } else if (type === 2) {
      const literalCount = read(5, 257), distanceCount = read(5, 1), codeLengthCount = read(4, 4);
      const lengths = new Uint8Array(288 + 32);
      for (let i = 0; i < codeLengthCount; i++) lengths[CODE_LENGTH_ORDER[i]] = read(3, 0);
      const codeLengths = buildTree(lengths, 0, 19);
      lengths.fill(0);
      for (let n = 0; n < literalCount + distanceCount;) {
        const symbol = decode(codeLengths);
        let repeat = 1, value = symbol;
        if (symbol === 16) {
          if (!n) throw corrupt('repeat with no previous length');
          value = lengths[n - 1];
          repeat = read(2, 3);
        } else if (symbol === 17) {
          value = 0;
          repeat = read(3, 3);
        } else if (symbol === 18) {
          value = 0;
          repeat = read(7, 11);
        }
        if (n + repeat > literalCount + distanceCount) throw corrupt('too many code lengths');
        lengths.fill(value, n, n + repeat);
        n += repeat;
      }
      literals = buildTree(lengths, 0, literalCount);
      distances = buildTree(lengths, literalCount, distanceCount);
    } else {
      throw corrupt('reserved block type');
    }
    for (;;) {
      let symbol = decode(literals);
      if (symbol === 256) break;
      if (symbol < 256) {
        ensure(1);
        out[written++] = symbol;
        continue;
      }
      symbol -= 257;
      if (symbol >= 29) throw corrupt('bad length code');
      const length = read(LENGTH_EXTRA[symbol], LENGTH_BASE[symbol]);
      const distanceSymbol = decode(distances);
      if (distanceSymbol >= 30) throw corrupt('bad distance code');
      const distance = read(DISTANCE_EXTRA[distanceSymbol], DISTANCE_BASE[distanceSymbol]);
      if (distance > written) throw corrupt('distance before the start');
      ensure(length);
      for (let i = 0; i < length; i++, written++) out[written] = out[written - distance];
    }
  }
  if (at + 4 > source.length) throw corrupt('truncated checksum');
  const inflated = out.slice(0, written);
  const expected = ((source[at] << 24) | (source[at + 1] << 16) | (source[at + 2] << 8) | source[at + 3]) >>> 0;
  if (adler32(inflated) !== expected) throw corrupt('checksum mismatch');
  return inflated;
}
