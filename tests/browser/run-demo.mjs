// The demo leg of `npm test`: the built browser demo (dist/demo/, npm run build:demo) driven in
// Debian's headless Chromium by playwright-core from Node. Skipped, saying so, without
// /usr/bin/chromium. Prints "@@leg {json}" like the other legs.
import { existsSync } from 'node:fs';
import { runTestFiles } from '../helpers/harness.mjs';
import { closeDemoFixtures } from './demo-fixture.mjs';

const demoTestFiles = [
  { name: 'demo.search', load: () => import('./demo.search.mjs') },
  { name: 'demo.flavour', load: () => import('./demo.flavour.mjs') },
  { name: 'demo.files', load: () => import('./demo.files.mjs') },
  { name: 'demo.page', load: () => import('./demo.page.mjs') },
];

if (!existsSync('/usr/bin/chromium')) {
  console.log('demo: SKIPPED — /usr/bin/chromium is not installed (apt-get install -y chromium)');
  console.log(`@@leg ${JSON.stringify({ total: 0, passed: 0, failed: 0, skipped: 0 })}`);
  process.exit(0);
}
if (!existsSync('dist/demo/index.html')) throw new Error('dist/demo is missing: run npm run build (or npm run build:demo)');

const only = process.env.SYNTHEX_TESTS?.split(',');
let result;
try {
  result = await runTestFiles(only ? demoTestFiles.filter((file) => only.includes(file.name)) : demoTestFiles);
} finally {
  await closeDemoFixtures();
}
console.log(`@@leg ${JSON.stringify(result)}`);
process.exit(result.failed ? 1 : 0);
