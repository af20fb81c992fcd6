// npm run eval: ranking quality on Cranfield (225 queries) — synthex beside Lunr, MiniSearch
// and the textbook reference BM25, all in this one run.
import { createIndex } from '../../dist/index.js';
import { loadCranfield } from '../data/cranfield.mjs';
import { evaluateRun } from './metrics.mjs';
import { createLunrPeer, createMiniSearchPeer, createReferencePeer } from './peers.mjs';

const DEPTH = 1000;
const GOAL = { ndcg10: 0.539, map: 0.431 };

async function synthexPeer() {
  const index = await createIndex({ fields: { title: {}, text: {} } });
  return {
    name: 'synthex',
    build(docs) { index.addAll(docs.map(({ id, title, text }) => ({ id, title, text }))); },
    search(text, limit) { return index.search(text, { limit }).hits.map((hit) => hit.id); },
  };
}

const collection = loadCranfield();
const peers = [await synthexPeer(), createReferencePeer({ name: 'reference BM25 (title + text fields)' }), createLunrPeer(), createMiniSearchPeer()];
const rows = [];
for (const peer of peers) {
  peer.build(collection.docs);
  const result = await evaluateRun((query) => peer.search(query, DEPTH), collection, { k: 10, depth: DEPTH });
  rows.push({ name: peer.name, ...result });
}
const width = Math.max(...rows.map((r) => r.name.length));
console.log(`Cranfield: ${collection.docs.length} docs, ${collection.queries.length} queries; nDCG@10 gain 2^(5-code)-1, ranking depth ${DEPTH}`);
console.log(`${'engine'.padEnd(width)}  nDCG@10     MAP    P@10`);
for (const r of rows) console.log(`${r.name.padEnd(width)}   ${r.ndcg10.toFixed(4)}  ${r.map.toFixed(4)}  ${r.p10.toFixed(4)}`);
const ours = rows[0];
const met = ours.ndcg10 >= GOAL.ndcg10 && ours.map >= GOAL.map;
console.log(`goal nDCG@10 ≥ ${GOAL.ndcg10} and MAP ≥ ${GOAL.map}: ${met ? 'met' : 'NOT met'}`);
process.exitCode = met ? 0 : 1;
