// The least scoring work any exact block-max engine can do on the scale benchmark's queries
// (scale.mjs: the same Zipf corpora, the same 1–3 word queries, top 10), computed here in plain
// JS rather than measured on synthex. Per query it scores every document (the reference BM25 of
// bench/eval/reference-bm25.mjs, fields title and text, k1 1.2, b 0.75), takes the final 10th
// best score θ, then cuts the documents into blocks of B consecutive ids and counts the blocks
// whose bound — the sum over the query's lists (term × field) of that list's highest score in
// the block — exceeds θ. An engine pruning by block bounds must score those blocks even if it
// knew θ from the start and its bounds were exact per list and per block (synthex's are per
// list; block-max WAND's per 128 postings of a list, which spans more documents than that).
// If that fraction shrinks slowly as the corpus grows, so must latency grow nearly with it.
// Run: node bench/search/scale-bound.mjs [--sizes 10000,100000,1000000] [--queries 100]
import process from 'node:process';
import { generateZipfCorpus, sampleQueries, SCALE_CORPUS as CORPUS } from '../data/zipf-corpus.mjs';
import { option } from './runtime.mjs';

const SIZES = String(option('sizes', '10000,100000,1000000')).split(',').map(Number);
const QUERIES = Number(option('queries', 100));
const BLOCKS = [32, 64, 128, 4096];
const K = 10;
const k1 = 1.2;
const b = 0.75;

/** Term frequencies of the queries' words only, per field: tf[d] (capped at 255). */
function readCorpus(docs, words) {
  const tfs = new Map([...words].map((w) => [w, { title: new Uint8Array(docs), text: new Uint8Array(docs) }]));
  const lengths = { title: new Uint16Array(docs), text: new Uint16Array(docs) };
  let d = 0;
  for (const doc of generateZipfCorpus({ docs, ...CORPUS })) {
    for (const field of ['title', 'text']) {
      const tokens = doc[field].split(' ');
      lengths[field][d] = tokens.length;
      for (const token of tokens) {
        const tf = tfs.get(token)?.[field];
        if (tf && tf[d] < 255) tf[d]++;
      }
    }
    d++;
  }
  return { tfs, lengths };
}

/** The K-th largest value of `scores`. */
function kthLargest(scores) {
  const best = new Float64Array(K).fill(-Infinity); // ascending
  for (const s of scores) {
    if (s <= best[0]) continue;
    let i = 0;
    while (i + 1 < K && best[i + 1] < s) { best[i] = best[i + 1]; i++; }
    best[i] = s;
  }
  return best[0];
}

function boundFractions(docs) {
  const queries = sampleQueries(CORPUS, 1000, 2).slice(0, QUERIES);
  const { tfs, lengths } = readCorpus(docs, new Set(queries.flatMap((q) => q.split(' '))));
  const average = {};
  for (const field of ['title', 'text']) average[field] = lengths[field].reduce((sum, n) => sum + n, 0) / docs;
  const sums = Object.fromEntries(BLOCKS.map((size) => [size, 0]));
  let matches = 0;
  for (const query of queries) {
    const lists = [];
    for (const word of new Set(query.split(' '))) {
      const { title, text } = tfs.get(word);
      let df = 0;
      for (let d = 0; d < docs; d++) if (title[d] || text[d]) df++;
      const idf = Math.log(1 + (docs - df + 0.5) / (df + 0.5));
      for (const field of ['title', 'text']) {
        const tf = field === 'title' ? title : text;
        const len = lengths[field];
        const norm = k1 * b / average[field];
        const scores = new Float64Array(docs);
        for (let d = 0; d < docs; d++) if (tf[d]) scores[d] = idf * tf[d] * (k1 + 1) / (tf[d] + k1 * (1 - b) + norm * len[d]);
        lists.push(scores);
      }
    }
    const total = new Float64Array(docs);
    for (const scores of lists) for (let d = 0; d < docs; d++) total[d] += scores[d];
    for (let d = 0; d < docs; d++) if (total[d] > 0) matches++;
    const theta = kthLargest(total);
    for (const size of BLOCKS) {
      let needed = 0;
      const blocks = Math.ceil(docs / size);
      for (let start = 0; start < docs; start += size) {
        const end = Math.min(docs, start + size);
        let bound = 0;
        for (const scores of lists) {
          let most = 0;
          for (let d = start; d < end; d++) if (scores[d] > most) most = scores[d];
          bound += most;
        }
        if (bound > theta) needed++;
      }
      sums[size] += needed / blocks;
    }
  }
  return { docs, matchesPerQuery: matches / queries.length, fractions: Object.fromEntries(BLOCKS.map((size) => [size, sums[size] / queries.length])) };
}

const rows = [];
for (const docs of SIZES) {
  process.stderr.write(`${docs.toLocaleString('en-US')} docs…\n`);
  rows.push(boundFractions(docs));
}
console.log(`## Scoring work an exact block-max engine cannot skip (${QUERIES} of scale.mjs's queries, top ${K})`);
console.log('');
console.log(`| docs | matches/query | ${BLOCKS.map((size) => `blocks of ${size} to score`).join(' | ')} | documents in them, ${BLOCKS[1]}-blocks |`);
console.log(`| --- | ---: | ${BLOCKS.map(() => '---:').join(' | ')} | ---: |`);
for (const row of rows) {
  const cells = BLOCKS.map((size) => `${(row.fractions[size] * 100).toFixed(2)} %`);
  console.log(`| ${row.docs.toLocaleString('en-US')} | ${Math.round(row.matchesPerQuery).toLocaleString('en-US')} | ${cells.join(' | ')} | ${Math.round(row.fractions[BLOCKS[1]] * row.docs).toLocaleString('en-US')} |`);
}
for (let i = 1; i < rows.length; i++) {
  const [a, z] = [rows[i - 1], rows[i]];
  const growth = (z.fractions[BLOCKS[1]] * z.docs) / (a.fractions[BLOCKS[1]] * a.docs);
  console.log(`\n${a.docs.toLocaleString('en-US')} → ${z.docs.toLocaleString('en-US')} documents (×${z.docs / a.docs}): documents in ${BLOCKS[1]}-blocks that must be scored ×${growth.toFixed(1)} (exponent ${(Math.log(growth) / Math.log(z.docs / a.docs)).toFixed(2)})`);
}
