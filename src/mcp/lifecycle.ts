// MCP lifecycle, "Base Protocol › Lifecycle › Initialization / Version Negotiation"
// (2025-06-18 and 2025-03-26): the client proposes a version; a server that supports it
// answers with the same one, otherwise with the latest it supports, and the client decides
// whether it can go on. Capabilities say which method families the server offers.
import { invalidParams, isPlainObject, describe } from './json-rpc.js';

/** Newest first. 2025-06-18 removed JSON-RPC batches and added structured tool output. */
export const SUPPORTED_PROTOCOL_VERSIONS = ['2025-06-18', '2025-03-26'] as const;
export type ProtocolVersion = (typeof SUPPORTED_PROTOCOL_VERSIONS)[number];
export const LATEST_PROTOCOL_VERSION: ProtocolVersion = SUPPORTED_PROTOCOL_VERSIONS[0];

export const isSupportedVersion = (version: unknown): version is ProtocolVersion =>
  (SUPPORTED_PROTOCOL_VERSIONS as readonly unknown[]).includes(version);

/** JSON-RPC batches exist in 2025-03-26 only ("Base Protocol › Overview › JSON-RPC Batching"). */
export const allowsBatches = (version: ProtocolVersion | undefined) => version === '2025-03-26';

export interface ServerIdentity {
  name: string;
  version: string;
  instructions?: string;
}

/** Validates initialize params and picks the version to answer with. */
export function negotiateVersion(params: Record<string, unknown>): ProtocolVersion {
  const requested = params.protocolVersion;
  if (typeof requested !== 'string') throw invalidParams(`initialize: params.protocolVersion must be a string, got ${describe(requested)}`);
  if (params.capabilities !== undefined && !isPlainObject(params.capabilities)) throw invalidParams('initialize: params.capabilities must be an object');
  if (params.clientInfo !== undefined && !isPlainObject(params.clientInfo)) throw invalidParams('initialize: params.clientInfo must be an object');
  return isSupportedVersion(requested) ? requested : LATEST_PROTOCOL_VERSION;
}

export function initializeResult(version: ProtocolVersion, identity: ServerIdentity): Record<string, unknown> {
  const result: Record<string, unknown> = {
    protocolVersion: version,
    // Tools and resources are fixed for the life of the server: no list_changed, no subscriptions.
    capabilities: { tools: { listChanged: false }, resources: { subscribe: false, listChanged: false } },
    serverInfo: { name: identity.name, version: identity.version },
  };
  if (identity.instructions) result.instructions = identity.instructions;
  return result;
}
