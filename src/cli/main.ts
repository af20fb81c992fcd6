// The `synthex` command: dispatches to one file per subcommand and turns errors into one
// stderr line and an exit code (2 usage, 1 runtime). Bundled to dist/cli.js by scripts/build.mjs.
import process from 'node:process';
import { reportError, UsageError } from './cli-errors.js';
import { print, printError, type Command } from './command.js';
import { demoCommand } from './demo.js';
import { indexCommand } from './index-command.js';
import { mcpCommand } from './mcp.js';
import { packageVersion } from './package-root.js';
import { searchCommand } from './search.js';
import { serveCommand } from './serve.js';
import { statsCommand } from './stats.js';

const COMMANDS: Command[] = [indexCommand, searchCommand, statsCommand, serveCommand, mcpCommand, demoCommand];

function mainHelp(): string {
  const width = Math.max(...COMMANDS.map((command) => command.name.length));
  return `synthex ${packageVersion()}: full-text search in WebAssembly

Usage: synthex <command> [arguments] [options]

Commands:
${COMMANDS.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`).join('\n')}

Examples:
  synthex index docs.jsonl notes/ -o idx.synx
  synthex search idx.synx "wing lift" --limit 5
  synthex stats idx.synx
  synthex serve idx.synx --port 8080
  synthex demo "slipstream wing"

Options:
  -h, --help      this help (synthex <command> --help for a command's own)
  -v, --version   print the version`;
}

async function main(argv: string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    printError(mainHelp());
    return 2;
  }
  if (first === '-h' || first === '--help') {
    print(mainHelp());
    return 0;
  }
  if (first === '-v' || first === '--version') {
    print(packageVersion());
    return 0;
  }
  if (first === 'help') {
    const command = rest[0] === undefined ? undefined : COMMANDS.find((c) => c.name === rest[0]);
    if (rest[0] !== undefined && !command) throw new UsageError(`unknown command '${rest[0]}'`);
    print(command ? command.help : mainHelp());
    return 0;
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option '${first}'`);
  const command = COMMANDS.find((c) => c.name === first);
  if (!command) throw new UsageError(`unknown command '${first}'`);
  await command.run(rest);
  return 0;
}

// Output piped into `head` and closed early is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  const { message, exitCode } = reportError(error);
  printError(message);
  process.exitCode = exitCode;
}
