// The figures the search service exports at /metrics and summarises at /stats.
import type { MemoryMonitor } from '../memory/memory-monitor.js';
import { EventLoopLag } from '../metrics/event-loop-lag.js';
import type { CounterChild, HistogramChild, Metrics } from '../metrics/registry.js';
import type { Backend } from './backend.js';
import type { RedisCache } from '../cache/redis-cache.js';

const MB = 1024 * 1024;

function residentBytes(): number | undefined {
  try {
    const g = globalThis as any;
    if (typeof g.process?.memoryUsage?.rss === 'function') return g.process.memoryUsage.rss();
    if (typeof g.process?.memoryUsage === 'function') return g.process.memoryUsage().rss;
    if (typeof g.Deno?.memoryUsage === 'function') return g.Deno.memoryUsage().rss;
  } catch {
    // not exposed here
  }
  return undefined;
}

const number = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

export class ServiceMetrics {
  readonly requests;
  readonly requestSeconds;
  readonly searchSeconds;
  readonly inFlight;
  readonly lag = new EventLoopLag().start();
  #lastCache = { hits: 0, misses: 0 };

  #lastRedis = { hits: 0, misses: 0, errors: 0, decodeFailures: 0, refused: 0 };
  /** Per route, method and status: the two series an answer records into, found once (labels() allocates). */
  readonly #answerSeries = new Map<string, { count: CounterChild; seconds: HistogramChild }>();

  constructor(readonly metrics: Metrics, backend: Backend, monitor: MemoryMonitor | undefined, redis?: RedisCache) {
    this.requests = metrics.counter('synthex_http_requests_total', { help: 'HTTP requests answered, by route, method and status.', labelNames: ['route', 'method', 'status'] });
    this.requestSeconds = metrics.histogram('synthex_http_request_duration_seconds', { help: 'Time from a request to its response, by route.', labelNames: ['route'] });
    this.searchSeconds = metrics.histogram('synthex_search_duration_seconds', { help: 'Time the engine spent on each search.' });
    this.inFlight = metrics.gauge('synthex_http_requests_in_flight', { help: 'Requests being handled now.' }).labels();
    const cacheHits = metrics.counter('synthex_search_cache_hits_total', { help: 'Searches answered from the result cache.' }).labels();
    const cacheMisses = metrics.counter('synthex_search_cache_misses_total', { help: 'Searches the result cache could not answer.' }).labels();
    const documents = metrics.gauge('synthex_index_documents', { help: 'Live documents in the index.' }).labels();
    const indexBytes = metrics.gauge('synthex_index_bytes', { help: 'Bytes of live kernel allocations holding the index.' }).labels();
    const wasmBytes = metrics.gauge('synthex_wasm_memory_bytes', { help: 'WebAssembly linear memory, by instance.', labelNames: ['instance'] });
    const lag = metrics.gauge('synthex_event_loop_lag_seconds', { help: 'Worst event-loop delay seen since the previous scrape.' }).labels();
    const growth = monitor ? metrics.gauge('synthex_memory_growth_bytes_per_hour', { help: 'Memory growth rate over the MemoryMonitor window (least-squares slope).' }).labels() : undefined;
    const rss = residentBytes() === undefined ? undefined : metrics.gauge('process_resident_memory_bytes', { help: 'Resident memory size in bytes.' }).labels();
    const pool = backend.pool ? {
      workers: metrics.gauge('synthex_pool_workers', { help: 'Workers in the search pool.' }).labels(),
      busy: metrics.gauge('synthex_pool_busy_workers', { help: 'Pool workers running a search now.' }).labels(),
      queue: metrics.gauge('synthex_pool_queue_depth', { help: 'Searches waiting for a pool worker.' }).labels(),
    } : undefined;

    const l2 = redis ? {
      hits: metrics.counter('synthex_redis_cache_hits_total', { help: 'Searches answered from the shared Redis cache (L2).' }).labels(),
      misses: metrics.counter('synthex_redis_cache_misses_total', { help: 'Redis cache (L2) lookups that found nothing usable.' }).labels(),
      errors: metrics.counter('synthex_redis_cache_errors_total', { help: 'Redis cache reads and writes that failed or timed out.' }).labels(),
      decodeFailures: metrics.counter('synthex_redis_cache_decode_failures_total', { help: 'Redis cache entries dropped because they did not decode.' }).labels(),
      refused: metrics.counter('synthex_redis_cache_refused_total', { help: 'Redis cache reads skipped while the circuit was open.' }).labels(),
      circuit: metrics.gauge('synthex_redis_circuit_state', { help: 'Redis circuit breaker: 0 closed, 1 half-open, 2 open.' }).labels(),
      opened: metrics.gauge('synthex_redis_circuit_opened', { help: 'Times the Redis circuit breaker has opened.' }).labels(),
      connections: metrics.gauge('synthex_redis_connections', { help: 'Open Redis connections in the pool.' }).labels(),
    } : undefined;

    metrics.onCollect(() => {
      if (l2 && redis) {
        const stats = redis.stats();
        for (const name of ['hits', 'misses', 'errors', 'decodeFailures', 'refused'] as const) {
          l2[name].inc(Math.max(0, stats[name] - this.#lastRedis[name]));
          this.#lastRedis[name] = stats[name];
        }
        l2.circuit.set(stats.circuit.state === 'closed' ? 0 : stats.circuit.state === 'half-open' ? 1 : 2);
        l2.opened.set(stats.circuit.opened);
        l2.connections.set(stats.pool.size);
      }
      const index = backend.index;
      if (index && !index.closed) {
        const stats = index.stats();
        documents.set(stats.docs);
        indexBytes.set(stats.heapBytes);
        wasmBytes.set({ instance: 'index' }, stats.memoryBytes);
        cacheHits.inc(Math.max(0, stats.cache.hits - this.#lastCache.hits));
        cacheMisses.inc(Math.max(0, stats.cache.misses - this.#lastCache.misses));
        this.#lastCache = { hits: stats.cache.hits, misses: stats.cache.misses };
      }
      if (pool && backend.pool) {
        const stats = backend.pool.stats() as Record<string, unknown>;
        if (stats && typeof (stats as any).then !== 'function') {
          // SearchPoolStats names; a pool-shaped object without them reads 0.
          pool.workers.set(number(stats.workers) ?? 0);
          pool.busy.set(number(stats.busy) ?? 0);
          pool.queue.set(number(stats.queueDepth) ?? 0);
        }
      }
      wasmBytes.set({ instance: 'metrics' }, metrics.memoryBytes);
      lag.set(this.lag.takeWorstSeconds());
      if (growth && monitor) growth.set(monitor.report().growthMBPerHour * MB);
      const resident = residentBytes();
      if (rss && resident !== undefined) rss.set(resident);
    });
  }

  /** Counts an answer and records how long it took. */
  answered(route: string, method: string, status: number, seconds: number): void {
    const key = `${route} ${method} ${status}`;
    let series = this.#answerSeries.get(key);
    if (!series) {
      series = { count: this.requests.labels({ route, method, status }), seconds: this.requestSeconds.labels({ route }) };
      this.#answerSeries.set(key, series);
    }
    series.count.inc();
    series.seconds.observe(seconds);
  }

  close(): void {
    this.lag.stop();
  }
}
