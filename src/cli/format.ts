// Text output shared by the commands: hit lists and sizes.
import type { SearchResult } from '../index.js';
import { print } from './command.js';

const singleLine = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The stored title of a hit, or its first stored string field, or nothing. */
function hitTitle(fields: Record<string, unknown> | undefined): string {
  if (!fields) return '';
  if (typeof fields.title === 'string') return singleLine(fields.title);
  const first = Object.values(fields).find((value) => typeof value === 'string');
  return typeof first === 'string' ? singleLine(first) : '';
}

/** Ranked hits (rank, score to 3 decimals, id, title), then a total / time line. */
export function printHits(result: SearchResult, offset = 0): void {
  const { hits, total, totalExact, tookMs } = result;
  if (hits.length === 0) print('no hits');
  const rankWidth = String(offset + hits.length).length;
  const scoreWidth = Math.max(0, ...hits.map((hit) => hit.score.toFixed(3).length));
  const idWidth = Math.max(0, ...hits.map((hit) => String(hit.id).length));
  hits.forEach((hit, i) => {
    const rank = String(offset + i + 1).padStart(rankWidth);
    const score = hit.score.toFixed(3).padStart(scoreWidth);
    const title = hitTitle(hit.fields);
    print(`${rank}. ${score}  ${String(hit.id).padEnd(idWidth)}${title ? `  ${title}` : ''}`.trimEnd());
  });
  // A lower bound (counting stopped at countUpTo) reads as one.
  print(`total ${totalExact === false ? `at least ${total}` : total}, showing ${hits.length}, tookMs ${tookMs.toFixed(3)}`);
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  const units = ['KiB', 'MiB', 'GiB'];
  let value = bytes / 1024, unit = 0;
  while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit++; }
  return `${bytes} bytes (${value.toFixed(value < 10 ? 2 : 1)} ${units[unit]})`;
}

export const formatMs = (ms: number) => `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
