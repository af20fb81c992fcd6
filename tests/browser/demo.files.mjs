// "Search your own files" in headless Chromium: generated files picked or dropped (a synthetic
// DataTransfer drop) are indexed in the page and found; the index survives a reload from
// IndexedDB and goes with the clear button; empty, binary, non-UTF-8, malformed JSON and JSON
// Lines and unsupported files are reported while the good ones are indexed and the page works on.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '../helpers/random.mjs';
import { openDemo, shownHits, typeQuery, waitForAnswer } from './demo-fixture.mjs';

const random = seededRandom(20261127);
const SYLLABLES = ['zor', 'blax', 'quin', 'thep', 'vur', 'mog', 'dral', 'kesh', 'pim', 'yat'];
/** A made-up word (no Cranfield abstract has it), lower case, 9–15 letters. */
const word = () => Array.from({ length: 3 + Math.floor(random() * 3) }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join('');
const file = (name, content, mimeType = 'text/plain') => ({ name, mimeType, buffer: Buffer.isBuffer(content) ? content : Buffer.from(content) });

async function pick(page, files) {
  await page.setInputFiles('#file-input', files);
  await page.waitForFunction(() => ['done', 'failed'].includes(document.getElementById('index-status').dataset.state), null, { timeout: 60_000 });
}

const problems = (page) => page.$$eval('#index-problems li', (items) => items.map((item) => item.textContent));

test('a picked file is indexed and found, survives a reload from IndexedDB, and the clear button removes it', async () => {
  const secret = word();
  const { page, errors, close } = await openDemo();
  try {
    const notes = `# Field notes\n\nThe ${secret} valve was inspected on Tuesday.\n\nNothing else of ${word()} interest.\n`;
    await pick(page, [file('notes.md', notes, 'text/markdown')]);
    assert.match(await page.textContent('#index-status'), /^Indexed 1 document from 1 file \([\d.]+ (B|KB) read\) in [\d,]+ ms: [\d.]+ (KB|MB)\/s\. Kept in this browser/);
    assert.is(await page.getAttribute('[data-collection="files"]', 'aria-pressed'), 'true');
    await typeQuery(page, secret);
    let hits = await shownHits(page);
    assert.equal(hits.map((hit) => hit.id), ['notes.md']);
    assert.equal(hits[0].marks, [secret]);
    assert.match(page.url(), /c=files/);

    await page.reload();
    await page.waitForFunction(() => document.body.dataset.engine === 'ready');
    await waitForAnswer(page, secret);
    hits = await shownHits(page);
    assert.equal(hits.map((hit) => hit.id), ['notes.md'], 'found again after the reload, from IndexedDB');
    assert.is(await page.textContent('[data-collection="files"] .count'), '1');

    await page.click('#clear-files');
    await page.waitForFunction(() => document.getElementById('index-status').dataset.state === 'cleared');
    assert.is(await page.getAttribute('[data-collection="cranfield"]', 'aria-pressed'), 'true');
    assert.ok(await page.isDisabled('[data-collection="files"]'));
    await page.reload();
    await page.waitForFunction(() => document.body.dataset.engine === 'ready');
    assert.ok(await page.isDisabled('[data-collection="files"]'), 'nothing kept after clearing');
    await typeQuery(page, secret);
    assert.equal(await shownHits(page), [], 'Cranfield does not have the made-up word');
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('a synthetic drop of generated JSON Lines and a folder path indexes every record', async () => {
  const { page, errors, close } = await openDemo();
  try {
    const words = Array.from({ length: 50 }, word);
    const lines = words.map((w, i) => JSON.stringify({ title: `Record ${i}`, body: `alpha ${w} omega`, n: i })).join('\n');
    await page.evaluate(async ({ lines, text }) => {
      const data = new DataTransfer();
      data.items.add(new File([lines], 'records.jsonl', { type: 'application/x-ndjson' }));
      data.items.add(new File([text], 'readme.txt', { type: 'text/plain' }));
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    }, { lines, text: `dropped ${words[0]} text` });
    await page.waitForFunction(() => document.getElementById('index-status').dataset.state === 'done', null, { timeout: 60_000 });
    assert.match(await page.textContent('#index-status'), /^Indexed 51 documents from 2 files/);
    assert.equal(await problems(page), []);
    await typeQuery(page, words[17]);
    assert.equal((await shownHits(page)).map((hit) => hit.id), ['records.jsonl#18']);
    assert.match(await page.textContent('.hit[data-rank="1"] .hit-title'), /^Record 17$/);
    await typeQuery(page, words[0]);
    assert.equal((await shownHits(page)).map((hit) => hit.id).sort(), ['readme.txt', 'records.jsonl#1']);
    // The file-type facet.
    await page.click('.chip[data-field="type"][data-value="txt"]');
    await page.waitForFunction(() => document.getElementById('status').dataset.filter === '{"type":"txt"}');
    assert.equal((await shownHits(page)).map((hit) => hit.id), ['readme.txt']);
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('a picked folder indexes its text files under their paths and quietly counts the others', async () => {
  const root = mkdtempSync(join(tmpdir(), 'synthex-demo-folder-'));
  const dir = join(root, 'project');
  mkdirSync(join(dir, 'docs', 'deep'), { recursive: true });
  const [a, b, c] = [word(), word(), word()];
  writeFileSync(join(dir, 'README.md'), `# Project\n\n${a} lives here.`);
  writeFileSync(join(dir, 'docs', 'guide.txt'), `the guide mentions ${b}`);
  writeFileSync(join(dir, 'docs', 'deep', 'data.json'), JSON.stringify([{ name: 'Deep record', note: `${c} at depth` }]));
  writeFileSync(join(dir, 'docs', 'logo.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
  writeFileSync(join(dir, 'build.sh'), 'echo hi');
  const { page, errors, close } = await openDemo();
  try {
    await page.setInputFiles('#folder-input', dir);
    await page.waitForFunction(() => document.getElementById('index-status').dataset.state === 'done', null, { timeout: 60_000 });
    assert.match(await page.textContent('#index-status'), /^Indexed 3 documents from 3 files/);
    assert.equal(await problems(page), ['2 other files: not .txt, .md, .json or .jsonl: skipped']);
    await typeQuery(page, a);
    assert.equal((await shownHits(page)).map((hit) => hit.id), ['project/README.md']);
    assert.is(await page.textContent('.hit[data-rank="1"] .hit-title'), 'Project', 'a Markdown file is titled by its first heading');
    await typeQuery(page, b);
    assert.equal((await shownHits(page)).map((hit) => hit.id), ['project/docs/guide.txt']);
    await typeQuery(page, c);
    assert.equal((await shownHits(page)).map((hit) => hit.id), ['project/docs/deep/data.json#1']);
    assert.match(await page.textContent('.hit[data-rank="1"] .hit-title'), /^Deep record$/);
    assert.match(await page.textContent('.hit[data-rank="1"] .hit-meta'), /^project\/docs\/deep\/data\.json/);
    // Enter on a hit shows the whole record text, fetched from the worker.
    await page.focus('.hit[data-rank="1"] .hit-title');
    await page.keyboard.press('Enter');
    assert.is(await page.locator('.hit[data-rank="1"] .hit-detail').textContent(), `${c} at depth`);
    assert.equal(errors, []);
  } finally {
    await close();
    rmSync(root, { recursive: true, force: true });
  }
});

test('empty, binary, non-UTF-8, malformed and unsupported files are reported; good files and lines are indexed', async () => {
  const { page, errors, close } = await openDemo();
  try {
    const good = word();
    const lineWord = word();
    const binary = Buffer.alloc(4096);
    for (let i = 0; i < binary.length; i++) binary[i] = Math.floor(random() * 256);
    binary[10] = 0;
    await pick(page, [
      file('empty.txt', ''),
      file('blank.md', '  \n\t\n'),
      file('broken.json', '{"title": "half a record", "text": '),
      file('mixed.jsonl', `{"text": "first ${lineWord}"}\n{"text": oops}\n\n{"text": "third line"}\n[unclosed\n`),
      file('allbad.jsonl', 'not json\nstill not\n'),
      file('noise.txt', binary, 'application/octet-stream'),
      file('latin1.md', Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x20, 0x6f, 0x6c, 0xe9])),
      file('photo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), 'image/png'),
      file('empty.json', '[]'),
      file('good.txt', `a perfectly good ${good} file`),
    ]);
    const reported = await problems(page);
    const expected = [
      ['photo.png', /unsupported type/],
      ['empty.txt', /empty file/],
      ['blank.md', /empty file \(whitespace only\)/],
      ['broken.json', /malformed JSON/],
      ['mixed.jsonl', /2 malformed lines skipped \(line 2, 5\); 2 indexed/],
      ['allbad.jsonl', /malformed JSON Lines \(line 1, 2\), skipped/],
      ['noise.txt', /binary file/],
      ['latin1.md', /not UTF-8/],
      ['empty.json', /without any text/],
    ];
    assert.is(reported.length, expected.length, reported.join('\n'));
    for (const [name, pattern] of expected) {
      const line = reported.find((text) => text.startsWith(`${name}:`));
      assert.ok(line, `${name} is reported: ${reported.join(' | ')}`);
      assert.match(line, pattern);
    }
    assert.match(await page.textContent('#index-status'), /^Indexed 3 documents from 2 files \(/);
    await typeQuery(page, good);
    assert.equal((await shownHits(page)).map((hit) => hit.id), ['good.txt']);
    await typeQuery(page, lineWord);
    assert.equal((await shownHits(page)).map((hit) => hit.id), ['mixed.jsonl#1']);
    // Cranfield still answers.
    await page.click('[data-collection="cranfield"]');
    await page.waitForFunction(() => document.getElementById('status').dataset.collection === 'cranfield');
    await typeQuery(page, 'wing');
    assert.is((await shownHits(page)).length, 10);
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('only bad files: nothing to search, the page says so and no empty collection appears', async () => {
  const { page, errors, close } = await openDemo();
  try {
    await pick(page, [file('empty.txt', ''), file('broken.json', '{')]);
    assert.is(await page.textContent('#index-status'), 'Nothing could be indexed from these files.');
    assert.is((await problems(page)).length, 2);
    assert.ok(await page.isDisabled('[data-collection="files"]'));
    await typeQuery(page, 'wing');
    assert.is((await shownHits(page)).length, 10);
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test('a generated multi-MB corpus indexes with progress and MB/s, and every record is searchable', async () => {
  const { page, errors, close } = await openDemo();
  try {
    const marker = word();
    const records = [];
    for (let i = 0; i < 6000; i++) {
      const body = Array.from({ length: 80 }, () => SYLLABLES[Math.floor(random() * 10)] + SYLLABLES[Math.floor(random() * 10)]).join(' ');
      records.push(JSON.stringify({ title: `doc ${i}`, text: i === 4321 ? `${body} ${marker}` : body }));
    }
    const corpus = records.join('\n');
    assert.ok(corpus.length > 3e6, `${corpus.length} bytes`);
    const progressSeen = page.waitForFunction(() => !document.getElementById('index-progress').hidden, null, { timeout: 60_000 });
    await pick(page, [file('corpus.jsonl', corpus)]);
    await progressSeen;
    assert.match(await page.textContent('#index-status'), /^Indexed 6,000 documents from 1 file \(3\.\d MB read\) in [\d,]+ ms: [\d.]+ MB\/s/);
    assert.ok(Number(await page.getAttribute('#index-status', 'data-mbps')) > 0);
    assert.match(await page.textContent('[data-number="indexing"]'), /MB at [\d.]+ MB\/s/);
    await typeQuery(page, marker);
    assert.equal((await shownHits(page)).map((hit) => hit.id), ['corpus.jsonl#4322']);
    assert.equal(errors, []);
  } finally {
    await close();
  }
});

test.run();
