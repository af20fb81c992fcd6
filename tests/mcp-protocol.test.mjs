// The MCP server in process: JSON-RPC rules and their error codes, the lifecycle and version
// negotiation, batches (2025-03-26 only), tools and their schemas, resources and pagination,
// cancellation and progress, the write tools with atomic saves, and the stdio framing on
// in-memory streams (oversized lines, invalid UTF-8, lines split across chunks).
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { createIndex, createMcpServer, loadIndex, serveMcpStdio } from '../dist/index.js';
import { isError } from './helpers/errors.mjs';

const dir = mkdtempSync(join(tmpdir(), 'synthex-mcp-protocol-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

const TOPICS = ['wing flutter', 'propeller slipstream', 'heat transfer', 'shock waves', 'boundary layer'];
const makeDocs = (count, from = 0) => Array.from({ length: count }, (_, i) => ({
  id: `d${from + i}`,
  title: `${TOPICS[(from + i) % TOPICS.length]} study ${from + i}`,
  text: `a report on ${TOPICS[(from + i) % TOPICS.length]} number ${from + i}`,
  tags: [(from + i) % 2 ? 'odd' : 'even'],
  year: 1950 + ((from + i) % 20),
}));

async function makeIndex(count = 25) {
  const index = await createIndex({ fields: { title: { boost: 2 }, text: {} }, store: ['title', 'year'], filters: { tags: 'keyword', year: 'number' } });
  index.addAll(makeDocs(count));
  return index;
}

let nextId = 1;
const request = (method, params) => ({ jsonrpc: '2.0', id: nextId++, method, ...(params === undefined ? {} : { params }) });
const INIT = (version = '2025-06-18') => request('initialize', { protocolVersion: version, capabilities: {}, clientInfo: { name: 'test', version: '1' } });

async function openSession(options = {}, notes = []) {
  const server = createMcpServer({ index: options.index ?? await makeIndex(), ...options });
  const session = server.openSession((notification, relatedTo) => notes.push({ notification, relatedTo }));
  const init = await session.handle(INIT(options.version));
  assert.ok(init.result, JSON.stringify(init));
  session.handle({ jsonrpc: '2.0', method: 'notifications/initialized' });
  return { server, session, call: (method, params) => session.handle(request(method, params)) };
}

const callTool = (call, name, args) => call('tools/call', { name, arguments: args });
const errorCode = (reply) => reply?.error?.code;

test('initialize negotiates the version: the client\'s when supported, else the latest', async () => {
  const server = createMcpServer({ index: await makeIndex(), version: '9.9.9' });
  for (const [asked, answered] of [['2025-06-18', '2025-06-18'], ['2025-03-26', '2025-03-26'], ['2025-11-25', '2025-06-18'], ['1999-01-01', '2025-06-18']]) {
    const session = server.openSession();
    const reply = await session.handle(INIT(asked));
    assert.is(reply.result.protocolVersion, answered, asked);
    assert.equal(reply.result.serverInfo, { name: 'synthex', version: '9.9.9' });
    assert.ok(reply.result.capabilities.tools && reply.result.capabilities.resources);
    assert.match(reply.result.instructions, /25 documents/);
    assert.is(session.protocolVersion, answered);
  }
  const session = server.openSession();
  assert.is(errorCode(await session.handle(request('initialize', { capabilities: {} }))), -32602, 'protocolVersion is required');
  await session.handle(INIT());
  const again = await session.handle(INIT());
  assert.is(errorCode(again), -32600);
  assert.match(again.error.message, /already initialized/);
});

test('before initialize only ping is answered; other requests get an error, notifications nothing', async () => {
  const session = createMcpServer({ index: await makeIndex() }).openSession();
  const early = await session.handle(request('tools/list'));
  assert.is(errorCode(early), -32000);
  assert.match(early.error.message, /not initialized/);
  assert.equal((await session.handle(request('ping'))).result, {});
  assert.is(await session.handle({ jsonrpc: '2.0', method: 'notifications/initialized' }), undefined);
  assert.is(errorCode(await session.handle(request('no/such/method'))), -32601, 'unknown methods are unknown even before initialize');
});

test('JSON-RPC errors: invalid request (-32600), unknown method (-32601), invalid params (-32602)', async () => {
  const { session, call } = await openSession();
  const cases = [
    [42, -32600, /must be an object/],
    [{ id: 1, method: 'ping' }, -32600, /"jsonrpc" must be "2.0"/],
    [{ jsonrpc: '1.0', id: 1, method: 'ping' }, -32600, /"jsonrpc"/],
    [{ jsonrpc: '2.0', id: 1 }, -32600, /needs a "method"/],
    [{ jsonrpc: '2.0', id: 1, method: 7 }, -32600, /"method" must be a string/],
    [{ jsonrpc: '2.0', id: { a: 1 }, method: 'ping' }, -32600, /"id" must be a string or a number/],
    [{ jsonrpc: '2.0', id: null, method: 'ping' }, -32600, /"id"/],
    [{ jsonrpc: '2.0', id: 1, method: 'ping', params: 'x' }, -32600, /"params" must be an object/],
    [{ jsonrpc: '2.0', id: 1, method: 'ping', params: [1] }, -32602, /params are an object/],
    [{ jsonrpc: '2.0', id: 1, method: 'tools/lists' }, -32601, /Method not found: "tools\/lists"/],
  ];
  for (const [message, code, pattern] of cases) {
    const reply = await session.handle(message);
    assert.is(errorCode(reply), code, JSON.stringify(message));
    assert.match(reply.error.message, pattern);
    assert.is(reply.jsonrpc, '2.0');
  }
  assert.is((await session.handle({ jsonrpc: '2.0', id: 'x', method: 'nope' })).id, 'x', 'a readable id is echoed');
  assert.is((await session.handle({ jsonrpc: '2.0', id: [], method: 'ping' })).id, null, 'an unreadable id is null');
  assert.is(await session.handle({ jsonrpc: '2.0', method: 'notifications/unknown' }), undefined, 'unknown notifications are ignored');
  assert.is(await session.handle({ jsonrpc: '2.0', id: 5, result: {} }), undefined, 'responses need no answer');
  assert.is(errorCode(await call('resources/read', {})), -32602);
  assert.is(errorCode(await call('tools/call', {})), -32602);
  assert.is(errorCode(await call('tools/list', { cursor: 'nope' })), -32602, 'a cursor never given out');
});

test('batches: refused in 2025-06-18 and before initialize, answered in 2025-03-26', async () => {
  const fresh = createMcpServer({ index: await makeIndex() }).openSession();
  const early = await fresh.handle([INIT('2025-03-26')]);
  assert.is(early.error.code, -32600);
  assert.match(early.error.message, /initialize must not be part of a batch/);

  const modern = (await openSession()).session;
  const refused = await modern.handle([request('ping'), request('ping')]);
  assert.is(refused.error.code, -32600);
  assert.match(refused.error.message, /2025-06-18 has no JSON-RPC batches/);

  const { session } = await openSession({ version: '2025-03-26' });
  assert.is((await session.handle([])).error.code, -32600, 'an empty batch');
  const replies = await session.handle([
    request('ping'),
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    request('tools/call', { name: 'search', arguments: { query: 'wing' } }),
    request('nope'),
    'junk',
  ]);
  assert.is(replies.length, 4, 'no answer for the notification');
  assert.equal(replies[0].result, {});
  assert.ok(replies[1].result.structuredContent.total > 0);
  assert.is(replies[2].error.code, -32601);
  assert.is(replies[3].error.code, -32600);
  assert.is(await session.handle([{ jsonrpc: '2.0', method: 'notifications/initialized' }]), undefined, 'only notifications: nothing');
  const inner = await session.handle([INIT('2025-03-26')]);
  assert.match(inner[0].error.message, /initialize must not be part of a batch/);
});

test('tools/list: read tools with input and output schemas built from the index; write tools only when writable', async () => {
  const { call } = await openSession();
  const { tools } = (await call('tools/list')).result;
  assert.equal(tools.map((tool) => tool.name), ['search', 'get_document', 'index_stats']);
  const search = tools[0];
  assert.is(search.inputSchema.type, 'object');
  assert.equal(search.inputSchema.required, ['query']);
  assert.match(search.inputSchema.properties.query.description, /\+word requires.*"exact phrase".*prefix\*.*fields: title, text/s);
  assert.equal(Object.keys(search.inputSchema.properties.filter.properties), ['tags', 'year']);
  assert.equal(search.inputSchema.properties.facets.items.enum, ['tags']);
  assert.equal(search.outputSchema.required, ['hits', 'total', 'totalExact']);
  assert.equal(search.inputSchema.properties.countUpTo, { type: 'integer', minimum: 0, default: 1000, description: search.inputSchema.properties.countUpTo.description });
  assert.ok(tools.every((tool) => tool.outputSchema && tool.title && tool.description && tool.annotations.readOnlyHint));
  const writable = await openSession({ writable: true });
  assert.equal((await writable.call('tools/list')).result.tools.map((tool) => tool.name), ['search', 'get_document', 'index_stats', 'add_documents', 'remove_documents']);
});

test('tools/call search: structuredContent equals Index.search, and the text is its JSON', async () => {
  const index = await makeIndex();
  const { call } = await openSession({ index });
  const reply = await callTool(call, 'search', { query: 'wing flutter', limit: 3, filter: { tags: 'odd' }, facets: ['tags'] });
  const { structuredContent, content, isError } = reply.result;
  assert.is(isError, undefined);
  const expected = index.search('wing flutter', { limit: 3, filter: { tags: 'odd' }, facets: ['tags'] });
  assert.equal(structuredContent.hits, expected.hits);
  assert.is(structuredContent.total, expected.total);
  assert.equal(structuredContent.facets, { tags: [{ value: 'odd', count: expected.total }] });
  assert.equal(content, [{ type: 'text', text: JSON.stringify(structuredContent) }]);
  const paged = (await callTool(call, 'search', { query: 'wing flutter', limit: 2, offset: 2 })).result.structuredContent;
  assert.equal(paged.hits.map((h) => h.id), index.search('wing flutter', { limit: 4 }).hits.slice(2).map((h) => h.id));
  const highlighted = (await callTool(call, 'search', { query: 'flutter', limit: 1, highlight: true })).result.structuredContent;
  assert.ok(highlighted.hits[0].highlights.title.matches.length > 0);
  const ranged = (await callTool(call, 'search', { query: 'report', limit: 100, filter: { year: { gte: 1965 } } })).result.structuredContent;
  assert.ok(ranged.hits.length > 0 && ranged.hits.every((hit) => hit.fields.year >= 1965));
});

test('tools/call: unknown tool and schema-invalid arguments are -32602; failures inside a tool are isError results', async () => {
  const index = await makeIndex();
  const { call } = await openSession({ index });
  const unknown = await callTool(call, 'delete_everything', {});
  assert.is(errorCode(unknown), -32602);
  assert.match(unknown.error.message, /Unknown tool: "delete_everything" \(tools: search, get_document, index_stats\)/);
  const invalid = [
    [{}, /arguments\.query is required/],
    [{ query: 5 }, /arguments\.query must be a string/],
    [{ query: 'x', limit: 0 }, /arguments\.limit must be ≥ 1/],
    [{ query: 'x', limit: 2.5 }, /arguments\.limit must be an integer/],
    [{ query: 'x', limit: 1000 }, /arguments\.limit must be ≤ 100/],
    [{ query: 'x', sort: 'year' }, /unknown property 'sort'/],
    [{ query: 'x', filter: { colour: 'red' } }, /arguments\.filter has an unknown property 'colour'/],
    [{ query: 'x', filter: { year: 'recent' } }, /arguments\.filter\.year must be a number or an object/],
    [{ query: 'x', facets: ['year'] }, /arguments\.facets\[0\] must be one of "tags"/],
    [{ query: 'x', countUpTo: -1 }, /arguments\.countUpTo must be ≥ 0/],
    [{ query: 'x', countUpTo: 1.5 }, /arguments\.countUpTo must be an integer/],
  ];
  for (const [args, pattern] of invalid) {
    const reply = await callTool(call, 'search', args);
    assert.is(errorCode(reply), -32602, JSON.stringify(args));
    assert.match(reply.error.message, /^Invalid arguments for tool search: /);
    assert.match(reply.error.message, pattern);
  }
  assert.is(errorCode(await call('tools/call', { name: 'search', arguments: [] })), -32602);
  const missing = (await callTool(call, 'get_document', { id: 'nope' })).result;
  assert.is(missing.isError, true);
  assert.equal(missing.content, [{ type: 'text', text: 'no document with id "nope"' }]);
  index.close();
  const closed = (await callTool(call, 'search', { query: 'wing' })).result;
  assert.is(closed.isError, true, 'an engine error is a tool error, not a crash');
  assert.match(closed.content[0].text, /closed/);
});

test('get_document and index_stats', async () => {
  const index = await makeIndex();
  const { call } = await openSession({ index });
  const doc = (await callTool(call, 'get_document', { id: 'd3' })).result.structuredContent;
  assert.equal(doc, { id: 'd3', fields: { title: 'shock waves study 3', year: 1953 } });
  const stats = (await callTool(call, 'index_stats', {})).result.structuredContent;
  assert.is(stats.docs, 25);
  assert.equal(stats.fields, ['title', 'text']);
  assert.equal(stats.stored, ['title', 'year']);
  assert.equal(stats.filters, { tags: 'keyword', year: 'number' });
  assert.is(stats.writable, false);
  assert.is(stats.terms, index.stats().terms);
});

test('resources: paginated list with opaque cursors, read by URI, the document template', async () => {
  const index = await makeIndex(25);
  index.add({ id: 42, title: 'numeric id', text: 'a document whose id is a number' });
  index.add({ id: 'a b/ü', title: 'odd id', text: 'spaces, slashes and umlauts' });
  const { server, call } = await openSession({ index, pageSize: 10 });
  const uris = [];
  let cursor;
  let pages = 0;
  do {
    const { result } = await call('resources/list', cursor === undefined ? {} : { cursor });
    pages++;
    assert.ok(result.resources.length <= 10);
    for (const resource of result.resources) {
      assert.is(resource.mimeType, 'application/json');
      uris.push(resource.uri);
    }
    cursor = result.nextCursor;
  } while (cursor !== undefined);
  assert.is(pages, 3);
  assert.is(uris.length, 27);
  assert.is(new Set(uris).size, 27);
  assert.ok(uris.includes('synthex://doc/42') && uris.includes('synthex://doc/a%20b%2F%C3%BC'));

  const read = (await call('resources/read', { uri: 'synthex://doc/d7' })).result;
  assert.equal(read.contents, [{ uri: 'synthex://doc/d7', mimeType: 'application/json', text: JSON.stringify({ id: 'd7', fields: { title: 'heat transfer study 7', year: 1957 } }) }]);
  assert.is(JSON.parse((await call('resources/read', { uri: 'synthex://doc/42' })).result.contents[0].text).id, 42);
  assert.is(JSON.parse((await call('resources/read', { uri: 'synthex://doc/a%20b%2F%C3%BC' })).result.contents[0].text).id, 'a b/ü');
  for (const uri of ['synthex://doc/none', 'file:///etc/passwd', 'synthex://doc/%E0%A4%A']) {
    const missing = await call('resources/read', { uri });
    assert.is(errorCode(missing), -32002, uri);
    assert.equal(missing.error.data, { uri });
  }
  for (const bad of ['garbage', 5, btoa('synthex:doc:-1')]) assert.is(errorCode(await call('resources/list', { cursor: bad })), -32602, String(bad));
  const { resourceTemplates } = (await call('resources/templates/list')).result;
  assert.equal(resourceTemplates.map((t) => t.uriTemplate), ['synthex://doc/{id}']);

  // A cursor stays valid when documents change between pages.
  const first = (await call('resources/list', {})).result;
  index.remove('d12');
  index.add({ id: 'late', title: 'added late', text: 'after the first page' });
  const rest = [];
  for (let next = first.nextCursor; next !== undefined;) {
    const page = (await call('resources/list', { cursor: next })).result;
    rest.push(...page.resources.map((r) => r.name));
    next = page.nextCursor;
  }
  assert.ok(!rest.includes('d12') && rest.includes('late') && rest.includes('d11'));
  assert.is(first.resources.length + rest.length, 27);
});

test('the catalog follows changes made to the index outside the server', async () => {
  const index = await makeIndex(5);
  const { call } = await openSession({ index });
  index.add({ id: 'outside', title: 'added directly', text: 'not through the server' });
  const doc = await callTool(call, 'get_document', { id: 'outside' });
  assert.equal(doc.result.structuredContent, { id: 'outside', fields: { title: 'added directly' } });
});

test('write tools: add (with progress), replace, refuse, remove; saved atomically after each change', async () => {
  const path = join(dir, 'writable.synx');
  const index = await makeIndex(5);
  const notes = [];
  const { server, session, call } = await openSession({ index, writable: true, save: path }, notes);
  const big = makeDocs(1000, 100);
  const added = await session.handle(request('tools/call', { name: 'add_documents', arguments: { documents: big }, _meta: { progressToken: 'tok' } }));
  assert.equal(added.result.structuredContent, { added: 1000, replaced: 0, docs: 1005, saved: true });
  const progress = notes.filter((n) => n.notification.method === 'notifications/progress').map((n) => n.notification.params);
  assert.ok(progress.length >= 3, `progress notifications: ${progress.length}`);
  assert.ok(progress.every((p) => p.progressToken === 'tok' && p.total === 1000));
  assert.ok(progress.every((p, i) => i === 0 || p.progress > progress[i - 1].progress), 'progress increases');
  assert.is(progress.at(-1).progress, 1000);
  assert.ok(notes.every((n) => n.relatedTo === added.id));

  const saved = await loadIndex(readFileSync(path));
  assert.is(saved.size, 1005);
  assert.equal(readdirSync(dir).filter((name) => name.endsWith('.tmp')), [], 'no temp file left');

  const replaced = await callTool(call, 'add_documents', { documents: [{ id: 'd1', title: 'replaced title', text: 'new text' }] });
  assert.equal(replaced.result.structuredContent, { added: 0, replaced: 1, docs: 1005, saved: true });
  assert.equal((await callTool(call, 'get_document', { id: 'd1' })).result.structuredContent.fields, { title: 'replaced title' });

  const refused = await callTool(call, 'add_documents', { documents: [{ id: 'new1', text: 'fine' }, { id: 'd2', text: 'dup' }, { id: 'new2', text: 'never' }], replace: false });
  assert.is(refused.result.isError, true);
  assert.match(refused.result.content[0].text, /document at position 1: .*d2.*added 1, replaced 0 \(saved\) before it/);
  assert.ok(index.has('new1') && !index.has('new2'));
  const badDoc = await callTool(call, 'add_documents', { documents: [{ title: 'no id' }] });
  assert.is(badDoc.result.isError, true);

  const removed = await callTool(call, 'remove_documents', { ids: ['d1', 'ghost', 'new1'] });
  assert.equal(removed.result.structuredContent, { removed: 2, missing: ['ghost'], docs: 1004, saved: true });
  assert.is(errorCode(await callTool(call, 'get_document', { id: 'd1' })), undefined);
  assert.is((await callTool(call, 'get_document', { id: 'd1' })).result.isError, true);
  await server.idle();
  assert.is((await loadIndex(readFileSync(path))).size, 1004);
  assert.is(errorCode(await callTool(call, 'remove_documents', { ids: [] })), -32602);
});

test('notifications/cancelled stops a long add_documents and drops its answer', async () => {
  const index = await makeIndex(0);
  const notes = [];
  const { session, call } = await openSession({ index, writable: true }, notes);
  const message = request('tools/call', { name: 'add_documents', arguments: { documents: makeDocs(20_000) }, _meta: { progressToken: 1 } });
  const pending = session.handle(message);
  assert.is(session.pendingCount, 1);
  await new Promise((resolve) => setTimeout(resolve, 5));
  session.handle({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: message.id, reason: 'test' } });
  assert.is(await pending, undefined, 'no response for a cancelled request');
  assert.is(session.pendingCount, 0);
  assert.ok(index.size > 0 && index.size < 20_000, `stopped part way: ${index.size}`);
  const stats = await callTool(call, 'index_stats', {});
  assert.is(stats.result.structuredContent.docs, index.size, 'still serving');
});

test('createMcpServer validates its options', async () => {
  const index = await makeIndex(1);
  assert.throws(() => createMcpServer(), isError(TypeError, /options/));
  assert.throws(() => createMcpServer({ index: {} }), isError(TypeError, /Index/));
  assert.throws(() => createMcpServer({ index, save: 'x.synx' }), isError(TypeError, /writable/));
  assert.throws(() => createMcpServer({ index, writable: true, save: 5 }), isError(TypeError, /path or a function/));
  assert.throws(() => createMcpServer({ index, maxMessageBytes: 0 }), isError(RangeError, /maxMessageBytes/));
});

/** serveMcpStdio over in-memory streams: returns the writer and the parsed output lines. */
function memoryStdio(server) {
  const input = new PassThrough();
  const lines = [];
  let text = '';
  const output = new Writable({
    write(chunk, _encoding, done) {
      text += chunk.toString();
      const parts = text.split('\n');
      text = parts.pop();
      lines.push(...parts.map((line) => JSON.parse(line)));
      done();
    },
  });
  const connection = serveMcpStdio(server, { input, output });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
  return { input, lines, connection, settle };
}

test('a lower-bound total (totalExact false) and countUpTo go over the stdio wire as Index.search gives them', async () => {
  const index = await makeIndex(6000); // every document has 'report': counting stops at 1,000
  const server = createMcpServer({ index });
  const { input, lines, connection, settle } = memoryStdio(server);
  input.write(`${JSON.stringify(INIT())}\n${JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' })}\n`);
  const calls = [{ query: 'report', limit: 3 }, { query: 'report', limit: 3, countUpTo: 1e9 }, { query: 'wing report', limit: 2, countUpTo: 0 }];
  calls.forEach((args, i) => input.write(`${JSON.stringify({ jsonrpc: '2.0', id: 100 + i, method: 'tools/call', params: { name: 'search', arguments: args } })}\n`));
  await settle();
  for (const [i, { countUpTo, ...args }] of calls.entries()) {
    const reply = lines.find((line) => line.id === 100 + i);
    const { structuredContent, content } = reply.result;
    const { tookMs, ...want } = index.search(args.query, { limit: args.limit, ...(countUpTo === undefined ? {} : { countUpTo }) });
    const { tookMs: took, ...got } = structuredContent;
    assert.equal(got, want, JSON.stringify(calls[i]));
    assert.is(content[0].text, JSON.stringify(structuredContent), 'the text block is the same JSON');
  }
  assert.is(lines.find((line) => line.id === 100).result.structuredContent.totalExact, false);
  assert.is(lines.find((line) => line.id === 101).result.structuredContent.totalExact, true);
  input.end();
  await connection.closed;
});

test('stdio framing: lines split across chunks, CRLF, blank lines, invalid UTF-8 and JSON, oversized lines', async () => {
  const server = createMcpServer({ index: await makeIndex(), maxMessageBytes: 1000 });
  const { input, lines, connection, settle } = memoryStdio(server);
  const init = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18' } });
  input.write(init.slice(0, 10));
  input.write(`${init.slice(10)}\r\n\n  \n`);
  input.write(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a])); // "{\xff\xfe}" is not UTF-8
  input.write('{"jsonrpc": "2.0", "id": 2, "method": \n');
  input.write(`{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"search","arguments":{"query":"${'x'.repeat(600)}`);
  input.write(`${'y'.repeat(600)}"}}}\n`); // 1,200+ bytes: over the limit, id at the start
  input.write(`{"method":"tools/call","params":{"arguments":{"query":"${'z'.repeat(2000)}"},"name":"search"},"jsonrpc":"2.0","id":"tail-id"}\n`);
  input.write(`{"params":{"id":99,"q":"${'z'.repeat(2000)}"},"method":"x","jsonrpc":"2.0"}\n`);
  input.write('{"jsonrpc":"2.0","id":4,"method":"ping"}\n');
  await settle();
  assert.is(lines.length, 7, JSON.stringify(lines));
  assert.is(lines[0].result.protocolVersion, '2025-06-18');
  assert.equal([lines[1].error.code, lines[1].id], [-32700, null]);
  assert.match(lines[1].error.message, /not valid UTF-8/);
  assert.equal([lines[2].error.code, lines[2].id], [-32700, null]);
  assert.equal([lines[3].error.code, lines[3].id], [-32600, 3]);
  assert.match(lines[3].error.message, /over the limit of 1000/);
  assert.equal([lines[4].error.code, lines[4].id], [-32600, 'tail-id'], 'the id at the end is found too');
  assert.equal([lines[5].error.code, lines[5].id], [-32600, null], 'a nested id is not mistaken for the request id');
  assert.equal(lines[6], { jsonrpc: '2.0', id: 4, result: {} }, 'still serving');
  input.end();
  await connection.closed;
});

