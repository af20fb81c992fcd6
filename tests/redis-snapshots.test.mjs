// Snapshot publication through Redis: a writer publishes generations (chunked, checksummed,
// announced), followers fetch, verify and swap them in; three `synthex serve --follow` readers
// all serve a write made on a `synthex serve --publish --writable` writer; a reader started later
// catches up; truncated, corrupted, missing and malformed generations are refused while the old
// one keeps serving.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Buffer } from 'node:buffer';
import { createIndex, createRedisCache, followSnapshots, publishSnapshot } from '../dist/index.js';
import { crc32 } from '../dist/internal.js';
import { cranfield } from './helpers/cranfield.mjs';
import { startServe } from './helpers/serve-process.mjs';
import { startRedis, stopAllRedis } from './helpers/redis-servers.mjs';
// Through a variable: the Chromium leg's bundler sees every test file and must not pull the
// Node-only client into the browser bundle (this file only runs on server runtimes).
const REDIS_CLIENT = '@redis/client';
const { createClient } = await import(REDIS_CLIENT);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (result) => result.hits.map((hit) => hit.id);

async function cranIndex(extra = []) {
  const { docs } = await cranfield();
  const index = await createIndex({ fields: ['title', 'text'], store: ['title'] });
  index.addAll(docs.slice(0, 600));
  index.addAll(extra);
  return index;
}
const NEW_DOC = { id: 'zeppelin-1', title: 'zeppelin airship mooring', text: 'a zeppelin airship moored to a mast in gusty wind' };

