// HTTP checks shared by the MCP and search handlers. For MCP ("Transports › Streamable HTTP ›
// Security Warning", 2025-06-18, 2025-03-26): servers MUST validate the Origin header of every
// incoming connection against DNS rebinding, SHOULD bind to localhost when run locally, and
// SHOULD authenticate connections (here: an optional bearer token, also used for search writes).

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * A request without Origin comes from a non-browser client and is allowed; a browser's Origin
 * must be a loopback host (any port) or one listed in `allowed` (exact "scheme://host:port").
 */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined) return true;
  if (allowed.includes(origin)) return true;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && LOOPBACK_HOSTS.has(url.hostname);
}

/** Compares in time independent of where the strings differ (the length still shows). */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return difference === 0;
}

/** `Authorization: Bearer <token>` (RFC 6750 §2.1), the scheme case-insensitive. */
export function bearerAllowed(authorization: string | undefined, token: string | undefined): boolean {
  if (token === undefined) return true;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  return match !== null && sameText(match[1], token);
}
