// Where the host reads a search's answer: hit arrays (doc numbers, f32 scores) and counters.
import { lastTotal, totalExact, resultDocs, resultScores, postingsScored, blocksSkipped, segmentsSkipped } from './evaluate';
export { searchRun } from './evaluate';

export function searchTotal(): u32 { return lastTotal; }
/** 1 when searchTotal counted every match, 0 when it is a lower bound (the count limit was reached). */
export function searchTotalExact(): u32 { return totalExact ? 1 : 0; }
export function searchResultDocs(): usize { return resultDocs; }
export function searchResultScores(): usize { return resultScores; }

/** Writes postings scored, blocks skipped, segments skipped (f64, cumulative) at `out`. */
export function searchWork(out: usize): void {
  store<f64>(out, postingsScored);
  store<f64>(out, blocksSkipped, 8);
  store<f64>(out, segmentsSkipped, 16);
}
