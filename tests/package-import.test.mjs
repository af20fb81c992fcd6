// `import ... from 'synthex'` from another project that installed it (here: linked into its
// node_modules, as `npm install <path>` does), in this same runtime, with no flags.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { runtimeName } from './helpers/runtime.mjs';

test('a consuming project imports synthex by name and searches', () => {
  const project = mkdtempSync(join(tmpdir(), 'synthex-consumer-'));
  try {
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module', dependencies: { synthex: '*' } }));
    mkdirSync(join(project, 'node_modules'));
    symlinkSync(resolve('.'), join(project, 'node_modules', 'synthex'), 'dir');
    writeFileSync(join(project, 'main.js'), `import { createIndex, Arena } from 'synthex';
const index = await createIndex({ fields: ['text'] });
index.add({ id: 'x', text: 'imported by package name' });
const arena = await Arena.create();
arena.alloc(64);
console.log(JSON.stringify(index.search('package').hits.map((h) => h.id)));`);
    // Deno runs without any permission flag: importing synthex must not need one.
    const [cmd, args] = runtimeName === 'deno'
      ? [Deno.execPath(), ['run', 'main.js']]
      : [process.execPath, ['main.js']];
    const result = spawnSync(cmd, args, { cwd: project, encoding: 'utf8', timeout: 30_000 });
    assert.is(result.status, 0, result.stderr);
    assert.is(result.stdout.trim(), '["x"]');
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
});

test.run();
