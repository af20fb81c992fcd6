// SearchPool: one immutable snapshot searched by several workers, each with its own WASM
// instance. Where shared WebAssembly memory works, the snapshot is loaded once into it and
// every worker's instance searches that one index in place (shared-snapshot.ts); elsewhere the
// bytes travel in a SharedArrayBuffer (or as copies) and each worker loads its own index.
// Queries queue with backpressure, carry timeouts and AbortSignals, survive worker crashes and
// hangs, and never see two generations. Plain queries and their answers travel through a shared
// ring per worker where the runtime allows (ring-layout.ts), else as messages; either way a
// worker answers with doc numbers and the pool adds ids and stored fields (doc-table.ts).
import { ClosedError, QueueFullError, SearchTimeoutError, WorkerError } from '../errors.js';
import { Index, type SearchOptions, type SearchResult } from '../search/search-index.js';
import type { Query } from '../search/query-language.js';
import type { DocumentId } from '../search/documents.js';
import type { ShardQueryStats } from '../search/collection-stats.js';
import { wasmFlavour } from '../wasm/loader.js';
import { sharedKernelsSupported, DEFAULT_SHARED_MAX_PAGES } from '../wasm/shared-kernels.js';
import { SharedSnapshotHost, WORKER_REGION_BYTES, type Region, type SharedGeneration } from './shared-snapshot.js';
import { LatencyWindow, type LatencySummary } from './latency-window.js';
import { fromWire } from './wire-errors.js';
import { DocTable } from './doc-table.js';
import { fitsRequestSlot, ringsSupported } from './ring-layout.js';
import { RingClient, type RingAnswer } from './ring-client.js';
import { spawnWorker, workerKind, type WorkerHandle } from './worker-host.js';
import type { FromWorker, ToWorker } from './worker-protocol.js';
import { checkPoolOptions, type SearchPoolOptions } from './pool-options.js';
// `sharedCache`: a two-level cache shared with other processes (createRedisCache) in front of the workers.
import { attachSharedCache } from '../cache/pool-shared-cache.js';
import type { SharedCacheOptions } from '../cache/shared-search.js';

export type { SearchPoolOptions } from './pool-options.js';

export interface PoolSearchOptions extends SearchOptions {
  /** Reject with SearchTimeoutError after this long (queue wait included). */
  timeoutMs?: number;
  /** Cancels the query: rejects with the signal's reason. */
  signal?: AbortSignal;
}

export interface SearchPoolStats {
  workers: number;
  busy: number;
  starting: number;
  queueDepth: number;
  completed: number;
  failed: number;
  retried: number;
  timedOut: number;
  cancelled: number;
  /** Workers replaced after a crash, hang or timeout. */
  replaced: number;
  latency: LatencySummary;
  /** True when workers read the snapshot from shared memory (snapshotMode 'shared-memory' or 'shared-bytes'). */
  sharedSnapshot: boolean;
  /**
   * 'shared-memory': the index is loaded once into a shared WebAssembly memory and every worker
   * searches it in place (memory does not grow with the index per worker). 'shared-bytes': the
   * bytes sit once in a SharedArrayBuffer but each worker loads its own index from them.
   * 'copies': each worker gets its own copy of the bytes and its own index.
   */
  snapshotMode: SnapshotMode;
  /** Size of the shared WebAssembly memory ('shared-memory' mode), else 0. */
  sharedMemoryBytes: number;
  snapshotBytes: number;
  generation: number;
  workerKind: 'worker_threads' | 'web-worker';
  /**
   * 'shared-rings': plain queries and answers pass through shared memory, a worker sleeping in
   * Atomics.wait and the pool in Atomics.waitAsync; 'messages': every query is a postMessage
   * round trip (no SharedArrayBuffer, no cross-origin isolation, or no Atomics.waitAsync).
   */
  transport: 'shared-rings' | 'messages';
}

export type SnapshotMode = 'shared-memory' | 'shared-bytes' | 'copies';

type Request =
  | { type: 'search'; query: Query; options: SearchOptions }
  | { type: 'query-stats'; query: Query };

