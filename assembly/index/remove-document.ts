// Deleting a document: clear its live bit and take it out of the statistics now (document
// frequencies via its forward entry, field-length totals), so scores always describe exactly
// the live collection. Its postings are dropped by the next merge of its segment.
import { varintRead, varintEnd } from '../util/varint';
import { dfAdd } from './dictionary';
import { docCount, isLive, documentsKill } from './documents';
import { pendingBase, pendingForward, pendingForwardStart, pendingForwardEnd } from './pending';
import { segDocBase, segForward, segForwardStarts } from './segment';
import { segmentAt, segmentOfDoc, segmentLiveAdd } from './segments';

function undoDocFreqs(from: usize, to: usize): void {
  let term: u32 = 0;
  let at = from;
  while (at < to) {
    term += varintRead(at);
    at = varintEnd;
    dfAdd(term, -1);
  }
}

/** Returns 1 when the doc was live and is now deleted, 0 when it was not live. */
export function docRemove(doc: u32): i32 {
  if (doc >= docCount || !isLive(doc)) return 0;
  if (doc >= pendingBase) {
    const i = doc - pendingBase;
    undoDocFreqs(pendingForward.data + pendingForwardStart(i), pendingForward.data + pendingForwardEnd(i));
  } else {
    const index = segmentOfDoc(doc);
    if (index < 0) return 0;
    const s = segmentAt(index);
    const local = doc - segDocBase(s);
    const starts = segForwardStarts(s);
    const forward = segForward(s);
    undoDocFreqs(forward + load<u32>(starts + (<usize>local << 2)), forward + load<u32>(starts + ((<usize>local + 1) << 2)));
    segmentLiveAdd(index, -1);
  }
  documentsKill(doc);
  return 1;
}
