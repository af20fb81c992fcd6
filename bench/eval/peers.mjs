// Peer search libraries behind one shape, so quality and speed benchmarks treat them alike:
//   { name, build(docs: {id,title,text}[]), search(queryText, limit) → ids best first }
// Each peer runs with its documented defaults; options are only set where the library needs
// them to index two fields or to return a ranked OR result at all.
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import { Document as FlexDocument } from 'flexsearch';
import { createReferenceBm25 } from './reference-bm25.mjs';

/** Lunr 2: title (boost 1) + text, default pipeline (trimmer, English stop words, Porter). */
export function createLunrPeer() {
  let index;
  return {
    name: 'lunr',
    build(docs) {
      index = lunr(function () {
        this.ref('id');
        this.field('title', { boost: 1 });
        this.field('text');
        for (const d of docs) this.add({ id: d.id, title: d.title, text: d.text });
      });
    },
    // Same terms index.search(text) would make, minus lunr's query syntax (':', '^', '~', '+',
    // leading '-'), which would otherwise turn ordinary punctuation into operators or errors.
    search(text, limit) {
      const tokens = lunr.tokenizer(text).map(String);
      return index.query((q) => { for (const t of tokens) q.term(t); }).slice(0, limit).map((r) => r.ref);
    },
  };
}

/** MiniSearch: fields title + text, every default (no stemming, no stop words, OR, BM25+). */
export function createMiniSearchPeer() {
  let index;
  return {
    name: 'minisearch',
    build(docs) {
      index = new MiniSearch({ fields: ['title', 'text'] });
      index.addAll(docs.map(({ id, title, text }) => ({ id, title, text })));
    },
    search(text, limit) {
      return index.search(text).slice(0, limit).map((r) => r.id);
    },
  };
}

/**
 * FlexSearch 0.8 Document index over title + text, default encoder and tokenizer.
 * Its default is AND across query terms, which finds nothing for most sentence-like queries;
 * `suggest: true` is its documented way to also return partial matches. `merge: true` folds the
 * per-field lists into one list of unique ids (title hits first, then text hits).
 */
export function createFlexSearchPeer() {
  let index;
  return {
    name: 'flexsearch',
    build(docs) {
      index = new FlexDocument({ document: { id: 'id', index: ['title', 'text'] } });
      for (const { id, title, text } of docs) index.add({ id, title, text });
    },
    search(text, limit) {
      return index.search(text, { limit, suggest: true, merge: true }).slice(0, limit).map((r) => r.id);
    },
  };
}

/** Lowercase, split on anything not a letter or digit, drop lunr's stop words, Porter-stem. */
export function porterTokenize(text) {
  const out = [];
  for (const word of text.toLowerCase().split(/[^\p{L}\p{N}]+/u)) {
    if (word === '' || lunr.stopWordFilter(word) === undefined) continue;
    out.push(lunr.stemmer(new lunr.Token(word)).toString());
  }
  return out;
}

/**
 * The reference BM25 with the Porter tokenizer. layout:
 *   'fields'     title (boost titleBoost) and text as separate BM25 fields (default)
 *   'concat'     one field holding title + ' ' + text
 *   'text-only'  text alone (Cranfield's .W already starts with the title)
 */
export function createReferencePeer({ layout = 'fields', titleBoost = 1, k1 = 1.2, b = 0.75, name } = {}) {
  const fields = layout === 'fields' ? { title: { boost: titleBoost }, text: {} } : { text: {} };
  let index;
  return {
    name: name ?? 'reference-bm25 (porter)',
    build(docs) {
      index = createReferenceBm25({ k1, b, fields });
      for (const d of docs) {
        if (layout === 'fields') index.add(d.id, { title: porterTokenize(d.title), text: porterTokenize(d.text) });
        else if (layout === 'concat') index.add(d.id, { text: porterTokenize(`${d.title} ${d.text}`) });
        else index.add(d.id, { text: porterTokenize(d.text) });
      }
    },
    search(text, limit) {
      return index.search(porterTokenize(text), { limit }).map((h) => h.id);
    },
  };
}

/** Every peer in its default configuration. */
export function createPeers() {
  return [createReferencePeer(), createLunrPeer(), createMiniSearchPeer(), createFlexSearchPeer()];
}
