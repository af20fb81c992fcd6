// The body of a pool worker: holds the index generations the pool has loaded into it (the
// current one, and one being prepared) and answers each request with the generation it names:
// plain queries from the shared ring (ring-server.ts), everything else from messages, handled
// one at a time in order. Its indexes keep no ids or stored fields: answers carry doc numbers
// and the pool resolves them (doc-table.ts).
import { loadOrdinalIndex, type Index, type SearchResult } from '../search/search-index.js';
import type { Query } from '../search/query-language.js';
import { setWasmFlavour } from '../wasm/loader.js';
import { attachSharedIndex } from './shared-snapshot.js';
import { toWire } from './wire-errors.js';
import { RingServer, type RingOutcome } from './ring-server.js';
import type { CompactResult } from './doc-table.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';
import { nodeWorkerThreads } from './node-worker-threads.js';

export interface WorkerPort {
  onMessage(handler: (message: ToWorker) => void): void;
  post(message: FromWorker): void;
}

export interface WorkerHooks {
  /** Test seam (fault injection): sees every query first; returning true leaves it unanswered. */
  intercept?(query: Query): boolean;
}

function compact(result: SearchResult): CompactResult {
  const { hits } = result;
  const docs = new Uint32Array(hits.length);
  const scores = new Float64Array(hits.length);
  let highlights: CompactResult['highlights'];
  hits.forEach((hit, i) => {
    docs[i] = hit.id as number;
    scores[i] = hit.score;
    if (hit.highlights) (highlights ??= new Array(hits.length).fill(null))[i] = hit.highlights;
  });
  const out: CompactResult = { docs, scores, total: result.total, totalExact: result.totalExact, tookMs: result.tookMs };
  if (result.facets) out.facets = result.facets;
  if (highlights) out.highlights = highlights;
  return out;
}

export function serveSearchWorker(port: WorkerPort, hooks: WorkerHooks = {}): void {
  /** Generation → its index: the current one and any prepared but not yet committed. */
  const indexes = new Map<number, Index>();
  let ring: RingServer | undefined;
  let chain: Promise<void> = Promise.resolve();

  function indexFor(generation: number): Index {
    const index = indexes.get(generation);
    if (!index) throw new Error(`worker has no index loaded for generation ${generation}`);
    return index;
  }

  function answer(id: number, reply: () => FromWorker): void {
    let message: FromWorker;
    try {
      message = reply();
    } catch (error) {
      message = { type: 'error', id, error: toWire(error) };
    }
    port.post(message);
  }

  function serveRing(request: { id: number; generation: number; query: string; options: object }): RingOutcome {
    if (hooks.intercept?.(request.query)) return undefined;
    try {
      return { result: indexFor(request.generation).search(request.query, request.options) };
    } catch (error) {
      return { message: { type: 'error', id: request.id, error: toWire(error) } };
    }
  }

  function postRing(id: number, outcome: NonNullable<RingOutcome>): void {
    port.post('result' in outcome ? { type: 'result', id, result: compact(outcome.result) } : outcome.message as FromWorker);
  }

  async function load(generation: number, loading: () => Promise<Index>): Promise<void> {
    ring?.asyncWork(1);
    try {
      indexes.set(generation, await loading());
      port.post({ type: 'prepared', generation });
    } catch (error) {
      port.post({ type: 'prepare-failed', generation, error: toWire(error) });
    } finally {
      ring?.asyncWork(-1);
    }
  }

  async function handle(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'ring':
        ring = new RingServer(message.buffer, message.slots, serveRing, postRing);
        ring.messageHandled(); // this message counts too
        setTimeout(() => void ring!.run(), 0); // from a fresh task: the loop blocks when idle
        return;
      case 'prepare':
        setWasmFlavour(message.flavour);
        return load(message.generation, () => loadOrdinalIndex(message.bytes, { maxMemoryPages: message.maxMemoryPages }));
      case 'attach':
        return load(message.generation, () => attachSharedIndex(message.memory, message.module, message.maxPages, message.region, message.statePtr, message.state, message.numberFields));
      case 'stored':
        indexes.get(message.generation)?.adoptStored(message.stored);
        return;
      case 'commit': {
        if (!indexes.has(message.generation)) return;
        ring?.drain(); // queries written before the commit still name older generations
        for (const [generation, index] of indexes) {
          if (generation < message.generation) { index.close(); indexes.delete(generation); }
        }
        port.post({ type: 'committed', generation: message.generation });
        return;
      }
      case 'abort':
        indexes.get(message.generation)?.close();
        indexes.delete(message.generation);
        return;
      case 'search':
        if (typeof message.query === 'string' && hooks.intercept?.(message.query)) return;
        answer(message.id, () => ({ type: 'result', id: message.id, result: compact(indexFor(message.generation).search(message.query, message.options)) }));
        return;
      case 'query-stats':
        answer(message.id, () => ({ type: 'query-stats', id: message.id, stats: indexFor(message.generation).queryStats(message.query) }));
    }
  }

  port.onMessage((message) => {
    chain = chain.then(() => {
      // Counted as the handler starts, not as the message arrives: counted at arrival, the ring
      // loop (resumed first) saw nothing pending and served its ring without a break while the
      // handler waited behind it, so under steady load a reload's message was never read.
      if (message?.type !== 'ring') ring?.messageHandled();
      return handle(message);
    });
  });
  port.post({ type: 'ready' });
}

/** The port of the worker this code runs in: worker_threads' parentPort, or the Web Worker scope. */
export async function currentWorkerPort(): Promise<WorkerPort> {
  if (typeof (globalThis as any).process?.versions?.node === 'string') {
    const { parentPort } = await nodeWorkerThreads();
    if (parentPort) return { onMessage: (handler) => parentPort.on('message', handler), post: (message) => parentPort.postMessage(message) };
  }
  const scope = globalThis as any;
  return { onMessage: (handler) => { scope.onmessage = (event: MessageEvent) => handler(event.data); }, post: (message) => scope.postMessage(message) };
}
