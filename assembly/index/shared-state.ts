// One index loaded into a shared memory, searched by many instances: the loading instance
// writes a small record of its index state (configuration, and pointers to the dictionary,
// documents, segments and doc values it built), and every other instance on the same memory
// attaches to it — its globals point at those structures instead of at a copy of its own.
// An attached instance only searches: nothing it does writes to the shared structures (query
// scratch, top-k, list records and results are its own), so any number can search at once.
//
// Record layout (8-aligned): config at 0 (fieldCount, tokenFlags, k1, b, 16 boosts), dictionary
// at 80, segments at 108, doc values at 124, pendingBase at 208, documents at 216, segment term
// tables after them.
import { configure, setFieldBoost, fieldCount, tokenFlags, k1, b, fieldBoost, MAX_FIELDS } from './config';
import { dictionaryShare, dictionaryAttach } from './dictionary';
import { documentsShare, documentsAttach, docCount } from './documents';
import { segmentsShare, segmentsAttach } from './segments';
import { docValuesShare, docValuesAttach } from './doc-values';
import { pendingDocCount, pendingReset } from './pending';
import { segmentTermsShare, segmentTermsAttach, SLOTS_BYTES } from './segment-terms';

const DICTIONARY: usize = 80;
const SEGMENTS: usize = 108;
const DOC_VALUES: usize = 124;
const PENDING: usize = 208;
const DOCUMENTS: usize = 216;
const TERM_TABLES: usize = DOCUMENTS + 16 + MAX_FIELDS * 8;
/** Bytes of the record. */
export const INDEX_STATE_BYTES: usize = TERM_TABLES + SLOTS_BYTES;

export function indexStateBytes(): usize { return INDEX_STATE_BYTES; }

/** Writes this instance's index state at `out`; false while documents are pending (flush first). */
export function indexStateWrite(out: usize): bool {
  if (pendingDocCount()) return false;
  store<u32>(out, fieldCount);
  store<u32>(out, tokenFlags, 4);
  store<f32>(out, k1, 8);
  store<f32>(out, b, 12);
  for (let f: u32 = 0; f < MAX_FIELDS; f++) store<f32>(out + 16 + (f << 2), fieldBoost(f));
  dictionaryShare(out + DICTIONARY);
  segmentsShare(out + SEGMENTS);
  docValuesShare(out + DOC_VALUES);
  store<u32>(out + PENDING, docCount);
  documentsShare(out + DOCUMENTS);
  segmentTermsShare(out + TERM_TABLES);
  return true;
}

/** Makes this instance search the index whose state record is at `from`. */
export function indexStateAttach(from: usize): void {
  configure(load<u32>(from), load<u32>(from, 4), load<f32>(from, 8), load<f32>(from, 12));
  for (let f: u32 = 0; f < MAX_FIELDS; f++) setFieldBoost(f, load<f32>(from + 16 + (f << 2)));
  dictionaryAttach(from + DICTIONARY);
  segmentsAttach(from + SEGMENTS);
  docValuesAttach(from + DOC_VALUES);
  documentsAttach(from + DOCUMENTS);
  segmentTermsAttach(from + TERM_TABLES);
  pendingReset(load<u32>(from + PENDING));
}
