// A minimal module whose only function returns a v128 constant: it validates exactly when
// the runtime supports WebAssembly SIMD (Bun on x64 without AVX, old browsers: it does not).
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b, // type: () -> v128
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x0a, 0x16, 0x01, 0x14, 0x00, 0xfd, 0x0c, // code: v128.const
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0x0b,
]);

// A runtime's SIMD support cannot change while it runs: probe once (validate compiles the probe,
// and the answer is asked on every kernel-instance lookup).
let supported: boolean | undefined;

export function runtimeSupportsSimd(): boolean {
  if (supported === undefined) {
    try {
      supported = WebAssembly.validate(SIMD_PROBE);
    } catch {
      supported = false;
    }
  }
  return supported;
}
