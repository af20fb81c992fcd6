// `synthex mcp idx.synx --http 0 --token …` (Streamable HTTP), run by the same runtime as this
// file: the official SDK Client over StreamableHTTPClientTransport, then raw HTTP for the
// transport's rules: sessions (400 without, 404 for a wrong or ended one, DELETE), Origin
// (403), bearer token (401), body cap (413), parse errors, 202 for notifications, SSE progress,
// 2,000 concurrent requests, and a client that disconnects mid-call.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request as httpRequest, Agent } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createMcpHttpHandler, createMcpServer, loadIndex } from '../dist/index.js';
import { runtimeCommand } from './helpers/runtime.mjs';
import { makeDocs, createReferenceIndex } from './helpers/mcp-fixture.mjs';

// The official SDK, imported by a computed name so the browser leg's bundler leaves it out.
const SDK = '@modelcontextprotocol/sdk';
const { Client } = await import(`${SDK}/client/index.js`);
const { StreamableHTTPClientTransport } = await import(`${SDK}/client/streamableHttp.js`);

const root = fileURLToPath(new URL('..', import.meta.url));
const cliPath = join(root, 'dist', 'cli.js');
const dir = mkdtempSync(join(tmpdir(), 'synthex-mcp-http-'));
const snapshot = join(dir, 'docs.synx');
const TOKEN = 'test-token-1234';

const reference = await createReferenceIndex();
writeFileSync(snapshot, reference.save());
copyFileSync(snapshot, join(dir, 'served.synx'));

