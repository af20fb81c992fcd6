// The three engines the speed benchmark compares, behind one shape that keeps the index object
// reachable (memory and snapshots need it):
//   { name, build(docs) → index, search(index, text) → top-10 ids,
//     save(index) → { bytes, data }, load(data) → index }   (save/load absent: "n/a", with a reason)
// Options match bench/eval/peers.mjs: every library with its defaults, except what it needs to
// index title + text and to return a ranked OR-ish result at all.
import MiniSearch from 'minisearch';
import { Document as FlexDocument } from 'flexsearch';
import { createIndex, loadIndex } from '../../dist/index.js';
import { utf8Bytes } from './runtime.mjs';

export const LIMIT = 10;

/** synthex: fields title + text (boost 1 each), its defaults (language 'en', BM25 k1 1.2 b 0.75, OR). */
export const synthex = {
  name: 'synthex',
  notes: "createIndex({ fields: ['title', 'text'] }); no stored fields (the peers store none); build includes the segment flush (an empty search) so the index is ready to answer, and the move into right-sized memory that follows a bulk build (index.settled())",
  async build(docs) {
    const index = await createIndex({ fields: ['title', 'text'] });
    index.addAll(docs);
    index.search(''); // flushes pending documents into a segment: the index is now search-ready
    await index.settled?.(); // and its memory compacted (builds before compaction have no settled())
    return index;
  },
  search(index, text) {
    return index.search(text, { limit: LIMIT }).hits.map((hit) => hit.id);
  },
  save(index) {
    const bytes = index.save();
    return { bytes: bytes.byteLength, data: bytes };
  },
  async load(bytes) {
    return loadIndex(bytes);
  },
};

/** MiniSearch 7: fields title + text, every default (no stemming, no stop words, OR, BM25+). */
const MINI_OPTIONS = { fields: ['title', 'text'] };
export const minisearch = {
  name: 'minisearch',
  notes: "new MiniSearch({ fields: ['title', 'text'] }); search(q) ranks every match, top 10 sliced; snapshot = JSON.stringify(index) / MiniSearch.loadJSON",
  build(docs) {
    const index = new MiniSearch(MINI_OPTIONS);
    index.addAll(docs);
    return index;
  },
  search(index, text) {
    return index.search(text).slice(0, LIMIT).map((r) => r.id);
  },
  save(index) {
    const json = JSON.stringify(index);
    return { bytes: utf8Bytes(json), data: json };
  },
  load(json) {
    return MiniSearch.loadJSON(json, MINI_OPTIONS);
  },
};

/**
 * FlexSearch 0.8 Document index over title + text, default encoder and tokenizer. Its default
 * is AND across query terms; `suggest: true` also returns partial matches, `merge: true` folds
 * the per-field lists into one list of unique ids.
 */
const FLEX_OPTIONS = () => ({ document: { id: 'id', index: ['title', 'text'] } });
export const flexsearch = {
  name: 'flexsearch',
  notes: "new Document({ document: { id: 'id', index: ['title', 'text'] } }); search(q, { limit: 10, suggest: true, merge: true }); snapshot = export() key/value strings / import() into a new Document",
  build(docs) {
    const index = new FlexDocument(FLEX_OPTIONS());
    for (const doc of docs) index.add(doc);
    return index;
  },
  search(index, text) {
    return index.search(text, { limit: LIMIT, suggest: true, merge: true }).slice(0, LIMIT).map((r) => r.id);
  },
  save(index) {
    const entries = [];
    const pending = index.export((key, data) => { entries.push([key, data]); });
    if (pending && typeof pending.then === 'function') throw new Error('flexsearch export returned a promise (expected synchronous export)');
    let bytes = 0;
    for (const [key, data] of entries) bytes += utf8Bytes(key) + utf8Bytes(data);
    return { bytes, data: entries };
  },
  load(entries) {
    const index = new FlexDocument(FLEX_OPTIONS());
    for (const [key, data] of entries) index.import(key, data);
    return index;
  },
};

export const ENGINES = [synthex, flexsearch, minisearch];
