/** The `teleforge` command: parses arguments, runs a command, maps errors to one line and an exit code. */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_FAILURE, TeleforgeError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { compileCommand } from './commands/compile.js';
import { inspectCommand } from './commands/inspect.js';
import { queryCommand } from './commands/query.js';
import { replayCommand } from './commands/replay.js';
import { reportCommand } from './commands/report.js';
import { scenariosCommand } from './commands/scenarios.js';
import { schemaCommand } from './commands/schema.js';
import { validateCommand } from './commands/validate.js';

/** Builds the parser without running it (tests use this). */
export function createCli(argv: string[]): Argv {
  let cli: Argv = yargs(argv)
    .scriptName('teleforge')
    .usage('$0 <command> [options]\n\nCompile deterministic synthetic observability datasets.')
    .version(TOOL_VERSION)
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces of errors' })
    .strict()
    .demandCommand(1, 'name a command (see --help)')
    .recommendCommands()
    .help()
    .alias('help', 'h')
    .wrap(Math.min(110, process.stdout.columns ?? 110))
    .fail((message, error) => {
      throw error ?? new TeleforgeError('BAD_ARGUMENT', message);
    });
  for (const register of [compileCommand, scenariosCommand, queryCommand, validateCommand, inspectCommand, reportCommand, replayCommand, schemaCommand]) cli = register(cli);
  return cli;
}

async function main(): Promise<void> {
  const argv = hideBin(process.argv);
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // `teleforge … --json | head` closes the pipe early: the reader has what it wanted.
    if (error.code === 'EPIPE') return;
    process.exitCode = report(error, argv.includes('--debug'));
  });
  try {
    await createCli(argv).parseAsync();
  } catch (error) {
    process.exitCode = report(error, argv.includes('--debug'));
  }
}

function report(error: unknown, debug: boolean): number {
  if (error instanceof TeleforgeError) {
    process.stderr.write(`teleforge: ${error.message}\n`);
    if (debug) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`teleforge: internal error: ${message}${debug ? '' : ' (run with --debug for the stack)'}\n`);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT_FAILURE;
}


await main();
