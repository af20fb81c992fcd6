// The kernels ship deflated inside the bundle: each flavour's chunk must hold exactly the module
// that asc built (inflated here with this runtime's own DecompressionStream, as the loader does),
// packed to well under half its size.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compileInlined } from '../dist/internal.js';

async function inflate(bytes) {
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

for (const flavour of ['simd', 'scalar', 'threads']) {
  test(`the ${flavour} chunk inflates to build/synthex-${flavour}.wasm`, async () => {
    const chunk = readdirSync('dist/chunks').find((name) => name.startsWith(`kernel-bytes-${flavour}-`));
    assert.ok(chunk, `no kernel-bytes-${flavour} chunk in dist/chunks`);
    const { default: deflated } = await import(pathToFileURL(resolve('dist/chunks', chunk)).href);
    const module = new Uint8Array(readFileSync(`build/synthex-${flavour}.wasm`));
    assert.instance(deflated, Uint8Array);
    assert.ok(deflated.length < module.length / 2, `deflated ${deflated.length} of ${module.length} bytes`);
    const inflated = await inflate(deflated);
    assert.is(inflated.length, module.length);
    assert.ok(inflated.every((byte, i) => byte === module[i]), 'inflated bytes differ from the module');
    assert.ok(WebAssembly.validate(inflated) || flavour !== 'scalar', 'the scalar module validates everywhere');
  });
}

// Deno's DecompressionStream ends a truncated stream quietly; compiling what came out still fails.
test('a truncated or corrupted kernel is refused, never compiled', async () => {
  const chunk = readdirSync('dist/chunks').find((name) => name.startsWith('kernel-bytes-scalar-'));
  const { default: deflated } = await import(pathToFileURL(resolve('dist/chunks', chunk)).href);
  const flipped = deflated.slice();
  flipped[flipped.length >> 1] ^= 0xff;
  for (const broken of [deflated.slice(0, deflated.length >> 1), flipped, new Uint8Array(0)]) {
    let module;
    try { module = await compileInlined(broken); } catch (error) { assert.instance(error, Error); }
    assert.is(module, undefined, `${broken.length} bad bytes compiled`);
  }
  assert.instance(await compileInlined(deflated), WebAssembly.Module);
});

test.run();
