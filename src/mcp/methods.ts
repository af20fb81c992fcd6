// The MCP request methods after initialize: ping ("Utilities › Ping"), tools/list and
// tools/call ("Server Features › Tools"), and the resource methods (resources.ts).
import { ErrorCode, RpcError, describe, invalidParams, isPlainObject } from './json-rpc.js';
import { listResources, readResource, resourceTemplates } from './resources.js';
import { checkSchema } from './schema-check.js';
import { structuredResult, toolErrorResult, type CallToolResult } from './serialize.js';
import type { DocumentCatalog } from './document-catalog.js';
import type { Tool, ToolContext } from './tool.js';

/** What the methods need from the server. */
export interface MethodHost {
  readonly tools: ReadonlyMap<string, Tool>;
  /** The tools/list result, built once. */
  readonly toolList: Record<string, unknown>;
  readonly pageSize: number;
  catalog(): DocumentCatalog;
}

type Result = Record<string, unknown>;
export type Method = (host: MethodHost, params: Result, context: ToolContext) => Result | Promise<Result>;

/** Lists here have one page, so any cursor is one this server never gave out. */
function noCursor(params: Result): void {
  if (params.cursor !== undefined) throw invalidParams(`invalid cursor ${describe(params.cursor)}: this list has a single page`);
}

const toolError = (error: unknown) => toolErrorResult(error instanceof Error ? error.message : String(error));

const succeed = (tool: Tool, structured: Result) => structuredResult(structured, tool.json?.(structured));

function callTool(host: MethodHost, params: Result, context: ToolContext): CallToolResult | Promise<CallToolResult> {
  const { name } = params;
  if (typeof name !== 'string') throw invalidParams(`tools/call: params.name must be a string, got ${describe(name)}`);
  const tool = host.tools.get(name);
  // Unknown tools are a protocol error (-32602), per "Tools › Error Handling".
  if (!tool) throw invalidParams(`Unknown tool: ${JSON.stringify(name)} (tools: ${[...host.tools.keys()].join(', ')})`);
  const args = params.arguments ?? {};
  if (!isPlainObject(args)) throw invalidParams(`tools/call ${name}: params.arguments must be an object, got ${describe(args)}`);
  const problem = checkSchema(tool.inputSchema, args, 'arguments');
  if (problem) throw invalidParams(`Invalid arguments for tool ${name}: ${problem}`);
  let outcome: Result | Promise<Result>;
  try {
    outcome = tool.run(args, context);
  } catch (error) {
    if (error instanceof RpcError) throw error;
    return toolError(error);
  }
  if (outcome instanceof Promise) return outcome.then((structured) => succeed(tool, structured), (error) => { if (error instanceof RpcError) throw error; return toolError(error); });
  return succeed(tool, outcome);
}

export const METHODS: Record<string, Method> = {
  ping: () => ({}),
  'tools/list': (host, params) => { noCursor(params); return host.toolList; },
  'tools/call': callTool,
  'resources/list': (host, params) => listResources(host.catalog(), params, host.pageSize),
  'resources/read': (host, params) => readResource(host.catalog(), params),
  'resources/templates/list': (_host, params) => { noCursor(params); return resourceTemplates; },
};

export const methodNotFound = (method: string) => new RpcError(
  ErrorCode.MethodNotFound,
  `Method not found: ${JSON.stringify(method.length > 80 ? `${method.slice(0, 80)}…` : method)} (this server offers initialize, ${Object.keys(METHODS).join(', ')})`,
);
