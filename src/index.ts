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
