// Host side of the near-duplicate kernels (assembly/aggregate/minhash.ts): texts are encoded
// once into one block of linear memory, the kernels sign, hash and group them in place, and
// only one u32 per text comes back. The block is freed after every call, so memory stays flat.
import { AggregationError } from '../errors.js';
import { instantiateKernels, wasmFlavour, type WasmFlavour } from '../wasm/loader.js';
import type { KernelInstance } from '../wasm/kernel-instance.js';

/** Hash functions (u32 minima) per MinHash signature: similarity is counted in 1/128 steps. */
export const MINHASH_SIZE = 128;
/** Default similarity at or above which two texts are near-duplicates. */
export const DEFAULT_NEAR_THRESHOLD = 0.85;

export interface NearDuplicateOptions {
  /**
   * Estimated Jaccard similarity of the texts' 3-word shingle sets (folded words: case, accents
   * and punctuation ignored) at or above which a text joins an earlier one. 0 < threshold ≤ 1,
   * default 0.85. The estimate is the fraction of 128 MinHash minima two signatures share.
   */
  threshold?: number;
}

const encoder = new TextEncoder();
// One shared instance per flavour: aggregation holds no state between calls.
const instances = new Map<WasmFlavour, Promise<KernelInstance>>();
// The same instances once compiled, so a warm call need not wait a turn for a settled promise.
const ready = new Map<WasmFlavour, KernelInstance>();

/** The shared kernel instance for the current flavour (compiled once, on first use). */
export function aggregationKernels(): Promise<KernelInstance> {
  const flavour = wasmFlavour();
  let instance = instances.get(flavour);
  if (!instance) {
    instance = instantiateKernels();
    instances.set(flavour, instance);
    instance.then((kernels) => ready.set(flavour, kernels), () => instances.delete(flavour));
  }
  return instance;
}

/** The shared instance for the current flavour if it is compiled already, else undefined. */
export function readyAggregationKernels(): KernelInstance | undefined {
  return ready.get(wasmFlavour());
}

export function checkThreshold(value: unknown, what: string): number {
  if (value === undefined) return DEFAULT_NEAR_THRESHOLD;
  if (typeof value !== 'number' || !(value > 0 && value <= 1)) {
    throw new AggregationError(`${what}: threshold must be a number in (0, 1], got ${String(value)}`);
  }
  return value;
}

/** Least number of equal minima (of 128) meaning similarity ≥ threshold. */
export function minimumMatches(threshold: number): number {
  return Math.max(1, Math.ceil(threshold * MINHASH_SIZE - 1e-9));
}

/**
 * Texts in linear memory: offsets (count + 1 u32, relative to `text`) followed by the UTF-8
 * bytes, with `extraBytes` of 16-aligned room for kernel output at `extra`.
 */
interface TextBlock { block: number; offsets: number; text: number; extra: number }

function writeTexts(wasm: KernelInstance, texts: readonly string[], extraBytes: number, what: string): TextBlock {
  let capacity = 0;
  for (const t of texts) capacity += t.length * 3;
  const offsetBytes = (texts.length + 1) * 4;
  const extraAt = (offsetBytes + 15) & ~15;
  const textAt = extraAt + extraBytes;
  const total = textAt + capacity + 16;
  if (total > wasm.maxBytes) throw wasm.limitError(what);
  const block = wasm.kernels.heapAlloc(total) >>> 0;
  if (!block) throw wasm.limitError(what);
  const u8 = wasm.u8;
  const offsets = new Uint32Array(u8.buffer, block, texts.length + 1);
  const text = block + textAt;
  // All texts in one encodeInto (one view, one call: per text, the views and calls cost more
  // than the encoding). When every character was one byte (ASCII), byte offsets are character
  // offsets; otherwise each text is encoded again on its own to find where it starts.
  const joined = texts.join('');
  let at = 0;
  if (encoder.encodeInto(joined, u8.subarray(text, text + capacity)).written === joined.length) {
    for (let i = 0; i < texts.length; i++) {
      offsets[i] = at;
      at += texts[i].length;
    }
  } else {
    for (let i = 0; i < texts.length; i++) {
      offsets[i] = at;
      at += encoder.encodeInto(texts[i], u8.subarray(text + at, text + capacity)).written;
    }
  }
  offsets[texts.length] = at;
  return { block, offsets: block, text, extra: block + extraAt };
}

