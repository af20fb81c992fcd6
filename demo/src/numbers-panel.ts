// The numbers that make the case: index size, WASM flavour, memory, p50/p99 of the last 100
// queries, and how long the first result took after the page started loading.
import { formatBytes, formatCount, formatMicros } from './format.js';
import type { CollectionInfo, EngineInfo } from './protocol.js';
import type { LatencyWindow } from './latency-window.js';

export interface Numbers {
  info?: EngineInfo;
  active?: CollectionInfo;
  latency: LatencyWindow;
  firstResultMs?: number;
  /** When the worker had every collection loaded, ms after navigation start. */
  engineReadyMs?: number;
  lastIndexing?: string;
}

export function renderNumbers(list: HTMLDListElement, numbers: Numbers): void {
  const { info, active, latency } = numbers;
  const resolution = info?.timerResolutionUs ?? 100;
  const rows: [string, string, string][] = [
    ['docs', 'Documents', active ? formatCount(active.docs) : '—'],
    ['index-size', 'Index size (snapshot)', active ? formatBytes(active.snapshotBytes) : '—'],
    ['flavour', 'WASM flavour', info ? `${info.flavour === 'simd' ? 'SIMD' : 'scalar'}${info.flavourForced ? ' (forced)' : info.flavour === 'scalar' ? ' (no SIMD here)' : ''}` : '—'],
    ['memory', 'WASM memory (worker)', info ? formatBytes(info.wasmMemoryBytes) : '—'],
    ['p50', `Query p50 (last ${latency.count})`, latency.count ? formatMicros(latency.percentile(50), resolution) : '—'],
    ['p99', `Query p99 (last ${latency.count})`, latency.count ? formatMicros(latency.percentile(99), resolution) : '—'],
    ['first-result', 'First result after load', numbers.firstResultMs === undefined ? '—' : `${formatCount(Math.round(numbers.firstResultMs))} ms`],
    ['engine-ready', 'Engine ready after load', numbers.engineReadyMs === undefined ? '—' : `${formatCount(Math.round(numbers.engineReadyMs))} ms`],
    ['isolated', 'Cross-origin isolated', info ? (info.crossOriginIsolated ? 'yes (5 µs timer)' : `no (${resolution} µs timer)`) : '—'],
  ];
  // Chromium's non-standard performance.memory: this page's JS heap (the worker's is apart).
  const heap = (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize;
  if (heap) rows.splice(4, 0, ['page-heap', 'Page JS heap', formatBytes(heap)]);
  if (numbers.lastIndexing) rows.push(['indexing', 'Last indexing', numbers.lastIndexing]);
  list.replaceChildren(...rows.flatMap(([key, label, value]) => {
    const term = document.createElement('dt');
    term.textContent = label;
    const detail = document.createElement('dd');
    detail.dataset.number = key;
    detail.textContent = value;
    return [term, detail];
  }));
}
