// `synthex serve …` as a child process in the current runtime, for tests that need a real server.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runtimeCommand } from './runtime.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const cliPath = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/**
 * Starts `synthex serve <args…> --port 0` (no token from the environment). `url` resolves with
 * the base URL once it listens, or rejects if it exits first; `exited` with { code, signal }.
 */
export function startServe(args) {
  const all = ['serve', ...args, '--port', '0'];
  const [command, commandArgs] = runtimeCommand([cliPath, ...all], ['run', cliPath, ...all], [cliPath, ...all]);
  const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, SYNTHEX_TOKEN: '' } });
  let output = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const url = new Promise((resolve, reject) => {
    const seen = (text) => {
      output += text;
      const match = /listening on (http:\/\/\S+?)\/ /.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on('data', seen);
    child.stderr.on('data', seen);
    exited.then(({ code }) => reject(new Error(`serve exited (${code}): ${output}`)));
  });
  url.catch(() => {}); // awaited by the tests that need it
  return { child, url, exited, output: () => output, stop: () => { child.kill('SIGKILL'); return exited; } };
}
