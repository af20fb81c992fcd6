// npm test: builds (library and demo), then runs the suite on Node, Bun and Deno and in headless
// Chromium, drives the built browser demo in Chromium (both when /usr/bin/chromium exists),
// checks that every runtime leg printed identical kernel digests, and ends with one line "N passed, N failed" summing all legs.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const LEG_TIMEOUT_MS = 20 * 60_000;
const only = process.env.SYNTHEX_LEGS?.split(',');

if (!process.env.SYNTHEX_SKIP_BUILD) {
  execFileSync('node', ['scripts/build.mjs'], { stdio: 'inherit' });
  execFileSync('node', ['scripts/build-demo.mjs'], { stdio: 'inherit' });
}

function runLeg(name, cmd, args, env = {}) {
  return new Promise((resolve) => {
    console.log(`\n=== ${name}: ${cmd} ${args.join(' ')}`);
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk) => { out += chunk; process.stdout.write(chunk); });
    const timer = setTimeout(() => { console.log(`\n${name}: timed out`); child.kill('SIGKILL'); }, LEG_TIMEOUT_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const line = out.match(/@@leg (.*)$/m);
      const result = line ? JSON.parse(line[1]) : { total: 1, passed: 0, failed: 1, skipped: 0 };
      if (!line) console.log(`${name}: leg ended (exit ${code}) without a summary: counted as one failure`);
      else if (code !== 0 && result.failed === 0) { result.failed = 1; result.total++; console.log(`${name}: exit ${code}`); }
      const identities = [...out.matchAll(/@@identity (\S+) (\S+)$/gm)].map((m) => [m[1], m[2]]);
      resolve({ name, ...result, identities });
    });
  });
}

const bin = (tool) => `node_modules/.bin/${tool}`;
const legs = [
  ['node', 'node', ['tests/leg.mjs']],
  ['bun', bin('bun'), ['tests/leg.mjs']],
  ['deno', bin('deno'), ['run', '-A', 'tests/leg.mjs']],
  ['chromium', 'node', ['tests/browser/run-browser.mjs']],
  ['demo', 'node', ['tests/browser/run-demo.mjs']],
].filter(([name]) => !only || only.includes(name));

const results = [];
for (const [name, cmd, args] of legs) {
  if ((name === 'chromium' || name === 'demo') && !existsSync('/usr/bin/chromium')) {
    console.log(`\n=== ${name}: SKIPPED — /usr/bin/chromium is not installed (apt-get install -y chromium)`);
    continue;
  }
  results.push(await runLeg(name, cmd, args));
}

// Every digest name must have one value across all runtime legs (the demo leg drives a page, it prints none).
const identityLegs = results.filter((leg) => leg.name !== 'demo');
const seen = new Map();
let identityFailures = 0;
for (const leg of identityLegs) {
  for (const [key, digest] of leg.identities) {
    if (!seen.has(key)) seen.set(key, new Map());
    seen.get(key).set(leg.name, digest);
  }
}
for (const [key, byLeg] of seen) {
  const values = new Set(byLeg.values());
  const missing = identityLegs.filter((leg) => !byLeg.has(leg.name)).map((leg) => leg.name);
  if (values.size > 1 || missing.length) {
    identityFailures++;
    console.log(`identity ${key} differs across runtimes: ${JSON.stringify(Object.fromEntries(byLeg))}${missing.length ? ` missing in ${missing}` : ''}`);
  }
}
const identityLine = `identity: ${seen.size} digests compared across ${identityLegs.map((r) => r.name).join(', ')}: ${identityFailures ? `${identityFailures} differ` : 'all identical'}`;

console.log('\n=== summary');
for (const r of results) console.log(`${r.name.padEnd(9)} ${r.passed} passed, ${r.failed} failed, ${r.skipped} skipped`);
console.log(identityLine);
const passed = results.reduce((n, r) => n + r.passed, 0) + (seen.size && !identityFailures ? 1 : 0);
const failed = results.reduce((n, r) => n + r.failed, 0) + (identityFailures ? 1 : 0);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
