// Finding a term's keys in a segment. A segment holding most of the dictionary's terms (the big
// one a bulk build or a merge leaves, where nearly every query term is looked up) gets a table
// from term id to its first key, made on first use: one load instead of a bloom probe and an
// interpolation search whose probes each miss the cache (what it saves matters most for prefix
// and fuzzy words, 50 lookups each). Smaller segments keep the search: a table costs 4 bytes per
// dictionary term. An index loaded into a shared memory for a pool makes its tables as it
// writes its state record, and the workers attached to it use those (read-only: none of their
// own, so no memory per worker). Tables are derived data: never in snapshots, dropped with
// their segment.
import { heapAlloc, heapFree } from '../memory/heap';
import { segMightContain, segFindTerm, segKeyCount, segTotalBytes, keyAt, keyTerm, keyField } from './segment';
import { termCount, dictionaryEpoch, dictionaryAttached } from './dictionary';
import { segmentCount, segmentAt } from './segments';

// Tables are never evicted for one another (with more dense segments than slots, every query
// would rebuild one); a segment that finds no free slot keeps the search.
const SLOTS: u32 = 8;
// Per slot: segment address, table address (u32 per term id: first key + 1, 0 when absent),
// terms covered, and the segment's size in bytes (with the address, what names it: a freed
// segment's table is dropped, and this keeps one that was not from serving a successor).
const SLOT_BYTES: u32 = 16;
export const SLOTS_BYTES: usize = SLOTS * SLOT_BYTES;
const slots = heapScratch(<i32>SLOTS_BYTES);
let epoch: u32 = 0;
// An attached instance (dictionaryAttached) has the slots of the instance it is attached to:
// it uses them, and never frees or adds one.

@inline function slotAt(i: u32): usize { return slots + <usize>(i * SLOT_BYTES); }
@inline function slotSegment(i: u32): usize { return load<u32>(slotAt(i)); }
@inline function slotTable(i: u32): usize { return load<u32>(slotAt(i), 4); }
@inline function slotTerms(i: u32): u32 { return load<u32>(slotAt(i), 8); }
@inline function slotBytes(i: u32): u32 { return load<u32>(slotAt(i), 12); }

function clearSlot(i: u32): void {
  if (slotTable(i) && !dictionaryAttached) heapFree(slotTable(i));
  memory.fill(slotAt(i), 0, SLOT_BYTES);
}

/** The segment at `segment` is being freed: its table goes too (a new segment may reuse the address). */
export function segmentTermsForget(segment: usize): void {
  for (let i: u32 = 0; i < SLOTS; i++) if (slotSegment(i) == segment) clearSlot(i);
}

/** The slot holding this segment's table, or -1: made now when the segment is dense enough. */
function tableSlot(segment: usize): i32 {
  if (epoch != dictionaryEpoch && !dictionaryAttached) {
    // Term ids now name other terms (a snapshot was adopted): every table is stale.
    for (let i: u32 = 0; i < SLOTS; i++) clearSlot(i);
    epoch = dictionaryEpoch;
  }
  for (let i: u32 = 0; i < SLOTS; i++) {
    if (slotSegment(i) != segment) continue;
    if (slotBytes(i) == segTotalBytes(segment)) return <i32>i;
    if (!dictionaryAttached) clearSlot(i); // another segment at a freed one's address
  }
  const keys = segKeyCount(segment);
  if (dictionaryAttached || <u64>keys * 2 < <u64>termCount) return -1;
  let i: u32 = 0;
  while (i < SLOTS && slotSegment(i)) i++;
  if (i == SLOTS) return -1;
  const terms = termCount;
  const table = heapAlloc(<usize>terms << 2);
  if (!table) return -1; // no memory for it: the search still works
  memory.fill(table, 0, <usize>terms << 2);
  for (let x: u32 = keys; x > 0; x--) {
    const term = keyTerm(keyAt(segment, x - 1));
    if (term < terms) store<u32>(table + (<usize>term << 2), x); // walking down, the first key wins
  }
  store<u32>(slotAt(i), <u32>segment);
  store<u32>(slotAt(i), <u32>table, 4);
  store<u32>(slotAt(i), terms, 8);
  store<u32>(slotAt(i), segTotalBytes(segment), 12);
  return <i32>i;
}

/** Makes the tables of this instance's dense segments and copies the slots to `out` (SLOTS_BYTES), for attached instances. */
export function segmentTermsShare(out: usize): void {
  for (let i: u32 = 0; i < segmentCount(); i++) tableSlot(segmentAt(i));
  memory.copy(out, slots, SLOTS_BYTES);
}

/** Uses the tables of the instance whose slots were copied to `from` (after dictionaryAttach). */
export function segmentTermsAttach(from: usize): void {
  memory.copy(slots, from, SLOTS_BYTES);
  epoch = dictionaryEpoch;
}

/** Index of the segment's first key with this term, or -1 (segFindTerm's answer). */
export function findTerm(segment: usize, term: u32): i32 {
  const i = tableSlot(segment);
  if (i < 0) return segMightContain(segment, term) ? segFindTerm(segment, term) : -1;
  if (term >= slotTerms(<u32>i)) return -1; // a term newer than the segment
  return <i32>load<u32>(slotTable(<u32>i) + (<usize>term << 2)) - 1;
}

/** The key for (term, field), or 0. */
export function findKey(segment: usize, term: u32, field: u32): usize {
  const first = findTerm(segment, term);
  if (first < 0) return 0;
  const count = segKeyCount(segment);
  for (let j = <u32>first; j < count; j++) {
    const k = keyAt(segment, j);
    if (keyTerm(k) != term) break;
    if (keyField(k) == field) return k;
  }
  return 0;
}