test('stdio: many lines in one read (both key orders, CRLF, blank lines, a BOM, tricky arguments, a bad line among good ones) are answered as line by line', async () => {
  const server = createMcpServer({ index: await makeIndex() });
  const { input, lines, connection, settle } = memoryStdio(server);
  const search = (id, args) => JSON.stringify({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'search', arguments: args } });
  const sdkOrder = (id, args) => JSON.stringify({ method: 'tools/call', params: { name: 'search', arguments: args }, jsonrpc: '2.0', id });
  input.write([
    `\uFEFF${JSON.stringify(INIT())}\r`, '', '  \r', '\t',
    search(1, { query: 'wing', limit: 2 }),
    sdkOrder(2, { query: 'heat', limit: 1 }),
    // The arguments end early and a second "name" follows (JSON.parse keeps the last one).
    '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"search","arguments":{"query":"wing"},"name":"get_document","more":{}}}',
    '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"search","arguments":[1]}}',
    '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":{"name":"search","arguments":{"query":"wing","limit":2}}',
    '{"jsonrpc":"2.0","id":1234567890123456,"method":"tools/call","params":{"name":"search","arguments":{ "query" : "wing" }}}',
    '{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"name":"sea\\u0072ch","arguments":{"query":"wing"}}}',
    '',
  ].join('\n'));
  await settle();
  const byId = new Map(lines.map((line) => [line.id, line]));
  assert.is(lines.length, 8, JSON.stringify(lines));
  assert.is(lines[0].result.protocolVersion, '2025-06-18', 'a leading BOM and CRLF are dropped');
  assert.is(byId.get(1).result.structuredContent.hits.length, 2);
  assert.is(byId.get(2).result.structuredContent.hits.length, 1, 'the SDK Client\'s key order');
  assert.is(errorCode(byId.get(3)), -32602);
  assert.match(byId.get(3).error.message, /get_document/);
  assert.is(errorCode(byId.get(4)), -32602);
  assert.match(byId.get(4).error.message, /arguments must be an object/);
  const parseError = lines.find((line) => errorCode(line) === -32700);
  assert.is(parseError.id, null, 'a line missing its last brace is a parse error');
  assert.ok(byId.get(1234567890123456).result.structuredContent.hits.length > 0);
  assert.ok(byId.get(6).result.structuredContent.hits.length > 0, 'an escaped tool name');

  // Invalid UTF-8 between good lines of one read: only that line is refused.
  const before = lines.length;
  input.write(Buffer.concat([Buffer.from(`${search(7, { query: 'wing', limit: 1 })}\n`), Buffer.from([0x7b, 0xff, 0x7d, 0x0a]), Buffer.from(`${sdkOrder(8, { query: 'wing', limit: 1 })}\n`)]));
  await settle();
  const answers = lines.slice(before);
  assert.equal(answers.map((line) => [line.id, errorCode(line)]), [[7, undefined], [null, -32700], [8, undefined]]);
  assert.match(answers[1].error.message, /not valid UTF-8/);
  input.end();
  await connection.closed;
});

