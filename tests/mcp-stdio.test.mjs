// `synthex mcp idx.synx` over stdio, run by the same runtime as this file (node, bun or deno):
// the official SDK Client as a real peer (tools, resources, pagination, progress,
// cancellation, saves), then raw lines for every error path: parse errors, invalid requests,
// unknown methods and tools, invalid params, invalid UTF-8, a message over the size limit,
// 2,000 requests in flight, and a client that goes away mid-call.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadIndex } from '../dist/index.js';
import { runtimeCommand } from './helpers/runtime.mjs';
import { makeDocs, createReferenceIndex } from './helpers/mcp-fixture.mjs';

// The official SDK, imported by a computed name so the browser leg's bundler leaves it out.
const SDK = '@modelcontextprotocol/sdk';
const { Client } = await import(`${SDK}/client/index.js`);
const { StdioClientTransport } = await import(`${SDK}/client/stdio.js`);

const root = fileURLToPath(new URL('..', import.meta.url));
const cliPath = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'synthex-mcp-stdio-'));
const snapshot = join(dir, 'docs.synx');
const children = new Set();
test.after(() => {
  for (const child of children) child.kill('SIGKILL'); // left by a failed test
  rmSync(dir, { recursive: true, force: true });
});

const reference = await createReferenceIndex();
writeFileSync(snapshot, reference.save());

/** [command, args] that run `synthex mcp <args>` with this runtime. */
const synthexMcp = (args) => runtimeCommand([cliPath, 'mcp', ...args], ['run', cliPath, 'mcp', ...args], [cliPath, 'mcp', ...args]);

async function sdkClient(args) {
  const [command, commandArgs] = synthexMcp(args);
  const transport = new StdioClientTransport({ command, args: commandArgs, cwd: root, stderr: 'pipe' });
  const client = new Client({ name: 'synthex-test', version: '1.0.0' });
  await client.connect(transport);
  return client;
}

/** A raw line-level peer: send messages (or bytes), await answers by id. */
function rawServer(args = [snapshot]) {
  const [command, commandArgs] = synthexMcp(args);
  const child = spawn(command, commandArgs, { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
  children.add(child);
  const waiting = new Map();
  const unmatched = [];
  const notifications = [];
  let rest = '';
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => { stderr += text; });
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      const message = JSON.parse(line);
      if (message.method) notifications.push(message);
      else if (waiting.has(message.id)) { waiting.get(message.id)(message); waiting.delete(message.id); }
      else unmatched.push(message);
    }
  });
  child.stdin.on('error', () => {}); // writing to a server that already exited
  const exited = new Promise((resolve) => child.once('exit', (code) => { children.delete(child); resolve(code); }));
  return {
    child, notifications, unmatched, exited, stderr: () => stderr,
    answer: (id) => new Promise((resolve) => waiting.set(id, resolve)),
    send(message) { child.stdin.write(typeof message === 'string' || message instanceof Uint8Array ? message : `${JSON.stringify(message)}\n`); },
    async request(message) { const answer = this.answer(message.id); this.send(message); return answer; },
    async nextUnmatched() { while (!unmatched.length) await new Promise((resolve) => setTimeout(resolve, 5)); return unmatched.shift(); },
  };
}

const INIT = { jsonrpc: '2.0', id: 'init', method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };
const search = (id, query) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'search', arguments: { query, limit: 5 } } });

