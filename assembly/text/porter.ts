// The Porter (1980) stemmer, in place on lower-case ASCII letters. It reproduces lunr's
// regex-based JavaScript implementation (`lunr.stemmer`) exactly, quirks included, so indexes stay
// comparable with Lunr: 'y' is a vowel in V but a consonant in C, a leading 'y' is a consonant,
// Step 1a turns "ies" into "ie" and "sses" into "sse" because its rules need a letter before the
// suffix, and each step commits to the longest suffix that leaves a non-empty stem even when the
// measure test then fails. Where lunr departs from the textbook (and from the npm `stemmer`
// package), this follows lunr: Step 1c turns a final 'y' into 'i' only after a non-vowel that is
// not the first letter ("cry" -> "cri", "say" -> "say"), not whenever the stem has a vowel.
// The predicates below are those regexes rewritten as scans: each regex can match only one way,
// so no backtracking is needed.

// Letter sets as bit masks over 'a'..'z' (bit 0 = 'a').
const AEIOU: u32 = 1 << 0 | 1 << 4 | 1 << 8 | 1 << 14 | 1 << 20;  // a e i o u
const AEIOUY: u32 = AEIOU | 1 << 24;                                // + y
const AEIOUWXY: u32 = AEIOUY | 1 << 22 | 1 << 23;                   // + w x
const AEIOUYLSZ: u32 = AEIOUY | 1 << 11 | 1 << 18 | 1 << 25;        // + l s z

const LOWER_Y: u8 = 0x79;
const UPPER_Y: u8 = 0x59; // a leading 'y' while stemming: outside every set, so a consonant
const LOWER_E: u8 = 0x65;
const LOWER_I: u8 = 0x69;
const LOWER_L: u8 = 0x6c;
const LOWER_N: u8 = 0x6e;
const LOWER_S: u8 = 0x73;

// Suffix rules: the suffix packed little-endian (first letter lowest) with its length in the top
// byte, then the replacement packed the same way. Longest suffixes first: two suffixes that both
// match a word are nested, so the first match is the longest one, which is what lunr's lazy
// `^(.+?)(…)$` regexes pick.
const STEP2_COUNT = 21;
const STEP2 = memory.data<u64>([
  0x076c616e6f697461, 0x0300000000657461, // ational -> ate
  0x076e6f6974617a69, 0x0300000000657a69, // ization -> ize
  0x077373656e657669, 0x0300000000657669, // iveness -> ive
  0x077373656e6c7566, 0x03000000006c7566, // fulness -> ful
  0x077373656e73756f, 0x030000000073756f, // ousness -> ous
  0x06006c616e6f6974, 0x040000006e6f6974, // tional -> tion
  0x06006974696c6962, 0x0300000000656c62, // biliti -> ble
  0x050000696c746e65, 0x0300000000746e65, // entli -> ent
  0x050000696c73756f, 0x030000000073756f, // ousli -> ous
  0x0500006e6f697461, 0x0300000000657461, // ation -> ate
  0x0500006d73696c61, 0x0200000000006c61, // alism -> al
  0x0500006974696c61, 0x0200000000006c61, // aliti -> al
  0x0500006974697669, 0x0300000000657669, // iviti -> ive
  0x0400000069636e65, 0x0400000065636e65, // enci -> ence
  0x0400000069636e61, 0x0400000065636e61, // anci -> ance
  0x0400000072657a69, 0x0300000000657a69, // izer -> ize
  0x04000000696c6c61, 0x0200000000006c61, // alli -> al
  0x04000000726f7461, 0x0300000000657461, // ator -> ate
  0x0400000069676f6c, 0x0300000000676f6c, // logi -> log
  0x0300000000696c62, 0x0300000000656c62, // bli -> ble
  0x0300000000696c65, 0x0100000000000065, // eli -> e
]);
const STEP3_COUNT = 7;
const STEP3 = memory.data<u64>([
  0x0500006574616369, 0x0200000000006369, // icate -> ic
  0x0500006576697461, 0x0000000000000000, // ative -> (nothing)
  0x050000657a696c61, 0x0200000000006c61, // alize -> al
  0x0500006974696369, 0x0200000000006369, // iciti -> ic
  0x040000006c616369, 0x0200000000006369, // ical -> ic
  0x040000007373656e, 0x0000000000000000, // ness -> (nothing)
  0x03000000006c7566, 0x0000000000000000, // ful -> (nothing)
]);
// Step 4 only removes suffixes, so its rules have no replacement.
const STEP4_COUNT = 18;
const STEP4 = memory.data<u64>([
  0x050000746e656d65, // ement
  0x0400000065636e61, // ance
  0x0400000065636e65, // ence
  0x04000000656c6261, // able
  0x04000000656c6269, // ible
  0x04000000746e656d, // ment
  0x0300000000746e61, // ant
  0x0300000000746e65, // ent
  0x03000000006d7369, // ism
  0x0300000000657461, // ate
  0x0300000000697469, // iti
  0x030000000073756f, // ous
  0x0300000000657669, // ive
  0x0300000000657a69, // ize
  0x0200000000006c61, // al
  0x0200000000007265, // er
  0x0200000000006369, // ic
  0x020000000000756f, // ou
]);
// Last letters of each step's suffixes: words ending otherwise skip the step's rule scan.
const STEP2_LAST: u32 = 1 << 8 | 1 << 11 | 1 << 12 | 1 << 13 | 1 << 17 | 1 << 18;  // i l m n r s
const STEP3_LAST: u32 = 1 << 4 | 1 << 8 | 1 << 11 | 1 << 18;                       // e i l s
const STEP4_LAST: u32 = 1 << 2 | 1 << 4 | 1 << 8 | 1 << 11 | 1 << 12 | 1 << 17 | 1 << 18 | 1 << 19 | 1 << 20; // c e i l m r s t u
const SSES: u64 = 0x73657373;  // "sses"
const IES: u64 = 0x736569;     // "ies"
const EED: u64 = 0x646565;     // "eed"
const ED: u64 = 0x6465;        // "ed"
const ING: u64 = 0x676e69;     // "ing"
const AT: u64 = 0x7461;        // "at"
const BL: u64 = 0x6c62;        // "bl"
const IZ: u64 = 0x7a69;        // "iz"
const SION: u64 = 0x6e6f6973;  // "sion"
const TION: u64 = 0x6e6f6974;  // "tion"
const SUFFIX_MASK: u64 = 0x00ffffffffffffff;

