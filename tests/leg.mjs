// One leg of the suite: every server-side test file in this runtime (node, bun or deno).
// SYNTHEX_TESTS=name,name runs only those files (names as in test-files.mjs), for quick local runs.
import { runTestFiles } from './helpers/harness.mjs';
import { testFiles } from './test-files.mjs';

const only = globalThis.process?.env?.SYNTHEX_TESTS?.split(',');
const result = await runTestFiles(only ? testFiles.filter((file) => only.includes(file.name)) : testFiles);
console.log(`@@leg ${JSON.stringify(result)}`);
// Timers left by a failing test must not hold the leg open.
setTimeout(() => process.exit(result.failed ? 1 : 0), 10).unref?.();
