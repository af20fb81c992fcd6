// A dropped file as documents for the "your files" index: .txt and .md are one document each;
// .json is an array of records (or one record); .jsonl has one record a line. Files that cannot
// be read as such (empty, binary, not UTF-8, malformed JSON, unsupported type) come back as a
// problem to report, never an exception; a .jsonl keeps its good lines and reports the bad ones.

export type FileDocument = {
  id: string;
  title: string;
  text: string;
  path: string;
  type: string;
};

export interface FileDocuments {
  docs: FileDocument[];
  problem?: string;
}

export const SUPPORTED_TYPES = ['txt', 'md', 'json', 'jsonl'] as const;
const MAX_FILE_BYTES = 256 << 20;
const TITLE_KEYS = ['title', 'name', 'subject', 'heading', 'headline'];

export function fileType(path: string): string {
  const dot = path.lastIndexOf('.');
  const ext = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
  if (ext === 'markdown') return 'md';
  if (ext === 'ndjson') return 'jsonl';
  return ext;
}

const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** Text of a file, or why it is not text: NUL bytes in the first 8 KB, or invalid UTF-8. */
function decodeText(bytes: Uint8Array): { text?: string; problem?: string } {
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) return { problem: 'binary file (NUL bytes), skipped' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes) };
  } catch {
    return { problem: 'not UTF-8 text, skipped' };
  }
}

/** Every string and number inside a JSON value, one a line (keys are not text). */
function valueText(value: unknown, out: string[] = [], depth = 0): string[] {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean') out.push(String(value));
  else if (value && typeof value === 'object' && depth < 16) {
    for (const item of Array.isArray(value) ? value : Object.values(value)) valueText(item, out, depth + 1);
  }
  return out;
}

function recordDocument(record: unknown, path: string, n: number): FileDocument {
  let title = `${baseName(path)} #${n}`;
  let text: string;
  if (record && typeof record === 'object' && !Array.isArray(record)) {
    const fields = record as Record<string, unknown>;
    const key = TITLE_KEYS.find((name) => typeof fields[name] === 'string' && (fields[name] as string).trim());
    if (key) title = (fields[key] as string).trim().slice(0, 200);
    text = valueText(Object.fromEntries(Object.entries(fields).filter(([name]) => name !== key))).join('\n');
  } else {
    text = valueText(record).join('\n');
  }
  return { id: `${path}#${n}`, title, text, path, type: fileType(path) };
}

function jsonDocuments(text: string, path: string): FileDocuments {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { docs: [], problem: `malformed JSON (${(error as Error).message}), skipped` };
  }
  const records = Array.isArray(value) ? value : [value];
  const docs = records.map((record, i) => recordDocument(record, path, i + 1));
  return docs.some((doc) => doc.text.trim()) ? { docs } : { docs: [], problem: 'JSON without any text, skipped' };
}

function jsonLinesDocuments(text: string, path: string): FileDocuments {
  const docs: FileDocument[] = [];
  const bad: number[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    try {
      docs.push(recordDocument(JSON.parse(line), path, i + 1));
    } catch {
      bad.push(i + 1);
    }
  }
  if (!bad.length) return { docs };
  const lineList = bad.slice(0, 5).join(', ') + (bad.length > 5 ? ', …' : '');
  const problem = docs.length
    ? `${bad.length} malformed line${bad.length > 1 ? 's' : ''} skipped (line ${lineList}); ${docs.length} indexed`
    : `malformed JSON Lines (line ${lineList}), skipped`;
  return { docs, problem };
}

export async function fileDocuments(file: Blob, path: string): Promise<FileDocuments> {
  const type = fileType(path);
  if (!(SUPPORTED_TYPES as readonly string[]).includes(type)) return { docs: [], problem: `unsupported type${type ? ` .${type}` : ''} (use .txt, .md, .json or .jsonl), skipped` };
  if (file.size === 0) return { docs: [], problem: 'empty file, skipped' };
  if (file.size > MAX_FILE_BYTES) return { docs: [], problem: `larger than ${MAX_FILE_BYTES >> 20} MB, skipped` };
  const { text, problem } = decodeText(new Uint8Array(await file.arrayBuffer()));
  if (text === undefined) return { docs: [], problem };
  if (!text.trim()) return { docs: [], problem: 'empty file (whitespace only), skipped' };
  if (type === 'json') return jsonDocuments(text, path);
  if (type === 'jsonl') return jsonLinesDocuments(text, path);
  // A Markdown file that opens with a heading is titled by it.
  const heading = type === 'md' ? /^\s*#{1,6}[ \t]+(.+)/.exec(text)?.[1].trim() : undefined;
  return { docs: [{ id: path, title: heading || baseName(path), text, path, type }] };
}
