// A deliberately plain BM25 (multi-field, Lucene-style idf) used as the test oracle for the
// WASM engine: no index structures, no caching, every statistic recomputed from the live
// documents at query time, so what it computes can be read straight off the formula.
//
//   score(d, q) = Σ_{t ∈ distinct q} Σ_{f ∈ fields} boost_f · idf(t) · tf·(k1+1) / (tf + k1·(1 − b + b·len_f/avglen_f))
//   idf(t)      = ln(1 + (N − df + 0.5) / (df + 0.5))
//   N = live docs; df = live docs containing t in ANY field; len_f = tokens in field f of d;
//   avglen_f = mean of len_f over live docs (a doc without the field counts as length 0).
// Sums run in query-term order (first occurrence), then field order as configured.
// Ties: the earlier added document ranks first. Tokens are used exactly as given.

/**
 * @param {{ k1?: number, b?: number, fields?: Record<string, { boost?: number }> }} [options]
 */
export function createReferenceBm25({ k1 = 1.2, b = 0.75, fields = { title: { boost: 1 }, text: {} } } = {}) {
  const fieldNames = Object.keys(fields);
  const boost = (f) => fields[f].boost ?? 1;
  /** id → { seq, tokens: { field: string[] }, counts: { field: Map<term, tf> } } */
  const docs = new Map();
  let nextSeq = 0;

  function add(id, doc) {
    if (docs.has(id)) remove(id); // re-adding replaces the doc and counts as a new insertion
    const tokens = {}, counts = {};
    for (const f of fieldNames) {
      tokens[f] = doc[f] ?? [];
      counts[f] = new Map();
      for (const t of tokens[f]) counts[f].set(t, (counts[f].get(t) ?? 0) + 1);
    }
    docs.set(id, { seq: nextSeq++, tokens, counts });
  }

  function remove(id) {
    return docs.delete(id);
  }

  const termFrequency = (doc, f, t) => doc.counts[f].get(t) ?? 0;
  const containsTerm = (doc, t) => fieldNames.some((f) => termFrequency(doc, f, t) > 0);

  function idf(t) {
    const N = docs.size;
    let df = 0;
    for (const doc of docs.values()) if (containsTerm(doc, t)) df++;
    return Math.log(1 + (N - df + 0.5) / (df + 0.5));
  }

  function averageLength(f) {
    let total = 0;
    for (const doc of docs.values()) total += doc.tokens[f].length;
    return docs.size ? total / docs.size : 0;
  }

  function score(doc, terms, idfs, avglens) {
    let s = 0;
    for (const t of terms) {
      for (const f of fieldNames) {
        const tf = termFrequency(doc, f, t);
        if (tf === 0) continue; // also skips fields that are empty everywhere (avglen 0)
        const norm = 1 - b + b * (doc.tokens[f].length / avglens[f]);
        s += boost(f) * idfs.get(t) * ((tf * (k1 + 1)) / (tf + k1 * norm));
      }
    }
    return s;
  }

  /**
   * `queryTokens` are optional words; `must` words are required (and scored), `mustNot` words
   * exclude. With any `must` word, optional words only add to the score.
   * @returns {{ id: string, score: number }[]} best first, at most `limit`
   */
  function search(queryTokens, { limit = 10, must = [], mustNot = [] } = {}) {
    const terms = [...new Set([...queryTokens, ...must])];
    const idfs = new Map(terms.map((t) => [t, idf(t)]));
    const avglens = Object.fromEntries(fieldNames.map((f) => [f, averageLength(f)]));
    const hits = [];
    for (const [id, doc] of docs) {
      if (must.length ? !must.every((t) => containsTerm(doc, t)) : !terms.some((t) => containsTerm(doc, t))) continue;
      if (mustNot.some((t) => containsTerm(doc, t))) continue;
      hits.push({ id, seq: doc.seq, score: score(doc, terms, idfs, avglens) });
    }
    hits.sort((x, y) => y.score - x.score || x.seq - y.seq);
    return hits.slice(0, limit).map(({ id, score }) => ({ id, score }));
  }

  return { add, remove, search, get size() { return docs.size; } };
}
