// `bench` script entry. `bun bench` runs package.json scripts through a shell where `node` is
// Node (not Bun), so a script saying `node …` would measure Node while claiming Bun. When the
// invoking package manager is Bun, this re-runs the suite on Bun itself; otherwise it runs here.
// The report states the runtime read from inside the run (process.versions / Bun.version / Deno.version).
import process from 'node:process';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const invokedByBun = /^bun\//.test(process.env.npm_config_user_agent ?? '');
if (invokedByBun && !globalThis.Bun) {
  const bun = process.env.npm_execpath && /bun(\.exe)?$/.test(process.env.npm_execpath) ? process.env.npm_execpath : 'bun';
  const child = spawn(bun, [fileURLToPath(new URL('./run.mjs', import.meta.url)), ...process.argv.slice(2)], { stdio: 'inherit' });
  child.on('error', (error) => { console.error(`bench: could not start Bun (${bun}): ${error.message}`); process.exit(2); });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  const { main } = await import('./run.mjs');
  process.exit(await main(process.argv.slice(2)));
}
