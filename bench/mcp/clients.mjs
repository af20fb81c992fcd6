// Minimal raw JSON-RPC clients, the same for both servers so the figures compare servers, not
// clients: one calls in process, one speaks newline-delimited JSON to a child's stdio.
import { spawn } from 'node:child_process';
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

/** A child process speaking MCP on stdio (`command args…`). */
export async function stdioChild(command, args) {
  const child = spawn(command, args, { stdio: ['pipe', 'pipe', 'ignore'] });
  const pending = new Map();
  let rest = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      if (!line) continue;
      const message = JSON.parse(line);
      pending.get(message.id)?.(message);
      pending.delete(message.id);
    }
  });
  // Messages sent in one turn of the event loop go out in one write (both servers get the same).
  let corked = false;
  const uncork = () => { corked = false; child.stdin.uncork(); };
  const call = (message) => new Promise((resolve) => {
    pending.set(message.id, resolve);
    if (!corked) { corked = true; child.stdin.cork(); process.nextTick(uncork); }
    child.stdin.write(`${JSON.stringify(message)}\n`);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  await call(INITIALIZE);
  child.stdin.write(`${JSON.stringify(INITIALIZED)}\n`);
  return { call, pid: child.pid, async close() { child.stdin.end(); await exited; } };
}
