// Where the host reads a search's answer: hit arrays (doc numbers, f32 scores) and counters.
import { lastTotal, resultDocs, resultScores, postingsScored, blocksSkipped, segmentsSkipped } from './evaluate';
export { searchRun } from './evaluate';

export function searchTotal(): u32 { return lastTotal; }
export function searchResultDocs(): usize { return resultDocs; }
export function searchResultScores(): usize { return resultScores; }

/** Writes postings scored, blocks skipped, segments skipped (f64, cumulative) at `out`. */
export function searchWork(out: usize): void {
  store<f64>(out, postingsScored);
  store<f64>(out, blocksSkipped, 8);
  store<f64>(out, segmentsSkipped, 16);
}
