// The kernel modules are inlined deflated (zlib format): 38 KB instead of 82 KB each, and still
// 38 KB once the page is gzipped, where base64 of the raw bytes gzips to 47 KB.
// Compilation stays asynchronous (browsers refuse large synchronous compiles).

type Inflate = (bytes: Uint8Array) => Uint8Array;

// Node's DecompressionStream costs 40+ ms on first use (it loads the web streams machinery);
// its zlib binding inflates the same bytes in about 2 ms. Bun's and Deno's streams are quicker
// than their node:zlib, and browsers have only the stream (or, before 2023, not even that).
function nodeZlibInflate(): Inflate | undefined {
  const scope = globalThis as { Deno?: unknown; Bun?: unknown; process?: { getBuiltinModule?: (id: string) => any } };
  if (scope.Deno !== undefined || scope.Bun !== undefined) return undefined;
  return scope.process?.getBuiltinModule?.('node:zlib')?.inflateSync;
}

async function inflate(deflated: Uint8Array<ArrayBuffer>): Promise<Uint8Array | ArrayBuffer> {
  const inflateSync = nodeZlibInflate();
  if (inflateSync) return inflateSync(deflated);
  if (typeof DecompressionStream !== 'function') {
    // Safari < 16.4, Firefox < 113: a small JS inflate, in a chunk only these browsers load.
    const { inflateFallback } = await import('./inflate-fallback.js');
    return inflateFallback(deflated);
  }
  const stream = new Blob([deflated]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Response(stream).arrayBuffer();
}

/** Compiles a module from its deflated bytes. */
export async function compileInlined(deflated: Uint8Array<ArrayBuffer>): Promise<WebAssembly.Module> {
  return WebAssembly.compile(await inflate(deflated) as BufferSource);
}
