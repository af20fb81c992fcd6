// Messages between a SearchPool and its workers. Each request names the index generation that
// answers it, and a worker keeps a generation until the pool commits a newer one, so a query is
// always answered by one whole generation. Plain queries travel in a shared ring instead
// (ring-layout.ts) where the runtime allows; these messages carry everything else.
import type { WasmFlavour } from '../wasm/loader.js';
import type { Query } from '../search/query-language.js';
import type { SearchOptions } from '../search/search-index.js';
import type { CompactResult } from './doc-table.js';
import type { WireError } from './wire-errors.js';
import type { ShardQueryStats } from '../search/collection-stats.js';
import type { SnapshotState } from '../search/snapshot-format.js';

export type ToWorker =
  /** Load `bytes` as generation `generation` beside the current one (phase one of a swap). */
  | { type: 'prepare'; generation: number; bytes: Uint8Array; flavour: WasmFlavour; maxMemoryPages?: number }
  /**
   * Shared-memory mode, phase one: attach to generation `generation`, already loaded in the
   * shared `memory` (its state record at `statePtr`), with a new instance whose heap is `region`.
   */
  | { type: 'attach'; generation: number; memory: WebAssembly.Memory; module?: WebAssembly.Module; maxPages: number; region: readonly [number, number]; statePtr: number; state: SnapshotState; numberFields: number }
  /** The shared request/response ring (sent first, where rings are supported). */
  | { type: 'ring'; buffer: SharedArrayBuffer; slots: number }
  /** Stored fields of a generation, sent before the worker's first highlighted query on it. */
  | { type: 'stored'; generation: number; stored: readonly (Record<string, unknown> | null)[] }
  /** Make a prepared generation current and drop older ones (phase two). */
  | { type: 'commit'; generation: number }
  /** Drop a prepared generation (another worker failed to prepare it). */
  | { type: 'abort'; generation: number }
  | { type: 'search'; id: number; generation: number; query: Query; options: SearchOptions }
  | { type: 'query-stats'; id: number; generation: number; query: Query };

export type FromWorker =
  /** The worker's port is listening (messages sent earlier could be lost in a Web Worker). */
  | { type: 'ready' }
  | { type: 'prepared'; generation: number }
  /** The worker has switched to `generation`: older generations' memory is no longer read by it. */
  | { type: 'committed'; generation: number }
  | { type: 'prepare-failed'; generation: number; error: WireError }
  /** Doc numbers and scores: the pool adds ids and stored fields (doc-table.ts). */
  | { type: 'result'; id: number; result: CompactResult }
  | { type: 'query-stats'; id: number; stats: ShardQueryStats }
  | { type: 'error'; id: number; error: WireError };
