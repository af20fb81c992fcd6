// The stdio floor: answers every request line with a fixed search answer (the real shape and
// size, ~3.5 KB: ten Cranfield-like hits with title and author, as text and as
// structuredContent), its id spliced in. No JSON parsing, no engine, no protocol: what the
// benchmark's client, the pipes and the process wake-ups cost by themselves.
//   node bench/mcp/canned-server.mjs
const hits = Array.from({ length: 10 }, (_, i) => ({
  id: String(1000 + i),
  score: 16.826971530914307 - i / 3,
  fields: { title: 'the unsteady lift of a wing of finite aspect ratio in incompressible flow .', author: 'jones, r.t.' },
}));
const json = JSON.stringify({ hits, total: 321, tookMs: 0.0123 });
const [before, after] = `{"jsonrpc":"2.0","id":ID,"result":{"content":[{"type":"text","text":${JSON.stringify(json)}}],"structuredContent":${json}}}\n`.split('ID');
const head = Buffer.from(before);
const tail = Buffer.from(after);
const ID = /"id":(-?\d+|"(?:[^"\\]|\\.)*")/;
let rest = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  const lines = (rest + text).split('\n');
  rest = lines.pop();
  const out = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    const id = ID.exec(line)?.[1];
    if (id === undefined) continue; // a notification
    out.push(head, Buffer.from(id), tail);
  }
  if (out.length) process.stdout.write(Buffer.concat(out));
});
