// `synthex mcp`: serves a snapshot to AI agents over the Model Context Protocol, on
// stdin/stdout (the default: an agent starts it as a subprocess) or over Streamable HTTP.
// stdout belongs to the protocol, so everything for people goes to stderr.
import { createServer } from 'node:http';
import process from 'node:process';
import { createMcpHttpHandler, createMcpServer, serveMcpStdio, type McpServer } from '../index.js';
import { writeFileAtomic } from './atomic-write.js';
import { CliError, UsageError } from './cli-errors.js';
import { countOption, parseCommandArgs, print, printError, type Command } from './command.js';
import { packageVersion } from './package-root.js';
import { openSnapshot } from './snapshot-file.js';

const NAME = 'mcp';

const HELP = `Usage: synthex mcp <snapshot> [options]

Serves the index to AI agents over the Model Context Protocol (versions 2025-06-18 and
2025-03-26): tools search, get_document and index_stats (and add_documents,
remove_documents with --writable); documents are resources at synthex://doc/{id}.
Without --http it speaks on stdin/stdout, for agents that start it as a subprocess.

Options:
  --http <port>            serve Streamable HTTP at http://<host>:<port>/mcp instead (0: any free port)
  --host <address>         interface for --http (default 127.0.0.1; other hosts are reachable from the network)
  --token <token>          with --http: require "Authorization: Bearer <token>" (default: $SYNTHEX_TOKEN)
  --allow-origin <origin>  with --http: also accept browser requests from this origin (repeatable;
                           loopback origins and requests without Origin are always accepted)
  --writable               offer add_documents and remove_documents
  --save                   with --writable: after each change, write the snapshot back to <snapshot>
                           (temp file, fsync, rename)
  --max-message-bytes <n>  largest message accepted (default 4194304)
  -h, --help               this help

Example (an MCP client configuration):
  { "command": "synthex", "args": ["mcp", "/path/to/idx.synx"] }`;

function listen(server: McpServer, port: number, host: string, token: string | undefined, origins: string[]): Promise<void> {
  const handler = createMcpHttpHandler(server, { token, allowedOrigins: origins });
  const http = createServer(handler);
  return new Promise((resolve, reject) => {
    http.once('error', (error: NodeJS.ErrnoException) => {
      reject(new CliError(`cannot listen on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`));
    });
    http.listen(port, host, () => {
      const address = http.address();
      const bound = typeof address === 'object' && address ? address.port : port;
      const shown = host.includes(':') ? `[${host}]` : host;
      printError(`synthex mcp: listening on http://${shown}:${bound}/mcp${token ? ' (bearer token required)' : ''}`);
      const stop = () => {
        handler.close();
        http.close();
        http.closeAllConnections?.();
        void server.idle().then(resolve);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  });
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals, help } = parseCommandArgs(NAME, argv, {
    http: { type: 'string' },
    host: { type: 'string' },
    token: { type: 'string' },
    'allow-origin': { type: 'string', multiple: true },
    writable: { type: 'boolean' },
    save: { type: 'boolean' },
    'max-message-bytes': { type: 'string' },
  });
  if (help) return print(HELP);
  const [path, ...extra] = positionals;
  if (!path) throw new UsageError('missing the snapshot file', NAME);
  if (extra.length) throw new UsageError(`unexpected argument '${extra[0]}'`, NAME);
  const http = values.http === undefined ? undefined : countOption(NAME, 'http', values.http, 0);
  if (http !== undefined && http > 65535) throw new UsageError(`--http must be a port number (0-65535), got ${http}`, NAME);
  if (http === undefined) {
    for (const flag of ['host', 'token', 'allow-origin']) if (values[flag] !== undefined) throw new UsageError(`--${flag} only applies with --http`, NAME);
  }
  if (values.save && !values.writable) throw new UsageError('--save needs --writable', NAME);
  const maxMessageBytes = countOption(NAME, 'max-message-bytes', values['max-message-bytes'], 4 << 20);
  if (maxMessageBytes < 1) throw new UsageError('--max-message-bytes must be at least 1', NAME);

  const { index } = await openSnapshot(path);
  const server = createMcpServer({
    index,
    writable: values.writable === true,
    save: values.save ? (bytes) => writeFileAtomic(path, bytes) : undefined,
    version: packageVersion(),
    maxMessageBytes,
  });
  if (http !== undefined) {
    const token = (values.token as string | undefined) ?? (process.env.SYNTHEX_TOKEN || undefined);
    await listen(server, http, (values.host as string | undefined) ?? '127.0.0.1', token, (values['allow-origin'] as string[] | undefined) ?? []);
  } else {
    printError(`synthex mcp: serving ${path} (${index.size} docs) on stdin/stdout`);
    await serveMcpStdio(server).closed;
  }
  index.close();
}

export const mcpCommand: Command = { name: NAME, summary: 'serve a snapshot to AI agents over MCP (stdio or HTTP)', help: HELP, run };
