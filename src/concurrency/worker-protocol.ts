// Messages between a SearchPool and its workers. Each worker runs one message at a time, in
// order, so a query is always answered by one whole index generation.
import type { WasmFlavour } from '../wasm/loader.js';
import type { Query } from '../search/query-language.js';
import type { SearchOptions, SearchResult } from '../search/search-index.js';
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
  /** Make a prepared generation current and drop the old one (phase two). */
  | { type: 'commit'; generation: number }
  /** Drop a prepared generation (another worker failed to prepare it). */
  | { type: 'abort'; generation: number }
  | { type: 'search'; id: number; query: Query; options: SearchOptions }
  | { type: 'get'; id: number; docId: string | number }
  | { type: 'query-stats'; id: number; query: Query };

export type FromWorker =
  /** The worker's port is listening (messages sent earlier could be lost in a Web Worker). */
  | { type: 'ready' }
  | { type: 'prepared'; generation: number }
  /** The worker has switched to `generation`: older generations' memory is no longer read by it. */
  | { type: 'committed'; generation: number }
  | { type: 'prepare-failed'; generation: number; error: WireError }
  | { type: 'result'; id: number; result: SearchResult }
  | { type: 'document'; id: number; document: Record<string, unknown> | null }
  | { type: 'query-stats'; id: number; stats: ShardQueryStats }
  | { type: 'error'; id: number; error: WireError };
