// `synthex search`: load a snapshot, run one query, print the ranked hits.
import { UsageError } from './cli-errors.js';
import { countOption, parseCommandArgs, print, type Command } from './command.js';
import { printHits } from './format.js';
import { openSnapshot } from './snapshot-file.js';

const NAME = 'search';

const HELP = `Usage: synthex search <snapshot> <query...> [options]

Loads a snapshot and prints the ranked hits: rank, score, id and stored title.
Query syntax: words are ORed; +word requires, -word excludes (put the query after --
when it starts with -, as in: synthex search idx.synx -- -propeller wing).

Options:
  --limit <n>    hits to show (default 10)
  --offset <n>   hits to skip first (default 0)
  --json         print the SearchResult as JSON ({ hits, total, totalExact, tookMs })
  -h, --help     this help`;

async function run(argv: string[]): Promise<void> {
  const { values, positionals, help } = parseCommandArgs(NAME, argv, {
    limit: { type: 'string' },
    offset: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (help) return print(HELP);
  const [path, ...words] = positionals;
  if (!path) throw new UsageError('missing the snapshot file and the query', NAME);
  if (words.length === 0) throw new UsageError('missing the query', NAME);
  const limit = countOption(NAME, 'limit', values.limit, 10);
  const offset = countOption(NAME, 'offset', values.offset, 0);
  const { index } = await openSnapshot(path);
  const result = index.search(words.join(' '), { limit, offset });
  index.close();
  if (values.json) print(JSON.stringify(result));
  else printHits(result, offset);
}

export const searchCommand: Command = { name: NAME, summary: 'search a snapshot and print ranked hits', help: HELP, run };