/** MinHash signatures (128 u32 per text) and shingle counts (0: no words) of `texts`. */
export function signTexts(wasm: KernelInstance, texts: readonly string[]): { signatures: Uint32Array; shingleCounts: Uint32Array } {
  const n = texts.length;
  const b = writeTexts(wasm, texts, n * (MINHASH_SIZE + 1) * 4, 'minhash signatures');
  try {
    const signatures = b.extra;
    const counts = signatures + n * MINHASH_SIZE * 4;
    if (wasm.kernels.minhashSignatures(b.text, b.offsets, n, signatures, counts) < 0) throw wasm.limitError('minhash signatures');
    const buffer = wasm.u8.buffer;
    return {
      signatures: new Uint32Array(buffer.slice(signatures, signatures + n * MINHASH_SIZE * 4)),
      shingleCounts: new Uint32Array(buffer.slice(counts, counts + n * 4)),
    };
  } finally {
    wasm.kernels.heapFree(b.block);
  }
}

/** For each text, the index of the first (earlier or itself) text it is a near-duplicate of. */
export function groupNearDuplicates(wasm: KernelInstance, texts: readonly string[], threshold: number): Uint32Array {
  const n = texts.length;
  // Signatures, shingle counts and the group of each text, side by side.
  const b = writeTexts(wasm, texts, n * (MINHASH_SIZE + 2) * 4, 'near-duplicate detection');
  try {
    const signatures = b.extra;
    const counts = signatures + n * MINHASH_SIZE * 4;
    const groups = counts + n * 4;
    const k = wasm.kernels;
    if (k.minhashSignatures(b.text, b.offsets, n, signatures, counts) < 0) throw wasm.limitError('near-duplicate detection');
    if (k.nearDuplicateGroups(signatures, counts, n, minimumMatches(threshold), groups) < 0) throw wasm.limitError('near-duplicate detection');
    return new Uint32Array(wasm.u8.buffer.slice(groups, groups + n * 4));
  } finally {
    wasm.kernels.heapFree(b.block);
  }
}

/** xxHash32 of each text's UTF-8 bytes. */
export function hashTexts(wasm: KernelInstance, texts: readonly string[]): Uint32Array {
  const n = texts.length;
  const b = writeTexts(wasm, texts, n * 4, 'content hashing');
  try {
    wasm.kernels.textHashes(b.text, b.offsets, n, b.extra);
    return new Uint32Array(wasm.u8.buffer.slice(b.extra, b.extra + n * 4));
  } finally {
    wasm.kernels.heapFree(b.block);
  }
}

function checkTexts(texts: unknown): readonly string[] {
  if (!Array.isArray(texts)) throw new AggregationError(`nearDuplicates: expected an array of strings, got ${texts === null ? 'null' : typeof texts}`);
  for (let i = 0; i < texts.length; i++) {
    if (typeof texts[i] !== 'string') throw new AggregationError(`nearDuplicates: text ${i} is ${texts[i] === null ? 'null' : typeof texts[i]}, not a string`, undefined, i);
  }
  return texts;
}

/**
 * Groups near-duplicate texts. Returns, for each text, the index of the first text of its group:
 * texts are taken in order and each joins the first earlier group leader it is similar enough
 * to (see `threshold`), or leads a new group. Texts without words are never grouped.
 */
export async function nearDuplicates(texts: readonly string[], options: NearDuplicateOptions = {}): Promise<number[]> {
  checkTexts(texts);
  const threshold = checkThreshold(options?.threshold, 'nearDuplicates');
  if (texts.length === 0) return [];
  return Array.from(groupNearDuplicates(await aggregationKernels(), texts, threshold));
}

/** Signatures for tests: 128 minima per text and each text's shingle count. */
export async function minhashSignatures(texts: readonly string[]): Promise<{ signatures: Uint32Array; shingleCounts: Uint32Array }> {
  checkTexts(texts);
  return signTexts(await aggregationKernels(), texts);
}
