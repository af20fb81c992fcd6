// The body of a pool worker: holds the current index generation (and one being prepared)
// and answers messages strictly in order.
import { loadIndex, type Index } from '../search/search-index.js';
import { setWasmFlavour } from '../wasm/loader.js';
import { attachSharedIndex } from './shared-snapshot.js';
import { toWire } from './wire-errors.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';
import { nodeWorkerThreads } from './node-worker-threads.js';

export interface WorkerPort {
  onMessage(handler: (message: ToWorker) => void): void;
  post(message: FromWorker): void;
}

export function serveSearchWorker(port: WorkerPort): void {
  let current: Index | undefined;
  const prepared = new Map<number, Index>();
  let chain: Promise<void> = Promise.resolve();

  function answer(id: number, reply: (index: Index) => FromWorker): void {
    try {
      if (!current) throw new Error('worker has no index loaded');
      port.post(reply(current));
    } catch (error) {
      port.post({ type: 'error', id, error: toWire(error) });
    }
  }

  async function handle(message: ToWorker): Promise<void> {
    switch (message.type) {
      case 'prepare':
        try {
          setWasmFlavour(message.flavour);
          prepared.set(message.generation, await loadIndex(message.bytes, { maxMemoryPages: message.maxMemoryPages }));
          port.post({ type: 'prepared', generation: message.generation });
        } catch (error) {
          port.post({ type: 'prepare-failed', generation: message.generation, error: toWire(error) });
        }
        return;
      case 'attach':
        try {
          prepared.set(message.generation, await attachSharedIndex(message.memory, message.module, message.maxPages, message.region, message.statePtr, message.state, message.numberFields));
          port.post({ type: 'prepared', generation: message.generation });
        } catch (error) {
          port.post({ type: 'prepare-failed', generation: message.generation, error: toWire(error) });
        }
        return;
      case 'commit': {
        const next = prepared.get(message.generation);
        if (!next) return;
        prepared.delete(message.generation);
        current?.close();
        current = next;
        port.post({ type: 'committed', generation: message.generation });
        return;
      }
      case 'abort':
        prepared.get(message.generation)?.close();
        prepared.delete(message.generation);
        return;
      case 'search':
        answer(message.id, (index) => ({ type: 'result', id: message.id, result: index.search(message.query, message.options) }));
        return;
      case 'get':
        answer(message.id, (index) => ({ type: 'document', id: message.id, document: index.get(message.docId) ?? null }));
        return;
      case 'query-stats':
        answer(message.id, (index) => ({ type: 'query-stats', id: message.id, stats: index.queryStats(message.query) }));
    }
  }

  port.onMessage((message) => { chain = chain.then(() => handle(message)); });
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
