// The performance analysis suite end to end: one `--quick` run of every category on Node (the
// other legs skip it, visibly: it is the same code, and one quick run per test command is the
// budget), its three report files checked for every section, and the CLI's regression gate and
// bad-usage exits exercised on the report it wrote.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { grade } from '../bench/suite/grade.mjs';
import { CRITERIA } from '../bench/suite/sla.mjs';

const isNode = !globalThis.Bun && !globalThis.Deno;
const root = fileURLToPath(new URL('..', import.meta.url));
const runner = join(root, 'bench', 'suite', 'run.mjs');

function run(args) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [runner, ...args], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

if (!isNode) {
  test.skip('bench --quick end to end (Node leg only: one quick run per test command)', () => {});
  console.log(`  bench-suite: SKIPPED on ${globalThis.Bun ? 'bun' : 'deno'} — the quick suite run is part of the node leg`);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'synthex-bench-suite-'));
  const out = join(dir, 'report');
  let quick;
  let report;

  test('bench --quick runs every category and writes report.md, report.json and report.html', async () => {
    quick = await run(['--quick', '--soak', '0.05', '--out', out]); // a 3 s soak: exercises the path, too short to judge growth
    assert.is(quick.code, 0, `exit ${quick.code}\n${quick.stderr.slice(-2000)}`);
    for (const name of ['report.md', 'report.json', 'report.html']) assert.ok(existsSync(join(out, name)), `${name} written`);
    report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    assert.match(quick.stdout, /grade [A-F]/);
    assert.match(quick.stdout, /on Node v\d+/);
  });

  test('report.json: every category measured real work with the full set of metrics', () => {
    assert.equal(report.categories.map((c) => c.key), ['search', 'mcp', 'memory', 'concurrency', 'peers', 'soak']);
    const soak = report.categories.at(-1).scenarios[0];
    assert.ok(soak.memory.growth.windowS > 1 && soak.memory.growth.windowS < 60, `soak growth window ${soak.memory.growth.windowS} s`);
    assert.is(soak.memory.growth.meaningful, false);
    assert.is(report.soakMinutes, 0.05);
    assert.is(report.machine.runtimeName, 'node');
    assert.is(report.machine.runtimeVersion, process.versions.node);
    assert.ok(report.machine.cores >= 1 && report.machine.cpu);
    assert.ok(['simd', 'scalar'].includes(report.machine.wasmFlavour));
    for (const category of report.categories) {
      assert.ok(category.scenarios.length >= (category.key === 'soak' ? 1 : 3), `${category.key} has scenarios`);
      for (const s of category.scenarios) {
        const where = `${category.key}/${s.id}`;
        assert.ok(s.opsPerSec > 0 && s.samples >= 30, `${where}: measured (${s.samples} samples)`);
        assert.ok(s.p50Ms > 0 && s.p50Ms <= s.p95Ms && s.p95Ms <= s.p99Ms && s.p99Ms <= s.maxMs && s.meanMs > 0, `${where}: ordered percentiles`);
        assert.is(s.errors, 0, `${where}: ${s.firstError}`);
        assert.ok(s.memory.peakRssBytes > 0 && s.memory.peakHeapBytes > 0, `${where}: memory read`);
        assert.type(s.gcMs, 'number', `${where}: Node reports GC time`);
        assert.ok(s.histogram.length > 0);
        for (const c of CRITERIA) assert.ok(['target', 'minimum', 'fail', 'n/a'].includes(s.verdicts[c.key].verdict));
        assert.is(s.verdicts.growthMBPerHour.verdict, 'n/a', `${where}: a quick window does not judge growth`);
      }
    }
    const peers = report.categories.find((c) => c.key === 'peers').scenarios.map((s) => s.engine);
    for (const engine of ['synthex', 'flexsearch', 'minisearch', 'mcp-sdk']) assert.ok(peers.includes(engine), `peer ${engine} measured`);
    assert.is(report.categories.find((c) => c.key === 'search').extra.scale.length, 2);
    assert.ok(report.categories.find((c) => c.key === 'search').scenarios.some((s) => /SpamAssassin/.test(s.name)));
    assert.ok(report.categories.find((c) => c.key === 'mcp').scenarios.some((s) => s.transport === 'stdio'));
    // The grade is computed, not asserted: recomputing it from the scenarios gives the same.
    const again = grade(report.categories);
    assert.is(again.letter, report.grade.letter);
    assert.is(again.score, report.grade.score);
    assert.ok(report.bottlenecks.length > 0 && report.recommendations.length > 0);
  });

  test('report.md has every section of a performance analysis report', () => {
    const md = readFileSync(join(out, 'report.md'), 'utf8');
    for (const heading of ['## Executive summary', '## Machine and versions', '## Method', '## SLA thresholds', '## Results by category',
      '### 1. Search', '### 2. MCP message throughput', '### 3. Memory allocation patterns', '### 4. Concurrent operations', '### 5. Peers side by side', '### 6. Sustained load (soak)',
      '## Grade', '## Bottlenecks identified', '## Recommendations', '## Regression check']) {
      assert.ok(md.includes(`\n${heading}\n`), `missing ${heading}`);
    }
    for (const key of ['search', 'mcp', 'memory', 'concurrency', 'peers']) assert.ok(md.includes(`SLA verdicts (${key}):`), `SLA table for ${key}`);
    for (const column of ['ops/s', 'mean ms', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', 'GC ms', 'peak WASM MB', 'peak JS heap MB']) {
      assert.ok(md.includes(`| ${column} |`), `metrics column ${column}`);
    }
    assert.match(md, new RegExp(`\\*\\*Grade ${report.grade.letter}\\*\\*`));
    assert.match(md, /Intel|AMD|ARM|cores/);
    assert.ok(md.includes(report.machine.runtime));
    assert.ok(md.includes('category score = mean score of its judged scenarios'), 'the grade formula is stated');
    assert.ok(md.includes('Scale curve (generated Zipf corpora)'));
  });

  test('report.html: the same sections with inline SVG charts and no external assets', () => {
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    assert.ok(html.startsWith('<!doctype html>'));
    for (const id of ['summary', 'machine', 'method', 'sla', 'results', 'grade', 'bottlenecks', 'recommendations', 'regressions']) assert.ok(html.includes(`<section id="${id}">`), `section ${id}`);
    for (const key of ['search', 'mcp', 'memory', 'concurrency', 'peers']) assert.ok(html.includes(`id="cat-${key}"`));
    assert.ok((html.match(/<svg /g) ?? []).length >= 10, 'charts');
    assert.ok(html.includes('Scale curve: query latency vs corpus size'));
    assert.ok(html.includes('Peers side by side: throughput in the same run'));
    assert.not.match(html, /https?:\/\//, 'no URLs');
    assert.not.match(html, /<script|<link|<img|@import|url\(/i, 'no scripts, stylesheets or images from elsewhere');
  });

  test('--compare: the same figures pass; a doctored baseline exits 1 and names the regression', async () => {
    const baselineFile = join(dir, 'baseline.json');
    const saved = await run(['--results', join(out, 'report.json'), '--save-baseline', baselineFile]);
    assert.is(saved.code, 0, saved.stderr);
    const same = await run(['--results', join(out, 'report.json'), '--compare', baselineFile]);
    assert.is(same.code, 0, same.stdout + same.stderr);
    assert.match(same.stdout, /no regressions/);
    const baseline = JSON.parse(readFileSync(baselineFile, 'utf8'));
    const key = 'search/cranfield-short';
    baseline.scenarios[key].opsPerSec *= 10;          // now: a 90 % drop
    baseline.scenarios['mcp/in-process-1'].p95Ms /= 10; // now: 10× the baseline latency
    const doctored = join(dir, 'doctored.json');
    writeFileSync(doctored, JSON.stringify(baseline));
    const gate = await run(['--results', join(out, 'report.json'), '--compare', doctored, '--out', join(dir, 'compared')]);
    assert.is(gate.code, 1, gate.stdout + gate.stderr);
    assert.match(gate.stdout, /REGRESSIONS \(2\)/);
    assert.match(gate.stdout, /\[search\] search\/cranfield-short: throughput dropped 90\.0 %/);
    assert.match(gate.stdout, /\[mcp\] mcp\/in-process-1: p95 latency 10\.00× baseline/);
    const md = readFileSync(join(dir, 'compared', 'report.md'), 'utf8');
    assert.match(md, /\*\*Regression check: 2 regression\(s\)\*\*/);
    // Thresholds are flags: allowing a 95 % drop and 20× latency lets the same figures pass.
    const loose = await run(['--results', join(out, 'report.json'), '--compare', doctored, '--max-throughput-drop', '0.95', '--max-latency-ratio', '20']);
    assert.is(loose.code, 0, loose.stdout);
  });

  test('bad usage exits 2 with a reason, before measuring anything', async () => {
    writeFileSync(join(dir, 'garbage.json'), '{"kind": "something else"');
    const cases = [
      [['--filter', 'search,bogus'], /--filter takes/],
      [['--filter', ''], /--filter takes/],
      [['--repeat', '0'], /--repeat must be a positive integer/],
      [['--repeat', '1.5'], /--repeat must be a positive integer/],
      [['--soak=-3'], /--soak must be a positive number/],
      [['--soak', '0'], /--soak must be a positive number/],
      [['--max-throughput-drop', 'lots'], /--max-throughput-drop must be a positive number/],
      [['--results', join(dir, 'garbage.json')], /JSON|not a report/],
      [['--results', join(out, 'report.json'), '--compare', join(dir, 'garbage.json')], /--compare/],
      [['--results', join(out, 'report.json'), '--compare', join(dir, 'missing.json')], /--compare.*(ENOENT|no such file)/],
      [['--no-such-flag'], /Unknown option/],
    ];
    for (const [args, pattern] of cases) {
      const r = await run(args);
      assert.is(r.code, 2, `${args.join(' ')} → exit ${r.code}: ${r.stderr}`);
      assert.match(r.stderr, pattern, args.join(' '));
    }
  });

  test('clean up', () => {
    rmSync(dir, { recursive: true, force: true });
  });
}

test.run();
