// The shape every subcommand file exports, and the argument parsing they share.
import { parseArgs } from 'node:util';
import process from 'node:process';
import { UsageError } from './cli-errors.js';

export interface Command {
  name: string;
  /** One line for `synthex --help`. */
  summary: string;
  /** The full `synthex <name> --help` text. */
  help: string;
  run(argv: string[]): Promise<void>;
}

export type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>;

export interface ParsedArgs {
  values: Record<string, string | boolean | string[] | undefined>;
  positionals: string[];
  help: boolean;
}

/** node:util parseArgs, strict, with `-h/--help` added; its errors become usage errors. */
export function parseCommandArgs(command: string, argv: string[], options: OptionSpec): ParsedArgs {
  try {
    const { values, positionals } = parseArgs({
      args: argv, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals: true, strict: true,
    });
    const { help, ...rest } = values as Record<string, string | boolean | string[] | undefined>;
    return { values: rest, positionals, help: help === true };
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error), command);
  }
}

/** A non-negative integer option (`--limit 10`). */
export function countOption(command: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`--${name} must be a non-negative integer, got '${String(value)}'`, command);
  }
  return Number(value);
}

/** A comma-separated list option (`--fields title,text`); an empty string is an empty list. */
export function listOption(value: unknown): string[] | undefined {
  if (typeof value !== 'string') return undefined;
  return value.split(',').map((item) => item.trim()).filter(Boolean);
}

export const print = (line = '') => { process.stdout.write(`${line}\n`); };
export const printError = (line: string) => { process.stderr.write(`${line}\n`); };