test('the SDK Client: initialize, tools, each tool, resources with pagination, templates, ping, errors', async () => {
  const client = await sdkClient([snapshot]);
  try {
    assert.is(client.getServerVersion().name, 'synthex');
    assert.ok(client.getServerCapabilities().tools && client.getServerCapabilities().resources);
    const { tools } = await client.listTools();
    assert.equal(tools.map((tool) => tool.name), ['search', 'get_document', 'index_stats']);

    const found = await client.callTool({ name: 'search', arguments: { query: 'wing flutter', limit: 5 } });
    const expected = reference.search('wing flutter', { limit: 5 });
    assert.equal(found.structuredContent.hits, expected.hits);
    assert.is(found.structuredContent.total, expected.total);
    assert.equal(JSON.parse(found.content[0].text).hits, expected.hits);

    const doc = await client.callTool({ name: 'get_document', arguments: { id: 'd7' } });
    assert.equal(doc.structuredContent, { id: 'd7', fields: { title: 'heat transfer study 7' } });
    const missing = await client.callTool({ name: 'get_document', arguments: { id: 'nope' } });
    assert.is(missing.isError, true);
    const stats = await client.callTool({ name: 'index_stats', arguments: {} });
    assert.is(stats.structuredContent.docs, 250);

    const names = [];
    let cursor;
    let pages = 0;
    do {
      const page = await client.listResources(cursor ? { cursor } : {});
      names.push(...page.resources.map((resource) => resource.name));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    assert.is(pages, 3);
    assert.equal(names, makeDocs(250).map((d) => d.id));
    const read = await client.readResource({ uri: 'synthex://doc/d42' });
    assert.equal(JSON.parse(read.contents[0].text), { id: 'd42', fields: { title: 'heat transfer study 42' } });
    const { resourceTemplates } = await client.listResourceTemplates();
    assert.is(resourceTemplates[0].uriTemplate, 'synthex://doc/{id}');
    await client.ping();

    const codeOf = async (promise) => { try { await promise; return 'resolved'; } catch (error) { return error.code; } };
    assert.is(await codeOf(client.callTool({ name: 'nope', arguments: {} })), -32602);
    assert.is(await codeOf(client.callTool({ name: 'search', arguments: { query: 'x', limit: -1 } })), -32602);
    assert.is(await codeOf(client.readResource({ uri: 'synthex://doc/none' })), -32002);
    assert.is(await codeOf(client.listResources({ cursor: 'bogus' })), -32602);
  } finally {
    await client.close();
  }
});

test('the SDK Client on a writable server: progress, cancellation, and --save writes the snapshot', async () => {
  const path = join(dir, 'writable.synx');
  copyFileSync(snapshot, path);
  const client = await sdkClient([path, '--writable', '--save']);
  try {
    const progress = [];
    const added = await client.callTool({ name: 'add_documents', arguments: { documents: makeDocs(2000, 1000) } }, undefined, { onprogress: (p) => progress.push(p) });
    assert.equal(added.structuredContent, { added: 2000, replaced: 0, docs: 2250, saved: true });
    // The SDK Client runs notification handlers a microtask after reading them but settles a
    // response at once, dropping its progress handler: progress read in the same chunk as the
    // answer never reaches onprogress. What reached it must still be the server's slices in
    // order; the raw test below checks every notification, the last one included, on the wire.
    assert.ok(progress.length >= 2, JSON.stringify(progress));
    progress.forEach((p, i) => {
      assert.is(p.total, 2000);
      assert.is(p.progress, i + 1 < progress.length || p.progress !== 2000 ? 256 * (i + 1) : 2000, JSON.stringify(progress));
    });
    assert.is((await loadIndex(readFileSync(path))).size, 2250);

    const controller = new AbortController();
    let aborted;
    const call = client.callTool({ name: 'add_documents', arguments: { documents: makeDocs(30_000, 10_000) } }, undefined, {
      signal: controller.signal,
      onprogress: () => controller.abort(),
    }).catch((error) => { aborted = error; });
    await call;
    assert.ok(aborted, 'the call was abandoned');
    let docs = 0;
    for (let tries = 0; tries < 50; tries++) {
      docs = (await client.callTool({ name: 'index_stats', arguments: {} })).structuredContent.docs;
      if ((await loadIndex(readFileSync(path))).size === docs) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(docs > 2250 && docs < 32_250, `cancelled part way: ${docs}`);
    assert.is((await loadIndex(readFileSync(path))).size, docs, 'what was added before the stop is saved');
    const removed = await client.callTool({ name: 'remove_documents', arguments: { ids: ['d0', 'd1'] } });
    assert.equal(removed.structuredContent.removed, 2);
  } finally {
    await client.close();
  }
});

test('raw stdio: add_documents with a progress token sends one notification per 256 documents, the last (2000 of 2000) before the answer', async () => {
  const path = join(dir, 'raw-writable.synx');
  copyFileSync(snapshot, path);
  const server = rawServer([path, '--writable']);
  await server.request(INIT);
  server.send({ jsonrpc: '2.0', method: 'notifications/initialized' });
  const answer = await server.request({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'add_documents', arguments: { documents: makeDocs(2000, 1000) }, _meta: { progressToken: 'p' } } });
  assert.is(answer.result.structuredContent.added, 2000);
  const progress = server.notifications.filter((n) => n.method === 'notifications/progress' && n.params.progressToken === 'p');
  assert.equal(progress.map((n) => n.params.progress), [256, 512, 768, 1024, 1280, 1536, 1792, 2000]);
  assert.ok(progress.every((n) => n.params.total === 2000));
  server.child.stdin.end();
  assert.is(await server.exited, 0);
});

test('raw stdio: requests before initialize, parse errors, invalid requests, unknown methods and tools, invalid params', async () => {
  const server = rawServer();
  const early = await server.request({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
  assert.is(early.error.code, -32000);
  assert.is((await server.request({ jsonrpc: '2.0', id: 2, method: 'ping' })).result !== undefined, true);
  assert.is((await server.request(INIT)).result.protocolVersion, '2025-06-18');
  server.send({ jsonrpc: '2.0', method: 'notifications/initialized' });

  server.send('{"jsonrpc":"2.0","id":3,"method":"ping"\n');
  const parse = await server.nextUnmatched();
  assert.equal([parse.id, parse.error.code], [null, -32700]);
  server.send(new Uint8Array([0x22, 0xc3, 0x28, 0x22, 0x0a]));
  const utf8 = await server.nextUnmatched();
  assert.equal([utf8.id, utf8.error.code], [null, -32700]);
  assert.match(utf8.error.message, /UTF-8/);
  server.send('[1]\n');
  assert.is((await server.nextUnmatched()).error.code, -32600);
  assert.is((await server.request({ jsonrpc: '2.0', id: 4, method: 'sing' })).error.code, -32601);
  assert.is((await server.request({ jsonrpc: '2.0', id: 5, method: 'tools/call', params: { name: 'search', arguments: { query: ['x'] } } })).error.code, -32602);
  const unknown = await server.request({ jsonrpc: '2.0', id: 6, method: 'tools/call', params: { name: 'rm_rf', arguments: {} } });
  assert.is(unknown.error.code, -32602);
  assert.match(unknown.error.message, /Unknown tool/);
  assert.is((await server.request({ jsonrpc: '2.0', id: 7, method: 'initialize', params: INIT.params })).error.code, -32600);
  assert.ok((await server.request(search(8, 'heat'))).result.structuredContent.total > 0, 'still serving');
  assert.equal(server.unmatched, []);
  server.child.stdin.end();
  assert.is(await server.exited, 0, 'ends cleanly when stdin closes');
  assert.not.match(server.stderr(), /internal error|\n\s+at /);
});

test('raw stdio: a message over the 4 MB default is refused without being held (a 160 MB line); the server keeps serving', async () => {
  const server = rawServer();
  await server.request(INIT);
  const statusFile = `/proc/${server.child.pid}/status`;
  const peakRss = () => (existsSync(statusFile) ? Number(/VmHWM:\s+(\d+)/.exec(readFileSync(statusFile, 'utf8'))?.[1]) * 1024 : NaN);
  const before = peakRss();
  const answer = server.answer('huge');
  server.send('{"jsonrpc":"2.0","id":"huge","method":"tools/call","params":{"name":"search","arguments":{"query":"');
  const chunk = 'w'.repeat(1 << 20);
  for (let i = 0; i < 160; i++) {
    if (!server.child.stdin.write(chunk)) await new Promise((resolve) => server.child.stdin.once('drain', resolve));
  }
  server.send('"}}}\n');
  const refused = await answer;
  assert.is(refused.error.code, -32600);
  assert.match(refused.error.message, /over the limit of 4194304/);
  const after = peakRss();
  // Garbage from the discarded chunks waits for the collector, but nothing near the line's size.
  if (Number.isFinite(before)) assert.ok(after - before < 96 << 20, `peak RSS grew by ${((after - before) / 2 ** 20).toFixed(1)} MB for a 160 MB line`);
  assert.ok((await server.request(search('after', 'wing'))).result.structuredContent.hits.length > 0);
  server.child.stdin.end();
  assert.is(await server.exited, 0);
});

test('raw stdio: 2,000 requests in flight are all answered, and the server keeps serving', async () => {
  const server = rawServer();
  await server.request(INIT);
  const words = ['wing', 'flutter', 'heat', 'shock', 'boundary', 'slipstream'];
  const answers = Array.from({ length: 2000 }, (_, i) => server.answer(i));
  server.send(Array.from({ length: 2000 }, (_, i) => `${JSON.stringify(search(i, words[i % words.length]))}\n`).join(''));
  const replies = await Promise.all(answers);
  assert.ok(replies.every((reply, i) => reply.id === i && reply.result.structuredContent.hits.length > 0));
  assert.is((await server.request({ jsonrpc: '2.0', id: 'last', method: 'ping' })).id, 'last');
  server.child.stdin.end();
  assert.is(await server.exited, 0);
});

test('raw stdio: a request and its notifications/cancelled in one write: the request is never answered', async () => {
  const server = rawServer();
  await server.request(INIT);
  const cancel = (requestId) => ({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason: 'test' } });
  const pong = server.answer('p1');
  server.send([search('s1', 'wing'), cancel('s1'), { jsonrpc: '2.0', id: 'p1', method: 'ping' }].map((message) => `${JSON.stringify(message)}\n`).join(''));
  assert.is((await pong).id, 'p1');
  assert.is((await server.request({ jsonrpc: '2.0', id: 'p2', method: 'ping' })).id, 'p2');
  assert.equal(server.unmatched, [], 'no answer for the cancelled search');
  server.child.stdin.end();
  assert.is(await server.exited, 0);
});

test('raw stdio: a client that disconnects mid-call: the server stops, exits cleanly, the snapshot stays loadable', async () => {
  const path = join(dir, 'disconnect.synx');
  copyFileSync(snapshot, path);
  const server = rawServer([path, '--writable', '--save']);
  await server.request(INIT);
  server.send({ jsonrpc: '2.0', id: 'add', method: 'tools/call', params: { name: 'add_documents', arguments: { documents: makeDocs(30_000, 5000) }, _meta: { progressToken: 'p' } } });
  while (!server.notifications.length) await new Promise((resolve) => setTimeout(resolve, 2));
  server.child.stdout.destroy();
  server.child.stdin.end();
  const code = await server.exited;
  assert.is(code, 0, server.stderr());
  assert.not.match(server.stderr(), /internal error|\n\s+at /);
  const size = (await loadIndex(readFileSync(path))).size;
  assert.ok(size >= 250 && size <= 30_250, `a whole snapshot: ${size} docs`);
});

test.run();
