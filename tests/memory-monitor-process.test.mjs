// A running MemoryMonitor must not keep a process alive: a script that starts one and never
// stops it still exits by itself, in this same runtime.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { runtimeCommand } from './helpers/runtime.mjs';

test('an unstopped monitor does not hold the process open', () => {
  const script = `import { MemoryMonitor } from './dist/index.js';
new MemoryMonitor({ intervalMs: 10 }).start(); console.log('started');`;
  const [cmd, args] = runtimeCommand(['--input-type=module', '-e', script], ['eval', script], ['-e', script]);
  const result = spawnSync(cmd, args, { encoding: 'utf8', timeout: 20_000 });
  assert.is(result.error, undefined, String(result.error));
  assert.match(result.stdout, /started/);
  assert.is(result.status, 0, result.stderr);
});

test.run();
