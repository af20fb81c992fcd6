// Index setup, flushing and counters: the small surface the host calls around the kernels.
import { configure, setFieldBoost, MAX_FIELDS } from './config';
import { dictionaryInit, termCount } from './dictionary';
import { documentsInit, docCount, liveCount, isLive } from './documents';
import { pendingInit, pendingDocCount } from './pending';
import { segmentsInit, segmentCount } from './segments';
import { addDocumentInit } from './add-document';
import { flushPending } from './flush';
import { applyMergePolicy } from './merge';
import { docValuesInit, valueCount } from './doc-values';

/** Prepares an empty index; false when memory cannot grow. */
export function indexInit(fields: u32, flags: u32, k1: f32, b: f32, numberFields: u32): bool {
  if (fields == 0 || fields > MAX_FIELDS) return false;
  configure(fields, flags, k1, b);
  return dictionaryInit() && documentsInit() && pendingInit() && segmentsInit() && addDocumentInit() && docValuesInit(numberFields);
}

export function indexSetFieldBoost(field: u32, boost: f32): void {
  setFieldBoost(field, boost);
}

/** Flushes pending documents into a segment and applies the merge policy; false on no memory. */
export function indexFlush(): bool {
  if (pendingDocCount() && !flushPending()) return false;
  return applyMergePolicy();
}

export function indexDocCount(): u32 { return docCount; }
export function indexLiveCount(): u32 { return liveCount; }
export function indexTermCount(): u32 { return termCount; }
export function indexSegmentCount(): u32 { return segmentCount(); }
export function indexPendingCount(): u32 { return pendingDocCount(); }
export function indexIsLive(doc: u32): bool { return doc < docCount && isLive(doc); }
export function indexValueCount(): u32 { return valueCount(); }