test('stdio wire text: the text block is exactly the JSON of structuredContent (odd ids and fields, highlights, facets)', async () => {
  const index = await createIndex({ fields: ['title'], store: ['title', 'meta'], filters: { tags: 'keyword' } });
  index.addAll([
    { id: 'quote"back\\slash', title: 'wing "quoted" \\ line\nbreak', meta: { n: 1.5, list: [null, true] }, tags: 'a' },
    { id: 7, title: 'wing ü 日本 😀 \u2028 tab\t', meta: 'x', tags: ['a', 'b'] },
    { id: 'plain', title: 'wing plain' },
  ]);
  const server = createMcpServer({ index });
  const { input, lines, connection, settle } = memoryStdio(server);
  input.write(`${JSON.stringify(INIT())}\n`);
  const calls = [{ query: 'wing' }, { query: 'wing', highlight: true }, { query: 'wing', facets: ['tags'], limit: 2, offset: 1 }, { query: 'nothing here' }];
  calls.forEach((args, i) => input.write(`${JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'search', arguments: args } })}\n`));
  await settle();
  assert.is(lines.length, 5);
  for (const line of lines.slice(1)) {
    const { content, structuredContent } = line.result;
    assert.is(content[0].text, JSON.stringify(structuredContent), JSON.stringify(calls[line.id]));
    const { query, ...options } = calls[line.id];
    const fresh = index.search(query, { limit: 10, ...options });
    assert.equal(structuredContent.hits, JSON.parse(JSON.stringify(fresh.hits)));
    assert.equal(structuredContent.facets, fresh.facets);
  }
  input.end();
  await connection.closed;
});

