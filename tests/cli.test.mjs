// The `synthex` command (dist/cli.js), run as a child process of the runtime running this file:
// index → search → stats round trips, its input formats, its errors and exit codes, and the
// Cranfield demo behind `npm start`.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIndex } from '../dist/index.js';
import { runtimeCommand } from './helpers/runtime.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const cliPath = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'synthex-cli-'));
const at = (name) => join(dir, name);

/** Runs `synthex ...args` with this runtime; `input` is piped to stdin. */
function cli(args, { input = '' } = {}) {
  const [cmd, cmdArgs] = runtimeCommand([cliPath, ...args], ['run', cliPath, ...args], [cliPath, ...args]);
  const result = spawnSync(cmd, cmdArgs, { cwd: root, input, encoding: 'utf8', timeout: 30_000 });
  assert.is(result.error, undefined, String(result.error));
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A user error: the given exit code and exactly one stderr line, no stack trace. */
function assertUserError(result, status, pattern) {
  assert.is(result.status, status, `exit code (stderr: ${result.stderr})`);
  const lines = result.stderr.trim().split('\n');
  assert.is(lines.length, 1, `one stderr line, got:\n${result.stderr}`);
  assert.match(lines[0], /^synthex: /);
  assert.match(lines[0], pattern);
  assert.not.match(result.stderr, /^\s+at /m, 'no stack trace');
}

/** The hit lines of text output: [rank, score, id]. */
const hitRows = (stdout) => [...stdout.matchAll(/^\s*(\d+)\.\s+(\d+\.\d{3})\s+(\S+)/gm)].map((m) => [Number(m[1]), m[2], m[3]]);

const DOCS = [
  { id: 'wing', title: 'Lift of a swept wing', text: 'the wing lift increases with the angle of attack in a propeller slipstream' },
  { id: 'heat', title: 'Heat transfer', text: 'heat transfer in laminar boundary layers at high speed' },
  { id: 'noise', title: 'Propeller noise', text: 'noise of a propeller at static thrust' },
  { id: 'shock', title: 'Shock waves', text: 'detached shock waves ahead of blunt bodies in supersonic flow; the wing is not studied' },
];
const jsonl = (docs) => docs.map((doc) => JSON.stringify(doc)).join('\n') + '\n';
writeFileSync(at('docs.jsonl'), jsonl(DOCS));

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('index a jsonl file, then search finds the right document first', () => {
  const indexed = cli(['index', at('docs.jsonl'), '-o', at('docs.synx')]);
  assert.is(indexed.status, 0, indexed.stderr);
  assert.match(indexed.stdout, /indexed 4 docs/);
  assert.match(indexed.stdout, new RegExp(`${statSync(at('docs.synx')).size} bytes`));
  assert.equal(readdirSync(dir).sort(), ['docs.jsonl', 'docs.synx'], 'no temp file left behind');

  const found = cli(['search', at('docs.synx'), 'wing lift']);
  assert.is(found.status, 0, found.stderr);
  const rows = hitRows(found.stdout);
  assert.equal(rows.map((row) => row[2]), ['wing', 'shock']);
  assert.equal(rows.map((row) => row[0]), [1, 2]);
  assert.match(found.stdout, /^\s*1\.\s+\d+\.\d{3}\s+wing\s+Lift of a swept wing$/m, 'stored title shown');
  assert.match(found.stdout, /total 2\b.*tookMs \d+\.\d+/);

  const second = cli(['search', at('docs.synx'), 'wing', 'lift', '--limit', '1', '--offset', '1']);
  assert.equal(hitRows(second.stdout), [[2, rows[1][1], 'shock']]);
});

test('a total that is a lower bound reads as one', () => {
  // 6,000 documents share 'common': counting stops at the default 1,000 after the first
  // 4,096-document window, so the total printed is at least what was counted.
  const many = Array.from({ length: 6000 }, (_, i) => ({ id: `m${i}`, text: `common word ${i % 7 ? 'common' : 'rare'} filler${i % 13}` }));
  writeFileSync(at('many.jsonl'), jsonl(many));
  assert.is(cli(['index', at('many.jsonl'), '-o', at('many.synx')]).status, 0);
  const found = cli(['search', at('many.synx'), 'common', '--limit', '2']);
  assert.is(found.status, 0, found.stderr);
  const counted = Number(found.stdout.match(/^total at least (\d+), showing 2/m)?.[1]);
  assert.ok(counted >= 1000 && counted <= 6000, found.stdout);
  const json = JSON.parse(cli(['search', at('many.synx'), 'common', '--json']).stdout);
  assert.is(json.totalExact, false);
  assert.is(json.total, counted);
  rmSync(at('many.jsonl'));
  rmSync(at('many.synx'));
});

test('--json prints the same SearchResult as the library', async () => {
  const index = await createIndex({ fields: ['title', 'text'], store: ['title'] });
  index.addAll(DOCS);
  for (const query of ['wing lift', 'propeller', 'heat -laminar', 'nothing matches this']) {
    const run = cli(['search', at('docs.synx'), query, '--json', '--limit', '3']);
    assert.is(run.status, 0, run.stderr);
    const result = JSON.parse(run.stdout);
    const expected = index.search(query, { limit: 3 });
    assert.equal(result.hits, expected.hits, query);
    assert.is(result.total, expected.total, query);
    assert.type(result.tookMs, 'number');
  }
  index.close();
});

test('stats prints the index statistics and the snapshot size', () => {
  const size = statSync(at('docs.synx')).size;
  const json = cli(['stats', at('docs.synx'), '--json']);
  assert.is(json.status, 0, json.stderr);
  const stats = JSON.parse(json.stdout);
  assert.is(stats.docs, 4);
  assert.ok(stats.terms > 10);
  assert.is(stats.snapshotBytes, size);
  const text = cli(['stats', at('docs.synx')]);
  assert.is(text.status, 0, text.stderr);
  assert.match(text.stdout, /^docs\s+4$/m);
  assert.match(text.stdout, new RegExp(`^snapshot\\s+${size} bytes`, 'm'));
});

test('index a directory of text files: id is the relative path, title the first line', () => {
  mkdirSync(at('notes/deep'), { recursive: true });
  mkdirSync(at('notes/.hidden'));
  writeFileSync(at('notes/alpha.txt'), '\nAlpha notes\nabout compressor stall margins\n');
  writeFileSync(at('notes/deep/beta.md'), '# Beta heading\n\nturbine blade cooling and compressor design\n');
  writeFileSync(at('notes/deep/image.png'), 'compressor');
  writeFileSync(at('notes/.hidden/secret.txt'), 'compressor');
  const indexed = cli(['index', at('notes'), '-o', at('notes.synx')]);
  assert.is(indexed.status, 0, indexed.stderr);
  assert.match(indexed.stdout, /indexed 2 docs/);
  const result = JSON.parse(cli(['search', at('notes.synx'), 'compressor', '--json']).stdout);
  assert.equal(result.hits.map((hit) => hit.id).sort(), ['alpha.txt', 'deep/beta.md']);
  const beta = result.hits.find((hit) => hit.id === 'deep/beta.md');
  assert.is(beta.fields.title, 'Beta heading');
  assert.is(JSON.parse(cli(['search', at('notes.synx'), 'stall', '--json']).stdout).hits[0].fields.title, 'Alpha notes');
});

test('bad jsonl lines are reported as file:line and skipped, with a count', () => {
  const lines = [
    JSON.stringify(DOCS[0]),
    '{"id": "broken", "title": ',
    JSON.stringify({ title: 'no id here' }),
    '',
    JSON.stringify(DOCS[1]),
    JSON.stringify({ id: 'wing', title: 'duplicate id' }),
    JSON.stringify({ id: 'typed', title: 'bad field', text: 42 }),
    '[1, 2]',
  ];
  const file = at('bad.jsonl');
  writeFileSync(file, lines.join('\n') + '\n');
  const run = cli(['index', file, '-o', at('bad.synx')]);
  assert.is(run.status, 0, run.stderr);
  for (const line of [2, 3, 6, 7, 8]) assert.ok(run.stderr.includes(`${file}:${line}: `), `line ${line} reported:\n${run.stderr}`);
  assert.not.ok(run.stderr.includes(`${file}:1:`) || run.stderr.includes(`${file}:5:`));
  assert.match(run.stderr, /skipped 5 bad documents/);
  assert.match(run.stdout, /indexed 2 docs/);
  assert.is(JSON.parse(cli(['stats', at('bad.synx'), '--json']).stdout).docs, 2);
});

test('a missing snapshot file: exit 1 with a one-line message', () => {
  const missing = at('missing.synx');
  assertUserError(cli(['search', missing, 'wing']), 1, /missing\.synx.*no such file/);
  assertUserError(cli(['stats', missing]), 1, /missing\.synx/);
  assertUserError(cli(['index', at('nope.jsonl'), '-o', at('x.synx')]), 1, /nope\.jsonl.*no such file/);
});

test('a file that is not a snapshot: exit 1 naming the snapshot error', () => {
  assertUserError(cli(['search', at('docs.jsonl'), 'wing']), 1, /docs\.jsonl: snapshot: /);
  const truncated = at('truncated.synx');
  writeFileSync(truncated, readFileSync(at('docs.synx')).subarray(0, 100));
  assertUserError(cli(['stats', truncated]), 1, /snapshot: /);
});

test('usage errors exit 2: unknown command or option, missing arguments', () => {
  assertUserError(cli(['frobnicate']), 2, /unknown command 'frobnicate'/);
  assertUserError(cli(['search', at('docs.synx')]), 2, /missing the query/);
  assertUserError(cli(['search', at('docs.synx'), 'wing', '--bogus']), 2, /--bogus/);
  assertUserError(cli(['search', at('docs.synx'), 'wing', '--limit', 'ten']), 2, /--limit/);
  assertUserError(cli(['index', at('docs.jsonl')]), 2, /-o/);
  assertUserError(cli(['index', at('docs.jsonl'), '-o', at('y.synx'), '--language', 'fr']), 2, /language/);
  const bare = cli([]);
  assert.is(bare.status, 2);
  assert.match(bare.stderr, /Usage: synthex/);
});

test('--help and --version', () => {
  const help = cli(['--help']);
  assert.is(help.status, 0, help.stderr);
  for (const name of ['index', 'search', 'stats', 'serve', 'mcp', 'demo']) assert.match(help.stdout, new RegExp(`^  ${name}\\b`, 'm'));
  for (const name of ['bench']) assert.not.match(help.stdout, new RegExp(`^  ${name}\\b`, 'm'));
  const searchHelp = cli(['search', '--help']);
  assert.is(searchHelp.status, 0);
  assert.match(searchHelp.stdout, /Usage: synthex search/);
  const version = cli(['--version']);
  assert.is(version.stdout.trim(), JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
});

test('demo answers a query from the command line over the embedded Cranfield collection', () => {
  const run = cli(['demo', 'slipstream wing']);
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /1400 docs indexed in \d/);
  const ids = hitRows(run.stdout).map((row) => row[2]);
  assert.is(ids.length, 10);
  assert.ok(ids.includes('1'), `Cranfield doc 1 in the top 10: ${ids}`);
});

test('demo answers every query piped on stdin', () => {
  const run = cli(['demo', '--limit', '3'], { input: 'slipstream wing\n\nheat transfer boundary layer\n' });
  assert.is(run.status, 0, run.stderr);
  assert.match(run.stdout, /^> slipstream wing$/m);
  assert.match(run.stdout, /^> heat transfer boundary layer$/m);
  const answers = run.stdout.split(/^> /m).slice(1);
  assert.is(answers.length, 2);
  for (const answer of answers) {
    assert.is(hitRows(answer).length, 3, answer);
    assert.match(answer, /^total \d+, showing 3/m);
  }
  assert.ok(hitRows(answers[0]).some((row) => row[2] === '1'));
});

test.run();
