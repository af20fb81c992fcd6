// The kernel modules are inlined deflated (zlib format): about 45 KB instead of 108 KB each, and
// still about 45 KB once the page is gzipped, where base64 of the raw bytes gzips to 60 KB.
// DecompressionStream inflates them natively in browsers, Node, Bun and Deno; compilation stays
// asynchronous (browsers refuse large synchronous compiles).

/** Compiles a module from its deflated bytes. */
export async function compileInlined(deflated: Uint8Array<ArrayBuffer>): Promise<WebAssembly.Module> {
  if (typeof DecompressionStream !== 'function') {
    throw new Error('synthex: this runtime has no DecompressionStream (browsers since 2023, Node 18+, Bun, Deno) to unpack its WebAssembly kernels');
  }
  const stream = new Blob([deflated]).stream().pipeThrough(new DecompressionStream('deflate'));
  return WebAssembly.compile(await new Response(stream).arrayBuffer());
}
