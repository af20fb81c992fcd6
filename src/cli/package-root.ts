// The package root (where package.json and data/ live), found from the running file: the
// bundle is dist/cli.js, so it is one level up there, but walking up keeps it right anywhere.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CliError } from './cli-errors.js';

let cached: { root: string; version: string } | undefined;

function findPackage(): { root: string; version: string } {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      if (pkg?.name === 'synthex') return { root: dir, version: String(pkg.version) };
    } catch {
      // no package.json here (or not readable): keep walking up
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new CliError('cannot find the synthex package.json above the CLI file');
}

export function packageRoot(): string {
  cached ??= findPackage();
  return cached.root;
}

export function packageVersion(): string {
  cached ??= findPackage();
  return cached.version;
}
