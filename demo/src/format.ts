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

export function formatMBps(bytes: number, ms: number): string {
  if (ms <= 0) return '—';
  const perSecond = bytes / (ms / 1000);
  return perSecond < 1e5 ? `${(perSecond / 1e3).toFixed(1)} KB/s` : `${(perSecond / 1e6).toFixed(1)} MB/s`;
}
