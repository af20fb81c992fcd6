// The kernel module's exports: one flat surface the host binds to. Nothing else lives here.
export { heapAlloc, heapAllocZeroed, heapFree, heapRealloc, heapUsedBytes, heapLiveBlocks, heapCheck, heapInitRegion } from './memory/heap';
export { arenaCreate, arenaAlloc, arenaMark, arenaRewind, arenaReset, arenaStats, arenaDestroy } from './memory/arena';
export { poolCreate, poolAlloc, poolFree, poolStats, poolRecordSize, poolDestroy } from './memory/pool';

/** 1 when this build uses SIMD instructions, so the host can report which flavour runs. */
export function simdEnabled(): i32 { return ASC_FEATURE_SIMD ? 1 : 0; }

// Text analysis.
export { tokenize } from './text/tokenizer';
// Index.
export { indexInit, indexSetFieldBoost, indexFlush, indexDocCount, indexLiveCount, indexTermCount, indexSegmentCount, indexPendingCount, indexIsLive, indexValueCount } from './index/lifecycle';
export { docBegin, docAddField, docCommit, docAbort } from './index/add-document';
export { docRemove } from './index/remove-document';
export { snapshotPrepare, snapshotWrite, snapshotLoad } from './index/snapshot';
// One loaded index searched by every instance on a shared memory.
export { indexStateBytes, indexStateWrite, indexStateAttach } from './index/shared-state';
export { xxh32, stripedChecksum } from './util/hash';
// Search.
export { queryBegin, queryAddBool, queryAddText } from './search/query';
export {
  collectionStatsBegin, collectionStatsAverage, collectionStatsDf, collectionStatsEnd,
  queryTermsCollect, queryTermId, termBytesPtr, termBytesLength, termDf, queryCannotMatch, fieldTotalLength,
} from './search/collection-stats';
export { filterBegin, filterValuesBegin, filterValue, filterRange, facetBegin, facetCounts } from './search/filter';
export { highlightBegin, highlightMatches } from './search/highlight';
export { valueRegister, docKeyword, docNumber } from './index/doc-values';
export { searchRun, searchTotal, searchTotalExact, searchResultDocs, searchResultScores, searchWork } from './search/results';
// Aggregation: near-duplicate signatures and grouping, content hashes.
export { minhashSignatures, minhashMatches, nearDuplicateGroups, textHashes } from './aggregate/minhash';
export { fusedOrder } from './aggregate/fused-order';
// Metrics.
export { histCreate, histDestroy, histBucketCount, histMaxValue, histRecord, histCount, histSum, histMin, histMax, histPercentile, histCumulative, histMerge, histReset } from './metrics/histogram';
