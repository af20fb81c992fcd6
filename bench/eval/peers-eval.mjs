// `node bench/eval/peers-eval.mjs`: ranking quality of every peer on Cranfield (225 queries),
// plus reference-BM25 layouts, so we know which configuration the textbook numbers correspond to.
import { loadCranfield } from '../data/cranfield.mjs';
import { evaluateRun } from './metrics.mjs';
import { createPeers, createReferencePeer } from './peers.mjs';

const DEPTH = 1000; // MAP needs the long tail, not just the first page

const collection = loadCranfield();
const peers = [
  ...createPeers(),
  createReferencePeer({ layout: 'concat', name: 'reference-bm25 (porter, title+text as one field)' }),
  createReferencePeer({ layout: 'text-only', name: 'reference-bm25 (porter, .W only)' }),
  createReferencePeer({ layout: 'fields', titleBoost: 2, name: 'reference-bm25 (porter, title boost 2)' }),
];

const rows = [];
for (const peer of peers) {
  const t0 = performance.now();
  peer.build(collection.docs);
  const built = performance.now();
  const r = await evaluateRun((q) => peer.search(q, DEPTH), collection, { k: 10, depth: DEPTH });
  rows.push({ peer: peer.name, ndcg10: r.ndcg10, map: r.map, p10: r.p10, queries: r.queries,
    buildMs: built - t0, queryMs: performance.now() - built });
}

const pad = (s, n) => String(s).padEnd(n);
const width = Math.max(...rows.map((r) => r.peer.length));
console.log(`Cranfield: ${collection.docs.length} docs, ${collection.queries.length} queries, depth ${DEPTH}`);
console.log(`${pad('peer', width)}  nDCG@10    MAP   P@10  queries  build ms  query ms`);
for (const r of rows) {
  console.log(`${pad(r.peer, width)}  ${r.ndcg10.toFixed(4)} ${r.map.toFixed(4)} ${r.p10.toFixed(4)}  ${pad(r.queries, 7)}` +
    `  ${r.buildMs.toFixed(0).padStart(8)}  ${r.queryMs.toFixed(0).padStart(8)}`);
}
