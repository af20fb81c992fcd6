// One shape for a worker on every runtime: node:worker_threads on Node, Bun and Deno (they
// all provide it), Web Workers in browsers. The pool only sees post/terminate and two events.
import { nodeWorkerThreads } from './node-worker-threads.js';

export interface WorkerHandle {
  post(message: unknown): void;
  /**
   * Stops the worker. Resolves when the runtime says it has: on Node once the thread has
   * exited, but Deno's worker_threads and Web Workers resolve (or return) at once while the
   * thread may still run for a while (Deno kills a busy isolate after about 2 s).
   */
  terminate(): Promise<void>;
  /** Whether the worker keeps the process alive (worker_threads only; a no-op elsewhere). */
  ref(keepAlive: boolean): void;
}

export interface WorkerEvents {
  message(data: any): void;
  /** The worker died (uncaught error, exit, or failed to load its script). */
  failure(error: Error): void;
}

/**
 * A search worker's JS heap holds little beyond its index's ids and stored fields: results are
 * short-lived. V8's default young generation (up to 16 MiB per semispace) lets every worker
 * keep many megabytes of garbage resident under load; 2 MiB keeps memory per added worker low
 * without a measurable cost in throughput (scavenges of a small nursery are quick).
 */
const WORKER_YOUNG_GENERATION_MB = 2;
/**
 * V8 sets a heap up leaner when its old generation is capped below 2 GiB: a listening Node
 * worker then holds 8.5 MB instead of 9.3 MB (measured). A worker's heap holds no ids or
 * stored fields (only a highlighting worker gets the stored fields), so 2047 MiB is far more
 * than it needs; a lower limit the process already has (--max-old-space-size) is kept.
 */
const WORKER_OLD_GENERATION_MB = 2047;

interface ResourceLimits { maxYoungGenerationSizeMb: number; maxOldGenerationSizeMb?: number }

async function workerResourceLimits(): Promise<ResourceLimits> {
  const limits: ResourceLimits = { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB };
  try {
    const { getHeapStatistics } = await import('node:v8');
    const processLimitMb = Math.floor(getHeapStatistics().heap_size_limit / (1 << 20));
    if (processLimitMb > 0) limits.maxOldGenerationSizeMb = Math.min(WORKER_OLD_GENERATION_MB, processLimitMb);
  } catch {
    // No node:v8 here: keep the runtime's default.
  }
  return limits;
}

const nodeLike = typeof (globalThis as any).process?.versions?.node === 'string';

/** Which worker implementation this runtime gets. */
export function workerKind(): 'worker_threads' | 'web-worker' {
  return nodeLike ? 'worker_threads' : 'web-worker';
}

export async function spawnWorker(url: URL, events: WorkerEvents): Promise<WorkerHandle> {
  if (nodeLike) {
    const { Worker } = await nodeWorkerThreads();
    const worker = new Worker(url, { resourceLimits: await workerResourceLimits() });
    let ended = false;
    const fail = (error: Error) => { if (!ended) { ended = true; events.failure(error); } };
    worker.on('message', (data) => events.message(data));
    worker.on('error', (error) => fail(error instanceof Error ? error : new Error(String(error))));
    worker.on('exit', (code) => fail(new Error(`worker exited with code ${code}`)));
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => { ended = true; return worker.terminate().then(() => {}, () => {}); },
      ref: (keepAlive) => (keepAlive ? worker.ref() : worker.unref()),
    };
  }
  const worker = new Worker(url, { type: 'module' });
  let ended = false;
  worker.onmessage = (event) => events.message(event.data);
  worker.onerror = (event) => {
    event.preventDefault?.();
    if (!ended) { ended = true; events.failure(new Error(event.message || 'worker failed to load or threw')); }
  };
  return {
    post: (message) => worker.postMessage(message),
    terminate: () => { ended = true; worker.terminate(); return Promise.resolve(); },
    ref: () => {},
  };
}
