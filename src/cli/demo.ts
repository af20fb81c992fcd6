// `synthex demo` (what `npm start` runs): indexes the embedded Cranfield collection, then
// answers the query on the command line, or queries typed at a prompt, or piped in one a line.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';
import { createInterface } from 'node:readline';
import { createIndex, type Index } from '../index.js';
import { addDocuments } from './add-documents.js';
import { CliError } from './cli-errors.js';
import { countOption, parseCommandArgs, print, type Command } from './command.js';
import { formatMs, printHits } from './format.js';
import { packageRoot } from './package-root.js';
import { readJsonLines } from './read-documents.js';

const NAME = 'demo';

const HELP = `Usage: synthex demo [query...] [options]

Indexes the embedded Cranfield collection (1,400 aeronautics abstracts; fields title and
text, stored title and author), then:
  - with a query on the command line: prints its hits and exits;
  - on a terminal: prompts for queries until .exit or end of input (Ctrl+D);
  - with piped input: answers each line as a query.

Options:
  --limit <n>   hits per query (default 10)
  -h, --help    this help`;

/** The embedded Cranfield collection, indexed (`store` adds stored fields, e.g. text for snippets). */
export async function cranfieldIndex(store: string[] = ['title', 'author']): Promise<Index> {
  const path = join(packageRoot(), 'data', 'cranfield', 'docs.jsonl');
  if (!existsSync(path)) throw new CliError(`the Cranfield corpus is missing: ${path}`);
  const started = performance.now();
  const fail = (where: string, problem: string) => { throw new CliError(`the Cranfield corpus is damaged: ${where}: ${problem}`); };
  const index = await createIndex({ fields: ['title', 'text'], store });
  const added = addDocuments(index, readJsonLines(path, 'id', fail), fail);
  index.search(''); // builds the pending segment now, so the first query's time is its own
  print(`Cranfield collection: ${added} docs indexed in ${formatMs(performance.now() - started)}`);
  return index;
}

function promptLoop(answer: (query: string) => void): Promise<void> {
  return new Promise((resolve) => {
    const rl = createInterface({ input: process.stdin, output: process.stdout, prompt: 'synthex> ' });
    print('Type a query (e.g. wing lift), .exit or Ctrl+D to quit.');
    rl.on('line', (line) => {
      const query = line.trim();
      if (query === '.exit') return rl.close();
      if (query) answer(query);
      rl.prompt();
    });
    rl.on('SIGINT', () => rl.close());
    rl.on('close', () => { print(); resolve(); });
    rl.prompt();
  });
}

async function pipedQueries(answer: (query: string) => void): Promise<void> {
  const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of rl) {
    const query = line.trim();
    if (query === '.exit') break;
    if (!query) continue;
    print(`> ${query}`);
    answer(query);
  }
  rl.close();
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals, help } = parseCommandArgs(NAME, argv, { limit: { type: 'string' } });
  if (help) return print(HELP);
  const limit = countOption(NAME, 'limit', values.limit, 10);
  const index = await cranfieldIndex();
  const answer = (query: string) => printHits(index.search(query, { limit }));
  if (positionals.length > 0) answer(positionals.join(' '));
  else if (process.stdin.isTTY) await promptLoop(answer);
  else await pipedQueries(answer);
  index.close();
}

export const demoCommand: Command = { name: NAME, summary: 'index the embedded Cranfield collection and answer queries', help: HELP, run };
