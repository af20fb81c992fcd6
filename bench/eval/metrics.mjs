// Ranking-quality metrics over graded judgments (Cranfield codes: 1 = complete answer …
// 4 = minimum interest; anything not judged is non-relevant). Pure functions: ids in, numbers out.

/** Gain of a judgment code: 2^(5 − code) − 1, so 1 → 15, 2 → 7, 3 → 3, 4 → 1; unjudged → 0. */
export function gainOf(code) {
  return code >= 1 && code <= 4 ? 2 ** (5 - code) - 1 : 0;
}

const discount = (rank) => Math.log2(rank + 1); // rank is 1-based

/** nDCG@k; the ideal ranking is every judged doc sorted by gain. 0 when nothing is judged. */
export function ndcgAt(k, rankedDocIds, judgments) {
  let dcg = 0;
  const seen = new Set(); // a duplicated id earns nothing the second time
  for (let i = 0; i < Math.min(k, rankedDocIds.length); i++) {
    const id = rankedDocIds[i];
    if (seen.has(id)) continue;
    seen.add(id);
    dcg += gainOf(judgments.get(id)) / discount(i + 1);
  }
  const ideal = [...judgments.values()].map(gainOf).sort((a, b) => b - a);
  let idcg = 0;
  for (let i = 0; i < Math.min(k, ideal.length); i++) idcg += ideal[i] / discount(i + 1);
  return idcg > 0 ? dcg / idcg : 0;
}

const isRelevant = (judgments, id) => gainOf(judgments.get(id)) > 0;

/** Average precision: mean of precision@rank over relevant docs, missing ones counting 0. */
export function averagePrecision(rankedDocIds, judgments) {
  let relevant = 0;
  for (const code of judgments.values()) if (gainOf(code) > 0) relevant++;
  if (relevant === 0) return 0;
  let hits = 0, sum = 0;
  const seen = new Set();
  rankedDocIds.forEach((id, i) => {
    if (seen.has(id)) return;
    seen.add(id);
    if (isRelevant(judgments, id)) sum += ++hits / (i + 1);
  });
  return sum / relevant;
}

/** Fraction of the first k positions holding a relevant doc (short lists are not padded up). */
export function precisionAt(k, rankedDocIds, judgments) {
  const seen = new Set();
  let hits = 0;
  for (const id of rankedDocIds.slice(0, k)) {
    if (!seen.has(id) && isRelevant(judgments, id)) hits++;
    seen.add(id);
  }
  return hits / k;
}

/**
 * Runs every judged query through runFn(queryText) → ranked doc ids (or a Promise of them) and
 * averages. Queries without a relevant judgment are skipped, as trec_eval does.
 * @returns {Promise<{ ndcg10: number, map: number, p10: number, queries: number }>}
 *   (the field names say 10, but they hold @k when k is changed)
 */
export async function evaluateRun(runFn, { queries, qrels }, { k = 10, depth = 1000 } = {}) {
  let ndcg = 0, ap = 0, p = 0, n = 0;
  for (const query of queries) {
    const judgments = qrels.get(query.id);
    if (!judgments || ![...judgments.values()].some((c) => gainOf(c) > 0)) continue;
    const ranked = (await runFn(query.text)).slice(0, depth).map(String);
    ndcg += ndcgAt(k, ranked, judgments);
    ap += averagePrecision(ranked, judgments);
    p += precisionAt(k, ranked, judgments);
    n++;
  }
  return n ? { ndcg10: ndcg / n, map: ap / n, p10: p / n, queries: n } : { ndcg10: 0, map: 0, p10: 0, queries: 0 };
}