/** Starts `synthex mcp <path> --http 0 …` and resolves with its /mcp URL once it listens. */
function startServer(args) {
  const all = ['mcp', join(dir, 'served.synx'), '--http', '0', '--token', TOKEN, '--writable', '--save', ...args];
  const [command, commandArgs] = runtimeCommand([cliPath, ...all], ['run', cliPath, ...all], [cliPath, ...all]);
  const child = spawn(command, commandArgs, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  const url = new Promise((resolve, reject) => {
    child.stderr.on('data', (text) => {
      stderr += text;
      const match = /listening on (http:\/\/\S+\/mcp)/.exec(stderr);
      if (match) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${stderr}`)));
  });
  return { child, url, stderr: () => stderr };
}

const server = startServer([]);
const url = await server.url;
test.after(() => {
  server.child.kill('SIGTERM');
  rmSync(dir, { recursive: true, force: true });
});

const auth = { Authorization: `Bearer ${TOKEN}` };
const JSON_HEADERS = { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...auth };
const INIT = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } };

const post = (body, headers = {}) => fetch(url, { method: 'POST', headers: { ...JSON_HEADERS, ...headers }, body: typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body) });

async function newSession() {
  const response = await post(INIT);
  assert.is(response.status, 200);
  const id = response.headers.get('mcp-session-id');
  assert.ok(id, 'a session id is issued at initialize');
  await response.json();
  const ack = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, { 'Mcp-Session-Id': id });
  assert.is(ack.status, 202, 'a notification alone is accepted without a body');
  assert.is(await ack.text(), '');
  return id;
}

test('the SDK Client over Streamable HTTP: tools, each tool, resources with pagination, progress over SSE', async () => {
  const transport = new StreamableHTTPClientTransport(new URL(url), { requestInit: { headers: auth } });
  const client = new Client({ name: 'synthex-test', version: '1.0.0' });
  await client.connect(transport);
  try {
    assert.ok(transport.sessionId, 'the client got a session id');
    assert.equal((await client.listTools()).tools.map((tool) => tool.name), ['search', 'get_document', 'index_stats', 'add_documents', 'remove_documents']);
    const found = await client.callTool({ name: 'search', arguments: { query: 'shock waves', limit: 4 } });
    assert.equal(found.structuredContent.hits, reference.search('shock waves', { limit: 4 }).hits);
    assert.equal((await client.callTool({ name: 'get_document', arguments: { id: 'd3' } })).structuredContent, { id: 'd3', fields: { title: 'shock waves study 3' } });
    assert.is((await client.callTool({ name: 'index_stats', arguments: {} })).structuredContent.docs, 250);
    const names = [];
    let cursor;
    do {
      const page = await client.listResources(cursor ? { cursor } : {});
      names.push(...page.resources.map((resource) => resource.name));
      cursor = page.nextCursor;
    } while (cursor);
    assert.is(names.length, 250);
    assert.equal(JSON.parse((await client.readResource({ uri: 'synthex://doc/d9' })).contents[0].text).fields, { title: 'boundary layer study 9' });
    let failed;
    try { await client.callTool({ name: 'nope', arguments: {} }); } catch (error) { failed = error; }
    assert.is(failed?.code, -32602);

    const progress = [];
    const added = await client.callTool({ name: 'add_documents', arguments: { documents: makeDocs(1500, 1000) } }, undefined, { onprogress: (p) => progress.push(p.progress) });
    assert.equal(added.structuredContent, { added: 1500, replaced: 0, docs: 1750, saved: true });
    assert.ok(progress.length >= 2 && progress.at(-1) === 1500, `progress over SSE: ${progress}`);
    assert.is((await loadIndex(readFileSync(join(dir, 'served.synx')))).size, 1750, 'saved');
    const removed = await client.callTool({ name: 'remove_documents', arguments: { ids: makeDocs(1500, 1000).map((d) => d.id) } });
    assert.is(removed.structuredContent.docs, 250);
    await transport.terminateSession();
  } finally {
    await client.close();
  }
});

test('sessions: 400 without Mcp-Session-Id, 404 for a wrong one, DELETE ends one (then 404)', async () => {
  const id = await newSession();
  const list = { jsonrpc: '2.0', id: 2, method: 'tools/list' };
  const ok = await post(list, { 'Mcp-Session-Id': id, 'MCP-Protocol-Version': '2025-06-18' });
  assert.is(ok.status, 200);
  assert.match(ok.headers.get('content-type'), /application\/json/);
  assert.is((await ok.json()).result.tools.length, 5);
  const none = await post(list);
  assert.is(none.status, 400);
  assert.match((await none.json()).error.message, /Mcp-Session-Id/);
  const wrong = await post(list, { 'Mcp-Session-Id': 'not-a-session' });
  assert.is(wrong.status, 404);
  assert.is((await wrong.json()).error.code, -32001);
  const badVersion = await post(list, { 'Mcp-Session-Id': id, 'MCP-Protocol-Version': '1999-01-01' });
  assert.is(badVersion.status, 400);
  assert.match((await badVersion.json()).error.message, /MCP-Protocol-Version/);
  const ended = await fetch(url, { method: 'DELETE', headers: { ...auth, 'Mcp-Session-Id': id } });
  assert.is(ended.status, 200);
  await ended.text();
  const after = await post(list, { 'Mcp-Session-Id': id });
  assert.is(after.status, 404, 'an ended session is not found');
  await after.text();
  const again = await fetch(url, { method: 'DELETE', headers: { ...auth, 'Mcp-Session-Id': id } });
  assert.is(again.status, 404);
  await again.text();
});

test('Origin: foreign origins get 403; loopback origins and requests without Origin are served', async () => {
  for (const origin of ['http://evil.example', 'https://localhost.evil.example', 'null']) {
    const refused = await post(INIT, { Origin: origin });
    assert.is(refused.status, 403, origin);
    assert.match((await refused.json()).error.message, /Origin/);
  }
  for (const origin of ['http://localhost:3000', 'http://127.0.0.1:8808', 'http://[::1]:9']) {
    const served = await post(INIT, { Origin: origin });
    assert.is(served.status, 200, origin);
    await served.json();
  }
});

test('bearer token: missing or wrong → 401 with WWW-Authenticate', async () => {
  for (const authorization of [undefined, 'Bearer wrong-token-123', `Basic ${TOKEN}`, `Bearer ${TOKEN}x`]) {
    const headers = { 'Content-Type': 'application/json' };
    if (authorization) headers.Authorization = authorization;
    const refused = await fetch(url, { method: 'POST', headers, body: JSON.stringify(INIT) });
    assert.is(refused.status, 401, String(authorization));
    assert.match(refused.headers.get('www-authenticate'), /^Bearer/);
    await refused.text();
  }
  const lower = await post(INIT, { Authorization: `bearer ${TOKEN}` });
  assert.is(lower.status, 200, 'the scheme is case-insensitive');
  await lower.text();
});

test('bad requests: parse error and invalid UTF-8 (400, -32700), wrong content type (415), GET (405), other paths (404), body over 4 MB (413)', async () => {
  const id = await newSession();
  const session = { 'Mcp-Session-Id': id };
  const parse = await post('{"jsonrpc": "2.0", "id": 1,', session);
  assert.is(parse.status, 400);
  assert.equal((await parse.json()).error.code, -32700);
  const utf8 = await post(new Uint8Array([0x22, 0xff, 0x22]), session);
  assert.is(utf8.status, 400);
  assert.match((await utf8.json()).error.message, /UTF-8/);
  const invalid = await post({ jsonrpc: '2.0', id: 5 }, session);
  assert.is(invalid.status, 200, 'a JSON-RPC error answered in a session');
  assert.is((await invalid.json()).error.code, -32600);
  const unknown = await post({ jsonrpc: '2.0', id: 6, method: 'no/such' }, session);
  assert.is((await unknown.json()).error.code, -32601);
  const type = await post(INIT, { 'Content-Type': 'text/plain' });
  assert.is(type.status, 415);
  await type.text();
  const get = await fetch(url, { headers: { ...auth, Accept: 'text/event-stream', ...session } });
  assert.is(get.status, 405);
  assert.match(get.headers.get('allow'), /POST/);
  await get.text();
  const elsewhere = await fetch(url.replace('/mcp', '/other'), { method: 'POST', headers: JSON_HEADERS, body: '{}' });
  assert.is(elsewhere.status, 404);
  await elsewhere.text();
  const huge = `{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"search","arguments":{"query":"${'w'.repeat(5 << 20)}"}}}`;
  const tooLarge = await post(huge, session);
  assert.is(tooLarge.status, 413);
  assert.match((await tooLarge.json()).error.message, /over the limit of 4194304/);
  const still = await post({ jsonrpc: '2.0', id: 10, method: 'ping' }, session);
  assert.equal((await still.json()).result, {}, 'still serving');
});

/** POST through node:http with a bounded agent (fetch would open a socket per request). */
function agentPost(agent, body, headers) {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method: 'POST', agent, headers: { ...JSON_HEADERS, ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { text += chunk; });
      res.on('end', () => resolve({ status: res.statusCode, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

test('2,000 concurrent requests are all answered, and the server keeps serving', async () => {
  const id = await newSession();
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const words = ['wing', 'flutter', 'heat', 'shock', 'boundary'];
  const replies = await Promise.all(Array.from({ length: 2000 }, (_, i) => agentPost(agent,
    { jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'search', arguments: { query: words[i % 5], limit: 3 } } },
    { 'Mcp-Session-Id': id })));
  agent.destroy();
  assert.ok(replies.every((reply, i) => reply.status === 200 && reply.body.id === i && reply.body.result.structuredContent.hits.length === 3));
  const ping = await post({ jsonrpc: '2.0', id: 'p', method: 'ping' }, { 'Mcp-Session-Id': id });
  assert.is(ping.status, 200);
  await ping.json();
});

test('a client that disconnects mid-call cancels it; the server keeps serving and its snapshot stays whole', async () => {
  const id = await newSession();
  const call = post({ jsonrpc: '2.0', id: 'big', method: 'tools/call', params: { name: 'add_documents', arguments: { documents: makeDocs(30_000, 50_000) }, _meta: { progressToken: 'p' } } }, { 'Mcp-Session-Id': id });
  const response = await call;
  assert.match(response.headers.get('content-type'), /text\/event-stream/, 'progress asked for: an SSE answer');
  const reader = response.body.getReader();
  await reader.read(); // the first progress event
  await reader.cancel(); // closes the connection
  let docs;
  for (let tries = 0; tries < 100; tries++) {
    const stats = await post({ jsonrpc: '2.0', id: `s${tries}`, method: 'tools/call', params: { name: 'index_stats', arguments: {} } }, { 'Mcp-Session-Id': id });
    docs = (await stats.json()).result.structuredContent.docs;
    if ((await loadIndex(readFileSync(join(dir, 'served.synx')))).size === docs) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.ok(docs >= 250 && docs < 30_250, `stopped part way: ${docs}`);
  assert.is((await loadIndex(readFileSync(join(dir, 'served.synx')))).size, docs, 'the snapshot holds what was added');
  assert.is(server.child.exitCode, null, 'still running');
  assert.not.match(server.stderr(), /internal error|\n\s+at /);
});

test('embedded: createMcpHttpHandler on a node:http server of the program, sessions capped (least recently used ends first)', async () => {
  const handler = createMcpHttpHandler(createMcpServer({ index: reference }), { maxSessions: 2, allowedOrigins: ['https://app.example'] });
  const http = createServer(handler);
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  const local = `http://127.0.0.1:${http.address().port}/mcp`;
  const send = (body, headers = {}) => fetch(local, { method: 'POST', headers: { 'Content-Type': 'application/json', Accept: 'application/json, text/event-stream', ...headers }, body: JSON.stringify(body) });
  try {
    const ids = [];
    for (let i = 0; i < 3; i++) {
      const response = await send(INIT, { Origin: 'https://app.example' });
      assert.is(response.status, 200, 'a listed origin is allowed');
      ids.push(response.headers.get('mcp-session-id'));
      await response.json();
    }
    assert.is(handler.sessionCount, 2);
    const gone = await send({ jsonrpc: '2.0', id: 2, method: 'ping' }, { 'Mcp-Session-Id': ids[0] });
    assert.is(gone.status, 404, 'the oldest session was ended');
    await gone.text();
    const kept = await send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'search', arguments: { query: 'wing' } } }, { 'Mcp-Session-Id': ids[2] });
    assert.is((await kept.json()).result.structuredContent.total, reference.search('wing').total);
    const other = await send(INIT, { Origin: 'https://other.example' });
    assert.is(other.status, 403);
    await other.text();
  } finally {
    handler.close();
    assert.is(handler.sessionCount, 0);
    await new Promise((resolve) => http.close(resolve));
  }
});

test.run();
