// GC time where the runtime reports it: Node delivers 'gc' performance entries; Bun and Deno do
// not (PerformanceObserver.supportedEntryTypes lacks 'gc'), and the report says "not reported".
const supported = typeof PerformanceObserver === 'function' && (PerformanceObserver.supportedEntryTypes ?? []).includes('gc');
const entries = [];
let observer;

export const gcReported = supported;

export function startGcObserver() {
  if (!supported || observer) return;
  observer = new PerformanceObserver((list) => { for (const e of list.getEntries()) entries.push([e.startTime, e.duration]); });
  observer.observe({ entryTypes: ['gc'] });
}

/** Milliseconds of GC that started in [fromMs, toMs) (performance.now() times); undefined where not reported. */
export async function gcTimeBetween(fromMs, toMs) {
  if (!observer) return undefined;
  await new Promise((resolve) => setTimeout(resolve, 0)); // entries arrive on a later turn
  for (const e of observer.takeRecords?.() ?? []) entries.push([e.startTime, e.duration]);
  let total = 0;
  for (const [start, duration] of entries) if (start >= fromMs && start < toMs) total += duration;
  return total;
}

export function stopGcObserver() {
  observer?.disconnect();
  observer = undefined;
  entries.length = 0;
}
