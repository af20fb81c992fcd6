// Turning command-line inputs into documents: .jsonl (one JSON document per line), .json (an
// array of documents), and plain text (a file, or every .txt/.md file under a directory).
// Each document remembers where it came from, so a bad one can be reported as file:line.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import type { Document } from '../index.js';
import { CliError, describeFsError } from './cli-errors.js';

export interface SourcedDocument {
  doc: Document;
  /** `file:line`, `file[item]` or the text file's path. */
  where: string;
}

/** Called for every line or item that cannot become a document (it is skipped). */
export type BadInput = (where: string, problem: string) => void;

const TEXT_EXTENSIONS = new Set(['.txt', '.md']);

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${describeFsError(error)}`);
  }
}

const describeValue = (value: unknown) => value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;

/** Why `value` cannot be a document (not an object, no usable id), or undefined when it can. */
function documentProblem(value: unknown, idField: string): string | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return `expected a JSON object, got ${describeValue(value)}`;
  const id = (value as Document)[idField];
  if (id === undefined) return `missing the id field '${idField}'`;
  if (typeof id === 'string' ? id.length === 0 : typeof id !== 'number' || !Number.isFinite(id)) {
    return `id field '${idField}' must be a non-empty string or a finite number, got ${JSON.stringify(id) ?? typeof id}`;
  }
  return undefined;
}

export function readJsonLines(path: string, idField: string, bad: BadInput): SourcedDocument[] {
  const docs: SourcedDocument[] = [];
  readText(path).split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line) return;
    const where = `${path}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      bad(where, `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
      return;
    }
    const problem = documentProblem(value, idField);
    if (problem) bad(where, problem);
    else docs.push({ doc: value as Document, where });
  });
  return docs;
}

export function readJsonArray(path: string, idField: string, bad: BadInput): SourcedDocument[] {
  let value: unknown;
  try {
    value = JSON.parse(readText(path));
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${path} is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(value)) throw new CliError(`${path} must hold a JSON array of documents, got ${describeValue(value)}`);
  const docs: SourcedDocument[] = [];
  value.forEach((item, i) => {
    const where = `${path}[${i}]`;
    const problem = documentProblem(item, idField);
    if (problem) bad(where, problem);
    else docs.push({ doc: item as Document, where });
  });
  return docs;
}

const slashes = (path: string) => path.split(sep).join('/');

/** A text document: id = `id` (a relative path), title = first non-empty line, text = all of it. */
function textDocument(path: string, id: string): SourcedDocument {
  const text = readText(path);
  let title = text.split('\n').map((line) => line.trim()).find(Boolean) ?? '';
  if (extname(path).toLowerCase() === '.md') title = title.replace(/^#+\s*/, '');
  return { doc: { id, title, text, path: slashes(path) }, where: path };
}

/** Every .txt/.md file under `dir`, sorted; hidden entries and node_modules are skipped. */
function textFilesUnder(dir: string): string[] {
  const found: string[] = [];
  const walk = (current: string) => {
    let entries;
    try {
      entries = readdirSync(current, { withFileTypes: true });
    } catch (error) {
      throw new CliError(`cannot read directory ${current}: ${describeFsError(error)}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
      const path = join(current, entry.name);
      let isFile = entry.isFile(), isDirectory = entry.isDirectory();
      if (entry.isSymbolicLink()) {
        // Linked files are followed; linked directories are not (they could loop).
        try { isFile = statSync(path).isFile(); } catch { isFile = false; }
        isDirectory = false;
      }
      if (isDirectory) walk(path);
      else if (isFile && TEXT_EXTENSIONS.has(extname(entry.name).toLowerCase())) found.push(path);
    }
  };
  walk(dir);
  return found;
}

/** All documents from the inputs, in order; `files` counts the files read. */
export function readInputs(inputs: string[], idField: string, bad: BadInput): { docs: SourcedDocument[]; files: number } {
  const docs: SourcedDocument[] = [];
  let files = 0;
  for (const input of inputs) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(input).isDirectory();
    } catch (error) {
      throw new CliError(`cannot read ${input}: ${describeFsError(error)}`);
    }
    if (isDirectory) {
      for (const path of textFilesUnder(input)) {
        docs.push(textDocument(path, slashes(relative(input, path))));
        files++;
      }
      continue;
    }
    const ext = extname(input).toLowerCase();
    if (ext === '.jsonl' || ext === '.ndjson') docs.push(...readJsonLines(input, idField, bad));
    else if (ext === '.json') docs.push(...readJsonArray(input, idField, bad));
    else docs.push(textDocument(input, slashes(input)));
    files++;
  }
  return { docs, files };
}