test('stdio wire bytes: answers far larger than one output block, many per write, with multi-byte text, arrive whole', async () => {
  // Answers of 15-55 KB go out together (the output blocks are 256 KB), so some straddle two
  // blocks, and one (limit 100: ~450 KB in its two forms) is larger than a block by itself.
  const index = await createIndex({ fields: ['title'], store: ['title', 'body'] });
  index.addAll(Array.from({ length: 100 }, (_, i) => ({ id: `b${i}`, title: `wing ${i}`, body: `${'ü 日本 😀 "q" \\ '.repeat(50)}${'x'.repeat(i * 20)}` })));
  const server = createMcpServer({ index });
  const { input, lines, connection, settle } = memoryStdio(server);
  input.write(`${JSON.stringify(INIT())}\n`);
  const calls = Array.from({ length: 12 }, (_, i) => ({ query: 'wing', limit: i === 11 ? 100 : 5 + i, offset: i }));
  input.write(calls.map((args, i) => `${JSON.stringify({ jsonrpc: '2.0', id: i, method: 'tools/call', params: { name: 'search', arguments: args } })}\n`).join(''));
  await settle();
  assert.is(lines.length, 13);
  for (const line of lines.slice(1)) {
    const { content, structuredContent } = line.result;
    assert.is(content[0].text, JSON.stringify(structuredContent));
    const { query, ...options } = calls[line.id];
    assert.equal(structuredContent.hits, JSON.parse(JSON.stringify(index.search(query, options).hits)));
  }
  input.end();
  await connection.closed;
});

