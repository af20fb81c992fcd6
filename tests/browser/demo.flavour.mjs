// The scalar kernel flavour forced in the page (?wasm=scalar) answers exactly as SIMD does:
// the same ids and bit-identical scores for Cranfield's own queries, equal to Node's answers.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readFileSync } from 'node:fs';
import { cranfieldOracle, openDemo, shownHits, waitForAnswer } from './demo-fixture.mjs';

const oracle = await cranfieldOracle();
const queries = readFileSync('data/cranfield/queries.jsonl', 'utf8').trim().split('\n').map((line) => JSON.parse(line).text).filter((_, i) => i % 15 === 0);

async function answers(page) {
  const out = [];
  for (const query of queries) {
    await page.fill('#q', query);
    await waitForAnswer(page, query);
    out.push({ hits: (await shownHits(page)).map(({ id, score }) => ({ id, score })), status: (await page.textContent('#status')).replace(/ · .*$/, '') });
  }
  return out;
}

test('?wasm=scalar runs the scalar kernels and ranks exactly like SIMD and Node', async () => {
  const simd = await openDemo();
  const scalar = await openDemo('?wasm=scalar');
  try {
    assert.is(await simd.page.textContent('[data-number="flavour"]'), 'SIMD');
    assert.is(await scalar.page.textContent('[data-number="flavour"]'), 'scalar (forced)');
    const [fromSimd, fromScalar] = [await answers(simd.page), await answers(scalar.page)];
    assert.equal(fromScalar, fromSimd);
    queries.forEach((query, i) => {
      const expected = oracle.search(query, { limit: 10 });
      assert.equal(fromSimd[i].hits, expected.hits.map(({ id, score }) => ({ id, score })), query);
      assert.is(fromSimd[i].status, `${expected.total.toLocaleString("en")} results`);
    });
    assert.ok(fromSimd.every((answer) => answer.hits.length === 10));
    // The flavour stays in the URL as the query changes.
    assert.match(scalar.page.url(), /wasm=scalar/);
    assert.equal([...simd.errors, ...scalar.errors], []);
  } finally {
    await simd.close();
    await scalar.close();
  }
});

test('an unknown ?wasm value is ignored: the page picks SIMD where the browser has it', async () => {
  const { page, errors, close } = await openDemo('?wasm=turbo&q=wing');
  try {
    await waitForAnswer(page, 'wing');
    assert.is(await page.textContent('[data-number="flavour"]'), 'SIMD');
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test.run();
