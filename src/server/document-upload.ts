// POST /documents: a JSON array (read whole, under the body cap) or NDJSON (added line by line
// as it streams in, with a progress line every PROGRESS_EVERY documents). A document the
// index refuses is reported with its position and skipped; the others are kept.
import { DocumentError, DuplicateIdError } from '../errors.js';
import type { Document } from '../search/documents.js';
import type { Index } from '../search/search-index.js';
import type { Incoming, Outgoing } from './exchange.js';
import { HttpError, jsonResponse, toHttpError } from './http-error.js';
import { bodyChunks, mediaType, parseJson, readBody, type BodyLimits } from './request-body.js';

const PROGRESS_EVERY = 1000;
/** Refused documents listed in an answer at most (the count is always exact). */
const MAX_LISTED_FAILURES = 100;

export interface UploadSummary {
  added: number;
  failed: number;
  failures: { at: number; code: string; message: string }[];
}

class Upload {
  readonly summary: UploadSummary = { added: 0, failed: 0, failures: [] };
  constructor(private readonly index: Index) {}

  add(doc: unknown, at: number): void {
    try {
      if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new DocumentError(`document ${at + 1} is not a JSON object`);
      this.index.add(doc as Document);
      this.summary.added++;
    } catch (error) {
      if (!(error instanceof DocumentError || error instanceof DuplicateIdError)) throw error;
      this.refuse(at, toHttpError(error));
    }
  }

  refuse(at: number, error: HttpError): void {
    this.summary.failed++;
    if (this.summary.failures.length < MAX_LISTED_FAILURES) this.summary.failures.push({ at, code: error.code, message: error.message });
  }
}

const NDJSON_TYPES = new Set(['application/x-ndjson', 'application/ndjson', 'application/jsonl', 'application/json-lines']);

export async function uploadDocuments(request: Incoming, index: Index, limits: BodyLimits, saved: () => Promise<void>): Promise<Outgoing> {
  const type = mediaType(request);
  if (type === 'application/json') {
    const body = parseJson(await readBody(request, limits));
    if (!Array.isArray(body)) throw new HttpError(400, 'bad_request', 'the body must be a JSON array of documents (or send NDJSON as application/x-ndjson)');
    const upload = new Upload(index);
    body.forEach((doc, at) => upload.add(doc, at));
    if (upload.summary.added) await saved();
    return jsonResponse(200, upload.summary);
  }
  if (!NDJSON_TYPES.has(type)) throw new HttpError(415, 'unsupported_media_type', 'POST /documents takes application/json (an array) or application/x-ndjson (one document a line)');
  return streamNdjson(request, index, limits, saved);
}

/** Answers at once with a stream: progress lines while documents arrive, then the summary. */
function streamNdjson(request: Incoming, index: Index, limits: BodyLimits, saved: () => Promise<void>): Outgoing {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const upload = new Upload(index);
  let finished!: () => void;
  const done = new Promise<void>((resolve) => { finished = resolve; });
  const stream = new ReadableStream<Uint8Array>({
    cancel() { finished(); },
    async start(controller) {
      const send = (value: unknown) => controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
      let line = 0;
      let pending = '';
      const take = (text: string) => {
        const at = line++;
        if (!text.trim()) return;
        let doc: unknown;
        try {
          doc = JSON.parse(text);
        } catch (error) {
          return upload.refuse(at, new HttpError(400, 'bad_json', `line ${at + 1}: ${error instanceof Error ? error.message : String(error)}`));
        }
        upload.add(doc, at);
        if ((upload.summary.added + upload.summary.failed) % PROGRESS_EVERY === 0) send({ progress: { added: upload.summary.added, failed: upload.summary.failed } });
      };
      let error: HttpError | undefined;
      try {
        for await (const chunk of bodyChunks(request, limits)) {
          pending += decoder.decode(chunk, { stream: true });
          const lines = pending.split('\n');
          pending = lines.pop()!;
          for (const text of lines) take(text);
        }
        pending += decoder.decode();
        if (pending) take(pending);
      } catch (caught) {
        error = caught instanceof TypeError && !(caught instanceof DocumentError) ? new HttpError(400, 'bad_request', 'the body is not valid UTF-8') : toHttpError(caught);
      }
      try {
        if (upload.summary.added) await saved();
      } catch (caught) {
        error ??= toHttpError(caught);
      }
      try {
        send(error ? { ...upload.summary, error: { code: error.code, message: error.message } } : upload.summary);
        controller.close();
      } catch {
        // the client went away; what was added stays added
      }
      finished();
    },
  });
  return { status: 200, headers: { 'Content-Type': 'application/x-ndjson' }, body: stream, done };
}
