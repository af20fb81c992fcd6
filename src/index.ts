// synthex public entry: re-exports only.
export { Arena, type ArenaOptions, type ArenaMark } from './memory/arena.js';
export { Pool, type PoolOptions } from './memory/pool.js';
export type { MemoryStats } from './memory/memory-stats.js';
export {
  MemoryMonitor, type MemoryMonitorOptions, type MemorySample, type MemoryThresholds,
  type MemoryWatchable, type PressureLevel,
} from './memory/memory-monitor.js';
export { setWasmFlavour, wasmFlavour, type WasmFlavour, type WasmOptions, DEFAULT_MAX_MEMORY_PAGES } from './wasm/loader.js';
export { runtimeSupportsSimd } from './wasm/simd-probe.js';
export { MemoryLimitError, ClosedError, PoolRecordError, KernelError } from './errors.js';
export { createIndex, loadIndex, Index, type SearchOptions, type SearchHit, type SearchResult, type IndexStats } from './search/search-index.js';
export type { IndexOptions, FieldOptions } from './search/index-options.js';
export type { Document, DocumentId } from './search/documents.js';
export { DocumentError, DuplicateIdError, SnapshotError, FilterError, type SnapshotProblem } from './errors.js';
export { QueryError, type Query } from './search/query-language.js';
export type { Filter, NumberRange, FacetCount } from './search/doc-values.js';
export type { FieldHighlight } from './search/highlights.js';
export type { Snippet } from './search/snippet.js';
export { createMcpServer, DEFAULT_MAX_MESSAGE_BYTES as MCP_DEFAULT_MAX_MESSAGE_BYTES, type McpServer, type McpServerOptions } from './mcp/server.js';
export { McpSession, type Reply as McpReply, type NotifySink as McpNotifySink } from './mcp/session.js';
export { serveMcpStdio, type StdioOptions as McpStdioOptions, type StdioConnection as McpStdioConnection } from './mcp/stdio-transport.js';
export { createMcpHttpHandler, type McpHttpOptions, type McpHttpHandler } from './mcp/http-handler.js';
export { SUPPORTED_PROTOCOL_VERSIONS as MCP_PROTOCOL_VERSIONS, LATEST_PROTOCOL_VERSION as MCP_LATEST_PROTOCOL_VERSION } from './mcp/lifecycle.js';
export { createSearchPool, SearchPool, type SearchPoolOptions, type PoolSearchOptions, type SearchPoolStats } from './concurrency/search-pool.js';
export { QueueFullError, SearchTimeoutError, WorkerError } from './errors.js';
export { createShardedSearch, ShardedSearch, shardOf, type ShardedSearchOptions, type ShardedSearchResult, type ShardedSearchStats } from './concurrency/sharded-search.js';
export type { CollectionStats, ShardQueryStats } from './search/collection-stats.js';
export {
  aggregate, type AggregateOptions, type AggregateList, type AggregateSource, type AggregateHit,
  type AggregatedHit, type AggregateMethod, type DedupeMode, type DedupeOptions,
} from './concurrency/aggregate.js';
export { nearDuplicates, type NearDuplicateOptions } from './concurrency/near-duplicates.js';
export { AggregationError } from './errors.js';
export { createMetrics, DEFAULT_SECONDS_BUCKETS, type Metrics, type Labels, type Counter, type Gauge, type Histogram, type CounterChild, type GaugeChild, type HistogramChild, type MetricOptions, type HistogramOptions } from './metrics/registry.js';
export { HISTOGRAM_RELATIVE_ERROR, type HistogramSummary } from './metrics/histogram.js';
export { createSearchHandler, type SearchHandler, type SearchHandlerOptions, type StaticPage } from './server/handler.js';
export type { SearchPoolLike } from './server/backend.js';
export { serve, type ServeOptions, type RunningServer } from './server/serve.js';
export { nodeListener } from './server/serve-node.js';
export { createRedisCache, type RedisCache, type RedisCacheOptions, type RedisCacheStats } from './cache/redis-cache.js';
export type { SharedCacheOptions } from './cache/shared-search.js';
export type { CircuitState, CircuitBreakerOptions } from './cache/circuit-breaker.js';
export type { ConnectionPoolOptions } from './cache/connection-pool.js';
export { RedisCacheError } from './errors.js';
export { publishSnapshot, type SnapshotManifest, type PublishOptions } from './cache/snapshot-publication.js';
export { followSnapshots, SnapshotFollower, type FollowOptions, type SnapshotFollowerStats } from './cache/snapshot-follower.js';
