// Snapshot framing around the kernel's own bytes:
//   0  "SYNTHEX\0"          8 bytes magic
//   8  u32 format version   (2; version 1, identical but checksummed with xxh32, still loads)
//   12 u32 kernel bytes length
//   16 u32 JSON bytes length
//   20 u32 checksum of the kernel bytes (stripedChecksum: four xxh32-style streams)
//   24 u32 checksum of the JSON bytes
//   28 u32 0
//   32 kernel bytes, then JSON { config, ids, stored } (ids/stored indexed by doc number)
// Every problem is a SnapshotError with a code; nothing is trusted before it is checked.
import { SnapshotError } from '../errors.js';
import type { KernelInstance } from '../wasm/kernel-instance.js';
import { normaliseOptions, type IndexConfig } from './index-options.js';
import { tokenFlagsFor } from './analyze.js';
import type { DocumentId } from './documents.js';

const MAGIC = [0x53, 0x59, 0x4e, 0x54, 0x48, 0x45, 0x58, 0x00];
const VERSION = 2;
const XXH32_VERSION = 1;
const HEADER = 32;
const SEED = 0x51ab;
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const KERNEL_PROBLEMS: Record<number, [SnapshotError['code'], string]> = {
  1: ['FOREIGN', 'index section has the wrong magic'],
  2: ['UNSUPPORTED_VERSION', 'index section version is not supported'],
  3: ['TRUNCATED', 'index section is truncated'],
  6: ['CORRUPT', 'index section does not fit an empty index'],
};

export interface SnapshotState {
  config: IndexConfig;
  ids: (DocumentId | null)[];
  stored: (Record<string, unknown> | null)[];
  /** Keyword filter values by id: [keyword field index, value]. */
  values: [number, string][];
}

function checksum(wasm: KernelInstance, ptr: number, len: number, version = VERSION): number {
  const sum = version === XXH32_VERSION ? wasm.kernels.xxh32(ptr, len, SEED) : wasm.kernels.stripedChecksum(ptr, len, SEED);
  return sum >>> 0;
}

export function encodeSnapshot(wasm: KernelInstance, kernelBytes: Uint8Array, state: SnapshotState): Uint8Array {
  const kernelSum = checksum(wasm, kernelBytes.byteOffset, kernelBytes.length);
  const json = encoder.encode(JSON.stringify(state));
  const out = new Uint8Array(HEADER + kernelBytes.length + json.length);
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(8, VERSION, true);
  view.setUint32(12, kernelBytes.length, true);
  view.setUint32(16, json.length, true);
  view.setUint32(20, kernelSum, true);
  out.set(kernelBytes, HEADER);
  out.set(json, HEADER + kernelBytes.length);
  // The JSON checksum is computed in linear memory too (one kernel for both).
  const jsonPtr = wasm.kernels.heapAlloc(Math.max(json.length, 1)) >>> 0;
  if (!jsonPtr) throw wasm.limitError('Index.save');
  wasm.u8.set(json, jsonPtr);
  view.setUint32(24, checksum(wasm, jsonPtr, json.length), true);
  wasm.kernels.heapFree(jsonPtr);
  return out;
}

function validIds(value: unknown): value is (DocumentId | null)[] {
  return Array.isArray(value) && value.every((id) => id === null || (typeof id === 'string' && id.length > 0) || (typeof id === 'number' && Number.isFinite(id)));
}

