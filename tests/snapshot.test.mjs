// Snapshots: exact round trips, and damaged bytes always give a SnapshotError naming the
// problem — never a crash, a hang, or an index that answers differently.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createIndex, loadIndex, SnapshotError, setWasmFlavour, runtimeSupportsSimd } from '../dist/index.js';
import { instantiateKernels } from '../dist/internal.js';
import { cranfield } from './helpers/cranfield.mjs';
import { seededRandom } from './helpers/random.mjs';

const FIELDS = { title: { boost: 1.5 }, text: {} };

async function cranfieldIndex() {
  const { docs, queries } = await cranfield();
  const index = await createIndex({ fields: FIELDS, store: ['title', 'author'] });
  index.addAll(docs);
  return { index, docs, queries };
}

const answers = (index, queries) => queries.map((q) => index.search(q.text, { limit: 20 }));

test('save → load answers every query identically, without re-indexing', async () => {
  const { index, docs, queries } = await cranfieldIndex();
  for (const doc of docs.slice(0, 150)) index.remove(doc.id);
  index.update({ ...docs[500], text: 'replaced text about zorblax inlets' });
  const bytes = index.save();
  assert.ok(bytes instanceof Uint8Array && bytes.length > 1000);
  const loaded = await loadIndex(bytes);
  const strip = (results) => results.map(({ hits, total }) => ({ hits, total }));
  assert.equal(strip(answers(loaded, queries)), strip(answers(index, queries)));
  assert.equal(loaded.stats().docs, index.stats().docs);
  assert.equal(loaded.stats().terms, index.stats().terms);
  assert.ok(!loaded.has(docs[0].id) && loaded.has(docs[500].id));
  // The loaded index keeps working as an index.
  loaded.add({ id: 'new', title: 'fresh', text: 'zorblax inlets again' });
  assert.is(loaded.search('zorblax').total, 2);
  const again = await loadIndex(loaded.save());
  assert.is(again.search('zorblax').total, 2);
  assert.equal(again.save(), loaded.save(), 'saving is deterministic');
});

test('a loaded index keeps its segments in the snapshot block until merges replace them', async () => {
  const { docs, queries } = await cranfield();
  const built = await createIndex({ fields: FIELDS });
  docs.slice(0, 700).forEach((doc, i) => { built.add(doc); if (i % 100 === 99) built.search('flow'); });
  const loaded = await loadIndex(built.save());
  assert.ok(loaded.stats().segments >= 7, `${loaded.stats().segments} segments loaded`);
  // Many small flushes make the merge policy merge the borrowed segments away.
  docs.slice(700).forEach((doc, i) => { loaded.add(doc); built.add(doc); if (i % 10 === 0) { loaded.search('wing'); built.search('wing'); } });
  for (const doc of docs.slice(0, 300)) { loaded.remove(doc.id); built.remove(doc.id); }
  const strip = (results) => results.map(({ hits, total }) => ({ hits, total }));
  assert.equal(strip(answers(loaded, queries)), strip(answers(built, queries)));
  const again = await loadIndex(loaded.save());
  assert.equal(strip(answers(again, queries)), strip(answers(built, queries)));
});

test('an empty index round-trips', async () => {
  const index = await createIndex({ fields: ['text'] });
  const loaded = await loadIndex(index.save());
  assert.is(loaded.search('anything').total, 0);
  loaded.add({ id: 1, text: 'anything at all' });
  assert.is(loaded.search('anything').total, 1);
});

function expectSnapshotError(bytes, codes, label) {
  return loadIndex(bytes).then(
    () => assert.unreachable(`${label}: loaded`),
    (error) => {
      assert.ok(error instanceof SnapshotError, `${label}: ${error}`);
      assert.ok(codes.includes(error.code), `${label}: code ${error.code}`);
    },
  );
}

test('not bytes, foreign bytes, future versions and truncations are named', async () => {
  const { index } = await cranfieldIndex();
  const bytes = index.save();
  for (const value of [null, undefined, 'SYNTHEX', [1, 2, 3], new ArrayBuffer(40)]) await expectSnapshotError(value, ['NOT_BYTES'], String(value));
  await expectSnapshotError(new Uint8Array(0), ['TRUNCATED'], 'empty');
  await expectSnapshotError(new TextEncoder().encode('{"not":"a snapshot at all, just some JSON text"}'), ['FOREIGN'], 'json');
  const future = bytes.slice();
  future[8] = 3;
  await expectSnapshotError(future, ['UNSUPPORTED_VERSION'], 'version 3');
  for (const cut of [5, 31, 32, 100, bytes.length >> 1, bytes.length - 1]) await expectSnapshotError(bytes.subarray(0, cut), ['TRUNCATED'], `cut at ${cut}`);
  const longer = new Uint8Array(bytes.length + 3);
  longer.set(bytes);
  await expectSnapshotError(longer, ['CORRUPT'], 'trailing bytes');
});

