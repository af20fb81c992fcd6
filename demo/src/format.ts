// Numbers as the page shows them.
const count = new Intl.NumberFormat('en');

export const formatCount = (n: number) => count.format(n);

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Engine time in µs; a zero reading means "under the timer's resolution". */
export function formatMicros(ms: number, resolutionUs: number): string {
  const us = ms * 1000;
  if (us < resolutionUs / 2) return `< ${resolutionUs} µs`;
  return `${count.format(Math.round(us))} µs`;
}

export const formatMBps = (bytes: number, ms: number) => (ms > 0 ? `${(bytes / 1e6 / (ms / 1000)).toFixed(1)} MB/s` : '—');
