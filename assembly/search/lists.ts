// Posting-list cursors of the current query in the current segment: one record per (query
// node, field) — or per (phrase term, field) — with its BM25 constants, upper bound and the
// decoded block it stands on.
import { heapRealloc } from '../memory/heap';
import { BLOCK, skipAt } from '../index/segment';
import { skipLastDoc } from '../index/postings-reader';

export const MAX_LISTS: u32 = 256;
const LIST_BYTES: u32 = 96;
const lists = heapScratch(<i32>(MAX_LISTS * LIST_BYTES), 16);
let listBlocks: usize = 0; // per list: 128 docs + 128 tfs (u32)
let blockCapacity: u32 = 0;
export let listCount: u32 = 0;

export function setListCount(n: u32): void { listCount = n; }

/** Makes room for the decoded blocks of `lists` lists (grown as queries need); false on no memory. */
export function listBlocksReserve(lists: u32): bool {
  if (lists <= blockCapacity) return true;
  const capacity = min<u32>(max<u32>(lists, blockCapacity << 1), MAX_LISTS);
  const blocks = heapRealloc(listBlocks, <usize>capacity * BLOCK * 8);
  if (!blocks) return false;
  listBlocks = blocks;
  blockCapacity = capacity;
  return true;
}

// Record layout: node, occur, key, field, wk, c0, c1, phrase ordinal, block, blocks, first skip,
// previous block's last doc, decoded count, position in block, tf pointer, tfs decoded,
// bound (i64), positions pointer, positions index, top-level flag.
@inline export function L(j: u32): usize { return lists + j * LIST_BYTES; }
@inline export function lNode(j: u32): u32 { return load<u32>(L(j)); }
@inline export function lOccur(j: u32): u32 { return load<u32>(L(j), 4); }
@inline export function lKey(j: u32): usize { return load<u32>(L(j), 8); }
@inline export function lField(j: u32): u32 { return load<u32>(L(j), 12); }
@inline export function lWk(j: u32): f32 { return load<f32>(L(j), 16); }
@inline export function lC0(j: u32): f32 { return load<f32>(L(j), 20); }
@inline export function lC1(j: u32): f32 { return load<f32>(L(j), 24); }
@inline export function lOrdinal(j: u32): u32 { return load<u32>(L(j), 28); }
@inline export function lBlock(j: u32): u32 { return load<u32>(L(j), 32); }
@inline export function lBlocks(j: u32): u32 { return load<u32>(L(j), 36); }
@inline export function lFirstSkip(j: u32): u32 { return load<u32>(L(j), 40); }
@inline export function lPrevLast(j: u32): u32 { return load<u32>(L(j), 44); }
@inline export function lCount(j: u32): u32 { return load<u32>(L(j), 48); }
@inline export function lPos(j: u32): u32 { return load<u32>(L(j), 52); }
@inline export function lTfPtr(j: u32): usize { return load<u32>(L(j), 56); }
@inline export function lTfsReady(j: u32): bool { return load<u32>(L(j), 60) != 0; }
@inline export function lBound(j: u32): i64 { return load<i64>(L(j), 64); }
@inline export function lPosPtr(j: u32): usize { return load<u32>(L(j), 72); }
@inline export function lPosIndex(j: u32): u32 { return load<u32>(L(j), 76); }
@inline export function lTopLevel(j: u32): bool { return load<u32>(L(j), 80) != 0; }
@inline export function lDocs(j: u32): usize { return listBlocks + <usize>j * (BLOCK * 8); }
@inline export function lTfs(j: u32): usize { return lDocs(j) + BLOCK * 4; }

/** Moves list j to its next block (nothing decoded yet). */
export function advanceBlock(segment: usize, j: u32): void {
  store<u32>(L(j), skipLastDoc(skipAt(segment, lFirstSkip(j) + lBlock(j))), 44);
  store<u32>(L(j), lBlock(j) + 1, 32);
  store<u32>(L(j), 0, 48);
  store<u32>(L(j), 0, 72);
  store<u32>(L(j), 0, 76);
}
