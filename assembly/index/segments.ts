// The ordered list of segments (ascending, disjoint doc ranges) and their live-doc counts.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { heapFree } from '../memory/heap';
import { segDocBase, segDocSpan } from './segment';
import { segmentTermsForget } from './segment-terms';

export let segmentList: Buffer = changetype<Buffer>(0); // u32 segment pointers (bit 0: borrowed)
export let segmentLive: Buffer = changetype<Buffer>(0); // u32 live docs per segment
// Segments loaded from a snapshot stay inside the snapshot's block ("borrowed") instead of
// being copied out; the block is freed when the last of them has been merged away.
let snapshotBlock: usize = 0;
let borrowedCount: u32 = 0;
const BORROWED: u32 = 1;

export function segmentsInit(): bool {
  segmentList = bufferNew();
  segmentLive = bufferNew();
  return changetype<usize>(segmentList) != 0 && changetype<usize>(segmentLive) != 0;
}

@inline export function segmentCount(): u32 { return <u32>(segmentList.length >> 2); }
@inline export function segmentAt(i: u32): usize { return load<u32>(segmentList.data + (<usize>i << 2)) & ~BORROWED; }
@inline export function segmentLiveAt(i: u32): u32 { return load<u32>(segmentLive.data + (<usize>i << 2)); }
@inline export function segmentLiveAdd(i: u32, delta: i32): void {
  store<u32>(segmentLive.data + (<usize>i << 2), <u32>(<i32>segmentLiveAt(i) + delta));
}

export function segmentsReserve(extra: u32): bool {
  return bufferReserve(segmentList, <usize>extra << 2) && bufferReserve(segmentLive, <usize>extra << 2);
}

/** Appends a segment (room reserved beforehand). */
export function segmentsPush(segment: usize, live: u32): void {
  store<u32>(segmentList.data + segmentList.length, <u32>segment);
  store<u32>(segmentLive.data + segmentLive.length, live);
  segmentList.length += 4;
  segmentLive.length += 4;
}

/** Appends a segment that lives inside `block` (a loaded snapshot the index now owns). */
export function segmentsPushBorrowed(segment: usize, live: u32, block: usize): void {
  segmentsPush(segment | BORROWED, live);
  snapshotBlock = block;
  borrowedCount++;
}

function release(i: u32): void {
  const entry = load<u32>(segmentList.data + (<usize>i << 2));
  segmentTermsForget(entry & ~BORROWED);
  if (!(entry & BORROWED)) { heapFree(entry); return; }
  if (--borrowedCount == 0) { heapFree(snapshotBlock); snapshotBlock = 0; }
}

/** Replaces segments [from, to) with `merged`, freeing the old ones. */
export function segmentsReplace(from: u32, to: u32, merged: usize, live: u32): void {
  for (let i = from; i < to; i++) release(i);
  store<u32>(segmentList.data + (<usize>from << 2), <u32>merged);
  store<u32>(segmentLive.data + (<usize>from << 2), live);
  const removed = to - from - 1;
  const count = segmentCount();
  for (let i = to; i < count; i++) {
    store<u32>(segmentList.data + (<usize>(i - removed) << 2), segmentAt(i));
    store<u32>(segmentLive.data + (<usize>(i - removed) << 2), segmentLiveAt(i));
  }
  segmentList.length -= <usize>removed << 2;
  segmentLive.length -= <usize>removed << 2;
}

/** Index of the segment whose doc range holds `doc`, or -1 (binary search). */
export function segmentOfDoc(doc: u32): i32 {
  let lo: i32 = 0;
  let hi: i32 = <i32>segmentCount() - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const s = segmentAt(mid);
    if (doc < segDocBase(s)) hi = mid - 1;
    else if (doc >= segDocBase(s) + segDocSpan(s)) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Writes the segment list's state (4 u32) at `out`. */
export function segmentsShare(out: usize): void {
  store<u32>(out, changetype<usize>(segmentList));
  store<u32>(out, changetype<usize>(segmentLive), 4);
  store<u32>(out, <u32>snapshotBlock, 8);
  store<u32>(out, borrowedCount, 12);
}

/** Points this instance's segment list at another instance's (read-only from here on). */
export function segmentsAttach(from: usize): void {
  segmentList = changetype<Buffer>(<usize>load<u32>(from));
  segmentLive = changetype<Buffer>(<usize>load<u32>(from, 4));
  snapshotBlock = <usize>load<u32>(from, 8);
  borrowedCount = load<u32>(from, 12);
}