async function until(what, check, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** Writes a generation by hand, as publishSnapshot would, with `tamper` spoiling one piece. */
async function publishByHand(raw, namespace, name, bytes, tamper, chunkBytes = 16_384) {
  const tag = `{${namespace}:snapshot:${name}}`;
  const generation = await raw.incr(`${tag}:counter`);
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
  const checksum = [...digest.subarray(0, 16)].map((b) => b.toString(16).padStart(2, '0')).join('');
  const chunks = [];
  for (let at = 0, i = 0; at < bytes.length; at += chunkBytes, i++) {
    let chunk = bytes.subarray(at, at + chunkBytes);
    chunks.push(crc32(chunk));
    if (tamper === 'truncate' && i === 1) chunk = chunk.subarray(0, chunk.length - 10);
    if (tamper === 'flip' && i === 1) { chunk = chunk.slice(); chunk[7] ^= 0x10; }
    if (tamper === 'missing' && i === 1) continue;
    await raw.set(`${tag}:${generation}:chunk:${i}`, Buffer.from(chunk));
  }
  let manifest = JSON.stringify({ version: 1, name, generation, checksum, bytes: bytes.length, chunkBytes, chunks, publishedAt: Date.now() });
  if (tamper === 'manifest') manifest = manifest.slice(0, 40);
  if (tamper === 'checksum') manifest = manifest.replace(checksum, '0'.repeat(32));
  await raw.set(`${tag}:${generation}:manifest`, manifest);
  await raw.set(`${tag}:latest`, String(generation));
  await raw.publish(`${namespace}:snapshot:${name}`, JSON.stringify({ generation }));
  return generation;
}

const searchIds = async (base, q) => {
  const response = await fetch(`${base}/search?q=${encodeURIComponent(q)}`);
  if (response.status !== 200) throw new Error(`${base}: ${response.status} ${await response.text()}`);
  return (await response.json()).hits.map((hit) => hit.id);
};

test('publish, follow, swap: the follower serves each new generation; a late follower catches up', async () => {
  const server = await startRedis();
  const cache = await createRedisCache({ url: server.url, namespace: 'snap' });
  const first = await cranIndex();
  const second = await cranIndex([NEW_DOC]);
  let follower, late;
  try {
    await followSnapshots(cache, 'cran', { waitMs: 100 }).then(() => assert.unreachable(), (error) => assert.match(error.message, /nothing published/));
    const published = await publishSnapshot(cache, 'cran', first, { chunkBytes: 50_000 });
    assert.is(published.generation, 1);
    assert.ok(published.chunks.length > 2, 'chunked');
    const swaps = [];
    follower = await followSnapshots(cache, 'cran', { onSwap: (manifest) => swaps.push(manifest.generation) });
    assert.is(follower.generation, 1);
    assert.equal(ids(await follower.search('zeppelin airship')), ids(first.search('zeppelin airship')));
    assert.is((await follower.search('zeppelin airship')).hits.some((hit) => hit.id === NEW_DOC.id), false);

    // A query running while generations swap sees one whole index or the other.
    const during = [];
    let running = true;
    const load = (async () => { while (running) { during.push(ids(await follower.search('zeppelin airship'))); await sleep(1); } })();
    await publishSnapshot(cache, 'cran', second, { chunkBytes: 50_000 });
    await until('the announced generation', () => follower.generation === 2);
    running = false;
    await load;
    const allowed = [JSON.stringify(ids(first.search('zeppelin airship'))), JSON.stringify(ids(second.search('zeppelin airship')))];
    assert.ok(during.every((list) => allowed.includes(JSON.stringify(list))), 'every answer is from one generation');
    assert.equal(ids(await follower.search('zeppelin airship')), ids(second.search('zeppelin airship')));
    assert.is((await follower.search('zeppelin airship')).hits[0].id, NEW_DOC.id);
    assert.equal(swaps, [2]);

    late = await followSnapshots(cache, 'cran');
    assert.is(late.generation, 2, 'a reader started later begins at the latest generation');
    assert.is(late.checksum, follower.checksum);

    // Keep 1 older generation: publishing a third deletes the first.
    await publishSnapshot(cache, 'cran', first, { chunkBytes: 50_000 });
    await until('generation 3', () => follower.generation === 3 && late.generation === 3);
    await sleep(100);
    const raw = createClient({ url: server.url });
    await raw.connect();
    assert.is(await raw.exists('{snap:snapshot:cran}:1:manifest'), 0, 'generation 1 deleted');
    assert.is(await raw.exists('{snap:snapshot:cran}:2:manifest'), 1, 'generation 2 kept');
    await raw.destroy();
  } finally {
    follower?.close();
    late?.close();
    first.close();
    second.close();
    cache.close();
    await server.stop();
  }
});

test('truncated, corrupted, missing and malformed generations are refused; the old generation keeps serving', async () => {
  const server = await startRedis();
  const cache = await createRedisCache({ url: server.url, namespace: 'bad' });
  const raw = createClient({ url: server.url });
  raw.on('error', () => {});
  const good = await cranIndex();
  const changed = await cranIndex([NEW_DOC]);
  let follower;
  try {
    await raw.connect();
    await publishSnapshot(cache, 'cran', good);
    follower = await followSnapshots(cache, 'cran', { pollMs: 60_000 });
    const expected = ids(good.search('zeppelin airship'));
    const bytes = changed.save();
    let refused = 0;
    for (const tamper of ['truncate', 'flip', 'missing', 'manifest', 'checksum']) {
      const generation = await publishByHand(raw, 'bad', 'cran', bytes, tamper);
      await follower.check();
      await until(`${tamper} refused`, () => follower.stats().refused === refused + 1);
      refused++;
      assert.is(follower.generation, 1, `${tamper}: generation ${generation} refused`);
      assert.match(follower.stats().lastError, new RegExp(`generation ${generation}`));
      assert.equal(ids(await follower.search('zeppelin airship')), expected, `${tamper}: the old generation still answers`);
    }
    // Damage the snapshot itself but keep checksums consistent: loadIndex refuses it.
    const damaged = bytes.slice();
    damaged.fill(0xab, 100, 400);
    await publishByHand(raw, 'bad', 'cran', damaged, 'none');
    await follower.check();
    assert.is(follower.stats().refused, refused + 1);
    assert.match(follower.stats().lastError, /does not load/);
    assert.is(follower.generation, 1);
    const generation = await publishByHand(raw, 'bad', 'cran', bytes, 'none');
    await follower.check();
    assert.is(follower.generation, generation, 'an intact generation after them is taken');
    assert.is((await follower.search('zeppelin airship')).hits[0].id, NEW_DOC.id);
  } finally {
    follower?.close();
    good.close();
    changed.close();
    await raw.destroy();
    cache.close();
    await server.stop();
  }
});

test('a write on a `serve --publish --writable` writer reaches three `serve --follow` readers', async () => {
  const server = await startRedis();
  const servers = [];
  try {
    const writer = startServe(['--redis', server.url, '--publish', 'cran', '--writable']);
    servers.push(writer);
    const WRITE = await writer.url;
    const readers = [0, 1, 2].map(() => startServe(['--redis', server.url, '--follow', 'cran']));
    servers.push(...readers);
    const urls = await Promise.all(readers.map((reader) => reader.url)).catch((error) => { throw new Error(`${error.message}\nwriter: ${writer.output()}`); });
    for (const url of urls) assert.not.ok((await searchIds(url, 'zeppelin airship')).includes(NEW_DOC.id));
    const before = await searchIds(WRITE, 'wing lift');
    for (const url of urls) assert.equal(await searchIds(url, 'wing lift'), before, 'readers serve the writer\'s index');

    const response = await fetch(`${WRITE}/documents`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify([{ ...NEW_DOC, author: 'x' }]) });
    assert.is(response.status, 200, await response.clone().text());
    await response.text();
    assert.is((await searchIds(WRITE, 'zeppelin airship'))[0], NEW_DOC.id, 'the writer serves its change');
    await Promise.all(urls.map((url) => until(`${url} to serve the new generation`, async () => (await searchIds(url, 'zeppelin airship'))[0] === NEW_DOC.id)));
    for (const url of urls) {
      const stats = await (await fetch(`${url}/stats`)).json();
      assert.is(stats.pool.generation, 2, 'each reader swapped to generation 2');
      assert.is(stats.pool.refused, 0);
    }
    // A reader started now catches up at once.
    const late = startServe(['--redis', server.url, '--follow', 'cran']);
    servers.push(late);
    assert.is((await searchIds(await late.url, 'zeppelin airship'))[0], NEW_DOC.id);
    const metrics = await (await fetch(`${urls[0]}/metrics`)).text();
    assert.match(metrics, /^synthex_redis_circuit_state 0$/m);
  } finally {
    await Promise.all(servers.map((each) => each.stop()));
    await server.stop();
  }
});

test('serve refuses --follow/--publish without --redis, and both at once', async () => {
  for (const args of [['--follow', 'x'], ['--publish', 'x'], ['--redis', 'redis://127.0.0.1:1', '--follow', 'x', '--publish', 'y'], ['--redis', 'redis://127.0.0.1:1', '--follow', 'bad name']]) {
    const serve = startServe(args);
    const { code } = await serve.exited;
    assert.is.not(code, 0, args.join(' '));
    assert.match(serve.output(), /--redis|exclude|published name/);
  }
});

test.after(() => stopAllRedis());

test.run();
