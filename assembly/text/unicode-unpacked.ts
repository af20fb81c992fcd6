// The character-class and folding tables, unpacked once per instance (in the start function) from
// the varint stream gen-unicode.mjs generates: 20 KB of static data instead of 46 KB, so the
// inlined kernel is 6 KB smaller deflated. Same steps as unpack() in scripts/gen-unicode.mjs,
// which checks that they give back exactly the tables it verified.
import { CLASS_COUNT, FOLD_COUNT, FOLD_POOL_COUNT, UNICODE_PACKED, UNICODE_PACKED_BYTES } from './unicode-tables';
import { heapScratch } from '../memory/heap';

export const CLASS_START: usize = heapScratch(CLASS_COUNT << 2);
export const CLASS_KIND: usize = heapScratch(CLASS_COUNT);
export const FOLD_START: usize = heapScratch(FOLD_COUNT << 2);
export const FOLD_SPAN: usize = heapScratch(FOLD_COUNT << 1);
export const FOLD_VALUE: usize = heapScratch(FOLD_COUNT << 2);
export const FOLD_POOL: usize = heapScratch(FOLD_POOL_COUNT << 2);

const POOL_FLAG: u32 = 0x80000000;
let at: usize = UNICODE_PACKED;

function varint(): u32 {
  let value: u32 = 0;
  let shift: u32 = 0;
  let byte: u32;
  do {
    byte = <u32>load<u8>(at++);
    value |= (byte & 0x7f) << shift;
    shift += 7;
  } while (byte & 0x80);
  return value;
}

@inline function unzigzag(n: u32): u32 {
  return (n >> 1) ^ (0 - (n & 1));
}

function unpack(): void {
  let previous: u32 = 0;
  for (let i: usize = 0; i < <usize>CLASS_COUNT; i++) {
    previous += varint();
    store<u32>(CLASS_START + (i << 2), previous);
  }
  for (let i: usize = 0; i < <usize>CLASS_COUNT; i++) store<u8>(CLASS_KIND + i, load<u8>(at++));
  previous = 0;
  for (let i: usize = 0; i < <usize>FOLD_COUNT; i++) {
    previous += varint();
    store<u32>(FOLD_START + (i << 2), previous);
  }
  for (let i: usize = 0; i < <usize>FOLD_COUNT; i++) store<u16>(FOLD_SPAN + (i << 1), <u16>varint());
  for (let i: usize = 0; i < <usize>FOLD_COUNT; i++) {
    const v = varint();
    const value = v & 1 ? POOL_FLAG | (v >> 1) : load<u32>(FOLD_START + (i << 2)) + unzigzag(v >> 1);
    store<u32>(FOLD_VALUE + (i << 2), value);
  }
  previous = 0;
  for (let i: usize = 0; i < <usize>FOLD_POOL_COUNT; i++) {
    previous += unzigzag(varint());
    store<u32>(FOLD_POOL + (i << 2), previous);
  }
  // A stream that does not end exactly here was generated for other counts: no kernel at all.
  if (at != UNICODE_PACKED + <usize>UNICODE_PACKED_BYTES) unreachable();
}

unpack();
