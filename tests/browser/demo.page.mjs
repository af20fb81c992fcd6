// The demo page as a whole: screenshots kept as test artifacts (desktop and phone width), no
// sideways scrolling on a phone, labelled controls, focus order and text contrast; served by
// `synthex serve` (npm start: cross-origin isolated, 5 µs timers) and by a plain static host.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { ARTIFACTS, DEMO_DIR, browser, cranfieldOracle, openDemo, shownHits, typeQuery, waitForAnswer } from './demo-fixture.mjs';

const oracle = await cranfieldOracle();
mkdirSync(ARTIFACTS, { recursive: true });

function assertPng(path, minBytes) {
  const bytes = readFileSync(path);
  assert.equal([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${path} is a PNG`);
  assert.ok(statSync(path).size > minBytes, `${path}: ${statSync(path).size} bytes`);
  // Width and height from the IHDR chunk.
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

test('screenshots at desktop and phone width are saved as artifacts; a phone never scrolls sideways', async () => {
  const desktop = await openDemo('?q=boundary+layer+transition');
  try {
    await waitForAnswer(desktop.page, 'boundary layer transition');
    await desktop.page.screenshot({ path: `${ARTIFACTS}/demo.png`, fullPage: true });
    const size = assertPng(`${ARTIFACTS}/demo.png`, 60_000);
    assert.is(size.width, 1280);
    assert.ok(size.height > 900, `${size.height}px: the page holds ten hits`);
    assert.equal(desktop.errors, []);
  } finally {
    await desktop.close();
  }
  const phone = await openDemo('?q=flutter', { viewport: { width: 360, height: 740 } });
  try {
    await waitForAnswer(phone.page, 'flutter');
    await phone.page.screenshot({ path: `${ARTIFACTS}/demo-phone.png` });
    assertPng(`${ARTIFACTS}/demo-phone.png`, 20_000);
    const widths = await phone.page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, view: window.innerWidth }));
    assert.ok(widths.scroll <= widths.view, `page ${widths.scroll}px wide in a ${widths.view}px viewport`);
    const input = await phone.page.locator('#q').boundingBox();
    assert.ok(input.width > 300, 'the search box spans the phone');
    assert.equal(phone.errors, []);
  } finally {
    await phone.close();
  }
});

async function contrastRatios(page) {
  return page.evaluate(() => {
    const rgb = (color) => color.match(/[\d.]+/g).map(Number);
    const luminance = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; }).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const background = (el) => {
      for (let at = el; at; at = at.parentElement) {
        const color = getComputedStyle(at).backgroundColor;
        if (rgb(color)[3] !== 0) return color;
      }
      return matchMedia('(prefers-color-scheme: dark)').matches ? 'rgb(0, 0, 0)' : 'rgb(255, 255, 255)';
    };
    const selectors = ['h1', '.lede', '.status', '.hit-title', '.hit-meta', '.hit-snippet', 'mark', '.chip', '.chip[aria-pressed="true"]', '.facet-label', '.keys', '.collections [aria-pressed="true"]', '.numbers dt', '.numbers dd', '.button.primary', '.card p', '.foot'];
    return selectors.map((selector) => {
      const el = document.querySelector(selector);
      if (!el) return [`${selector} (missing)`, 0];
      const [a, b] = [luminance(rgb(getComputedStyle(el).color)), luminance(rgb(background(el)))];
      return [selector, (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05)];
    });
  });
}

test('text contrast is at least 4.5:1 in the light and the dark scheme', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { page, errors, close } = await openDemo('?q=wing&decade=1960s', { colorScheme });
    try {
      await waitForAnswer(page, 'wing');
      for (const [selector, ratio] of await contrastRatios(page)) assert.ok(ratio >= 4.5, `${colorScheme}: ${selector}: contrast ${ratio.toFixed(2)}:1`);
      if (colorScheme === 'dark') await page.screenshot({ path: `${ARTIFACTS}/demo-dark.png` });
      assert.equal(errors, []);
    } finally {
      await close();
    }
  }
});

test('every control has a label and focus order follows the page', async () => {
  const { page, errors, close } = await openDemo('?q=wing');
  try {
    await waitForAnswer(page, 'wing');
    const unlabelled = await page.evaluate(() => [...document.querySelectorAll('input, button, select, textarea, [role="group"], ol, progress')].filter((el) => {
      const labelled = el.id && document.querySelector(`label[for="${el.id}"]`);
      return !(labelled || el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || (el.tagName === 'BUTTON' && el.textContent.trim()));
    }).map((el) => el.outerHTML.slice(0, 80)));
    assert.equal(unlabelled, []);

    await page.evaluate(() => document.activeElement?.blur());
    const stops = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      stops.push(await page.evaluate(() => { const el = document.activeElement; return el.id || el.dataset.collection || el.dataset.value || el.className; }));
    }
    assert.equal(stops.slice(0, 3), ['skip', 'q', 'cranfield'], stops.join(' → '));
    assert.ok(stops.slice(3).some((stop) => /^19\d0s$|unknown/.test(stop)), `facet chips come next: ${stops.join(' → ')}`);

    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('npm start (synthex serve) serves the demo at / cross-origin isolated; a plain static host (in a subfolder) works without isolation', async () => {
  const child = spawn(process.execPath, ['dist/cli.js', 'serve', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const base = await new Promise((resolve, reject) => {
      let output = '';
      child.stdout.on('data', (chunk) => { output += chunk; const m = /listening on (http:\/\/\S+?)\/ /.exec(output); if (m) resolve(m[1]); });
      child.once('exit', (code) => reject(new Error(`serve exited ${code}: ${output}`)));
    });
    const head = await fetch(`${base}/`, { method: 'HEAD' });
    assert.is(head.status, 200);
    assert.is(head.headers.get('cross-origin-embedder-policy'), 'require-corp');
    const context = await (await browser()).newContext();
    try {
      const page = await context.newPage();
      const errors = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${base}/?q=propeller+slipstream`);
      await waitForAnswer(page, 'propeller slipstream');
      assert.equal((await shownHits(page)).map((hit) => hit.id), oracle.search('propeller slipstream', { limit: 10 }).hits.map((hit) => hit.id));
      assert.is(await page.evaluate(() => crossOriginIsolated), true);
      assert.match(await page.textContent('[data-number="isolated"]'), /^yes/);
      // The JSON API is beside it.
      const api = await (await fetch(`${base}/search?q=propeller+slipstream&limit=3`)).json();
      assert.equal(api.hits.map((hit) => hit.id), (await shownHits(page)).slice(0, 3).map((hit) => hit.id));
      assert.equal(errors, []);
    } finally {
      await context.close();
    }
  } finally {
    child.kill('SIGTERM');
  }
  // A plain static host, the folder in a subfolder of the site: every URL in the demo is relative.
  const plain = await openDemo('', { under: '/static/synthex/' });
  try {
    assert.match(plain.page.url(), /\/static\/synthex\/$/);
    assert.is(await plain.page.evaluate(() => crossOriginIsolated), false);
    assert.match(await plain.page.textContent('[data-number="isolated"]'), /^no \(100 µs timer\)/);
    await typeQuery(plain.page, 'propeller slipstream');
    assert.is((await shownHits(plain.page)).length, 10);
    assert.equal(plain.errors, []);
  } finally {
    await plain.close();
  }
});

