// esbuild's binary loader turns an imported file into its bytes: a kernel module, deflated by
// scripts/build.mjs (build/synthex-<flavour>.wasm.deflate).
declare module '*.wasm.deflate' {
  const bytes: Uint8Array<ArrayBuffer>;
  export default bytes;
}
