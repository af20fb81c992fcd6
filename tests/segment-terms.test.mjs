// A segment holding most of the dictionary's terms gets a table from term id to its first key
// (assembly/index/segment-terms.ts), made on first use; other segments are searched. The table
// must be invisible: whatever segments the index holds when (terms added after the table was
// made, segments merged away and their memory reused, a dense segment rewritten after deletes),
// answers equal those of one index built at once from the same documents.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, loadIndex } from '../dist/index.js';
import { cranfield } from './helpers/cranfield.mjs';

const answers = (index, queries) => queries.map((q) => {
  // Hits as searched by default (pruned past the first 1,000 matches); the total counted whole,
  // since where counting stops depends on how documents fall into segments.
  const { hits } = index.search(q, { limit: 15 });
  const { total } = index.search(q, { limit: 15, countUpTo: Infinity });
  return { total, hits: hits.map((h) => [h.id, h.score]) };
});

async function builtAtOnce(docs, removed) {
  const index = await createIndex({ fields: ['title', 'text'] });
  index.addAll(docs);
  for (const id of removed) index.remove(id);
  return index;
}

test('answers are the same whatever segments hold the terms', async () => {
  const { docs, queries } = await cranfield();
  const texts = [...queries.slice(0, 60).map((q) => q.text), 'flutter', '"boundary layer"', 'hypersoni*', 'pressure~1', 'zqxnew1 flow', 'zqxnew2'];
  const index = await createIndex({ fields: ['title', 'text'] });
  index.addAll(docs.slice(0, 1000));
  let added = docs.slice(0, 1000);
  let removed = [];
  const check = async (label) => assert.equal(answers(index, texts), answers(await builtAtOnce(added, removed), texts), label);
  await check('one dense segment (its table made by these searches)');

  // New terms, newer than the table, in small segments beside the dense one (one flush each).
  for (let i = 0; i < 12; i++) {
    const more = docs.slice(1000 + i * 20, 1020 + i * 20).map((d, j) => ({ ...d, text: `${d.text} zqxnew${(i + j) % 3}` }));
    index.addAll(more);
    added = [...added, ...more];
    index.search('flow');
  }
  await check('a dense segment and small ones');

  // Every document again under new ids: merges replace the segments (their memory is reused).
  const again = docs.slice(0, 400).map((d) => ({ ...d, id: `again-${d.id}` }));
  for (let i = 0; i < again.length; i += 25) { index.addAll(again.slice(i, i + 25)); index.search('wing'); }
  added = [...added, ...again];
  await check('after merges');

  // Most of the first documents removed: their segment is rewritten.
  removed = docs.slice(0, 900).map((d) => d.id);
  for (const id of removed) index.remove(id);
  await check('after a rewrite');

  // New small segments, which the allocator may place where the rewritten one was.
  for (let i = 0; i < 6; i++) {
    const more = docs.slice(1240 + i * 25, 1265 + i * 25);
    index.addAll(more);
    added = [...added, ...more];
    index.search('flow');
    await check(`a small segment after the rewrite (${i})`);
  }

  // And loaded from a snapshot (a new dictionary, new segments).
  const loaded = await loadIndex(index.save());
  assert.equal(answers(loaded, texts), answers(index, texts), 'loaded');
});

test.run();
