// The path and query parameters of a request. The targets clients send ('/search?q=…') are
// split here by hand; anything else (dot segments, percent-encoded paths, absolute URLs) goes
// through the URL parser and its normalisation. new URL + searchParams on every request was
// about 4 % of the server's CPU.

export interface RequestTarget {
  path: string;
  /** The raw query, without '?' ('' when none). */
  query: string;
}

/**
 * An origin-form path the URL parser would return unchanged, then an optional query without a
 * fragment, spaces or control characters (which the parser strips or drops).
 */
const PLAIN_TARGET = /^(\/(?!\/)[\w\-/]*)(?:\?([^#\x00-\x20\x7f]*))?$/;

/** The target's path and query, or undefined when it is not a valid URL. */
export function requestTarget(url: string): RequestTarget | undefined {
  const plain = PLAIN_TARGET.exec(url);
  if (plain) return { path: plain[1], query: plain[2] ?? '' };
  try {
    const parsed = new URL(url, 'http://localhost');
    return { path: parsed.pathname, query: parsed.search.slice(1) };
  } catch {
    return undefined;
  }
}

const decode = (text: string) => decodeURIComponent(text.includes('+') ? text.replaceAll('+', ' ') : text);

/** The query's name/value pairs in order, decoded exactly as URLSearchParams decodes them. */
export function queryParams(query: string): [string, string][] {
  const pairs: [string, string][] = [];
  if (!query) return pairs;
  try {
    for (const part of query.split('&')) {
      if (!part) continue;
      const equals = part.indexOf('=');
      pairs.push(equals < 0 ? [decode(part), ''] : [decode(part.slice(0, equals)), decode(part.slice(equals + 1))]);
    }
    return pairs;
  } catch {
    // Malformed percent-encoding, which URLSearchParams keeps as text where decodeURIComponent
    // throws: the URL parser decides (as it would have for the whole target).
    return [...new URL(`http://localhost/?${query}`).searchParams];
  }
}
