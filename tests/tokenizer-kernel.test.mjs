// The text kernel's own exhaustive check (Porter vs lunr on every Cranfield word, folding,
// UTF-16 offsets, fuzzed bytes, buffer capacities, SIMD vs scalar), run once on Node: it
// compiles the kernel standalone with asc, which is a build-time tool.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { runtimeName } from './helpers/runtime.mjs';

if (runtimeName === 'node') {
  test('tokenizer kernel check passes', () => {
    const result = spawnSync(process.execPath, ['tests/kernels/tokenizer.check.mjs'], { encoding: 'utf8', timeout: 120_000 });
    assert.is(result.status, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /0 failure\(s\)/);
  });
}

test.run();
