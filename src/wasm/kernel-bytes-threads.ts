// The threads kernel module, deflated by scripts/build.mjs and inlined (esbuild's binary loader).
// Its own module, imported only when an instance of this flavour is first compiled: a worker
// that never uses it does not hold the inlined bytes.
import bytes from '../../build/synthex-threads.wasm.deflate';

export default bytes;
