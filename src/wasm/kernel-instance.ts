// One kernel instance: its exports, its memory, and views that follow memory growth.
import { KernelError, MemoryLimitError } from '../errors.js';
import type { KernelExports } from './kernel-exports.js';

const SCRATCH_BYTES = 256;
/** Input buffers above this are released after use so one huge document does not pin memory. */
const KEEP_INPUT_BYTES = 1 << 22;
const encoder = new TextEncoder();
/** Texts up to this many UTF-16 units are tried as ASCII first (see writeText). */
const SHORT_TEXT = 64;

export class KernelInstance {
  readonly maxBytes: number;
  /** A small block for passing records (stats, small results) across the boundary. */
  readonly scratch: number;
  private buffer: ArrayBuffer | undefined;
  private input = 0;
  private inputCapacity = 0;
  private u8View: Uint8Array = new Uint8Array(0);
  private u32View = new Uint32Array(0);
  private f64View = new Float64Array(0);
  private inputView: Uint8Array = new Uint8Array(0);

  constructor(
    readonly kernels: KernelExports,
    readonly memory: WebAssembly.Memory,
    readonly maxPages: number,
    readonly flavour: 'simd' | 'scalar' | 'threads',
  ) {
    this.maxBytes = maxPages * 65536;
    this.scratch = kernels.heapAlloc(SCRATCH_BYTES);
    if (!this.scratch) throw new MemoryLimitError(this.maxBytes, 'kernel instance');
  }

  /**
   * Memory.grow detaches the old buffer, so views are re-derived whenever it changed. A detached
   * view has length 0, which tells without asking the memory for its buffer (a call into the
   * engine, on every search); a shared memory's old buffer stays attached at its old size, so
   * the threads flavour always asks.
   */
  private refresh(): void {
    if (this.u8View.length !== 0 && this.flavour !== 'threads') return;
    const buffer = this.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.u8View = new Uint8Array(buffer);
      this.u32View = new Uint32Array(buffer);
      this.f64View = new Float64Array(buffer);
      this.inputView = this.input ? this.u8View.subarray(this.input, this.input + this.inputCapacity) : new Uint8Array(0);
    }
  }

  get u8(): Uint8Array {
    this.refresh();
    return this.u8View;
  }

  get u32(): Uint32Array {
    this.refresh();
    return this.u32View;
  }

  get f64(): Float64Array {
    this.refresh();
    return this.f64View;
  }

  /**
   * Bytes [start, end) as a view, or as a copy when memory is shared (TextDecoder refuses
   * views of shared memory).
   */
  bytes(start: number, end: number): Uint8Array {
    return this.flavour === 'threads' ? this.u8.slice(start, end) : this.u8.subarray(start, end);
  }

  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /**
   * Encodes `text` as UTF-8 straight into linear memory (one copy) and returns [address, bytes].
   * The block stays valid until the next writeText or releaseInput.
   */
  writeText(text: string, what: string): [number, number] {
    const needed = text.length * 3 + 8;
    if (needed > this.inputCapacity) {
      if (this.input) this.kernels.heapFree(this.input);
      this.input = 0;
      this.inputCapacity = 0;
      const ptr = this.kernels.heapAlloc(Math.max(needed, 4096)) >>> 0;
      if (!ptr) throw this.limitError(what);
      this.input = ptr;
      this.inputCapacity = Math.max(needed, 4096);
      this.inputView = this.u8.subarray(ptr, ptr + this.inputCapacity);
    }
    this.refresh();
    const view = this.inputView;
    const shared = this.flavour === 'threads';
    if (shared || text.length <= SHORT_TEXT) {
      // ASCII is copied here: for short text encodeInto's call costs more than the loop, and
      // on shared memory (where browsers refuse encodeInto) it spares encode's allocation.
      let i = 0;
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c >= 0x80) break;
        view[i] = c;
      }
      if (i === text.length) return [this.input, i];
    }
    if (shared) {
      const encoded = encoder.encode(text);
      view.set(encoded);
      return [this.input, encoded.length];
    }
    const { written } = encoder.encodeInto(text, view);
    return [this.input, written];
  }

  /** Frees a large input block (small ones are kept for reuse). */
  releaseInput(): void {
    if (this.inputCapacity > KEEP_INPUT_BYTES) {
      this.kernels.heapFree(this.input);
      this.input = 0;
      this.inputCapacity = 0;
      this.inputView = new Uint8Array(0);
    }
  }

  /** Reads `count` f64 values written by a kernel at the scratch block. */
  readScratchF64(count: number): Float64Array {
    const start = this.scratch >>> 3;
    return this.f64.slice(start, start + count);
  }

  limitError(what: string): MemoryLimitError {
    return new MemoryLimitError(this.maxBytes, what);
  }

  /** AssemblyScript strings: UTF-16 code units, byte length stored just before the pointer. */
  private readString(ptr: number): string {
    if (!ptr) return '';
    const u8 = this.u8;
    const bytes = new DataView(u8.buffer).getUint32(ptr - 4, true);
    return String.fromCharCode(...new Uint16Array(u8.buffer.slice(ptr, ptr + bytes)));
  }

  abortError(message: number, file: number, line: number, column: number): KernelError {
    return new KernelError(`kernel abort: ${this.readString(message)} at ${this.readString(file)}:${line}:${column}`);
  }
}

/**
 * Instantiates a kernel module on `memory` with the imports every flavour expects (the memory,
 * and `abort` raised as a KernelError). `prepare` sees the raw exports before they are wrapped.
 */
export async function instantiateKernelModule(
  module: WebAssembly.Module, memory: WebAssembly.Memory, maxPages: number, flavour: KernelInstance['flavour'],
  prepare?: (exports: any) => void,
): Promise<KernelInstance> {
  let wrapped: KernelInstance | undefined;
  const imports = {
    env: {
      memory,
      abort: (message: number, file: number, line: number, column: number) => {
        throw wrapped!.abortError(message, file, line, column);
      },
    },
  };
  // A compiled module instantiates quickly, so outside a page's main thread (where older Chrome
  // refused synchronous instantiation) it is done at once: the promise of WebAssembly.instantiate
  // resolved 5-36 ms late in a pool worker busy with queries, delaying every reload under load.
  const instance = typeof (globalThis as { document?: unknown }).document === 'undefined'
    ? new WebAssembly.Instance(module, imports)
    : await WebAssembly.instantiate(module, imports);
  prepare?.(instance.exports);
  wrapped = new KernelInstance(instance.exports as any, memory, maxPages, flavour);
  return wrapped;
}
