// What the CLI tells a user when something goes wrong: one line on stderr and an exit code
// (2 for a mistake in the command line, 1 for a failure while running it), never a stack trace.
import {
  ClosedError, DocumentError, DuplicateIdError, KernelError, MemoryLimitError, SnapshotError,
} from '../index.js';

/** The command line itself is wrong (unknown command or option, missing argument): exit 2. */
export class UsageError extends Error {
  readonly exitCode = 2;
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** The command was well formed but could not be carried out (unreadable file, bad snapshot): exit 1. */
export class CliError extends Error {
  readonly exitCode = 1;
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

const FS_PROBLEMS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory',
  ENOTDIR: 'a path component is not a directory',
  EEXIST: 'already exists',
  ENOSPC: 'no space left on device',
  EROFS: 'read-only file system',
  EMFILE: 'too many open files',
};

/** A file-system error in a few words ("no such file or directory"), whatever the runtime. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: unknown })?.code;
  if (typeof code === 'string' && FS_PROBLEMS[code]) return FS_PROBLEMS[code];
  return error instanceof Error ? error.message : String(error);
}

function isFsError(error: unknown): boolean {
  const { code, syscall } = (error ?? {}) as { code?: unknown; syscall?: unknown };
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) && (typeof syscall === 'string' || code in FS_PROBLEMS);
}

const oneLine = (text: string) => text.replace(/\s*\n\s*/g, ' ').trim();

/** The stderr line and exit code for an error; bugs (unexpected errors) keep their stack. */
export function reportError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof UsageError) {
    const help = error.command ? `synthex ${error.command} --help` : 'synthex --help';
    return { message: `synthex: ${oneLine(error.message)} (see ${help})`, exitCode: 2 };
  }
  if (error instanceof CliError) return { message: `synthex: ${oneLine(error.message)}`, exitCode: 1 };
  if (error instanceof SnapshotError || error instanceof DocumentError || error instanceof DuplicateIdError
    || error instanceof MemoryLimitError || error instanceof ClosedError || error instanceof KernelError) {
    return { message: `synthex: ${oneLine(error.message)}`, exitCode: 1 };
  }
  if (isFsError(error)) return { message: `synthex: ${oneLine(describeFsError(error))}`, exitCode: 1 };
  const detail = error instanceof Error ? error.stack ?? error.message : String(error);
  return { message: `synthex: internal error (please report it): ${detail}`, exitCode: 1 };
}
