// Comparing engine hits with the reference BM25: equal scores (relative error ≤ 1e-5) at every
// rank, so the order agrees except among documents whose scores tie within that tolerance.
import { createReferenceBm25 } from '../../bench/eval/reference-bm25.mjs';

export const TOLERANCE = 1e-5;
const close = (a, b) => Math.abs(a - b) <= TOLERANCE * Math.max(Math.abs(a), Math.abs(b), 1e-12);

/** A reference over the same tokens the index produces (index.analyze). */
export function referenceFor(index, fields, k1, b) {
  const reference = createReferenceBm25({ fields, k1, b });
  return {
    add(doc) {
      reference.add(doc.id, Object.fromEntries(Object.keys(fields).map((f) => [f, doc[f] ? index.analyze(doc[f]) : []])));
    },
    remove(id) { reference.remove(id); },
    search(words, options = {}) {
      const tokens = (list) => list.flatMap((w) => index.analyze(w));
      return reference.search(tokens(words), { limit: options.limit ?? 10, must: tokens(options.must ?? []), mustNot: tokens(options.mustNot ?? []) });
    },
  };
}

/** Returns a problem description, or '' when the rankings agree. */
export function compareRankings(engine, reference, label) {
  if (engine.hits.length !== Math.min(reference.length, engine.hits.length) || engine.hits.length !== reference.length) {
    return `${label}: ${engine.hits.length} hits, reference ${reference.length}`;
  }
  const refScore = new Map(reference.map((h) => [h.id, h.score]));
  for (let i = 0; i < reference.length; i++) {
    const hit = engine.hits[i];
    if (!close(hit.score, reference[i].score)) return `${label}: rank ${i + 1} score ${hit.score} vs reference ${reference[i].score}`;
    if (hit.id !== reference[i].id && !(refScore.has(hit.id) && close(refScore.get(hit.id), hit.score))) {
      return `${label}: rank ${i + 1} is ${hit.id}, reference ${reference[i].id}`;
    }
  }
  return '';
}

/**
 * '' when a result's total fits `matching` documents: equal when totalExact; otherwise a lower
 * bound that counting reached `countUpTo` before stopping (so only past it may it be inexact).
 */
export function checkTotal(result, matching, countUpTo, label) {
  if (result.totalExact === true) return result.total === matching ? '' : `${label}: total ${result.total}, expected ${matching}`;
  if (result.totalExact !== false) return `${label}: totalExact is ${result.totalExact}`;
  if (result.total < countUpTo || result.total > matching) return `${label}: inexact total ${result.total} not within [${countUpTo}, ${matching}]`;
  return '';
}
