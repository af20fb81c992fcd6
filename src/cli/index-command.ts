// `synthex index`: documents in, snapshot file out. (Named index-command.ts, not index.ts,
// so it is not mistaken for a folder entry point.)
import { createIndex, type Index } from '../index.js';
import { writeFileAtomic } from './atomic-write.js';
import { addDocuments } from './add-documents.js';
import { CliError, UsageError } from './cli-errors.js';
import { listOption, parseCommandArgs, print, printError, type Command } from './command.js';
import { formatBytes, formatMs } from './format.js';
import { readInputs, type BadInput } from './read-documents.js';

const NAME = 'index';
const MAX_REPORTED = 20;

const HELP = `Usage: synthex index <inputs...> -o <snapshot> [options]

Builds an index from documents and writes its snapshot (atomically: a temp file, fsync, rename).

Inputs:
  file.jsonl         one JSON document per line (also .ndjson); each needs an id (see --id)
  file.json          a JSON array of documents
  directory          every .txt and .md file below it (hidden entries skipped);
                     id = path relative to the directory, title = first line, text = content
  other files        read as plain text (id = the path as given)

Lines or documents that cannot be indexed are reported as file:line and skipped.

Options:
  -o, --output <file>     snapshot to write (required)
  --fields <a,b>          searchable fields (default: title,text)
  --store <a,b>           fields returned with hits (default: title, plus url and path
                          when documents have them; '' for none)
  --language <en|none>    en: stop words and stemming (default); none: folding only
  --id <field>            the id property of JSON documents (default: id)
  -h, --help              this help`;

function reporter(): { bad: BadInput; count: () => number } {
  let count = 0;
  return {
    bad(where, problem) {
      count++;
      if (count <= MAX_REPORTED) printError(`${where}: ${problem}`);
    },
    count: () => count,
  };
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals, help } = parseCommandArgs(NAME, argv, {
    output: { type: 'string', short: 'o' },
    fields: { type: 'string' },
    store: { type: 'string' },
    language: { type: 'string' },
    id: { type: 'string' },
  });
  if (help) return print(HELP);
  if (positionals.length === 0) throw new UsageError('no inputs given', NAME);
  const output = values.output;
  if (typeof output !== 'string' || !output) throw new UsageError('missing -o <snapshot file>', NAME);
  const fields = listOption(values.fields) ?? ['title', 'text'];
  if (fields.length === 0) throw new UsageError('--fields needs at least one field name', NAME);
  const language = values.language ?? 'en';
  if (language !== 'en' && language !== 'none') throw new UsageError(`--language must be en or none, got '${String(language)}'`, NAME);
  const idField = typeof values.id === 'string' ? values.id : 'id';
  if (!idField) throw new UsageError('--id needs a field name', NAME);
  if (fields.includes(idField)) throw new UsageError(`'${idField}' is the id field and cannot be a searchable field`, NAME);
  if (new Set(fields).size !== fields.length) throw new UsageError('--fields lists a field twice', NAME);

  const started = performance.now();
  const { bad, count } = reporter();
  const { docs, files } = readInputs(positionals, idField, bad);
  if (docs.length === 0) throw new CliError(`no documents found in ${positionals.join(', ')}`);
  const store = listOption(values.store)
    ?? ['title', ...['url', 'path'].filter((name) => docs.some(({ doc }) => doc[name] !== undefined))];

  let index: Index;
  try {
    index = await createIndex({ fields, store, language, idField });
  } catch (error) {
    // Option errors (an id field listed as searchable, too many fields) are usage errors.
    if (error instanceof TypeError) throw new UsageError(error.message, NAME);
    throw error;
  }
  const added = addDocuments(index, docs, bad);
  if (count() > 0) {
    printError(`skipped ${count()} bad document${count() === 1 ? '' : 's'}${count() > MAX_REPORTED ? ` (first ${MAX_REPORTED} shown)` : ''}`);
  }
  if (added === 0) throw new CliError('no document could be indexed');
  const bytes = index.save();
  index.close();
  writeFileAtomic(output, bytes);
  const took = performance.now() - started;
  print(`indexed ${added} doc${added === 1 ? '' : 's'} from ${files} file${files === 1 ? '' : 's'} in ${formatMs(took)}; wrote ${output}: ${formatBytes(bytes.length)}`);
}

export const indexCommand: Command = { name: NAME, summary: 'build an index from .jsonl/.json/text files and write a snapshot', help: HELP, run };
