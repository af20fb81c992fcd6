// Where a writable server puts the snapshot after each change. A path is written so that
// readers see the old file or the new one, never half of one: a temp file beside it, fsync,
// rename, fsync of the directory (as src/cli/atomic-write.ts does for the CLI, which passes
// that writer in as a function). node:fs is reached through process.getBuiltinModule so this
// module stays importable in browsers; Node ≥ 20.16, Bun and Deno all provide it.

export type SaveSnapshot = (bytes: Uint8Array) => void | Promise<void>;

type Fs = typeof import('node:fs');
type Path = typeof import('node:path');

function builtin<T>(name: string): T {
  const getBuiltinModule = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule;
  if (typeof getBuiltinModule !== 'function') throw new TypeError('createMcpServer: `save` as a path needs Node ≥ 20.16, Bun or Deno; pass a function instead');
  return getBuiltinModule(name) as T;
}

export function saveToPath(path: string): SaveSnapshot {
  const fs = builtin<Fs>('node:fs');
  const { basename, dirname, join, resolve } = builtin<Path>('node:path');
  return (bytes) => {
    const dir = dirname(resolve(path));
    const temp = join(dir, `.${basename(path)}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}.tmp`);
    const fd = fs.openSync(temp, 'wx', 0o644);
    try {
      for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fs.renameSync(temp, path);
    } catch (error) {
      try { fs.closeSync(fd); } catch { /* already closed */ }
      fs.rmSync(temp, { force: true });
      throw error;
    }
    try {
      const dirFd = fs.openSync(dir, 'r');
      try { fs.fsyncSync(dirFd); } finally { fs.closeSync(dirFd); }
    } catch {
      // best effort: not every platform can fsync a directory
    }
  };
}
