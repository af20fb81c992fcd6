// Opening a snapshot file given on the command line, with user-facing errors.
import { readFileSync } from 'node:fs';
import { loadIndex, SnapshotError, type Index } from '../index.js';
import { CliError, describeFsError } from './cli-errors.js';

export async function openSnapshot(path: string): Promise<{ index: Index; bytes: Uint8Array }> {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${describeFsError(error)}`);
  }
  try {
    return { index: await loadIndex(bytes), bytes };
  } catch (error) {
    if (error instanceof SnapshotError) throw new CliError(`cannot load ${path}: ${error.message}`);
    throw error;
  }
}
