// The clients that drive both servers, the same for each so the figures compare servers, not
// clients: one calls in process, one speaks newline-delimited JSON-RPC to a child's stdio with
// as little work per answer as a load generator needs, and one is the official SDK's Client
// (what an agent runs: it parses, schema-checks and validates every answer).
import { spawn } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';

export const INITIALIZE = {
  jsonrpc: '2.0', id: 0, method: 'initialize',
  params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'synthex-bench', version: '0' } },
};
const INITIALIZED = { jsonrpc: '2.0', method: 'notifications/initialized' };

/** synthex's own server, in process: a session's handle() is the whole round trip. */
export async function synthexInProcess(server) {
  const session = server.openSession();
  await session.handle(INITIALIZE);
  session.handle(INITIALIZED);
  return { call: (message) => session.handle(message), close() { session.close(); } };
}

/** The SDK server, in process, through the SDK's own InMemoryTransport (objects, no JSON). */
export async function sdkInProcess(sdkServer) {
  const [client, serverSide] = InMemoryTransport.createLinkedPair();
  const pending = new Map();
  client.onmessage = (message) => { pending.get(message.id)?.(message); pending.delete(message.id); };
  await sdkServer.connect(serverSide);
  await client.start();
  const call = (message) => new Promise((resolve) => { pending.set(message.id, resolve); void client.send(message); });
  await call(INITIALIZE);
  await client.send(INITIALIZED);
  return { call, async close() { await sdkServer.close(); } };
}

/**
 * An answer the raw client did not parse: its id and its bytes (one line, without the newline).
 * It was matched to its request by id and is a result, not an error; `bytes.includes(marker)`
 * checks the rest.
 */
export class RawAnswer {
  constructor(id, bytes) {
    this.id = id;
    this.bytes = bytes;
  }
}

// A success answer's id, read from the bytes where each server puts it (synthex: first, after
// "jsonrpc"; the SDK: last, after "result"). Any other shape (errors, notifications) is parsed.
const RESULT_FIRST = /^\{"jsonrpc":"2\.0","id":(\d{1,15}),"result":\{/;
const RESULT_HEAD = '{"result":{';
const ID_LAST = /,"jsonrpc":"2\.0","id":(\d{1,15})\}$/;
const EDGE = 48;

function rawAnswer(line) {
  const head = line.toString('latin1', 0, EDGE);
  let match = RESULT_FIRST.exec(head);
  if (!match && head.startsWith(RESULT_HEAD)) match = ID_LAST.exec(line.toString('latin1', Math.max(0, line.length - EDGE)));
  return match ? new RawAnswer(Number(match[1]), line) : undefined;
}

/** The start of an answer, as text, for error messages. */
export const describeAnswer = (reply) => (reply instanceof RawAnswer ? reply.bytes.toString('utf8', 0, 200) : JSON.stringify(reply)?.slice(0, 200));

// A search answer holds its hits (an unparsed one: its structuredContent starts with them, as
// both servers write it; the text block's copy is escaped, so it cannot match).
const HITS = '"structuredContent":{"hits":[';
export const isSearchAnswer = (reply) => (reply instanceof RawAnswer ? reply.bytes.includes(HITS) : Array.isArray(reply?.result?.structuredContent?.hits));

/**
 * A child process speaking MCP on stdio (`command args…`), driven by a lean raw JSON-RPC client:
 * lines are found with indexOf on the bytes, an answer is matched to its request by the id read
 * from its first or last bytes, and every `parseEvery`-th answer (and any of another shape) is
 * parsed whole and handed over as a message. Both servers get exactly the same.
 */
export async function stdioChild(command, args, { parseEvery = 16 } = {}) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const pending = new Map();
  let answers = 0;
  let failure;
  const deliver = (line) => {
    const answer = ++answers % parseEvery === 0 ? undefined : rawAnswer(line);
    const message = answer ?? JSON.parse(line.toString('utf8'));
    const resolve = pending.get(message.id);
    if (!resolve) throw new Error(`an answer for no request: ${line.toString('utf8', 0, 200)}`);
    pending.delete(message.id);
    resolve(message);
  };
  let rest;
  child.stdout.on('data', (chunk) => {
    if (rest) { chunk = Buffer.concat([rest, chunk]); rest = undefined; }
    let start = 0;
    try {
      for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
        if (newline > start) deliver(chunk.subarray(start, newline));
        start = newline + 1;
      }
    } catch (error) {
      failure = error;
      for (const resolve of pending.values()) resolve({ failure });
      pending.clear();
    }
    if (start < chunk.length) rest = chunk.subarray(start);
  });
  // With more than one request outstanding, those written in one turn of the event loop go out
  // in one write; a lone request is written at once.
  let corked = false;
  const uncork = () => { corked = false; child.stdin.uncork(); };
  const call = (message) => new Promise((resolve) => {
    if (failure) return resolve({ failure });
    pending.set(message.id, resolve);
    if (pending.size > 1 && !corked) { corked = true; child.stdin.cork(); process.nextTick(uncork); }
    child.stdin.write(`${JSON.stringify(message)}\n`);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await call(INITIALIZE);
  child.stdin.write(`${JSON.stringify(INITIALIZED)}\n`);
  return { call, pid: child.pid, async close() { child.stdin.end(); await exited; } };
}

/**
 * The official SDK Client over its StdioClientTransport, as an agent uses it: tools/list first
 * (so it validates every search answer against the tool's outputSchema), then callTool / ping.
 * Answers come back as JSON-RPC envelopes, like the other clients'.
 */
export async function sdkClientChild(command, args) {
  const transport = new StdioClientTransport({ command, args, stderr: 'ignore' });
  const client = new Client({ name: 'synthex-bench', version: '0' });
  await client.connect(transport);
  await client.listTools();
  const call = async (message) => {
    const result = message.method === 'ping' ? await client.ping() : await client.callTool(message.params);
    return { jsonrpc: '2.0', id: message.id, result };
  };
  return { call, pid: transport.pid, async close() { await client.close(); } };
}
