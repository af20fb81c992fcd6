// The handler's own view of one HTTP exchange. Fetch Requests and Responses convert to and
// from it; the node:http adapter fills it directly, skipping the cost of building fetch objects
// for every request (on Node 20 that cost more than the search itself).

export interface Incoming {
  method: string;
  /** Absolute URL, or a path with query ('/search?q=…'). */
  url: string;
  header(name: string): string | null;
  /** The body, taken at most once (null for GET and HEAD). */
  body(): ReadableStream<Uint8Array> | null;
}

export interface Outgoing {
  status: number;
  /** This answer's own object: the node:http adapter adds Content-Length (and Connection) to it. */
  headers: Record<string, string>;
  body: string | Uint8Array | ReadableStream<Uint8Array> | null;
  /** For streamed bodies: resolves once the stream has ended. */
  done?: Promise<void>;
}

export function fromRequest(request: Request): Incoming {
  return {
    method: request.method,
    url: request.url,
    header: (name) => request.headers.get(name),
    body: () => request.body,
  };
}

export const toResponse = (out: Outgoing): Response => new Response(out.body as BodyInit | null, { status: out.status, headers: out.headers });