test('a version 1 snapshot (xxh32 checksums) still loads and answers the same', async () => {
  const { index, queries } = await cranfieldIndex();
  const bytes = index.save();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  assert.is(view.getUint32(8, true), 2);
  const kernelLength = view.getUint32(12, true);
  const jsonLength = view.getUint32(16, true);
  const wasm = await instantiateKernels();
  const ptr = wasm.kernels.heapAlloc(kernelLength + jsonLength) >>> 0;
  wasm.u8.set(bytes.subarray(32), ptr);
  const old = bytes.slice();
  const oldView = new DataView(old.buffer);
  oldView.setUint32(8, 1, true);
  oldView.setUint32(20, wasm.kernels.xxh32(ptr, kernelLength, 0x51ab) >>> 0, true);
  oldView.setUint32(24, wasm.kernels.xxh32(ptr + kernelLength, jsonLength, 0x51ab) >>> 0, true);
  const loaded = await loadIndex(old);
  for (const q of queries.slice(0, 25)) assert.equal(loaded.search(q.text).hits, index.search(q.text).hits);
  // The version-2 checksum does not pass for version-1 bytes, nor the reverse.
  const mixed = bytes.slice();
  new DataView(mixed.buffer).setUint32(8, 1, true);
  await expectSnapshotError(mixed, ['CHECKSUM'], 'version 1 with a version-2 checksum');
});

test('stripedChecksum: both kernel flavours agree, every byte and the length count', async () => {
  if (!runtimeSupportsSimd()) return;
  let simd, scalar;
  try {
    setWasmFlavour('simd');
    simd = await instantiateKernels();
    setWasmFlavour('scalar');
    scalar = await instantiateKernels();
  } finally {
    setWasmFlavour(undefined);
  }
  const random = seededRandom(21);
  const data = Uint8Array.from({ length: 5000 }, () => Math.floor(random() * 256));
  const at = (wasm) => { const ptr = wasm.kernels.heapAlloc(data.length + 1) >>> 0; wasm.u8.set(data, ptr); return ptr; };
  const a = at(simd), b = at(scalar);
  const seen = new Set();
  for (const len of [0, 1, 3, 4, 15, 63, 64, 65, 127, 128, 1000, 4999, 5000]) {
    const sum = simd.kernels.stripedChecksum(a, len, 0x51ab) >>> 0;
    assert.is(sum, scalar.kernels.stripedChecksum(b, len, 0x51ab) >>> 0, `length ${len}`);
    seen.add(sum);
  }
  assert.is(seen.size, 13, 'every length gives its own sum');
  for (const flip of [0, 17, 33, 63, 64, 2500, 4999]) {
    const before = simd.kernels.stripedChecksum(a, data.length, 0x51ab);
    simd.u8[a + flip] ^= 1;
    assert.not.equal(simd.kernels.stripedChecksum(a, data.length, 0x51ab), before, `flip at ${flip}`);
    simd.u8[a + flip] ^= 1;
  }
});

test('fuzz: random byte flips and cuts never load silently', async () => {
  const { index, queries } = await cranfieldIndex();
  const bytes = index.save();
  const random = seededRandom(5);
  for (let i = 0; i < 300; i++) {
    const damaged = bytes.slice(0, random() < 0.2 ? Math.floor(random() * bytes.length) : bytes.length);
    const flips = 1 + Math.floor(random() * 4);
    for (let f = 0; f < flips && damaged.length; f++) damaged[Math.floor(random() * damaged.length)] ^= 1 << Math.floor(random() * 8);
    if (damaged.length === bytes.length && damaged.every((b, j) => b === bytes[j])) continue;
    await expectSnapshotError(damaged, ['TRUNCATED', 'FOREIGN', 'UNSUPPORTED_VERSION', 'CHECKSUM', 'CORRUPT'], `variant ${i}`);
  }
  // Loading the intact bytes still works after all that.
  const loaded = await loadIndex(bytes);
  assert.equal(loaded.search(queries[0].text).hits, index.search(queries[0].text).hits);
});

test('forged damage with valid checksums is caught by structural checks or stays harmless', async () => {
  const { index, queries } = await cranfieldIndex();
  const bytes = index.save();
  const view = new DataView(bytes.buffer);
  const kernelLength = view.getUint32(12, true);
  const wasm = await instantiateKernels();
  const ptr = wasm.kernels.heapAlloc(kernelLength);
  const random = seededRandom(8);
  let refused = 0;
  for (let i = 0; i < 150; i++) {
    const forged = bytes.slice();
    // Damage the index section's structure area (header, dictionary, segment headers and keys).
    const at = 32 + Math.floor(random() * Math.min(kernelLength, 4096)) ;
    forged[at] ^= 1 + Math.floor(random() * 255);
    wasm.u8.set(forged.subarray(32, 32 + kernelLength), ptr);
    new DataView(forged.buffer).setUint32(20, wasm.kernels.stripedChecksum(ptr, kernelLength, 0x51ab) >>> 0, true);
    try {
      const loaded = await loadIndex(forged);
      for (const q of queries.slice(0, 20)) loaded.search(q.text); // must not throw or hang
    } catch (error) {
      assert.ok(error instanceof SnapshotError, String(error));
      refused++;
    }
  }
  assert.ok(refused > 50, `${refused} of 150 forged snapshots refused`);
});

test.run();
