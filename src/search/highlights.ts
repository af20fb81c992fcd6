// Highlights for hits: the kernel finds which words of each stored text field the query looks
// for (UTF-16 offsets); the host picks the best snippet around them.
import type { KernelInstance } from '../wasm/kernel-instance.js';
import type { IndexConfig } from './index-options.js';
import { bestSnippet, type Snippet } from './snippet.js';

export interface FieldHighlight {
  /** UTF-16 [start, end) offsets into the stored field value: `value.slice(start, end)` is the word. */
  matches: [number, number][];
  snippet: Snippet;
}

const MAX_PAIRS = 4096;

export function highlightFields(wasm: KernelInstance, config: IndexConfig, stored: Record<string, unknown>): Record<string, FieldHighlight> {
  const k = wasm.kernels;
  const out: Record<string, FieldHighlight> = {};
  for (const name of config.store) {
    const field = config.fields.indexOf(name);
    const value = stored[name];
    if (field < 0 || typeof value !== 'string') continue;
    const [ptr, len] = wasm.writeText(value, 'highlight');
    const pairs = k.heapAlloc(MAX_PAIRS * 8) >>> 0;
    if (!pairs) throw wasm.limitError('highlight');
    try {
      const count = k.highlightMatches(field, ptr, len, pairs, MAX_PAIRS);
      if (count < 0) throw wasm.limitError('highlight');
      const view = new Uint32Array(wasm.memory.buffer, pairs, count * 2);
      const matches: [number, number][] = [];
      for (let i = 0; i < count; i++) matches.push([view[2 * i], view[2 * i + 1]]);
      out[name] = { matches, snippet: bestSnippet(value, matches) };
    } finally {
      k.heapFree(pairs);
    }
  }
  wasm.releaseInput();
  return out;
}
