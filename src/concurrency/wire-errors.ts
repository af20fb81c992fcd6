// Errors cross the worker boundary as plain records and come back as the same typed classes,
// so `pool.search` throws exactly what `Index.search` would.
import { FilterError, MemoryLimitError, SnapshotError, KernelError, type SnapshotProblem } from '../errors.js';
import { QueryError } from '../search/query-language.js';

export interface WireError {
  name: string;
  message: string;
  code?: string;
  field?: string;
  path?: string;
  limitBytes?: number;
}

export function toWire(error: unknown): WireError {
  if (!(error instanceof Error)) return { name: 'Error', message: String(error) };
  const e = error as Error & Partial<WireError>;
  return { name: e.name, message: e.message, code: e.code, field: e.field, path: e.path, limitBytes: e.limitBytes };
}

export function fromWire(wire: WireError): Error {
  let error: Error;
  switch (wire.name) {
    case 'QueryError': error = new QueryError(wire.path ?? 'query', ''); break;
    case 'FilterError': error = new FilterError(wire.message, wire.field ?? ''); break;
    case 'MemoryLimitError': error = new MemoryLimitError(wire.limitBytes ?? 0, ''); break;
    case 'SnapshotError': error = new SnapshotError((wire.code ?? 'CORRUPT') as SnapshotProblem, ''); break;
    case 'KernelError': error = new KernelError(wire.message); break;
    case 'TypeError': error = new TypeError(wire.message); break;
    case 'RangeError': error = new RangeError(wire.message); break;
    default: error = new Error(wire.message); error.name = wire.name;
  }
  error.message = wire.message; // the original text, not the constructor's rebuilt one
  return error;
}