test('stdio: an answer that is not JSON (a BigInt stored field) becomes an internal error, with nothing half-written', async () => {
  const index = await createIndex({ fields: ['title'], store: ['title', 'meta'] });
  index.add({ id: 'big', title: 'wing', meta: 10n });
  const { input, lines, connection, settle } = memoryStdio(createMcpServer({ index }));
  input.write(`${JSON.stringify(INIT())}\n`);
  input.write(`${JSON.stringify({ jsonrpc: '2.0', id: 'q', method: 'tools/call', params: { name: 'search', arguments: { query: 'wing' } } })}\n`);
  input.write('{"jsonrpc":"2.0","id":"p","method":"ping"}\n');
  await settle();
  assert.is(lines.length, 3);
  assert.equal([lines[1].id, lines[1].error.code], ['q', -32603]);
  assert.match(lines[1].error.message, /could not be serialized.*BigInt/);
  assert.equal(lines[2], { jsonrpc: '2.0', id: 'p', result: {} }, 'still serving');
  input.end();
  await connection.closed;
});

test('stdio: a request cancelled later in the same read is never begun and gets no answer; an id used again after its cancel is a new request', async () => {
  const server = createMcpServer({ index: await makeIndex(0), writable: true });
  const { input, lines, connection, settle } = memoryStdio(server);
  input.write(`${JSON.stringify(INIT())}\n`);
  await settle();
  const add = (id, count, from) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'add_documents', arguments: { documents: makeDocs(count, from) } } });
  const cancel = (requestId) => ({ jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId, reason: 'test' } });
  const search = (id) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'search', arguments: { query: 'wing' } } });
  input.write([
    add('gone', 50, 0), search(7), cancel('gone'), cancel(7),
    add('again', 5, 100), cancel('again'), add('again', 3, 200),
    cancel('never-sent'), { jsonrpc: '2.0', id: 'p', method: 'ping' },
  ].map((message) => `${JSON.stringify(message)}\n`).join(''));
  await settle();
  await server.idle();
  await settle();
  assert.equal(lines.slice(1).map((line) => line.id).sort(), ['again', 'p']);
  assert.equal(lines.find((line) => line.id === 'again').result.structuredContent, { added: 3, replaced: 0, docs: 3, saved: false });
  assert.is(server.index.size, 3, 'the cancelled add_documents calls added nothing');
  // A cancel in a later read finds a finished (synchronous) request: it was answered already.
  input.write(`${JSON.stringify(search(8))}\n`);
  await settle();
  input.write(`${JSON.stringify(cancel(8))}\n`);
  await settle();
  assert.ok(lines.at(-1).id === 8 && lines.at(-1).result.structuredContent.hits.length > 0);
  input.end();
  await connection.closed;
});

test('stdio: answers of async calls still arrive after the input ends; a broken output cancels them', async () => {
  const server = createMcpServer({ index: await makeIndex(0), writable: true });
  const { input, lines, connection } = memoryStdio(server);
  input.write(`${JSON.stringify(INIT())}\n`);
  input.write(`${JSON.stringify({ jsonrpc: '2.0', id: 'add', method: 'tools/call', params: { name: 'add_documents', arguments: { documents: makeDocs(600) } } })}\n`);
  input.end();
  await connection.closed;
  assert.is(lines.length, 2);
  assert.equal(lines[1].result.structuredContent, { added: 600, replaced: 0, docs: 600, saved: false });
});

test.run();