test('the numbers panel reports index size, flavour, memory and p50/p99 over the last queries', async () => {
  const { page, errors, close } = await openDemo();
  try {
    const words = ['wing', 'lift', 'drag', 'heat', 'shock', 'flutter', 'nozzle', 'plate', 'cone', 'jet', 'boundary', 'layer'];
    for (const query of words) await typeQuery(page, query);
    const number = (key) => page.textContent(`[data-number="${key}"]`);
    assert.is(await number('docs'), '1,400');
    assert.match(await number('index-size'), /^2\.\d MB$/);
    assert.match(await number('memory'), /^[\d.]+ MB$/);
    assert.match(await number('p50'), /^(< 100|[\d,]+) µs$/);
    assert.match(await number('p99'), /^(< 100|[\d,]+) µs$/);
    assert.match(await page.textContent('dt:has(+ [data-number="p50"])'), /last (\d+)\)/);
    const count = Number((await page.textContent('dt:has(+ [data-number="p50"])')).match(/last (\d+)/)[1]);
    assert.ok(count >= words.length, `${count} queries timed (every keystroke searches)`);
    assert.match(await number('first-result'), /^[\d,]+ ms$/);
    // The empty box shows the examples again.
    await page.fill('#q', '');
    await page.waitForFunction(() => !document.getElementById('intro').hidden);
    assert.is(await page.locator('#hits .hit').count(), 0);
    assert.is(await page.locator('.example').count(), 5);
    await page.click('.example >> nth=0');
    await page.waitForFunction(() => document.querySelectorAll('#hits .hit').length === 10);
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('the static folder holds the page, its two scripts, the chunks they import and the snapshot, nothing else', async () => {
  const files = readdirSync(DEMO_DIR, { recursive: true }).filter((name) => statSync(`${DEMO_DIR}/${name}`).isFile()).sort();
  const reached = new Set();
  const follow = (name) => {
    if (reached.has(name)) return;
    reached.add(name);
    const source = readFileSync(`${DEMO_DIR}/${name}`, 'utf8');
    for (const [, chunk] of source.matchAll(/["'](?:\.\/|\.\.\/)?(chunks\/[\w.-]+\.js|[\w-]+\.js)["']/g)) if (files.includes(chunk)) follow(chunk);
  };
  follow('main.js');
  follow('search-worker.js');
  const expected = ['cranfield.synx.gz', 'demo.css', 'index.html', ...reached].sort();
  assert.equal(files, expected);
  assert.ok(files.some((name) => /kernel-bytes-simd/.test(name)) && files.some((name) => /kernel-bytes-scalar/.test(name)), files.join(', '));
  const html = readFileSync(`${DEMO_DIR}/index.html`, 'utf8');
  for (const [, ref] of html.matchAll(/(?:src|href)="([^"]+)"/g)) if (!ref.startsWith('data:') && !ref.startsWith('#')) assert.ok(files.includes(ref), `index.html refers to ${ref}`);
});

test.run();
