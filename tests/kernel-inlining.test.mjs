// The kernels ship deflated inside the bundle: each flavour's chunk must hold exactly the module
// that asc built (inflated here with this runtime's own DecompressionStream, as the loader does),
// packed to well under half its size.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync, constants } from 'node:zlib';
import { compileInlined, inflateFallback } from '../dist/internal.js';
import { seededRandom } from './helpers/random.mjs';

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

// The JS inflate for runtimes without DecompressionStream: exact on every kernel and on every
// block type, and refuses damaged input with an error instead of returning wrong bytes.
test('inflateFallback gives back each kernel exactly', async () => {
  for (const flavour of ['simd', 'scalar', 'threads']) {
    const chunk = readdirSync('dist/chunks').find((name) => name.startsWith(`kernel-bytes-${flavour}-`));
    const { default: deflated } = await import(pathToFileURL(resolve('dist/chunks', chunk)).href);
    const module = new Uint8Array(readFileSync(`build/synthex-${flavour}.wasm`));
    const inflated = inflateFallback(deflated);
    assert.is(inflated.length, module.length, flavour);
    assert.ok(inflated.every((byte, i) => byte === module[i]), `${flavour}: inflated bytes differ`);
  }
});

test('inflateFallback handles stored, fixed and dynamic blocks, empty and long inputs', () => {
  const random = seededRandom(11);
  const text = new TextEncoder().encode('lift and drag of a swept wing; '.repeat(3000));
  const noise = Uint8Array.from({ length: 200_000 }, () => Math.floor(random() * 256));
  const cases = [
    [new Uint8Array(0), {}],
    [text, { level: 0 }], // stored blocks (several: 64 KB each at most)
    [text, { strategy: constants.Z_FIXED }],
    [text, { level: 9 }],
    [noise, { level: 9 }], // incompressible: stored or near-literal blocks
    [new Uint8Array(300_000).fill(7), { level: 9 }], // long runs of distance-1 copies
  ];
  for (const [input, options] of cases) {
    const inflated = inflateFallback(new Uint8Array(deflateSync(input, options)));
    assert.is(inflated.length, input.length, JSON.stringify(options));
    assert.ok(inflated.every((byte, i) => byte === input[i]), `${JSON.stringify(options)}: bytes differ`);
  }
});

test('inflateFallback refuses truncated, flipped, mis-headed and mis-checksummed streams', () => {
  const good = new Uint8Array(deflateSync(new TextEncoder().encode('boundary layer transition '.repeat(500)), { level: 9 }));
  const flipped = good.slice();
  flipped[good.length >> 1] ^= 0x55;
  const badSum = good.slice();
  badSum[badSum.length - 1] ^= 1;
  const badHeader = good.slice();
  badHeader[1] ^= 1;
  const broken = { truncated: good.slice(0, good.length - 9), flipped, badSum, badHeader, tiny: good.slice(0, 3), empty: new Uint8Array(0) };
  for (const [name, bytes] of Object.entries(broken)) {
    assert.throws(() => inflateFallback(bytes), /corrupt/, name);
  }
});

test.run();
