// The messages between the page (main.ts, via engine-client.ts) and the engine's worker.
// Every request carries an id; the worker answers it once (a result or an error), and
// file indexing also streams progress under the same id.

export type CollectionName = 'cranfield' | 'files';
export type Filter = Record<string, string>;

export interface CollectionInfo {
  name: CollectionName;
  docs: number;
  /** Snapshot size in bytes (what is fetched or kept in IndexedDB). */
  snapshotBytes: number;
  /** Keyword fields offered as facet chips, with their labels. */
  facets: { field: string; label: string }[];
}

export interface Hit {
  id: string;
  score: number;
  fields: Record<string, unknown>;
  highlights?: Record<string, { matches: [number, number][]; snippet: { text: string; start: number; end: number; matches: [number, number][] } }>;
}

export interface SearchAnswer {
  hits: Hit[];
  total: number;
  /** False when `total` is a lower bound (counting stopped at the index's countUpTo). */
  totalExact: boolean;
  /** Engine time for the ranked search, in ms (timer resolution: EngineInfo.timerResolutionUs). */
  tookMs: number;
  facets: Record<string, { value: string; count: number }[]>;
}

export interface EngineInfo {
  flavour: 'simd' | 'scalar';
  flavourForced: boolean;
  crossOriginIsolated: boolean;
  timerResolutionUs: number;
  collections: Partial<Record<CollectionName, CollectionInfo>>;
  wasmMemoryBytes: number;
  /** Problems met while starting (e.g. a stored snapshot that no longer loads). */
  notices: string[];
}

export interface FileProblem { path: string; problem: string }

export interface IndexProgress {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  docs: number;
  elapsedMs: number;
}

export interface IndexReport extends IndexProgress {
  /** Files that gave at least one document (`files` counts every file read). */
  indexedFiles: number;
  problems: FileProblem[];
  /** Time to write the snapshot to IndexedDB. */
  persistMs: number;
  persisted: boolean;
  info: EngineInfo;
}

export type Request =
  | { type: 'init'; id: number; flavour?: 'simd' | 'scalar' }
  /** The Cranfield snapshot as fetched by the page (gzipped or not), transferred; or why it could not be. */
  | { type: 'snapshot'; id: number; bytes?: ArrayBuffer; error?: string }
  | { type: 'search'; id: number; collection: CollectionName; query: string; filter: Filter; limit: number }
  | { type: 'get'; id: number; collection: CollectionName; docId: string }
  | { type: 'index-files'; id: number; files: { file: File; path: string }[] }
  | { type: 'clear-files'; id: number }
  | { type: 'info'; id: number };

export type Reply =
  | { type: 'done'; id: number; value: unknown }
  | { type: 'progress'; id: number; progress: IndexProgress }
  | { type: 'error'; id: number; message: string };
