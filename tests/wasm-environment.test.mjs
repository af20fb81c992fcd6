// SYNTHEX_WASM chooses the kernel flavour for a whole process: read once, on first use, so a
// later change to process.env changes nothing (setWasmFlavour does, at any time).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { runtimeCommand } from './helpers/runtime.mjs';

const script = `
import { wasmFlavour, setWasmFlavour, aggregate } from ${JSON.stringify(pathToFileURL(resolve('dist/index.js')).href)};
const seen = [wasmFlavour()];
process.env.SYNTHEX_WASM = seen[0] === 'scalar' ? 'simd' : 'scalar';
seen.push(wasmFlavour());
await aggregate([[{ id: 'a' }]]);
setWasmFlavour(seen[0] === 'scalar' ? 'simd' : 'scalar');
seen.push(wasmFlavour());
console.log(seen.join(' '));`;

function flavoursIn(environment) {
  const [cmd, args] = runtimeCommand(['--input-type=module', '-e', script], ['eval', script], ['-e', script]);
  const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000, env: { ...process.env, ...environment } });
  assert.is(result.status, 0, result.stderr);
  return result.stdout.trim();
}

test('SYNTHEX_WASM picks the flavour, read once; setWasmFlavour still switches', () => {
  assert.is(flavoursIn({ SYNTHEX_WASM: 'scalar' }), 'scalar scalar simd');
  assert.is(flavoursIn({ SYNTHEX_WASM: 'simd' }), 'simd simd scalar');
});

test.run();
