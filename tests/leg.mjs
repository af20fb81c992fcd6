// One leg of the suite: every server-side test file in this runtime (node, bun or deno).
import { runTestFiles } from './helpers/harness.mjs';
import { testFiles } from './test-files.mjs';

const result = await runTestFiles(testFiles);
console.log(`@@leg ${JSON.stringify(result)}`);
// Timers left by a failing test must not hold the leg open.
setTimeout(() => process.exit(result.failed ? 1 : 0), 10).unref?.();
