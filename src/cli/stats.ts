// `synthex stats`: what a snapshot holds.
import { UsageError } from './cli-errors.js';
import { parseCommandArgs, print, type Command } from './command.js';
import { formatBytes, formatMs } from './format.js';
import { openSnapshot } from './snapshot-file.js';

const NAME = 'stats';

const HELP = `Usage: synthex stats <snapshot> [options]

Loads a snapshot and prints index.stats() and the snapshot size.

Options:
  --json       print { ...stats, snapshotBytes, loadMs } as JSON
  -h, --help   this help`;

async function run(argv: string[]): Promise<void> {
  const { values, positionals, help } = parseCommandArgs(NAME, argv, { json: { type: 'boolean' } });
  if (help) return print(HELP);
  if (positionals.length === 0) throw new UsageError('missing the snapshot file', NAME);
  if (positionals.length > 1) throw new UsageError(`expected one snapshot file, got ${positionals.length} arguments`, NAME);
  const started = performance.now();
  const { index, bytes } = await openSnapshot(positionals[0]);
  const loadMs = performance.now() - started;
  const stats = index.stats();
  index.close();
  if (values.json) {
    print(JSON.stringify({ ...stats, snapshotBytes: bytes.length, loadMs }));
    return;
  }
  const rows: [string, string][] = [
    ['docs', String(stats.docs)],
    ['terms', String(stats.terms)],
    ['segments', String(stats.segments)],
    ['pending docs', String(stats.pendingDocs)],
    ['memory', formatBytes(stats.memoryBytes)],
    ['snapshot', formatBytes(bytes.length)],
    ['load time', formatMs(loadMs)],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  for (const [label, value] of rows) print(`${label.padEnd(width)}  ${value}`);
}

export const statsCommand: Command = { name: NAME, summary: 'print the statistics of a snapshot', help: HELP, run };
