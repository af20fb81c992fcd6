// Dynamic pruning must change the work, never the answer: the top k of a pruned search equals
// the first k of an unpruned ranking (a limit as large as the collection cannot prune).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex } from '../dist/index.js';
import { seededRandom } from './helpers/random.mjs';
import { checkTotal } from './helpers/ranking.mjs';

test('pruned top-k equals the exhaustive ranking while scoring far fewer postings', async () => {
  const random = seededRandom(77);
  const zipfWord = () => `t${Math.floor(1 / (random() * 0.999 + 0.001)).toString(36)}q`;
  const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, language: 'none' });
  const docs = 30000;
  for (let i = 0; i < docs; i++) {
    index.add({ id: i, title: `${zipfWord()} ${zipfWord()}`, text: Array.from({ length: 10 + Math.floor(random() * 50) }, zipfWord).join(' ') });
    if (i % 5000 === 4999) index.search('warmup'); // several segments
  }
  for (let i = 0; i < 2000; i++) index.remove(Math.floor(random() * docs));
  let pruned = 0, exhaustive = 0;
  for (let q = 0; q < 60; q++) {
    const words = Array.from({ length: 1 + (q % 4) }, zipfWord);
    if (q % 5 === 0) words.push(`+${zipfWord()}`);
    const text = words.join(' ');
    const before = index.stats().work.postingsScored;
    const top = index.search(text, { limit: 10 });
    const middle = index.stats().work.postingsScored;
    const all = index.search(text, { limit: docs });
    const after = index.stats().work.postingsScored;
    pruned += middle - before;
    exhaustive += after - middle;
    assert.ok(all.totalExact, text); // a limit past every match counts them all
    assert.is(checkTotal(top, all.total, 1000, text), '');
    assert.equal(top.hits, all.hits.slice(0, 10), text);
  }
  assert.ok(pruned * 2 < exhaustive, `pruned search scored ${pruned} postings, exhaustive ${exhaustive}`);
  assert.ok(index.stats().work.blocksSkipped > 0);
});

test.run();
