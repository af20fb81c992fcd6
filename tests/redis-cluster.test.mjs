// The shared cache and snapshot publication on a 3-master Redis Cluster (redis-cli --cluster
// create): results spread over the nodes are shared, a generation (one hash tag, one slot) is
// published and followed, and with one master killed under load no search fails or goes wrong;
// results whose slots live on the surviving masters are still shared.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawnSync } from 'node:child_process';
import { createIndex, createRedisCache, followSnapshots, publishSnapshot } from '../dist/index.js';
import { keySlot } from '../dist/internal.js';
import { cranfield } from './helpers/cranfield.mjs';
import { startRedisCluster, stopAllRedis } from './helpers/redis-servers.mjs';

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const ids = (result) => result.hits.map((hit) => hit.id);

test('a 3-master cluster shares results and snapshots, and losing a master fails no search; key slots agree with Redis', async () => {
  const cluster = await startRedisCluster({ masters: 3 });
  // The cache routes each key to its master's breaker by this slot: it must agree with Redis.
  for (const key of ['', 'a', 'synthex:result:x', '{user1000}.following', 'foo{}{bar}', 'foo{{bar}}zap', 'foo{bar}{zap}', 'ünïcode ✓', 'x'.repeat(300)]) {
    const answer = spawnSync('redis-cli', ['-p', String(cluster.nodes[0].port), 'cluster', 'keyslot', key], { encoding: 'utf8' });
    assert.is(keySlot(key), Number(answer.stdout.trim()), `keySlot(${JSON.stringify(key)})`);
  }
  const { docs, queries } = await cranfield();
  const texts = queries.slice(0, 40).map((query) => query.text ?? query.query ?? String(query));
  const reference = await createIndex({ fields: ['title', 'text'], store: ['title'] });
  reference.addAll(docs);
  const answers = new Map(texts.map((text) => [text, JSON.stringify(ids(reference.search(text)))]));
  const writerCache = await createRedisCache({ url: cluster.urls, namespace: 'cl', timeoutMs: 200, breaker: { openMs: 50, maxOpenMs: 200 } });
  const readerCache = await createRedisCache({ url: cluster.urls, namespace: 'cl', timeoutMs: 200, breaker: { openMs: 50, maxOpenMs: 200 } });
  let follower;
  try {
    const writer = await createIndex({ fields: ['title', 'text'], store: ['title'], sharedCache: { cache: writerCache, name: 'cran', maxEntries: 0 } });
    writer.addAll(docs);
    for (const text of texts) await writer.searchAsync(text);
    await sleep(100);
    assert.is(writerCache.stats().writes, texts.length, 'every result stored across the cluster');

    await publishSnapshot(writerCache, 'cran', writer, { chunkBytes: 100_000 });
    follower = await followSnapshots(readerCache, 'cran', { maxEntries: 0 });
    assert.is(follower.checksum, await writer.contentGeneration(), 'the follower serves the writer\'s content');
    for (const text of texts) assert.is(JSON.stringify(ids(await follower.search(text))), answers.get(text));
    assert.is(readerCache.stats().hits, texts.length, 'the reader found every result the writer stored');
    assert.is(Object.keys(readerCache.stats().circuits).length, 3, 'results are spread over the three masters (one breaker each)');

    // Kill one master under load.
    let failed = 0, wrong = 0, done = 0, running = true;
    const worker = async (offset) => {
      for (let i = offset; running; i++) {
        const text = texts[i % texts.length];
        try {
          const result = await follower.search(text);
          if (JSON.stringify(ids(result)) !== answers.get(text)) wrong++;
        } catch {
          failed++;
        }
        done++;
        await sleep(1);
      }
    };
    const load = Promise.all([worker(0), worker(13), worker(27)]);
    await sleep(200);
    await cluster.nodes[0].kill();
    const hitsAfterKill = readerCache.stats().hits;
    await sleep(1500);
    running = false;
    await load;
    assert.is(failed, 0, 'no search failed');
    assert.is(wrong, 0, 'no search answered wrongly');
    assert.ok(done > 50, `searches ran throughout (${done})`);
    const stats = readerCache.stats();
    assert.ok(stats.errors + stats.refused > 0, 'the dead master\'s slots failed');
    assert.ok(stats.hits > hitsAfterKill, `results on the surviving masters are still shared: ${JSON.stringify(stats)} ${hitsAfterKill}`);
    writer.close();
  } finally {
    follower?.close();
    reference.close();
    writerCache.close();
    readerCache.close();
    await cluster.stop();
  }
});

test.after(() => stopAllRedis());

test.run();
