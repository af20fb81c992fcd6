// The page's handle on the engine worker: each request is a promise answered by id; indexing
// progress arrives through a callback.
import type { CollectionName, EngineInfo, Filter, IndexProgress, IndexReport, Reply, Request, SearchAnswer } from './protocol.js';

type Pending = { resolve(value: unknown): void; reject(error: Error): void; progress?(progress: IndexProgress): void };
type Body<T extends Request['type']> = Omit<Extract<Request, { type: T }>, 'id' | 'type'>;

export class EngineClient {
  #worker: Worker;
  #nextId = 1;
  #pending = new Map<number, Pending>();

  constructor(workerUrl: URL) {
    this.#worker = new Worker(workerUrl, { type: 'module', name: 'synthex search' });
    this.#worker.onmessage = ({ data }: MessageEvent<Reply>) => {
      const pending = this.#pending.get(data.id);
      if (!pending) return;
      if (data.type === 'progress') return pending.progress?.(data.progress);
      this.#pending.delete(data.id);
      if (data.type === 'done') pending.resolve(data.value);
      else pending.reject(new Error(data.message));
    };
    this.#worker.onerror = (event) => {
      const error = new Error(`the search worker failed: ${event.message || 'could not start'}`);
      for (const pending of this.#pending.values()) pending.reject(error);
      this.#pending.clear();
    };
  }

  #call<T>(type: Request['type'], body: object, progress?: Pending['progress'], transfer: Transferable[] = []): Promise<T> {
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject, progress });
      this.#worker.postMessage({ type, id, ...body } as Request, transfer);
    });
  }

  init(body: Body<'init'>): Promise<EngineInfo> { return this.#call('init', body); }
  /** Hands the fetched snapshot over (transferred, not copied). */
  snapshot(bytes: ArrayBuffer | undefined, error?: string): Promise<null> { return this.#call('snapshot', { bytes, error }, undefined, bytes ? [bytes] : []); }
  search(collection: CollectionName, query: string, filter: Filter, limit: number): Promise<SearchAnswer> {
    return this.#call('search', { collection, query, filter, limit });
  }
  get(collection: CollectionName, docId: string): Promise<Record<string, unknown> | null> { return this.#call('get', { collection, docId }); }
  indexFiles(files: { file: File; path: string }[], progress: (progress: IndexProgress) => void): Promise<IndexReport> {
    return this.#call('index-files', { files }, progress);
  }
  clearFiles(): Promise<EngineInfo> { return this.#call('clear-files', {}); }
  info(): Promise<EngineInfo> { return this.#call('info', {}); }
}
