// Per-operation latency sampling on mitata: every sample is one call (no batching), so the
// percentiles describe single operations, not batch averages. Times are reported in ms.
import { measure } from 'mitata';
import { percentile } from '../suite/stats.mjs';

const NS_PER_MS = 1e6;

/** Samples `fn` (sync or async) for about `seconds` of CPU time after mitata's warm-up. */
export async function sampleLatency(fn, { seconds = 1, minSamples = 200 } = {}) {
  const stats = await measure(fn, { batch_threshold: 0, min_cpu_time: seconds * 1e9, min_samples: minSamples });
  const sorted = stats.samples;
  return {
    samples: sorted.length,
    opsPerSec: 1e9 / stats.avg,
    meanMs: stats.avg / NS_PER_MS,
    p50Ms: percentile(sorted, 0.5) / NS_PER_MS,
    p95Ms: percentile(sorted, 0.95) / NS_PER_MS,
    p99Ms: percentile(sorted, 0.99) / NS_PER_MS,
    maxMs: sorted[sorted.length - 1] / NS_PER_MS,
  };
}

/** Runtime, CPU and memory of the machine running the benchmark. */
export async function machineInfo() {
  const os = await import('node:os');
  const runtime = globalThis.Deno ? `Deno ${globalThis.Deno.version.deno}` : globalThis.Bun ? `Bun ${globalThis.Bun.version}` : `Node ${process.version}`;
  const cpus = os.cpus();
  return { runtime, cpu: cpus[0]?.model ?? 'unknown', cores: cpus.length, memoryGiB: +(os.totalmem() / 2 ** 30).toFixed(1), platform: `${os.platform()} ${os.arch()}` };
}

export function formatTable(rows, columns) {
  const header = `| ${columns.map((c) => c.label).join(' | ')} |`;
  const rule = `| ${columns.map(() => '---').join(' | ')} |`;
  const body = rows.map((row) => `| ${columns.map((c) => c.format(row)).join(' | ')} |`);
  return [header, rule, ...body].join('\n');
}

export const fixed = (digits) => (value) => (value === undefined ? '—' : value.toFixed(digits));
