// createMcpServer: an Index served to AI agents over the Model Context Protocol. The server
// holds what all connections share (tools, the document catalog, the write queue); each
// connection is an McpSession, fed by a transport (serveMcpStdio, createMcpHttpHandler) or
// directly in process.
import type { Index } from '../search/search-index.js';
import type { IndexConfig } from '../search/index-options.js';
import { DocumentCatalog } from './document-catalog.js';
import type { ServerIdentity } from './lifecycle.js';
import { describeTool, type Tool, type ToolHost } from './tool.js';
import { readTools } from './read-tools.js';
import { writeTools } from './write-tools.js';
import { saveToPath, type SaveSnapshot } from './persist.js';
import { McpSession, type NotifySink, type SessionHost } from './session.js';

export const DEFAULT_MAX_MESSAGE_BYTES = 4 << 20;
const DEFAULT_PAGE_SIZE = 100;

export interface McpServerOptions {
  index: Index;
  /** Offer add_documents and remove_documents (default false). */
  writable?: boolean;
  /** After each change: a path to write the snapshot to atomically, or a function given the bytes. */
  save?: string | SaveSnapshot;
  /** serverInfo.name (default 'synthex'). */
  name?: string;
  /** serverInfo.version (default '0.0.0'; the CLI passes the package version). */
  version?: string;
  /** Text for initialize's `instructions` (default: a sentence on the index and tools). */
  instructions?: string;
  /** Largest message a transport accepts, in bytes (default 4 MiB). */
  maxMessageBytes?: number;
  /** Resources per resources/list page (default 100). */
  pageSize?: number;
}

export interface McpServer {
  readonly index: Index;
  readonly writable: boolean;
  readonly maxMessageBytes: number;
  readonly identity: ServerIdentity;
  /** A new connection; `notify` receives its server-to-client notifications (progress). */
  openSession(notify?: NotifySink): McpSession;
  /** Resolves when every queued change (and its save) is done. */
  idle(): Promise<void>;
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1) throw new RangeError(`createMcpServer: ${name} must be a positive integer, got ${String(value)}`);
  return value;
}

class Server implements McpServer, ToolHost, SessionHost {
  readonly index: Index;
  readonly writable: boolean;
  readonly maxMessageBytes: number;
  readonly pageSize: number;
  readonly identity: ServerIdentity;
  readonly config: IndexConfig;
  readonly tools = new Map<string, Tool>();
  readonly toolList: Record<string, unknown>;
  readonly #save: SaveSnapshot | undefined;
  readonly #catalog: DocumentCatalog;
  #writes: Promise<unknown> = Promise.resolve();

  constructor(options: McpServerOptions) {
    if (!options || typeof options !== 'object') throw new TypeError('createMcpServer: options { index } are required');
    const { index } = options;
    if (!index || typeof index.search !== 'function' || typeof index.save !== 'function') throw new TypeError('createMcpServer: `index` must be an Index (createIndex or loadIndex)');
    this.index = index;
    this.writable = options.writable === true;
    this.maxMessageBytes = positiveInteger('maxMessageBytes', options.maxMessageBytes, DEFAULT_MAX_MESSAGE_BYTES);
    this.pageSize = positiveInteger('pageSize', options.pageSize, DEFAULT_PAGE_SIZE);
    const { save } = options;
    if (save !== undefined && typeof save !== 'string' && typeof save !== 'function') throw new TypeError('createMcpServer: `save` must be a path or a function');
    if (save !== undefined && !this.writable) throw new TypeError('createMcpServer: `save` needs `writable: true`');
    this.#save = typeof save === 'string' ? saveToPath(save) : save;
    const config = index.options as IndexConfig;
    this.config = config;
    this.#catalog = new DocumentCatalog(index);
    const name = options.name ?? 'synthex';
    this.identity = {
      name,
      version: options.version ?? '0.0.0',
      instructions: options.instructions ?? `Full-text search over ${index.size} documents (fields: ${config.fields.join(', ')}). Use the search tool; get_document fetches a document by id; documents are also resources at synthex://doc/{id}.${this.writable ? ' add_documents and remove_documents change the index.' : ''}`,
    };
    for (const tool of [...readTools(this), ...(this.writable ? writeTools(this) : [])]) this.tools.set(tool.name, tool);
    this.toolList = { tools: [...this.tools.values()].map(describeTool) };
  }

  openSession(notify?: NotifySink): McpSession {
    return new McpSession(this, notify);
  }

  catalog(): DocumentCatalog {
    return this.#catalog;
  }

  write<T>(change: () => Promise<T> | T, changed: (value: T) => boolean): Promise<{ value: T; saved: boolean }> {
    const run = async () => {
      const value = await change();
      if (!this.#save || !changed(value)) return { value, saved: false };
      try {
        await this.#save(this.index.save());
      } catch (error) {
        throw new Error(`the index changed in memory, but saving the snapshot failed: ${error instanceof Error ? error.message : String(error)}`);
      }
      return { value, saved: true };
    };
    const result = this.#writes.then(run, run);
    this.#writes = result.catch(() => undefined);
    return result;
  }

  async idle(): Promise<void> {
    for (let last; last !== this.#writes;) await (last = this.#writes);
  }
}

/** An MCP server for `index`: see McpServerOptions. */
export function createMcpServer(options: McpServerOptions): McpServer {
  return new Server(options);
}
