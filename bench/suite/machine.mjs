// What the run ran on: machine, CPU, OS, the runtime that really executed the suite (read from
// the runtime itself, not from how it was launched), WASM flavour, and package versions.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machineInfo } from '../lib/measure.mjs';
import { distFingerprint, runtimeName } from '../search/runtime.mjs';
import { wasmFlavour } from '../../dist/index.js';

const PACKAGES = ['flexsearch', 'minisearch', '@modelcontextprotocol/sdk', 'mitata', 'assemblyscript'];

function packageVersion(name) {
  try {
    const path = fileURLToPath(new URL(`../../node_modules/${name}/package.json`, import.meta.url));
    return JSON.parse(readFileSync(path, 'utf8')).version;
  } catch {
    return undefined;
  }
}

export async function describeMachine() {
  const os = await import('node:os');
  const base = await machineInfo();
  const own = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8'));
  return {
    ...base,
    runtimeName,
    runtimeVersion: globalThis.Deno ? globalThis.Deno.version.deno : globalThis.Bun ? globalThis.Bun.version : process.versions.node,
    v8: globalThis.Deno?.version.v8 ?? (globalThis.Bun ? undefined : process.versions.v8),
    os: `${os.type()} ${os.release()}`,
    hostname: os.hostname(),
    loadAverage: os.loadavg().map((x) => +x.toFixed(2)),
    wasmFlavour: wasmFlavour(),
    synthex: own.version,
    dist: await distFingerprint(),
    packages: Object.fromEntries(PACKAGES.map((name) => [name, packageVersion(name) ?? 'not installed'])),
  };
}
