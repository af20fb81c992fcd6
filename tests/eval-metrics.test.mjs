// Checks the ranking metrics in bench/eval/metrics.mjs on examples small enough to work by hand.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { gainOf, ndcgAt, averagePrecision, precisionAt, evaluateRun } from '../bench/eval/metrics.mjs';

const close = (actual, expected, eps = 1e-9) =>
  assert.ok(Math.abs(actual - expected) < eps, `expected ${expected}, got ${actual}`);

// Judged: A code 1 (gain 15), B code 3 (gain 3), C code 4 (gain 1). X, Y unjudged.
const judged = new Map([['A', 1], ['B', 3], ['C', 4]]);
const run = ['X', 'A', 'C', 'Y', 'B'];

test('gain is 2^(5-code)-1 and 0 for unjudged', () => {
  assert.equal([1, 2, 3, 4, undefined, -1, 5].map(gainOf), [15, 7, 3, 1, 0, 0, 0]);
});

test('nDCG@5 worked by hand', () => {
  // DCG  = 0/log2(2) + 15/log2(3) + 1/log2(4) + 0/log2(5) + 3/log2(6)
  //      = 0 + 15/1.5849625 + 1/2 + 0 + 3/2.5849625 = 9.4639463 + 0.5 + 1.1605584 = 11.1245047
  // IDCG = 15/log2(2) + 3/log2(3) + 1/log2(4) = 15 + 1.8927893 + 0.5 = 17.3927893
  // nDCG@5 = 11.1245047 / 17.3927893 = 0.6396044
  close(ndcgAt(5, run, judged), 0.6396044, 1e-6);
  close(ndcgAt(5, run, judged), (15 / Math.log2(3) + 0.5 + 3 / Math.log2(6)) / (15 + 3 / Math.log2(3) + 0.5));
});

test('nDCG@2 cuts both the run and the ideal list at k', () => {
  // DCG = 15/log2(3) = 9.4639463; IDCG = 15 + 3/log2(3) = 16.8927893 → 0.5602359
  close(ndcgAt(2, run, judged), 0.5602359, 1e-6);
});

test('nDCG is 1 for the ideal order, 0 for no hits, 0 with no judgments', () => {
  close(ndcgAt(10, ['A', 'B', 'C'], judged), 1);
  close(ndcgAt(10, ['X', 'Y'], judged), 0);
  close(ndcgAt(10, [], judged), 0);
  close(ndcgAt(10, ['A'], new Map()), 0);
});

test('nDCG gives a repeated id no second gain', () => {
  close(ndcgAt(2, ['A', 'A'], judged), ndcgAt(2, ['A', 'Z'], judged));
});

test('average precision worked by hand', () => {
  // relevant (any code 1..4) = {A, B, C}; hits at ranks 2, 3, 5
  // AP = (1/2 + 2/3 + 3/5) / 3 = (0.5 + 0.6666667 + 0.6) / 3 = 0.5888889
  close(averagePrecision(run, judged), 0.5888889, 1e-6);
  // a relevant doc never retrieved still counts in the denominator: (1/1) / 3
  close(averagePrecision(['A', 'X'], judged), 1 / 3);
  close(averagePrecision([], judged), 0);
  close(averagePrecision(['A'], new Map()), 0);
});

test('precision@k divides by k even when the run is shorter', () => {
  close(precisionAt(2, run, judged), 1 / 2);
  close(precisionAt(5, run, judged), 3 / 5);
  close(precisionAt(10, run, judged), 3 / 10);
  close(precisionAt(10, ['A', 'A'], judged), 1 / 10);
});

test('evaluateRun averages judged queries, skips unjudged, awaits async runs', async () => {
  const queries = [
    { id: '1', text: 'first' },
    { id: '2', text: 'second' },
    { id: '3', text: 'never judged' },
  ];
  const qrels = new Map([['1', judged], ['2', new Map([['7', 2]])]]);
  const runs = { first: run, second: [7, 8] }; // numeric ids are compared as strings
  let calls = 0;
  const result = await evaluateRun(async (text) => { calls++; return runs[text] ?? []; }, { queries, qrels }, { k: 5 });
  assert.is(calls, 2);
  assert.is(result.queries, 2);
  close(result.ndcg10, (0.6396044 + 1) / 2, 1e-6); // query 2: the only judged doc at rank 1
  close(result.map, (0.5888889 + 1) / 2, 1e-6);
  close(result.p10, (3 / 5 + 1 / 5) / 2);
});

test('evaluateRun truncates runs at depth', async () => {
  const data = { queries: [{ id: '1', text: 'q' }], qrels: new Map([['1', judged]]) };
  const result = await evaluateRun(() => run, data, { k: 10, depth: 2 });
  close(result.map, (1 / 2) / 3); // only A (rank 2) survives the cut
  close(result.p10, 1 / 10);
});

test.run();
