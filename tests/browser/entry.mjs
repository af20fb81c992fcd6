// Browser leg entry: the same harness and test list, minus files that need a server runtime.
import { runTestFiles } from '../helpers/harness.mjs';
import { testFiles } from '../test-files.mjs';

const result = await runTestFiles(testFiles.filter((file) => file.browser));
console.log(`@@leg ${JSON.stringify(result)}`);