/** Checks the framing, loads the kernel section into this (fresh) instance, returns host state. */
export function decodeSnapshot(wasm: KernelInstance, bytes: Uint8Array): SnapshotState {
  if (!(bytes instanceof Uint8Array)) throw new SnapshotError('NOT_BYTES', `expected a Uint8Array, got ${bytes === null ? 'null' : typeof bytes}`);
  if (bytes.length < HEADER) throw new SnapshotError(bytes.length >= 8 && !MAGIC.every((b, i) => bytes[i] === b) ? 'FOREIGN' : 'TRUNCATED', `${bytes.length} bytes is shorter than the ${HEADER}-byte header`);
  if (!MAGIC.every((b, i) => bytes[i] === b)) throw new SnapshotError('FOREIGN', 'not a synthex snapshot (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== VERSION && version !== XXH32_VERSION) throw new SnapshotError('UNSUPPORTED_VERSION', `format version ${version} is not supported (this build reads versions ${XXH32_VERSION} and ${VERSION})`);
  const kernelLength = view.getUint32(12, true);
  const jsonLength = view.getUint32(16, true);
  const expected = HEADER + kernelLength + jsonLength;
  if (bytes.length < expected) throw new SnapshotError('TRUNCATED', `expected ${expected} bytes, got ${bytes.length}`);
  if (bytes.length > expected) throw new SnapshotError('CORRUPT', `${bytes.length - expected} unexpected bytes after the end`);

  const k = wasm.kernels;
  const ptr = k.heapAlloc(Math.max(kernelLength + jsonLength, 8)) >>> 0;
  if (!ptr) throw wasm.limitError('loadIndex');
  let owned = false; // once the kernel has loaded the block, its segments live in it
  try {
    wasm.u8.set(bytes.subarray(HEADER), ptr);
    if (checksum(wasm, ptr, kernelLength, version) !== view.getUint32(20, true) || checksum(wasm, ptr + kernelLength, jsonLength, version) !== view.getUint32(24, true)) {
      throw new SnapshotError('CHECKSUM', 'checksum mismatch: the bytes were damaged');
    }
    let state: SnapshotState;
    try {
      // Decoded from the instance's copy: TextDecoder refuses views of shared memory.
      state = JSON.parse(decoder.decode(wasm.bytes(ptr + kernelLength, ptr + kernelLength + jsonLength)));
    } catch {
      throw new SnapshotError('CORRUPT', 'host section is not valid JSON');
    }
    let config: IndexConfig;
    try {
      const c = state?.config ?? ({} as IndexConfig);
      config = normaliseOptions({
        fields: Object.fromEntries((c.fields ?? []).map((name, i) => [name, { boost: c.boosts?.[i] }])),
        store: c.store, language: c.language, bm25: { k1: c.k1, b: c.b }, defaultOperator: c.defaultOperator, idField: c.idField,
        filters: c.filters, typoTolerance: c.typoTolerance, cache: c.cache,
      });
    } catch (error) {
      throw new SnapshotError('CORRUPT', `host section has an invalid configuration (${(error as Error).message})`);
    }
    if (!k.indexInit(config.fields.length, tokenFlagsFor(config.language), config.k1, config.b, Object.values(config.filters).filter((kind) => kind === 'number').length)) throw wasm.limitError('loadIndex');
    const code = k.snapshotLoad(ptr, ptr, kernelLength);
    owned = code === 0;
    if (code === 5) throw wasm.limitError('loadIndex');
    if (code !== 0) {
      const [problem, message] = KERNEL_PROBLEMS[code] ?? ['CORRUPT', `index section is inconsistent (check ${code - 1000})`];
      throw new SnapshotError(problem, message);
    }
    const docs = k.indexDocCount();
    if (!validIds(state.ids) || state.ids.length !== docs || !Array.isArray(state.stored) || state.stored.length !== docs) {
      throw new SnapshotError('CORRUPT', 'host section does not match the index section');
    }
    const seen = new Set<DocumentId>();
    for (let doc = 0; doc < docs; doc++) {
      const id = state.ids[doc];
      if ((id !== null) !== (k.indexIsLive(doc) === 1) || (id !== null && seen.has(id))) {
        throw new SnapshotError('CORRUPT', 'host section ids do not match the live documents');
      }
      if (id !== null) seen.add(id);
    }
    const keywordCount = Object.values(config.filters).filter((kind) => kind === 'keyword').length;
    const values = state.values ?? [];
    if (!Array.isArray(values) || values.length !== k.indexValueCount() || values.some((v) => !Array.isArray(v) || !Number.isInteger(v[0]) || v[0] < 0 || v[0] >= keywordCount || typeof v[1] !== 'string')) {
      throw new SnapshotError('CORRUPT', 'host section has invalid filter values');
    }
    return { config, ids: state.ids, stored: state.stored, values };
  } finally {
    if (!owned) k.heapFree(ptr);
  }
}
