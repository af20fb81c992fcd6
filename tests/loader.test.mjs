import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { isError } from './helpers/errors.mjs';
import { Arena, setWasmFlavour, wasmFlavour, runtimeSupportsSimd } from '../dist/index.js';
import { instantiateKernels } from '../dist/internal.js';

test('the chosen flavour matches what the instance was built with', async () => {
  const auto = wasmFlavour();
  assert.is(auto, runtimeSupportsSimd() ? 'simd' : 'scalar');
  const wasm = await instantiateKernels();
  assert.is(wasm.flavour, auto);
  assert.is(wasm.kernels.simdEnabled(), auto === 'simd' ? 1 : 0);
});

test('setWasmFlavour forces scalar (and simd where supported), and refuses nonsense', async () => {
  try {
    setWasmFlavour('scalar');
    const scalar = await instantiateKernels();
    assert.is(scalar.flavour, 'scalar');
    assert.is(scalar.kernels.simdEnabled(), 0);
    if (runtimeSupportsSimd()) {
      setWasmFlavour('simd');
      assert.is((await instantiateKernels()).kernels.simdEnabled(), 1);
    }
    assert.throws(() => setWasmFlavour('avx'), isError(TypeError));
  } finally {
    setWasmFlavour(undefined);
  }
});

test('every object gets its own instance and memory', async () => {
  const arenas = await Promise.all(Array.from({ length: 20 }, () => Arena.create()));
  assert.is(new Set(arenas.map((a) => a.memory)).size, 20);
  const first = arenas[0].alloc(64);
  assert.is(arenas[1].alloc(64), first, 'same layout, separate memories');
  arenas[0].bytes(first, 64).fill(9);
  assert.is(arenas[1].bytes(first, 64)[0], 0);
  arenas.forEach((a) => a.close());
});

test('maxMemoryPages sets the memory maximum', async () => {
  const wasm = await instantiateKernels({ maxMemoryPages: 40 });
  assert.is(wasm.maxBytes, 40 * 65536);
  assert.throws(() => wasm.memory.grow(41));
});

test.run();
