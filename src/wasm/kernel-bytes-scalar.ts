// The scalar kernel module's bytes, inlined (esbuild's binary loader). Its own module, imported
// only when an instance of this flavour is first compiled: a worker that never uses it does
// not hold the inlined bytes (several MB of strings and copies per worker thread otherwise).
import bytes from '../../build/synthex-scalar.wasm';

export default bytes;
