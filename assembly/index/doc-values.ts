// Filter values of documents: keyword values (ids the host assigns per distinct value) with a
// doc list per value for filtering and the values of each doc for facet counts; number fields
// as one f64 per doc (NaN when absent). Doc lists only grow: doc numbers ascend and deleted
// docs are masked by the live bitset.
import { Buffer, bufferNew, bufferReserve } from '../util/buffer';

export const MAX_NUMBER_FIELDS: u32 = 16;
export let numberFieldCount: u32 = 0;
export let valueLists: Buffer = changetype<Buffer>(0);   // per value id: pointer to a Buffer of u32 docs
export let valueFields: Buffer = changetype<Buffer>(0);  // per value id: its keyword field
export let docValueStarts: Buffer = changetype<Buffer>(0); // per doc: start in docValues (u32)
export let docValues: Buffer = changetype<Buffer>(0);      // value ids of every doc, in doc order
const numbers = heapScratch(<i32>(MAX_NUMBER_FIELDS * 4)); // per number field: Buffer of f64 per doc
let staged: Buffer = changetype<Buffer>(0);
const stagedNumbers = heapScratch(<i32>(MAX_NUMBER_FIELDS * 8));

@inline export function numberColumn(field: u32): Buffer { return changetype<Buffer>(load<u32>(numbers + (field << 2))); }
@inline export function valueCount(): u32 { return <u32>(valueLists.length >> 2); }
@inline export function valueList(value: u32): Buffer { return changetype<Buffer>(load<u32>(valueLists.data + (<usize>value << 2))); }

export function docValuesInit(numberFields: u32): bool {
  if (numberFields > MAX_NUMBER_FIELDS) return false;
  numberFieldCount = numberFields;
  valueLists = bufferNew(); valueFields = bufferNew(); docValueStarts = bufferNew(); docValues = bufferNew(); staged = bufferNew();
  if (!changetype<usize>(valueLists) || !changetype<usize>(valueFields) || !changetype<usize>(docValueStarts)
    || !changetype<usize>(docValues) || !changetype<usize>(staged)) return false;
  for (let f: u32 = 0; f < numberFields; f++) {
    const column = bufferNew();
    if (!changetype<usize>(column)) return false;
    store<u32>(numbers + (f << 2), changetype<usize>(column));
  }
  return true;
}

/** Registers value ids up to `value` (inclusive) for keyword `field`; false on no memory. */
export function valueRegister(value: u32, field: u32): bool {
  while (valueCount() <= value) {
    if (!bufferReserve(valueLists, 4) || !bufferReserve(valueFields, 4)) return false;
    const list = bufferNew();
    if (!changetype<usize>(list)) return false;
    store<u32>(valueLists.data + valueLists.length, changetype<usize>(list));
    store<u32>(valueFields.data + valueFields.length, field);
    valueLists.length += 4;
    valueFields.length += 4;
  }
  return true;
}

export function docValuesBegin(): void {
  staged.length = 0;
  for (let f: u32 = 0; f < MAX_NUMBER_FIELDS; f++) store<f64>(stagedNumbers + (f << 3), NaN);
}

/** Stages a keyword value (registered id) for the doc being added; false on no memory. */
export function docKeyword(value: u32): bool {
  if (value >= valueCount() || !bufferReserve(staged, 4)) return false;
  store<u32>(staged.data + staged.length, value);
  staged.length += 4;
  return true;
}

export function docNumber(field: u32, value: f64): void {
  if (field < numberFieldCount) store<f64>(stagedNumbers + (field << 3), value);
}

/** Reserves room to commit the staged values; false (nothing changed) on no memory. */
export function docValuesReserve(): bool {
  if (!bufferReserve(docValueStarts, 4) || !bufferReserve(docValues, staged.length)) return false;
  for (let i: usize = 0; i < staged.length; i += 4) {
    if (!bufferReserve(valueList(load<u32>(staged.data + i)), 4)) return false;
  }
  for (let f: u32 = 0; f < numberFieldCount; f++) if (!bufferReserve(numberColumn(f), 8)) return false;
  return true;
}