interface Job {
  request: Request;
  resolve(value: any): void;
  reject(error: unknown): void;
  attempts: number;
  started: number;
  settled: boolean;
  queued: boolean;
  slot?: Slot;
  /** The request id of its current attempt: answers name it. */
  id: number;
  /** Ids and stored fields of the generation the job was sent to. */
  table?: DocTable;
  cleanup(): void;
}

interface Slot {
  handle?: WorkerHandle;
  state: 'starting' | 'ready' | 'dead';
  generation: number;
  /** Queries sent to this worker and not yet answered, oldest first. */
  jobs: Job[];
  hangTimer?: ReturnType<typeof setTimeout>;
  /** When the worker last answered (or got work while idle): hang detection measures from here. */
  lastProgress: number;
  idleSince: number;
  /** Shared-rings transport: the ring, and the wake-up it sleeps with. */
  ring?: RingClient;
  wake(): void;
  /** Generations whose stored fields this worker holds (sent before its first highlighted query). */
  storedSent: Set<number>;
  keptAlive: boolean;
  /** Pending prepares by generation, settled by the worker's answer or its death. */
  preparing: Map<number, (error?: Error) => void>;
  /** Shared-memory mode: this worker's heap region per generation it attached to. */
  regions: Map<number, Region>;
  /** Resolves when the worker's port listens; rejects if it dies first. */
  ready: Promise<void>;
  settleReady(error?: Error): void;
}

const MAX_START_FAILURES = 3;
/**
 * A stopped worker's heap regions in shared memory are handed out again only this long after
 * terminate() resolves: Deno and browsers resolve it before the thread has stopped (a worker
 * busy in a long query keeps running, on its own region, for up to ~2 s on Deno), and reusing
 * its region meanwhile would let it write into another worker's heap.
 */
const REGION_QUARANTINE_MS = 5000;

const noCleanup = () => {};

function sharedCopy(bytes: Uint8Array): { bytes: Uint8Array; shared: boolean } {
  const canShare = typeof SharedArrayBuffer === 'function' && (globalThis as any).crossOriginIsolated !== false;
  if (!canShare) return { bytes: bytes.slice(), shared: false };
  const copy = new Uint8Array(new SharedArrayBuffer(bytes.length));
  copy.set(bytes);
  return { bytes: copy, shared: true };
}

export class SearchPool {
  readonly #options: Required<Omit<SearchPoolOptions, 'index' | 'maxMemoryPages'>> & Pick<SearchPoolOptions, 'maxMemoryPages'>;
  readonly #workerUrl: URL;
  #bytes: Uint8Array;
  #shared: boolean;
  #snapshotBytes: number;
  /** Shared-memory mode: the memory, and each loaded generation still read by some worker. */
  #host: SharedSnapshotHost | undefined;
  readonly #loaded = new Map<number, SharedGeneration>();
  /** Workers stopped but maybe still running: their regions are released once they have exited. */
  readonly #dying = new Set<Slot>();
  #generation = 1;
  /** Ids and stored fields of the current generation. */
  #table: DocTable = new DocTable([], []);
  readonly #rings = ringsSupported();
  readonly #slots: Slot[] = [];
  readonly #queue: Job[] = [];
  readonly #latency = new LatencyWindow();
  readonly #counts = { completed: 0, failed: 0, retried: 0, timedOut: 0, cancelled: 0, replaced: 0 };
  #startFailures = 0;
  #closing = false;
  #closed: Promise<void> | undefined;
  #reloading: Promise<void> = Promise.resolve();
  #idleTimer: ReturnType<typeof setInterval> | undefined;
  #drained: (() => void) | undefined;
  #nextId = 1;

