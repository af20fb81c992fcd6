// English stop words: lunr's `lunr.stopWordFilter` list (119 words, at most 7 letters), so that
// relevance stays comparable with Lunr. A lookup packs the term into a u64 (first byte lowest,
// zero padded) and compares it with at most two slots of a 256-slot open-addressing table:
// no byte compares, no data-dependent loop, 2 KB of static data.
//
// Table layout: a word's home slot is the top 8 bits of packed * HASH_MULTIPLIER; it sits there
// or, if that was taken when the table was built (words inserted in lunr's order), in the next
// slot. The multiplier was searched for so that no word is displaced further. Empty slots are 0,
// which no term packs to. tests/kernels/tokenizer.check.mjs checks the table against lunr.

const HASH_MULTIPLIER: u64 = 0x45f0310bb598465d;
const MAX_STOP_WORD_BYTES: u32 = 7;

// Four slots per line; the comment names the words in them ('-' is an empty slot).
const STOP_WORD_SLOTS = memory.data<u64>([
  0,               0x68746977,      0,               0,                // - with - -
  0x726568,        0,               0x666f,          0,                // her - of -
  0,               0x726f6e,        0,               0x746579,         // - nor - yet
  0x6e776f,        0,               0,               0,                // own - - -
  0x656d6f73,      0x746867696d,    0x7473756a,      0x73656f64,       // some might just does
  0x6d6f7266,      0,               0,               0x72657665776f68, // from - - however
  0,               0x65737561636562, 0x6f6f74,        0,               // - because too -
  0,               0,               0x64696173,      0,                // - - said -
  0x746567,        0x676e6f6d61,    0x6e6163,        0x656b696c,       // get among can like
  0,               0,               0,               0x79656874,       // - - - they
  0x74616874,      0,               0,               0,                // that - - -
  0x6568,          0,               0x65636e6973,    0x73617774,       // he - since twas
  0,               0x6f746e69,      0x6f6e,          0,                // - into no -
  0,               0,               0,               0,                // - - - -
  0,               0,               0,               0,                // - - - -
  0,               0x736974,        0,               0,                // - tis - -
  0,               0,               0,               0x74736f6d,       // - - - most
  0,               0x796877,        0x73726568,      0x6577,           // - why hers we
  0x73736f726361,  0x726f,          0x7269656874,    0,                // across or their -
  0x6572656877,    0x7962,          0x796d,          0,                // where by my -
  0,               0,               0,               0,                // - - - -
  0,               0,               0x7461,          0x6d6f6877,       // - - at whom
  0x656873,        0x74756f6261,    0x6f6877,        0x776f68,         // she about who how
  0,               0x74736f6d6c61,  0,               0,                // - almost - -
  0,               0,               0,               0x6669,           // - - - if
  0,               0x747361656c,    0x7361,          0,                // - least as -
  0,               0,               0,               0x7265687469656e, // - - - neither
  0x746f6e,        0,               0,               0,                // not - - -
  0,               0,               0,               0,                // - - - -
  0x736168,        0,               0,               0x6f64,           // has - - do
  0x6e656877,      0x73746e6177,    0x6572656874,    0x646c756f63,     // when wants there could
  0,               0x74656c,        0,               0,                // - let - -
  0x61,            0x6863696877,    0x746f67,        0,                // a which got -
  0,               0x6c6c61,        0x7469,          0x6573656874,     // - all it these
  0x6e6f,          0x6562,          0x656d,          0x726568746965,   // on be me either
  0,               0x737469,        0x736177,        0,                // - its was -
  0x6f73,          0x66666f,        0x726568746f,    0x65736c65,       // so off other else
  0x646168,        0x7369,          0,               0x726568746172,   // had is - rather
  0,               0,               0x6d656874,      0,                // - - them -
  0x796173,        0,               0x656874,        0x756f79,         // say - the you
  0,               0,               0,               0,                // - - - -
  0,               0x73696874,      0x65766168,      0x6e656874,       // - this have then
  0x6c6c6977,      0,               0,               0,                // will - - -
  0,               0,               0,               0x69,             // - - - i
  0,               0,               0,               0x7972657665,     // - - - every
  0x646c756f6873,  0x6e61,          0,               0,                // should an - -
  0,               0x796c656b696c,  0,               0x65726577,       // - likely - were
  0,               0,               0,               0,                // - - - -
  0,               0x796c6e6f,      0x656c6261,      0,                // - only able -
  0x6d61,          0x747562,        0,               0,                // am but - -
  0,               0,               0x656c696877,    0,                // - - while -
  0,               0,               0,               0x657261,         // - - - are
  0x6d6968,        0,               0,               0,                // him - - -
  0,               0x72756f79,      0x6f74,          0,                // - your to -
  0,               0,               0x726f66,        0,                // - - for -
  0x7375,          0x646e61,        0x72657665,      0x73796173,       // us and ever says
  0,               0x72616564,      0x6e616874,      0x796e61,         // - dear than any
  0x6e69,          0x7473756d,      0x746f6e6e6163,  0x6e6574666f,     // in must cannot often
  0,               0x7265746661,    0x6e656562,      0,                // - after been -
  0,               0,               0,               0,                // - - - -
  0x6f736c61,      0x72756f,        0x646c756f77,    0,                // also our would -
  0,               0x736968,        0,               0,                // - his - -
  0x79616d,        0,               0x74616877,      0,                // may - what -
  0,               0,               0x646964,        0,                // - - did -
]);

/** True when the folded UTF-8 term [p, p+len) is an English stop word. */
export function isStopWord(p: usize, len: u32): bool {
  if (len - 1 >= MAX_STOP_WORD_BYTES) return false; // also rejects len == 0
  let key: u64 = 0;
  for (let i: u32 = 0; i < len; i++) key |= <u64>load<u8>(p + <usize>i) << (<u64>i << 3);
  const home = <usize>((key * HASH_MULTIPLIER) >> 56);
  const next = (home + 1) & 255;
  return (load<u64>(STOP_WORD_SLOTS + (home << 3)) == key) | (load<u64>(STOP_WORD_SLOTS + (next << 3)) == key);
}
