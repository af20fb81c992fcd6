// Phrase matching over a window: the phrase's terms are intersected rarest first, positions are
// decoded only for documents still in the intersection, and each remaining document is checked
// for the terms in order — at their exact query distances ("a b c"), or with at most `slop`
// extra positions in total between first and last ("a b c"~N). The phrase frequency is scored
// with BM25 using the sum of the terms' idf.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';
import { varintRead, varintEnd } from '../util/varint';
import { fieldLengths } from '../index/documents';
import { fieldCount } from '../index/config';
import { segPositions, skipAt, keyDf } from '../index/segment';
import { decodeDocs, decodeTfs, skipLastDoc, skipCountOf, skipPositions } from '../index/postings-reader';
import { WINDOW, bitsetClear, bitsetFillFirst, bitSet, bitTest, bitsetAnd } from './bitset';
import { toFixed } from './bm25';
import { nodePhraseStart, nodePhraseLength, nodeSlop, phrasePosition, MAX_PHRASE_LENGTH } from './query';
import {
  listCount, L, lNode, lOrdinal, lField, lKey, lWk, lC0, lC1, lBlock, lBlocks, lFirstSkip, lPrevLast, lCount, lPos,
  lTfs, lDocs, lPosPtr, lPosIndex, advanceBlock,
} from './lists';

const inPhrase = heapScratch(<i32>(WINDOW / 8), 16);
const termBits = heapScratch(<i32>(WINDOW / 8), 16);
const order = heapScratch(<i32>(MAX_PHRASE_LENGTH * 4));
const entryStart = heapScratch(<i32>((MAX_PHRASE_LENGTH + 1) * 4));
const cursor = heapScratch(<i32>(MAX_PHRASE_LENGTH * 4));
const pointer = heapScratch(<i32>(MAX_PHRASE_LENGTH * 4));
let entries: Buffer = changetype<Buffer>(0);   // (window doc, positions start, tf) per matching posting
let positions: Buffer = changetype<Buffer>(0); // u32 positions

export function phraseScratchReady(): bool {
  if (!changetype<usize>(entries)) { entries = bufferNew(); positions = bufferNew(); }
  return changetype<usize>(entries) != 0 && changetype<usize>(positions) != 0;
}

@inline function entryAt(i: u32): usize { return entries.data + <usize>i * 12; }

/** Appends the postings of list j in [ws, we) whose doc is in `mask`, with their positions. */
function collect(segment: usize, j: u32, ws: u32, we: u32, mask: usize, outBits: usize): bool {
  while (lBlock(j) < lBlocks(j)) {
    const skip = skipAt(segment, lFirstSkip(j) + lBlock(j));
    if (skipLastDoc(skip) < ws) { advanceBlock(segment, j); continue; }
    if (!lCount(j)) {
      const tfPtr = decodeDocs(segment, lFirstSkip(j) + lBlock(j), lPrevLast(j), lDocs(j));
      decodeTfs(tfPtr, skipCountOf(skip), lTfs(j));
      store<u32>(L(j), skipCountOf(skip), 48);
      store<u32>(L(j), 0, 52);
      store<u32>(L(j), <u32>(segPositions(segment) + skipPositions(skip)), 72);
      store<u32>(L(j), 0, 76);
    }
    const docs = lDocs(j);
    const tfs = lTfs(j);
    const count = lCount(j);
    let at = lPosPtr(j);
    let index = lPosIndex(j);
    let i = lPos(j);
    while (i < count && load<u32>(docs + (<usize>i << 2)) < ws) i++;
    for (; i < count; i++) {
      const doc = load<u32>(docs + (<usize>i << 2));
      if (doc >= we) break;
      if (!bitTest(mask, doc - ws)) continue;
      // Skip the positions of postings passed over, then read this one's.
      for (; index < i; index++) {
        for (let p = load<u32>(tfs + (<usize>index << 2)); p > 0; p--) { varintRead(at); at = varintEnd; }
      }
      const tf = load<u32>(tfs + (<usize>i << 2));
      if (!bufferReserve(positions, <usize>tf << 2) || !bufferReserve(entries, 12)) return false;
      const start = <u32>(positions.length >> 2);
      let position: u32 = 0;
      for (let p: u32 = 0; p < tf; p++) {
        position += varintRead(at);
        at = varintEnd;
        store<u32>(positions.data + positions.length, position);
        positions.length += 4;
      }
      index = i + 1;
      const e = entries.data + entries.length;
      store<u32>(e, doc - ws);
      store<u32>(e, start, 4);
      store<u32>(e, tf, 8);
      entries.length += 12;
      bitSet(outBits, doc - ws);
    }
    store<u32>(L(j), i, 52);
    store<u32>(L(j), <u32>at, 72);
    store<u32>(L(j), index, 76);
    if (i < count) return true;
    advanceBlock(segment, j);
  }
  return true;
}