@inline function at(p: usize, i: i32): u32 { return <u32>load<u8>(p + <usize>i); }

@inline function inSet(c: u32, set: u32): bool {
  const k = c - 0x61;
  return k < 26 && ((set >> k) & 1) != 0;
}

// The last (up to) 8 letters packed so that the last letter is the top byte: a suffix of length
// L is then `tail >> (64 - 8L)`, compared with one instruction. Missing letters read as 0. One
// unaligned load does it; for words under 8 letters it also reads the bytes just before the word
// (harmless, they are masked off) unless the word sits in the first 8 bytes of memory. n >= 1.
@inline function tail(p: usize, n: i32): u64 {
  if (n >= 8) return load<u64>(p + <usize>(n - 8));
  if (p >= 8) return load<u64>(p + <usize>n - 8) & (<u64>-1 << (<u64>(8 - n) << 3));
  let t: u64 = 0;
  for (let i = 0; i < n; i++) t = (t >> 8) | (<u64>at(p, i) << 56);
  return t;
}

@inline function ends(t: u64, suffix: u64, len: i32): bool {
  return (t >> (<u64>(64 - (len << 3)))) == suffix;
}

// First index >= from whose letter is (want = true) or is not (want = false) in `set`; n if none.
function seek(p: usize, n: i32, from: i32, set: u32, want: bool): i32 {
  let i = from;
  while (i < n && inSet(at(p, i), set) != want) i++;
  return i;
}

// Where V of `^(C)?V…` starts, C = [^aeiou][^aeiouy]*: the first of a e i o u y; -1 if none.
// It is the only place V can start because stems never begin with a lower-case 'y' (a leading
// 'y' is swapped for 'Y' first), which would let C be that 'y' and V start later.
@inline function vowelStart(p: usize, n: i32): i32 {
  const i = seek(p, n, 0, AEIOUY, true);
  return i < n ? i : -1;
}

// ^(C)?VC : measure > 0 (a vowel followed later by a non-aeiou letter).
function measureAbove0(p: usize, n: i32): bool {
  const i = vowelStart(p, n);
  return i >= 0 && seek(p, n, i + 1, AEIOU, false) < n;
}

// ^(C)?VCVC : measure > 1.
function measureAbove1(p: usize, n: i32): bool {
  const i = vowelStart(p, n);
  if (i < 0) return false;
  const j = seek(p, n, i + 1, AEIOU, false);
  if (j >= n) return false;
  const k = seek(p, n, j + 1, AEIOUY, true);
  return k < n && seek(p, n, k + 1, AEIOU, false) < n;
}

// ^(C)?VC(V)?$ : measure exactly 1.
function measureIs1(p: usize, n: i32): bool {
  const i = vowelStart(p, n);
  if (i < 0) return false;
  const j = seek(p, n, i + 1, AEIOU, false);
  if (j >= n) return false;
  const k = seek(p, n, j + 1, AEIOUY, true); // the rest of C, then the optional V to the end
  return k >= n || seek(p, n, k + 1, AEIOU, false) >= n;
}

// ^(C)?v : the stem contains a vowel (a e i o u y).
@inline function hasVowel(p: usize, n: i32): bool { return vowelStart(p, n) >= 0; }