/** Commits the staged values for `doc` (room reserved by docValuesReserve). */
export function docValuesCommit(doc: u32): void {
  store<u32>(docValueStarts.data + docValueStarts.length, <u32>(docValues.length >> 2));
  docValueStarts.length += 4;
  for (let i: usize = 0; i < staged.length; i += 4) {
    const value = load<u32>(staged.data + i);
    const list = valueList(value);
    // A value given twice for one doc is listed once.
    if (list.length && load<u32>(list.data + list.length - 4) == doc) continue;
    store<u32>(list.data + list.length, doc);
    list.length += 4;
    store<u32>(docValues.data + docValues.length, value);
    docValues.length += 4;
  }
  for (let f: u32 = 0; f < numberFieldCount; f++) {
    const column = numberColumn(f);
    store<f64>(column.data + column.length, load<f64>(stagedNumbers + (f << 3)));
    column.length += 8;
  }
}

/** Value ids of `doc`: [start, end) in docValues. */
@inline export function docValuesStart(doc: u32): u32 { return load<u32>(docValueStarts.data + (<usize>doc << 2)); }
export function docValuesEnd(doc: u32): u32 {
  return (<usize>doc + 1) << 2 < docValueStarts.length ? load<u32>(docValueStarts.data + ((<usize>doc + 1) << 2)) : <u32>(docValues.length >> 2);
}

export function docValuesBytes(): usize {
  let bytes = valueLists.capacity + valueFields.capacity + docValueStarts.capacity + docValues.capacity;
  for (let v: u32 = 0; v < valueCount(); v++) bytes += valueList(v).capacity + 12;
  for (let f: u32 = 0; f < numberFieldCount; f++) bytes += numberColumn(f).capacity;
  return bytes;
}

/** Replaces all doc values (snapshot load): lists are rebuilt from each doc's values. */
export function docValuesAdoptFrom(docs: u32, starts: usize, values: usize, valueTotal: u32, fields: usize, valueIds: u32, columns: usize): bool {
  for (let v: u32 = 0; v < valueIds; v++) if (!valueRegister(v, load<u32>(fields + (<usize>v << 2)))) return false;
  if (!bufferReserve(docValueStarts, <usize>docs << 2) || !bufferReserve(docValues, <usize>valueTotal << 2)) return false;
  memory.copy(docValueStarts.data, starts, <usize>docs << 2);
  docValueStarts.length = <usize>docs << 2;
  memory.copy(docValues.data, values, <usize>valueTotal << 2);
  docValues.length = <usize>valueTotal << 2;
  for (let d: u32 = 0; d < docs; d++) {
    for (let i = docValuesStart(d); i < docValuesEnd(d); i++) {
      const list = valueList(load<u32>(docValues.data + (<usize>i << 2)));
      if (!bufferReserve(list, 4)) return false;
      store<u32>(list.data + list.length, d);
      list.length += 4;
    }
  }
  for (let f: u32 = 0; f < numberFieldCount; f++) {
    const column = numberColumn(f);
    if (!bufferReserve(column, <usize>docs << 3)) return false;
    memory.copy(column.data, columns + <usize>f * docs * 8, <usize>docs << 3);
    column.length = <usize>docs << 3;
  }
  return true;
}


/** Writes the doc values' state (5 u32, then MAX_NUMBER_FIELDS column pointers at +20) at `out`. */
export function docValuesShare(out: usize): void {
  store<u32>(out, numberFieldCount);
  store<u32>(out, changetype<usize>(valueLists), 4);
  store<u32>(out, changetype<usize>(valueFields), 8);
  store<u32>(out, changetype<usize>(docValueStarts), 12);
  store<u32>(out, changetype<usize>(docValues), 16);
  memory.copy(out + 20, numbers, MAX_NUMBER_FIELDS * 4);
}

/** Points this instance's doc values at another instance's (read-only from here on). */
export function docValuesAttach(from: usize): void {
  numberFieldCount = load<u32>(from);
  valueLists = changetype<Buffer>(<usize>load<u32>(from, 4));
  valueFields = changetype<Buffer>(<usize>load<u32>(from, 8));
  docValueStarts = changetype<Buffer>(<usize>load<u32>(from, 12));
  docValues = changetype<Buffer>(<usize>load<u32>(from, 16));
  memory.copy(numbers, from + 20, MAX_NUMBER_FIELDS * 4);
}
