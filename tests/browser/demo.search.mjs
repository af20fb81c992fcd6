// The demo page over Cranfield in headless Chromium: typed queries give the engine's own ranking
// (checked against the same snapshot in Node) with the matched words marked; facet chips filter;
// the query and filters live in the URL; the keyboard moves through hits; odd queries never break it.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { cranfieldOracle, openDemo, shownHits, typeQuery, waitForAnswer } from './demo-fixture.mjs';

const oracle = await cranfieldOracle();
const expectedIds = (query, options = {}) => oracle.search(query, { limit: 10, ...options }).hits.map((hit) => hit.id);
const waitForFilter = (page, filter) => page.waitForFunction((f) => document.getElementById('status').dataset.filter === f, JSON.stringify(filter));

test('typing a query shows the engine ranking, scores and total, with matched words marked', async () => {
  const { page, errors, close } = await openDemo();
  try {
    await typeQuery(page, 'slipstream wing');
    const hits = await shownHits(page);
    const expected = oracle.search('slipstream wing', { limit: 10 });
    assert.equal(hits.map((hit) => hit.id), expected.hits.map((hit) => hit.id));
    assert.equal(hits.map((hit) => hit.score), expected.hits.map((hit) => hit.score));
    assert.equal(hits.map((hit) => hit.rank), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    for (const hit of hits) {
      assert.ok(hit.marks.length > 0, `hit ${hit.id} has marked words`);
      for (const mark of hit.marks) assert.match(mark, /^(slipstream|wing)/, `hit ${hit.id} marks "${mark}"`);
    }
    const status = await page.textContent('#status');
    assert.match(status, new RegExp(`^${expected.total.toLocaleString("en")} results · (< )?[\\d,]+ µs$`));
    assert.match(page.url(), /\?q=slipstream\+wing$/);
    // Each keystroke searched; only the last answer is on screen.
    assert.is(await page.inputValue('#q'), 'slipstream wing');
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('facet chips filter by decade and venue, keep the other values of a chosen field, and go into the URL', async () => {
  const { page, errors, close } = await openDemo();
  try {
    await typeQuery(page, 'boundary layer');
    const unfiltered = oracle.search('boundary layer', { limit: 0, facets: ['decade', 'venue'] }).facets;
    const chip = (field, value) => page.locator(`.chip[data-field="${field}"][data-value="${value}"]`);
    assert.is(await chip('decade', '1950s').locator('.chip-count').textContent(), String(unfiltered.decade.find((c) => c.value === '1950s').count));
    await chip('decade', '1950s').click();
    await waitForFilter(page, { decade: '1950s' });
    assert.equal((await shownHits(page)).map((hit) => hit.id), expectedIds('boundary layer', { filter: { decade: '1950s' } }));
    assert.is(await chip('decade', '1950s').getAttribute('aria-pressed'), 'true');
    // The other decades stay offered, with their unfiltered counts.
    assert.is(await chip('decade', '1960s').locator('.chip-count').textContent(), String(unfiltered.decade.find((c) => c.value === '1960s').count));
    assert.match(page.url(), /decade=1950s/);
    assert.match(await page.textContent('#status'), /\(filtered\)/);

    await chip('venue', 'NACA').click();
    const both = { decade: '1950s', venue: 'NACA' };
    await waitForFilter(page, both);
    const expected = oracle.search('boundary layer', { limit: 10, filter: both });
    assert.ok(expected.total > 0 && expected.total < unfiltered.decade.find((c) => c.value === '1950s').count);
    assert.equal((await shownHits(page)).map((hit) => hit.id), expected.hits.map((hit) => hit.id));
    assert.match(await page.textContent('#status'), new RegExp(`^${expected.total.toLocaleString("en")} results? \\(filtered\\)`));

    await chip('decade', '1950s').click();
    await waitForFilter(page, { venue: 'NACA' });
    assert.equal((await shownHits(page)).map((hit) => hit.id), expectedIds('boundary layer', { filter: { venue: 'NACA' } }));
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('a shared URL brings back the query and the filter; other parameters are not filters', async () => {
  const { page, errors, close } = await openDemo('?q=heat+transfer&decade=1960s&utm_source=mail&type=txt');
  try {
    await waitForAnswer(page, 'heat transfer');
    assert.is(await page.inputValue('#q'), 'heat transfer');
    assert.equal((await shownHits(page)).map((hit) => hit.id), expectedIds('heat transfer', { filter: { decade: '1960s' } }));
    assert.is(await page.getAttribute('.chip[data-field="decade"][data-value="1960s"]', 'aria-pressed'), 'true');
    assert.is(await page.getAttribute('#status', 'data-filter'), '{"decade":"1960s"}');
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('a filter value no document has shows no results and a chip to undo it', async () => {
  const { page, errors, close } = await openDemo('?q=wing&decade=2090s');
  try {
    await waitForAnswer(page, 'wing');
    assert.match(await page.textContent('#status'), /^No results \(filtered\)/);
    const chip = page.locator('.chip[data-field="decade"][data-value="2090s"]');
    assert.is(await chip.getAttribute('aria-pressed'), 'true');
    assert.is(await chip.locator('.chip-count').textContent(), '0');
    await chip.click();
    await waitForFilter(page, {});
    assert.equal((await shownHits(page)).map((hit) => hit.id), expectedIds('wing'));
    assert.not.match(page.url(), /decade/);
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('keyboard: / focuses the box, arrows move through hits, Enter opens one, Escape returns', async () => {
  const { page, errors, close } = await openDemo();
  try {
    await page.locator('h1').click();
    await page.keyboard.press('/');
    assert.is(await page.evaluate(() => document.activeElement.id), 'q');
    await page.keyboard.type('flutter');
    await waitForAnswer(page, 'flutter');
    const focusedRank = () => page.evaluate(() => document.activeElement.closest('.hit')?.dataset.rank ?? document.activeElement.id);
    await page.keyboard.press('ArrowDown');
    assert.is(await focusedRank(), '1');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    assert.is(await focusedRank(), '3');
    await page.keyboard.press('ArrowUp');
    assert.is(await focusedRank(), '2');
    await page.keyboard.press('Enter');
    const second = page.locator('.hit[data-rank="2"]');
    await second.locator('.hit-detail').waitFor();
    const id = await second.getAttribute('data-id');
    assert.is(await second.locator('.hit-detail').textContent(), oracle.get(id).text);
    assert.is(await second.locator('.hit-title').getAttribute('aria-expanded'), 'true');
    await page.keyboard.press('Enter');
    await second.locator('.hit-detail').waitFor({ state: 'detached' });
    await page.keyboard.press('Escape');
    assert.is(await focusedRank(), 'q');
    // Enter in the box jumps to the first hit rather than reloading the page.
    await page.keyboard.press('Enter');
    assert.is(await focusedRank(), '1');
    await page.keyboard.press('ArrowUp');
    assert.is(await focusedRank(), 'q');
    // A facet chip pressed from the keyboard keeps the focus when the answer redraws the chips.
    await page.focus('.chip[data-field="decade"][data-value="1950s"]');
    await page.keyboard.press('Enter');
    await waitForFilter(page, { decade: '1950s' });
    assert.equal(await page.evaluate(() => [document.activeElement.dataset.value, document.activeElement.getAttribute('aria-pressed')]), ['1950s', 'true']);
    await page.keyboard.press('Space');
    await waitForFilter(page, {});
    assert.equal(await page.evaluate(() => [document.activeElement.dataset.value, document.activeElement.getAttribute('aria-pressed')]), ['1950s', 'false']);
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('malformed, hostile and huge queries degrade to words and the page keeps answering', async () => {
  const { page, errors, close } = await openDemo();
  try {
    const odd = ['"boundary layer', '((( wing', '-', '*', 'title:', 'wing^x', '<img src=x onerror=alert(1)>', '\u0000\u{1F680} wing', 'lift '.repeat(400).trim()];
    for (const query of odd) {
      await page.fill('#q', query);
      await waitForAnswer(page, query);
      assert.ok(!(await page.getAttribute('#status', 'class')).split(' ').includes('error'), `${JSON.stringify(query.slice(0, 20))}: ${await page.textContent('#status')}`);
      const expected = oracle.search(query, { limit: 10 });
      assert.equal((await shownHits(page)).map((hit) => hit.id), expected.hits.map((hit) => hit.id), query.slice(0, 30));
    }
    assert.is(await page.locator('#hits img').count(), 0, 'markup in a query stays text');
    await typeQuery(page, 'supersonic');
    assert.equal((await shownHits(page)).map((hit) => hit.id), expectedIds('supersonic'));
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test.run();
