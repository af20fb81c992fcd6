// Collection statistics for sharded search: what a shard reports about a query (its live
// documents, field lengths, and its frequency of each query term), and their sum over shards,
// which each shard then scores against so scores equal those of one index over all shards.
import type { KernelInstance } from '../wasm/kernel-instance.js';

export interface ShardQueryStats {
  docs: number;
  /** Sum of each field's length over live documents, by field number. */
  totalLengths: number[];
  /** Document frequency of each distinct query term (analysed form). */
  terms: Record<string, number>;
  /** A required part of the query has no term in this shard: it matches nothing here. */
  cannotMatch: boolean;
}

export interface CollectionStats {
  docs: number;
  averageLengths: number[];
  terms: Record<string, number>;
}

const decoder = new TextDecoder();

/** Reads the statistics of the query the kernel holds now. */
export function readQueryStats(wasm: KernelInstance, fieldCount: number): ShardQueryStats {
  const k = wasm.kernels;
  const terms: Record<string, number> = Object.create(null);
  const count = k.queryTermsCollect();
  for (let i = 0; i < count; i++) {
    const id = k.queryTermId(i);
    const ptr = k.termBytesPtr(id) >>> 0;
    terms[decoder.decode(wasm.bytes(ptr, ptr + k.termBytesLength(id)))] = k.termDf(id);
  }
  return {
    docs: k.indexLiveCount(),
    totalLengths: Array.from({ length: fieldCount }, (_, f) => k.fieldTotalLength(f)),
    terms,
    cannotMatch: k.queryCannotMatch() !== 0,
  };
}

/** Sums shard statistics into the collection's. */
export function combineStats(shards: ShardQueryStats[]): CollectionStats {
  const docs = shards.reduce((sum, s) => sum + s.docs, 0);
  const fields = Math.max(0, ...shards.map((s) => s.totalLengths.length));
  const averageLengths = Array.from({ length: fields }, (_, f) => (docs ? shards.reduce((sum, s) => sum + (s.totalLengths[f] ?? 0), 0) / docs : 0));
  const terms: Record<string, number> = Object.create(null);
  for (const shard of shards) for (const [term, df] of Object.entries(shard.terms)) terms[term] = (terms[term] ?? 0) + df;
  return { docs, averageLengths, terms };
}

function validStats(stats: unknown): stats is CollectionStats {
  const s = stats as CollectionStats;
  return !!s && typeof s === 'object' && Number.isFinite(s.docs) && s.docs >= 0 && Array.isArray(s.averageLengths)
    && s.averageLengths.every((a) => Number.isFinite(a) && a >= 0) && !!s.terms && typeof s.terms === 'object'
    && Object.values(s.terms).every((df) => Number.isInteger(df) && df >= 0 && df <= 0xffffffff);
}

/** Makes the kernel score against `stats` until `clearCollectionStats`. */
export function applyCollectionStats(wasm: KernelInstance, stats: CollectionStats): void {
  if (!validStats(stats)) throw new TypeError('search: collectionStats must be { docs, averageLengths: number[], terms: { term: df } } with non-negative numbers');
  const k = wasm.kernels;
  k.collectionStatsBegin(stats.docs);
  stats.averageLengths.forEach((average, field) => k.collectionStatsAverage(field, average));
  for (const [term, df] of Object.entries(stats.terms)) {
    const [ptr, len] = wasm.writeText(term, 'search');
    k.collectionStatsDf(ptr, len, df);
  }
}

export function clearCollectionStats(wasm: KernelInstance): void {
  wasm.kernels.collectionStatsEnd();
}
