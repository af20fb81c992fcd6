// The browser demo's static folder (dist/demo/, written by `npm run build:demo`) as pages for
// the search handler: `/` is its index.html. Sent cross-origin isolated (COOP + COEP), which
// gives the page fine-grained timers and SharedArrayBuffer; the demo works without them too.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import type { StaticPage } from '../index.js';
import { packageRoot } from './package-root.js';

const TYPES: Record<string, string> = {
  html: 'text/html; charset=utf-8', css: 'text/css; charset=utf-8', js: 'text/javascript; charset=utf-8',
  json: 'application/json', gz: 'application/gzip', svg: 'image/svg+xml', png: 'image/png',
};
const ISOLATION = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };
const MISSING = '<!doctype html><meta charset="utf-8"><title>synthex</title><p>The demo page is not built: run <code>npm run build:demo</code>. The search API is at <a href="/search?q=wing+lift">/search</a>.</p>';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : entry.isFile() ? [path] : [];
  });
}

export function demoPages(): Record<string, StaticPage> {
  const dir = join(packageRoot(), 'dist', 'demo');
  if (!existsSync(join(dir, 'index.html'))) return { '/': { body: MISSING, type: TYPES.html } };
  const pages: Record<string, StaticPage> = {};
  for (const path of filesUnder(dir)) {
    const url = `/${relative(dir, path).split(sep).join('/')}`;
    const type = TYPES[url.slice(url.lastIndexOf('.') + 1)] ?? 'application/octet-stream';
    const bytes = readFileSync(path);
    pages[url] = { body: type.startsWith('text/') ? bytes.toString('utf8') : new Uint8Array(bytes), type, headers: ISOLATION };
  }
  pages['/'] = pages['/index.html'];
  return pages;
}
