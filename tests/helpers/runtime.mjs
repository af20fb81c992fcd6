// Which runtime runs this leg, and how to start a child process with the same one.
export const runtimeName = globalThis.Deno ? 'deno' : globalThis.Bun ? 'bun' : 'node';

/** [command, args] for the current runtime, given per-runtime argument lists. */
export function runtimeCommand(nodeArgs, denoArgs, bunArgs) {
  if (runtimeName === 'deno') return [globalThis.Deno.execPath(), [denoArgs[0], '-A', ...denoArgs.slice(1)]];
  if (runtimeName === 'bun') return [process.execPath, bunArgs];
  return [process.execPath, nodeArgs];
}
