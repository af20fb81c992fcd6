// The raw kernel surface (assembly/index.ts). Pointers and sizes are byte offsets in linear memory.
export interface KernelExports {
  heapAlloc(size: number): number;
  heapAllocZeroed(size: number): number;
  heapFree(ptr: number): number;
  heapRealloc(ptr: number, size: number): number;
  heapUsedBytes(): number;
  heapLiveBlocks(): number;
  heapCheck(): number;
  /** Threads flavour: gives the instance its heap region (before `_start`). */
  heapInitRegion(start: number, size: number): number;
  /** Threads flavour: runs the start function (per-instance scratch) once the heap is set. */
  _start?(): void;
  indexStateBytes(): number;
  indexStateWrite(out: number): number;
  indexStateAttach(from: number): void;

  arenaCreate(chunkSize: number): number;
  arenaAlloc(arena: number, size: number, align: number): number;
  arenaMark(arena: number): number;
  arenaRewind(arena: number, mark: number): number;
  arenaReset(arena: number): void;
  arenaStats(arena: number, out: number): void;
  arenaDestroy(arena: number): void;

  poolCreate(recordSize: number, firstSlabCount: number): number;
  poolAlloc(pool: number): number;
  poolFree(pool: number, ptr: number): number;
  poolStats(pool: number, out: number): void;
  poolRecordSize(pool: number): number;
  poolDestroy(pool: number): void;

  simdEnabled(): number;
  xxh32(ptr: number, len: number, seed: number): number;
  stripedChecksum(ptr: number, len: number, seed: number): number;

  tokenize(src: number, len: number, flags: number, out: number, maxTokens: number, termBuf: number, termCap: number): number;

  indexInit(fields: number, flags: number, k1: number, b: number, numberFields: number): number;
  indexSetFieldBoost(field: number, boost: number): void;
  indexFlush(): number;
  indexDocCount(): number;
  indexLiveCount(): number;
  indexTermCount(): number;
  indexSegmentCount(): number;
  indexPendingCount(): number;
  indexIsLive(doc: number): number;
  indexValueCount(): number;
  docBegin(): void;
  docAddField(field: number, src: number, len: number): number;
  docCommit(): number;
  docAbort(): void;
  docRemove(doc: number): number;
  snapshotPrepare(): number;
  snapshotWrite(out: number): void;
  snapshotLoad(block: number, ptr: number, len: number): number;

  queryBegin(): void;
  queryAddBool(parent: number, occur: number, boost: number): number;
  queryAddText(parent: number, occur: number, src: number, len: number, fields: number, boost: number, mode: number, slop: number): number;
  collectionStatsBegin(docs: number): void;
  collectionStatsAverage(field: number, average: number): void;
  collectionStatsDf(ptr: number, len: number, df: number): void;
  collectionStatsEnd(): void;
  queryTermsCollect(): number;
  queryTermId(i: number): number;
  termBytesPtr(id: number): number;
  termBytesLength(id: number): number;
  termDf(id: number): number;
  queryCannotMatch(): number;
  fieldTotalLength(field: number): number;
  filterBegin(): number;
  filterValuesBegin(): number;
  filterValue(value: number): number;
  filterRange(field: number, lo: number, hi: number, flags: number): number;
  facetBegin(fields: bigint): number;
  facetCounts(): number;
  highlightBegin(): number;
  highlightMatches(field: number, src: number, len: number, out: number, maxPairs: number): number;
  valueRegister(value: number, field: number): number;
  docKeyword(value: number): number;
  docNumber(field: number, value: number): void;
  searchRun(k: number, countLimit: number): number;
  searchTotal(): number;
  searchTotalExact(): number;
  searchResultDocs(): number;
  searchResultScores(): number;
  searchWork(out: number): void;

  minhashSignatures(text: number, offsets: number, count: number, out: number, shingleCounts: number): number;
  minhashMatches(a: number, b: number, maxMismatches: number): number;
  nearDuplicateGroups(signatures: number, shingleCounts: number, count: number, minMatches: number, out: number): number;
  textHashes(text: number, offsets: number, count: number, out: number): void;
  fusedOrder(scores: number, ties: number, count: number, out: number, scratch: number): void;
  histCreate(): number;
  histDestroy(h: number): void;
  histBucketCount(): number;
  histMaxValue(): number;
  histRecord(h: number, value: number, times: number): void;
  histCount(h: number): number;
  histSum(h: number): number;
  histMin(h: number): number;
  histMax(h: number): number;
  histPercentile(h: number, p: number): number;
  histCumulative(h: number, bounds: number, n: number, out: number): void;
  histMerge(dst: number, src: number): void;
  histReset(h: number): void;
}
