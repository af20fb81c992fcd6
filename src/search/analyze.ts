// Running the kernel tokenizer on a string: used by Index.analyze (and highlighting later).
import type { KernelInstance } from '../wasm/kernel-instance.js';

export const TOKEN_STEM = 1;
export const TOKEN_STOP = 2;
const RECORD_BYTES = 20;
const decoder = new TextDecoder();

export function tokenFlagsFor(language: 'en' | 'none'): number {
  return language === 'en' ? TOKEN_STEM | TOKEN_STOP : 0;
}

export interface AnalyzedToken {
  term: string;
  position: number;
  /** UTF-16 offsets of the original word in the text. */
  start: number;
  end: number;
}

export function analyzeText(wasm: KernelInstance, text: string, flags: number): AnalyzedToken[] {
  const k = wasm.kernels;
  const [src, len] = wasm.writeText(text, 'analyze');
  const maxTokens = len + 1;
  const termCap = 3 * len + 64;
  const records = k.heapAlloc(maxTokens * RECORD_BYTES) >>> 0;
  const terms = records ? k.heapAlloc(termCap) >>> 0 : 0;
  try {
    if (!records || !terms) throw wasm.limitError('analyze');
    const count = k.tokenize(src, len, flags, records, maxTokens, terms, termCap);
    const view = new DataView(wasm.memory.buffer);
    const tokens: AnalyzedToken[] = [];
    for (let i = 0; i < count; i++) {
      const at = records + i * RECORD_BYTES;
      const offset = view.getUint32(at, true);
      const length = view.getUint32(at + 4, true);
      tokens.push({
        term: decoder.decode(wasm.bytes(terms + offset, terms + offset + length)),
        position: view.getUint32(at + 8, true),
        start: view.getUint32(at + 12, true),
        end: view.getUint32(at + 16, true),
      });
    }
    return tokens;
  } finally {
    if (records) k.heapFree(records);
    if (terms) k.heapFree(terms);
    wasm.releaseInput();
  }
}
