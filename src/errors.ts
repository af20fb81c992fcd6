// Typed errors: every failure a caller can act on has a class and a stable `code`.

/** Linear memory reached its configured ceiling; the object that raised it stays usable. */
export class MemoryLimitError extends RangeError {
  readonly code = 'MEMORY_LIMIT';
  constructor(readonly limitBytes: number, what: string) {
    super(`${what}: WebAssembly memory limit of ${limitBytes} bytes (${limitBytes / 65536} pages) reached`);
    this.name = 'MemoryLimitError';
  }
}

/** A method was called on an object after `close()`. */
export class ClosedError extends Error {
  readonly code = 'CLOSED';
  constructor(what: string) {
    super(`${what} is closed`);
    this.name = 'ClosedError';
  }
}

/** A pool record was freed twice, or does not belong to the pool. */
export class PoolRecordError extends Error {
  constructor(readonly code: 'DOUBLE_FREE' | 'FOREIGN_RECORD', message: string) {
    super(message);
    this.name = 'PoolRecordError';
  }
}

/** A kernel aborted: a bug in synthex, reported with the kernel's own message. */
export class KernelError extends Error {
  readonly code = 'KERNEL_ABORT';
  constructor(message: string) {
    super(message);
    this.name = 'KernelError';
  }
}

/** A document was refused: missing or invalid id, or a field value of the wrong type. */
export class DocumentError extends TypeError {
  readonly code = 'INVALID_DOCUMENT';
  constructor(message: string, readonly field?: string) {
    super(message);
    this.name = 'DocumentError';
  }
}

/** `add` was given an id the index already holds (use `update` to replace). */
export class DuplicateIdError extends Error {
  readonly code = 'DUPLICATE_ID';
  constructor(readonly id: string | number) {
    super(`a document with id ${JSON.stringify(id)} is already indexed (use update() to replace it)`);
    this.name = 'DuplicateIdError';
  }
}

export type SnapshotProblem = 'NOT_BYTES' | 'TRUNCATED' | 'FOREIGN' | 'UNSUPPORTED_VERSION' | 'CHECKSUM' | 'CORRUPT';

/** Snapshot bytes that cannot be loaded; `code` says what was wrong. */
export class SnapshotError extends Error {
  constructor(readonly code: SnapshotProblem, message: string) {
    super(`snapshot: ${message}`);
    this.name = 'SnapshotError';
  }
}

/** A filter or facet request names an unknown field or gives a value of the wrong type. */
export class FilterError extends TypeError {
  readonly code = 'INVALID_FILTER';
  constructor(message: string, readonly field: string) {
    super(message);
    this.name = 'FilterError';
  }
}

/** A search pool's queue is full: the query was refused at once (backpressure). */
export class QueueFullError extends Error {
  readonly code = 'QUEUE_FULL';
  constructor(readonly maxQueue: number) {
    super(`search pool queue is full (${maxQueue} queries waiting); retry later`);
    this.name = 'QueueFullError';
  }
}

/** A pooled query did not finish within its `timeoutMs`. */
export class SearchTimeoutError extends Error {
  readonly code = 'TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`search did not finish within ${timeoutMs} ms`);
    this.name = 'SearchTimeoutError';
  }
}

/** A pool worker crashed, hung or could not start; `code` says which. */
export class WorkerError extends Error {
  constructor(readonly code: 'WORKER_CRASHED' | 'WORKER_HUNG' | 'WORKER_START', message: string) {
    super(message);
    this.name = 'WorkerError';
  }
}

/** `aggregate` or `nearDuplicates` was given malformed input; `list`/`hit` locate the culprit. */
export class AggregationError extends TypeError {
  readonly code = 'INVALID_AGGREGATION';
  constructor(message: string, readonly list?: number, readonly hit?: number) {
    super(message);
    this.name = 'AggregationError';
  }
}

/**
 * Redis could not serve a cache or snapshot operation: `UNAVAILABLE` (no connection, circuit
 * open), `TIMEOUT` (no answer in time), `SNAPSHOT_INVALID` (a published snapshot that fails its
 * checks). A search never sees it: the cache treats it as a miss.
 */
export class RedisCacheError extends Error {
  constructor(readonly code: 'UNAVAILABLE' | 'TIMEOUT' | 'SNAPSHOT_INVALID', message: string) {
    super(message);
    this.name = 'RedisCacheError';
  }
}