// ^C v [^aeiouwxy]$ : consonant run, one vowel, final consonant other than w x y.
function endsCvc(p: usize, n: i32): bool {
  if (n < 3 || inSet(at(p, 0), AEIOU)) return false;
  for (let i = 1; i < n - 2; i++) if (inSet(at(p, i), AEIOUY)) return false;
  return inSet(at(p, n - 2), AEIOUY) && !inSet(at(p, n - 1), AEIOUWXY);
}

// Steps 2 and 3: the first (longest) matching rule replaces its suffix when the stem's measure
// is above 0. `rules` holds `count` (suffix, replacement) pairs.
function replaceSuffix(p: usize, n: i32, rules: usize, count: i32, lastLetters: u32): i32 {
  if (!inSet(at(p, n - 1), lastLetters)) return n;
  const t = tail(p, n);
  for (let r = 0; r < count; r++) {
    const rule = load<u64>(rules + (<usize>r << 4));
    const len = <i32>(rule >> 56);
    if (n <= len || !ends(t, rule & SUFFIX_MASK, len)) continue;
    const stem = n - len;
    if (!measureAbove0(p, stem)) return n;
    const replacement = load<u64>(rules + (<usize>r << 4), 8);
    const replacementLen = <i32>(replacement >> 56);
    for (let i = 0; i < replacementLen; i++) store<u8>(p + <usize>(stem + i), <u8>(replacement >> (<u64>i << 3)));
    return stem + replacementLen;
  }
  return n;
}

/** Stems the lower-case ASCII word [p, p+len) in place and returns its new length (never longer). */
export function porterStem(p: usize, len: i32): i32 {
  let n = len;
  if (n < 3) return n;
  const leadingY = at(p, 0) == LOWER_Y;
  if (leadingY) store<u8>(p, UPPER_Y);

  // Step 1a: plurals.
  let t = tail(p, n);
  if ((n > 4 && ends(t, SSES, 4)) || (n > 3 && ends(t, IES, 3))) n -= 2;
  else if (at(p, n - 1) == LOWER_S && at(p, n - 2) != LOWER_S) n -= 1;

  // Step 1b: -eed, -ed, -ing.
  t = tail(p, n);
  if (n > 3 && ends(t, EED, 3)) {
    if (measureAbove0(p, n - 3)) n -= 1;
  } else {
    let stem = -1;
    if (n > 2 && ends(t, ED, 2)) stem = n - 2;
    else if (n > 3 && ends(t, ING, 3)) stem = n - 3;
    if (stem >= 0 && hasVowel(p, stem)) {
      n = stem;
      t = tail(p, n);
      if (ends(t, AT, 2) || ends(t, BL, 2) || ends(t, IZ, 2)) {
        store<u8>(p + <usize>n, LOWER_E);
        n++;
      } else if (n >= 2 && at(p, n - 1) == at(p, n - 2) && !inSet(at(p, n - 1), AEIOUYLSZ)) {
        n--;
      } else if (endsCvc(p, n)) {
        store<u8>(p + <usize>n, LOWER_E);
        n++;
      }
    }
  }

  // Step 1c: y -> i after a non-vowel that is not the first letter.
  if (n > 2 && at(p, n - 1) == LOWER_Y && !inSet(at(p, n - 2), AEIOU)) store<u8>(p + <usize>(n - 1), LOWER_I);

  // Steps 2 and 3: map double suffixes to single ones when measure > 0.
  n = replaceSuffix(p, n, STEP2, STEP2_COUNT, STEP2_LAST);
  n = replaceSuffix(p, n, STEP3, STEP3_COUNT, STEP3_LAST);

  // Step 4: drop suffixes when measure > 1; -ion only after s or t, and only if no rule matched.
  let step4Matched = false;
  if (inSet(at(p, n - 1), STEP4_LAST)) {
    t = tail(p, n);
    for (let r = 0; r < STEP4_COUNT; r++) {
      const rule = load<u64>(STEP4 + (<usize>r << 3));
      const len = <i32>(rule >> 56);
      if (n > len && ends(t, rule & SUFFIX_MASK, len)) {
        step4Matched = true;
        if (measureAbove1(p, n - len)) n -= len;
        break;
      }
    }
  }
  if (!step4Matched && n > 4 && at(p, n - 1) == LOWER_N) {
    t = tail(p, n);
    if ((ends(t, SION, 4) || ends(t, TION, 4)) && measureAbove1(p, n - 3)) n -= 3;
  }

  // Step 5: final -e, then -ll -> -l, both when the measure allows.
  if (n > 1 && at(p, n - 1) == LOWER_E) {
    const stem = n - 1;
    if (measureAbove1(p, stem) || (measureIs1(p, stem) && !endsCvc(p, stem))) n = stem;
  }
  if (n > 1 && at(p, n - 1) == LOWER_L && at(p, n - 2) == LOWER_L && measureAbove1(p, n)) n--;

  if (leadingY) store<u8>(p, LOWER_Y);
  return n;
}