  /** @internal use createSearchPool */
  constructor(bytes: Uint8Array, options: SearchPoolOptions) {
    this.#options = checkPoolOptions(options);
    this.#workerUrl = options.workerUrl ? new URL(String(options.workerUrl)) : new URL('./search-worker.js', import.meta.url);
    this.#bytes = bytes;
    this.#shared = false;
    this.#snapshotBytes = bytes.length;
    this.#idleTimer = setInterval(() => this.#retireIdle(), Math.max(50, this.#options.idleMs / 2));
    (this.#idleTimer as any).unref?.();
  }

  /** @internal starts minWorkers and waits until they hold the index */
  async start(): Promise<void> {
    if (this.#options.sharedMemory && sharedKernelsSupported() && wasmFlavour() === 'simd') {
      let host: SharedSnapshotHost | undefined;
      try {
        host = await SharedSnapshotHost.create(this.#options.maxMemoryPages ?? DEFAULT_SHARED_MAX_PAGES);
      } catch {
        // The shared memory cannot be reserved here: per-worker copies still work.
      }
      if (host) {
        const loaded = await host.load(this.#bytes);
        this.#loaded.set(this.#generation, loaded);
        this.#table = DocTable.of(loaded.state);
        this.#host = host;
        this.#shared = true;
        this.#bytes = new Uint8Array(0); // workers attach to the loaded index: the bytes are done with
      }
    }
    if (!this.#host) ({ bytes: this.#bytes, shared: this.#shared } = sharedCopy(this.#bytes));
    const started = Array.from({ length: this.#options.minWorkers }, () => this.#spawn());
    await Promise.all(started.map((slot) => this.#prepare(slot, this.#generation, this.#bytes)));
    if (!this.#host) this.#table = DocTable.fromSnapshot(this.#bytes); // the workers have checked the bytes
  }

  /** Ranked search on a worker: the same result (or typed error) as Index.search. */
  search(query: Query, options: PoolSearchOptions = {}): Promise<SearchResult> {
    if (!options || typeof options !== 'object') return Promise.reject(new TypeError('search: options must be an object'));
    const { timeoutMs, signal, ...searchOptions } = options;
    // Option names and values are checked by Index.search in the worker: one list, one message.
    return this.#submit({ type: 'search', query, options: searchOptions }, timeoutMs, signal);
  }

  /** The stored fields of a document (undefined when absent), from the pool's one copy of them. */
  async get(id: DocumentId, options: Pick<PoolSearchOptions, 'timeoutMs' | 'signal'> = {}): Promise<Record<string, unknown> | undefined> {
    const refused = this.#refuse(options.timeoutMs, options.signal);
    if (refused) return refused;
    this.#counts.completed++;
    this.#latency.record(0);
    return this.#table.get(id);
  }

  /** Index.queryStats on a worker: the first phase of a sharded search. */
  queryStats(query: Query, options: Pick<PoolSearchOptions, 'timeoutMs' | 'signal'> = {}): Promise<ShardQueryStats> {
    return this.#submit({ type: 'query-stats', query }, options.timeoutMs, options.signal);
  }

  /**
   * Swaps in a new snapshot: every worker loads it beside the old one, and only when all have
   * does any switch. A query is answered by one generation; after this resolves, all are new.
   */
  reload(source: Index | Uint8Array): Promise<void> {
    const run = async () => {
      if (this.#closing) throw new ClosedError('SearchPool');
      const raw = source instanceof Index ? source.save() : source;
      if (!(raw instanceof Uint8Array)) throw new TypeError('reload: expected an Index or snapshot bytes (Uint8Array)');
      const generation = this.#generation + 1;
      // Shared-memory mode: the new generation is loaded (and checked) once, beside the old one.
      if (this.#host) this.#loaded.set(generation, await this.#host.load(raw));
      const next = this.#host ? { bytes: this.#bytes, shared: true } : sharedCopy(raw);
      const slots = this.#slots.filter((slot) => slot.state !== 'dead');
      const results = await Promise.allSettled(slots.map((slot) => this.#prepare(slot, generation, next.bytes, false)));
      // A worker dying meanwhile is replaced as usual; bytes a worker refuses fail the reload.
      const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected' && !(r.reason instanceof WorkerError));
      if (refused) {
        for (const slot of slots) if (slot.state !== 'dead') this.#post(slot, { type: 'abort', generation });
        if (this.#host) {
          // Every live worker has answered its attach, so nothing runs in these regions now.
          for (const slot of slots) {
            const region = slot.regions.get(generation);
            if (region && slot.state !== 'dead') { this.#host.release(region); slot.regions.delete(generation); }
          }
          this.#host.release(this.#loaded.get(generation)!.region);
          this.#loaded.delete(generation);
        }
        throw refused.reason;
      }
      const table = this.#host ? DocTable.of(this.#loaded.get(generation)!.state) : DocTable.fromSnapshot(raw);
      ({ bytes: this.#bytes, shared: this.#shared } = next);
      this.#snapshotBytes = raw.length;
      this.#generation = generation;
      this.#table = table;
      for (const slot of slots) this.#commit(slot, generation);
      this.#retireGenerations(); // with no worker left on it, the old generation goes at once
    };
    this.#reloading = this.#reloading.then(run, run);
    return this.#reloading;
  }

  stats(): SearchPoolStats {
    const live = this.#slots.filter((slot) => slot.state !== 'dead');
    return {
      workers: live.length,
      busy: live.filter((slot) => slot.jobs.length).length,
      starting: live.filter((slot) => slot.state === 'starting').length,
      queueDepth: this.#queue.length,
      ...this.#counts,
      latency: this.#latency.summary(),
      sharedSnapshot: this.#shared,
      snapshotMode: this.#host ? 'shared-memory' : this.#shared ? 'shared-bytes' : 'copies',
      sharedMemoryBytes: this.#host?.memoryBytes ?? 0,
      snapshotBytes: this.#snapshotBytes,
      generation: this.#generation,
      workerKind: workerKind(),
      transport: this.#rings ? 'shared-rings' : 'messages',
    };
  }

  /**
   * Stops taking queries. By default what is queued or running finishes first; with
   * `{ drain: false }` it is rejected with ClosedError. Workers are then terminated.
   */
  close(options: { drain?: boolean } = {}): Promise<void> {
    if (this.#closed) return this.#closed;
    this.#closing = true;
    const drain = options.drain ?? true;
    this.#closed = (async () => {
      if (!drain) {
        for (const job of [...this.#queue, ...this.#slots.flatMap((slot) => slot.jobs)]) this.#settle(job, new ClosedError('SearchPool'));
      } else if (this.#queue.length || this.#slots.some((slot) => slot.jobs.length)) {
        await new Promise<void>((resolve) => { this.#drained = resolve; });
      }
      clearInterval(this.#idleTimer);
      for (const slot of this.#slots) { slot.state = 'dead'; this.#kill(slot); }
      this.#slots.length = 0;
    })();
    return this.#closed;
  }

  /** Why a request is refused before it is queued, if it is. */
  #refuse(timeoutMs: number | undefined, signal: AbortSignal | undefined): Promise<never> | undefined {
    if (this.#closing) return Promise.reject(new ClosedError('SearchPool'));
    if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !(timeoutMs > 0))) return Promise.reject(new RangeError(`search: timeoutMs must be a positive number, got ${String(timeoutMs)}`));
    if (signal !== undefined && !(signal instanceof AbortSignal)) return Promise.reject(new TypeError('search: signal must be an AbortSignal'));
    if (signal?.aborted) { this.#counts.cancelled++; return Promise.reject(signal.reason); }
    return undefined;
  }

  #submit(request: Request, timeoutMs: number | undefined, signal: AbortSignal | undefined): Promise<any> {
    const refused = this.#refuse(timeoutMs, signal);
    if (refused) return refused;
    if (this.#queue.length >= this.#options.maxQueue) return Promise.reject(new QueueFullError(this.#options.maxQueue));
    return new Promise((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const onAbort = () => { this.#counts.cancelled++; this.#settle(job, signal!.reason); };
      const job: Job = {
        request, resolve, reject, attempts: 0, started: performance.now(), settled: false, queued: true, slot: undefined, id: 0, table: undefined,
        cleanup: timeoutMs === undefined && !signal ? noCleanup : () => { clearTimeout(timer); signal?.removeEventListener('abort', onAbort); },
      };
      if (timeoutMs !== undefined) timer = setTimeout(() => this.#timeOut(job, timeoutMs), timeoutMs);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#queue.push(job);
      this.#dispatch();
    });
  }

  #settle(job: Job, error: unknown, value?: unknown, now?: number): void {
    if (job.settled) return;
    job.settled = true;
    job.cleanup();
    if (job.queued) { job.queued = false; this.#queue.splice(this.#queue.indexOf(job), 1); }
    if (error === undefined) {
      this.#counts.completed++;
      this.#latency.record((now ?? performance.now()) - job.started);
      job.resolve(value);
    } else {
      this.#counts.failed++;
      job.reject(error);
    }
    this.#checkDrained();
  }

  #timeOut(job: Job, timeoutMs: number): void {
    if (job.settled) return;
    this.#counts.timedOut++;
    const slot = job.slot;
    this.#settle(job, new SearchTimeoutError(timeoutMs));
    // A worker inside a query cannot be interrupted; replacing it is the only way to stop it.
    // Queries queued behind it on that worker are retried elsewhere.
    if (slot && slot.jobs.includes(job)) this.#fail(slot, undefined);
  }

  #dispatch(): void {
    // Each worker holds up to `pipeline` queries, so it never idles waiting for the next one;
    // the least loaded worker gets the next query.
    while (this.#queue.length) {
      let slot: Slot | undefined;
      for (const s of this.#slots) {
        if (s.state !== 'ready' || s.generation !== this.#generation || s.jobs.length >= this.#options.pipeline) continue;
        if (!slot || s.jobs.length < slot.jobs.length) slot = s;
      }
      if (!slot) break;
      const job = this.#queue.shift()!;
      job.queued = false;
      this.#assign(slot, job);
    }
    if (this.#closing || this.#slots.length >= this.#options.maxWorkers) return;
    // Grow while queries wait here, or every worker has one waiting behind the one it runs (the
    // pipeline hides a backlog from the queue), and no worker is on its way; one at a time, as
    // load persists.
    let live = 0;
    for (const s of this.#slots) {
      if (s.state === 'dead') continue;
      if (s.state === 'starting') return;
      if (s.jobs.length < 2 && !this.#queue.length) return;
      live++;
    }
    if (live >= this.#options.maxWorkers || (!live && !this.#queue.length)) return;
    const slot = this.#spawn();
    this.#prepare(slot, this.#generation, this.#bytes).catch(() => { /* counted in #fail */ });
  }

  #assign(slot: Slot, job: Job): void {
    const id = this.#nextId++;
    const { request } = job;
    const generation = slot.generation;
    if (slot.ring && request.type === 'search' && fitsRequestSlot(request.query, request.options)) {
      slot.ring.write(id, generation, request.query, request.options.limit, request.options.offset);
    } else {
      try {
        if (request.type === 'search' && request.options.highlight && !slot.storedSent.has(generation)) {
          // Highlighting reads stored text in the worker: it gets this generation's once.
          this.#post(slot, { type: 'stored', generation, stored: this.#table.stored });
          slot.storedSent.add(generation);
        }
        this.#post(slot, { ...request, id, generation } satisfies ToWorker);
      } catch (error) {
        // The query itself cannot be cloned (e.g. a function inside it): the caller's mistake.
        this.#settle(job, new TypeError(`search: query or options cannot be sent to a worker: ${(error as Error).message}`));
        return;
      }
    }
    slot.jobs.push(job);
    job.slot = slot;
    job.id = id;
    job.table = this.#table;
    job.attempts++;
    if (slot.jobs.length === 1) {
      slot.lastProgress = performance.now();
      this.#watch(slot);
      this.#keepAlive(slot);
    }
    if (slot.ring && !slot.ring.sleep(slot.wake)) queueMicrotask(slot.wake);
  }

  #post(slot: Slot, message: ToWorker): void {
    slot.handle!.post(message);
    slot.ring?.messagePosted();
  }

  /** A worker with work that answers nothing for hangMs is hung. One timer per busy stretch, not per query. */
  #watch(slot: Slot): void {
    if (!slot.jobs.length) { clearTimeout(slot.hangTimer); slot.hangTimer = undefined; return; }
    if (!slot.hangTimer) slot.hangTimer = setTimeout(() => this.#checkHung(slot), this.#options.hangMs);
  }

  #checkHung(slot: Slot): void {
    slot.hangTimer = undefined;
    if (slot.state === 'dead') return;
    if (slot.ring) { this.#collect(slot); this.#dispatch(); } // answers may wait unread in the ring
    if (!slot.jobs.length) return;
    const quiet = performance.now() - slot.lastProgress;
    if (quiet < this.#options.hangMs - 1) {
      slot.hangTimer = setTimeout(() => this.#checkHung(slot), this.#options.hangMs - quiet);
      return;
    }
    this.#fail(slot, new WorkerError('WORKER_HUNG', `a worker answered nothing for ${this.#options.hangMs} ms and was replaced`));
  }

  /**
   * The job a worker answered, taken off its list (the worker has made progress); undefined if
   * it holds none by that id. Answers come in order, so the job is nearly always the first.
   * (A Map of jobs in flight by id kept each query's objects alive: V8 chains a rehashed Map's
   * old table to the new one, and the dead tables in old space held every job, promise and
   * result of their time through young collections, so about a quarter of the pool thread's
   * allocations were promoted.)
   */
  #answered(slot: Slot, id: number, now?: number): Job | undefined {
    const { jobs } = slot;
    let at = 0;
    while (at < jobs.length && jobs[at]!.id !== id) at++;
    if (at === jobs.length) return undefined;
    const job = jobs[at]!;
    this.#release(slot, job, at, now ?? performance.now());
    return job;
  }

  /** The worker answered `job`, at `at` in its list: it has made progress. */
  #release(slot: Slot, job: Job, at: number, now: number): void {
    if (at === 0) slot.jobs.shift();
    else slot.jobs.splice(at, 1);
    job.slot = undefined;
    slot.lastProgress = now;
    if (!slot.jobs.length) {
      slot.idleSince = now;
      this.#watch(slot);
      this.#keepAlive(slot);
    }
  }

  /** Only a worker with work to do keeps the process alive: an idle pool lets it exit. */
  #keepAlive(slot: Slot): void {
    const keep = slot.jobs.length > 0 || slot.preparing.size > 0;
    if (keep === slot.keptAlive || !slot.handle) return;
    slot.keptAlive = keep;
    slot.handle.ref(keep);
  }

  /** Settles every answer waiting in a worker's ring (one clock reading serves them all: they are settled together). */
  #collect(slot: Slot): void {
    const now = performance.now();
    slot.ring!.drain((answer) => this.#ringAnswer(slot, answer, now));
  }

  #ringAnswer(slot: Slot, answer: RingAnswer, now: number): void {
    if (!answer.inline) return; // it follows as a message
    const job = this.#answered(slot, answer.id, now);
    if (!job || job.settled) return;
    const { f64, u32 } = slot.ring!.views;
    this.#settle(job, undefined, job.table!.resultAt(u32, answer.docAt, f64, answer.scoreAt, answer.count, answer.total, answer.totalExact, answer.tookMs), now);
  }

  /**
   * A worker published answers: settle them and those already waiting in the other workers'
   * rings (a worker wakes the pool only near the end of its backlog, so one wake-up can serve
   * every worker and put off their own), refill the rings, sleep again while it has work.
   */
  #wake(slot: Slot): void {
    while (slot.state !== 'dead') {
      for (const s of this.#slots) if (s.ring && s.state !== 'dead') this.#collect(s);
      this.#dispatch();
      if (!slot.jobs.length || slot.ring!.sleep(slot.wake)) break;
    }
    // A worker emptied here keeps no sleep armed (it would never fire): end it.
    for (const s of this.#slots) if (s !== slot && !s.jobs.length) s.ring?.cancel();
  }

  #onMessage(slot: Slot, message: FromWorker): void {
    switch (message.type) {
      case 'ready':
        return;
      case 'committed':
        this.#committed(slot, message.generation);
        return;
      case 'prepared':
      case 'prepare-failed': {
        const done = slot.preparing.get(message.generation);
        slot.preparing.delete(message.generation);
        this.#keepAlive(slot);
        done?.(message.type === 'prepare-failed' ? fromWire(message.error) : undefined);
        return;
      }
      case 'result':
      case 'query-stats':
      case 'error': {
        // An answer too big for the ring left a marker there first: read it before the job is
        // released, so the worker never writes a response slot the pool has not read.
        if (slot.ring) this.#collect(slot);
        const job = this.#answered(slot, message.id);
        if (job && !job.settled) {
          if (message.type === 'error') this.#settle(job, fromWire(message.error));
          else this.#settle(job, undefined, message.type === 'result' ? job.table!.result(message.result) : message.stats);
        }
        this.#dispatch();
      }
    }
  }

  #spawn(): Slot {
    let settleReady!: (error?: Error) => void;
    const ready = new Promise<void>((resolve, reject) => { settleReady = (error) => (error ? reject(error) : resolve()); });
    ready.catch(() => {}); // observed by #prepare; a worker nobody waits on may die unobserved
    const now = performance.now();
    const slot: Slot = {
      state: 'starting', generation: 0, jobs: [], lastProgress: now, idleSince: now, preparing: new Map(), regions: new Map(), ready, settleReady,
      wake: () => this.#wake(slot), storedSent: new Set(), keptAlive: true,
    };
    this.#slots.push(slot);
    spawnWorker(this.#workerUrl, {
      message: (data: FromWorker) => {
        if (data?.type === 'ready') {
          if (this.#rings && !slot.ring && slot.state !== 'dead') {
            // One slot per query a worker may hold: a slot is never written while the worker reads it.
            slot.ring = new RingClient(this.#options.pipeline);
            this.#post(slot, { type: 'ring', buffer: slot.ring.buffer, slots: this.#options.pipeline });
          }
          settleReady();
        }
        this.#onMessage(slot, data);
      },
      failure: (error) => this.#fail(slot, new WorkerError(slot.state === 'starting' ? 'WORKER_START' : 'WORKER_CRASHED', `a search worker ${slot.state === 'starting' ? 'failed to start' : 'crashed'}: ${error.message}`)),
    }).then((handle) => {
      if (slot.state === 'dead') handle.terminate();
      else slot.handle = handle;
    }, (error) => this.#fail(slot, new WorkerError('WORKER_START', `a search worker could not be created: ${(error as Error).message}`)));
    return slot;
  }

  /** Loads `generation` into a worker; with `commit`, makes it current there at once. */
  async #prepare(slot: Slot, generation: number, bytes: Uint8Array, commit = true): Promise<void> {
    await slot.ready;
    // A worker that started during a reload may come up after the old generation was freed.
    if (this.#host && !this.#loaded.has(generation)) generation = this.#generation;
    await new Promise<void>((resolve, reject) => {
      slot.preparing.set(generation, (error) => (error ? reject(error) : resolve()));
      this.#keepAlive(slot);
      const host = this.#host;
      if (host) {
        const loaded = this.#loaded.get(generation)!;
        let region = slot.regions.get(generation);
        if (!region) {
          region = host.reserve(WORKER_REGION_BYTES, 'SearchPool worker');
          slot.regions.set(generation, region);
        }
        // Without ids and stored fields: the pool keeps the one copy of them.
        const state = { ...loaded.state, ids: [], stored: [] };
        this.#post(slot, {
          type: 'attach', generation, memory: host.memory, module: host.module, maxPages: host.maxPages, region,
          statePtr: loaded.statePtr, state, numberFields: loaded.numberFields,
        });
      } else {
        this.#post(slot, { type: 'prepare', generation, bytes, flavour: wasmFlavour(), maxMemoryPages: this.#options.maxMemoryPages });
      }
    });
    if (commit) this.#commit(slot, generation);
  }

  #commit(slot: Slot, generation: number): void {
    if (slot.state === 'dead') return;
    this.#post(slot, { type: 'commit', generation });
    slot.generation = generation;
    if (slot.state === 'starting') { slot.state = 'ready'; this.#startFailures = 0; }
    // A worker that started during a reload loaded the old bytes: bring it up to date.
    if (generation < this.#generation) this.#prepare(slot, this.#generation, this.#bytes).catch(() => {});
    this.#dispatch();
  }

  /** A worker died (crash, hang, timeout, failed start): replace it and retry its query once. */
  #fail(slot: Slot, error: WorkerError | undefined): void {
    if (slot.state === 'dead') return;
    if (slot.ring) this.#collect(slot); // what it answered before dying is not lost
    const wasStarting = slot.state === 'starting';
    slot.state = 'dead';
    slot.ring?.cancel();
    const death = error ?? new WorkerError('WORKER_CRASHED', 'a search worker was stopped');
    slot.settleReady(death);
    this.#kill(slot);
    const index = this.#slots.indexOf(slot);
    if (index >= 0) this.#slots.splice(index, 1);
    for (const done of slot.preparing.values()) done(death);
    slot.preparing.clear();
    const jobs = slot.jobs.splice(0);
    clearTimeout(slot.hangTimer);
    if (!this.#closing || jobs.length) this.#counts.replaced++;
    // The worker runs its queries in order, so only the oldest was running: it is retried once
    // (a second death fails it); the ones waiting behind it go back to the queue unpenalised.
    jobs.forEach((job, i) => { job.slot = undefined; if (i > 0) job.attempts--; });
    for (const job of jobs.reverse()) {
      if (job.settled) continue;
      if (job.attempts < 2) { this.#counts.retried++; job.queued = true; this.#queue.unshift(job); }
      else this.#settle(job, death);
    }
    if (wasStarting && ++this.#startFailures >= MAX_START_FAILURES) {
      // Workers cannot start at all (bad script, no memory): fail what waits rather than loop.
      for (const waiting of [...this.#queue]) this.#settle(waiting, error ?? new WorkerError('WORKER_START', 'search workers cannot start'));
    }
    const live = this.#slots.filter((s) => s.state !== 'dead').length;
    if (!this.#closing && this.#startFailures < MAX_START_FAILURES && (live < this.#options.minWorkers || this.#queue.length)) {
      const fresh = this.#spawn();
      this.#prepare(fresh, this.#generation, this.#bytes).catch(() => {});
    }
    this.#dispatch();
    this.#checkDrained();
  }

  #kill(slot: Slot): void {
    clearTimeout(slot.hangTimer);
    slot.ring?.cancel();
    const exited = slot.handle?.terminate() ?? Promise.resolve();
    if (!this.#host || !slot.regions.size) return;
    // Its regions (and the generations it read) are freed only once the thread has surely stopped.
    const host = this.#host;
    this.#dying.add(slot);
    exited.then(() => new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, REGION_QUARANTINE_MS);
      (timer as any).unref?.();
    })).then(() => {
      this.#dying.delete(slot);
      for (const region of slot.regions.values()) host.release(region);
      slot.regions.clear();
      this.#retireGenerations();
    });
  }

  /** A worker switched to `generation`: its instances of older generations are unused now. */
  #committed(slot: Slot, generation: number): void {
    const host = this.#host;
    if (!host) return;
    for (const [older, region] of slot.regions) {
      if (older < generation) { host.release(region); slot.regions.delete(older); }
    }
    this.#retireGenerations();
  }

  /** Frees each loaded generation, other than the current one, that no worker can read any more. */
  #retireGenerations(): void {
    const host = this.#host;
    if (!host || this.#closing) return;
    for (const [generation, loaded] of this.#loaded) {
      if (generation >= this.#generation) continue;
      if (this.#slots.some((slot) => slot.regions.has(generation)) || [...this.#dying].some((slot) => slot.regions.has(generation))) continue;
      host.release(loaded.region);
      this.#loaded.delete(generation);
    }
  }

  #retireIdle(): void {
    const now = performance.now();
    for (const slot of [...this.#slots]) {
      const live = this.#slots.filter((s) => s.state === 'ready').length;
      if (live <= this.#options.minWorkers) return;
      if (slot.state === 'ready' && !slot.jobs.length && now - slot.idleSince >= this.#options.idleMs) {
        slot.state = 'dead';
        this.#kill(slot);
        this.#slots.splice(this.#slots.indexOf(slot), 1);
      }
    }
  }

  #checkDrained(): void {
    if (this.#drained && !this.#queue.length && !this.#slots.some((slot) => slot.jobs.length)) {
      const done = this.#drained;
      this.#drained = undefined;
      done();
    }
  }
}

/** Starts a pool over an Index (saved once) or snapshot bytes; resolves when minWorkers are ready. */
export async function createSearchPool(options: SearchPoolOptions & { sharedCache?: SharedCacheOptions }): Promise<SearchPool> {
  if (!options || typeof options !== 'object') throw new TypeError('createSearchPool: options must be an object');
  const source = options.index;
  const bytes = source instanceof Index ? source.save() : source;
  if (!(bytes instanceof Uint8Array)) throw new TypeError('createSearchPool: index must be an Index or snapshot bytes (Uint8Array)');
  const pool = new SearchPool(bytes, options);
  try {
    await pool.start();
    if (options.sharedCache) await attachSharedCache(pool, bytes, options.sharedCache);
  } catch (error) {
    await pool.close({ drain: false });
    throw error;
  }
  return pool;
}
