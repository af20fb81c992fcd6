// What a tool is to the server (MCP 2025-06-18 "Server Features › Tools › Tool": name, title,
// description, inputSchema, outputSchema, annotations) and what it gets to work with.
import type { Index } from '../search/search-index.js';
import type { IndexConfig } from '../search/index-options.js';
import type { DocumentCatalog } from './document-catalog.js';
import type { JsonSchema } from './schema-check.js';
import type { StructuredJson } from './serialize.js';

/** Per-call context: cancellation (notifications/cancelled, a dropped HTTP client) and progress. */
export interface ToolContext {
  readonly cancelled: boolean;
  /** Sends notifications/progress when the request asked for it (a progressToken); else nothing. */
  progress(progress: number, total?: number, message?: string): void;
}

/** The server state tools share. */
export interface ToolHost {
  readonly index: Index;
  readonly config: IndexConfig;
  readonly writable: boolean;
  /** The id catalog, re-read first when the index changed behind the server's back. */
  catalog(): DocumentCatalog;
  /**
   * Runs index changes one at a time; when `changed(value)` says the index changed and `save`
   * is configured, persists the snapshot before resolving. A failed save rejects.
   */
  write<T>(change: () => Promise<T> | T, changed: (value: T) => boolean): Promise<{ value: T; saved: boolean }>;
}

export interface Tool {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema;
  outputSchema: JsonSchema;
  annotations?: { readOnlyHint?: boolean; destructiveHint?: boolean; idempotentHint?: boolean; openWorldHint?: boolean };
  /** Arguments are already checked against inputSchema. Throwing makes an isError result. */
  run(args: Record<string, unknown>, context: ToolContext): Record<string, unknown> | Promise<Record<string, unknown>>;
  /** A faster JSON of run's result, equal to JSON.stringify's (absent: JSON.stringify). */
  json?(structured: Record<string, unknown>): StructuredJson;
}

/** The wire form of a tool in tools/list. */
export function describeTool(tool: Tool): Record<string, unknown> {
  const { name, title, description, inputSchema, outputSchema, annotations } = tool;
  return annotations ? { name, title, description, inputSchema, outputSchema, annotations } : { name, title, description, inputSchema, outputSchema };
}