@inline function posOf(k: u32, n: u32): u32 {
  const e = entryAt(load<u32>(pointer + (k << 2)));
  return load<u32>(positions.data + ((<usize>load<u32>(e, 4) + n) << 2));
}
@inline function tfOf(k: u32): u32 { return load<u32>(entryAt(load<u32>(pointer + (k << 2))), 8); }

/** Occurrences of the phrase in the document whose entries `pointer` selects. */
function phraseFrequency(length: u32, first: u32, slop: u32): u32 {
  const q0 = phrasePosition(first);
  const span = phrasePosition(first + length - 1) - q0;
  for (let k: u32 = 0; k < length; k++) store<u32>(cursor + (k << 2), 0);
  let freq: u32 = 0;
  const tf0 = tfOf(0);
  for (let n0: u32 = 0; n0 < tf0; n0++) {
    const p0 = posOf(0, n0);
    let last = p0;
    let ok = true;
    for (let k: u32 = 1; k < length && ok; k++) {
      const tf = tfOf(k);
      let c = load<u32>(cursor + (k << 2));
      if (slop == 0) {
        const want = p0 + phrasePosition(first + k) - q0;
        while (c < tf && posOf(k, c) < want) c++;
        ok = c < tf && posOf(k, c) == want;
      } else {
        while (c < tf && posOf(k, c) <= last) c++;
        if (c >= tf) { store<u32>(cursor + (k << 2), c); return freq; } // later starts cannot fit either
        last = posOf(k, c);
      }
      store<u32>(cursor + (k << 2), c);
    }
    if (!ok) continue;
    if (slop == 0 || <i32>(last - p0) - <i32>span <= <i32>slop) freq++;
  }
  return freq;
}

/** Evaluates phrase `node` over window [ws, we) of `segment`: bits of matches, fixed-point scores. */
export function phraseWindow(node: u32, segment: usize, segBase: u32, ws: u32, we: u32, bits: usize, sum: usize): void {
  const length = min<u32>(nodePhraseLength(node), MAX_PHRASE_LENGTH);
  const first = nodePhraseStart(node);
  const slop = nodeSlop(node);
  const n = we - ws;
  const words = (n + 63) >> 6;
  for (let g: u32 = 0; g < listCount; g++) {
    if (lNode(g) != node || lOrdinal(g) != 0) continue;
    // Lists g .. g+length-1 are this phrase's terms in one field, ordinal order.
    for (let k: u32 = 0; k < length; k++) {
      let i = k;
      while (i > 0 && keyDf(lKey(g + load<u32>(order + ((i - 1) << 2)))) > keyDf(lKey(g + k))) {
        store<u32>(order + (i << 2), load<u32>(order + ((i - 1) << 2)));
        i--;
      }
      store<u32>(order + (i << 2), k);
    }
    entries.length = 0;
    positions.length = 0;
    bitsetFillFirst(inPhrase, n, words);
    let failed = false;
    for (let x: u32 = 0; x < length && !failed; x++) {
      const k = load<u32>(order + (x << 2));
      store<u32>(entryStart + (k << 2), <u32>(entries.length / 12));
      bitsetClear(termBits, words);
      failed = !collect(segment, g + k, ws, we, inPhrase, termBits);
      bitsetAnd(inPhrase, termBits, words);
    }
    if (failed) continue;
    store<u32>(entryStart + (length << 2), <u32>(entries.length / 12));
    // Each term's entries are in doc order: walk them alongside the surviving documents.
    for (let k: u32 = 0; k < length; k++) store<u32>(pointer + (k << 2), load<u32>(entryStart + (k << 2)));
    const field = lField(g);
    const wk = lWk(g);
    const c0 = lC0(g);
    const c1 = lC1(g);
    for (let w: u32 = 0; w < words; w++) {
      let word = load<u64>(inPhrase + (<usize>w << 3));
      while (word) {
        const d = (w << 6) + <u32>ctz<u64>(word);
        word &= word - 1;
        for (let k: u32 = 0; k < length; k++) {
          let p = load<u32>(pointer + (k << 2));
          while (load<u32>(entryAt(p)) < d) p++;
          store<u32>(pointer + (k << 2), p);
        }
        const freq = phraseFrequency(length, first, slop);
        if (!freq) continue;
        bitSet(bits, d);
        const tf = <f32>freq;
        const len = <f32>load<u32>(fieldLengths.data + ((<usize>(segBase + ws + d) * fieldCount + field) << 2));
        const at = sum + (<usize>d << 3);
        store<i64>(at, load<i64>(at) + toFixed((wk * tf) / (tf + (c0 + c1 * len))));
      }
    }
  }
}
