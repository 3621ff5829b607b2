/**
 * The `teleforge` command: parses arguments, runs a command, maps errors to one line and an exit
 * code. Importing it runs nothing: bin.ts is the process's entry, tests build the parser here.
 */
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { EXIT_FAILURE, TeleforgeError } from '../errors.js';
import { TOOL_VERSION } from '../version.js';
import { compileCommand } from './commands/compile.js';
import { inspectCommand } from './commands/inspect.js';
import { produceCommand } from './commands/produce.js';
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
      // yargs wraps what an option's `coerce` threw in its own YError: that is bad input too.
      if (error instanceof TeleforgeError || (error && error.name !== 'YError')) throw error;
      throw new TeleforgeError('BAD_ARGUMENT', oneLine(error?.message ?? message));
    });
  for (const register of [compileCommand, scenariosCommand, queryCommand, validateCommand, inspectCommand, reportCommand, replayCommand, produceCommand, schemaCommand]) cli = register(cli);
  return cli;
}

/** yargs puts `Invalid values:` and the option on two lines; the CLI promises one. */
function oneLine(message: string): string {
  return message.replace(/:?\s*\n\s*/g, ': ').trim();
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
    // The reader of our stdout had enough (`| head`): a normal end, said nothing about.
    if (error.code === 'OUTPUT_CLOSED') return 0;
    process.stderr.write(`teleforge: ${error.message}\n`);
    if (debug) process.stderr.write(`${error.stack}\n`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`teleforge: internal error: ${message}${debug ? '' : ' (run with --debug for the stack)'}\n`);
  if (debug && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  return EXIT_FAILURE;
}

/** A command line as `teleforge` reads it. */
export interface ParsedCli {
  /** The command it would run; undefined for `--help` or `--version` alone. */
  command: string | undefined;
  /** Its options and positionals, checked and coerced. */
  argv: Record<string, unknown>;
  /** What `--help` or `--version` would print; '' otherwise. */
  output: string;
}

/**
 * Parses a command line without running its command: options are checked and coerced as by
 * `teleforge` itself (a bad one throws the same TeleforgeError), and nothing is printed, exited
 * or written.
 */
export async function parseCli(argv: string[]): Promise<ParsedCli> {
  const stop = Symbol('parsed');
  let parsed: ParsedCli = { command: undefined, argv: {}, output: '' };
  // Middleware runs after validation and coercion, before the command's handler: stop there.
  const cli = createCli(argv).exitProcess(false).middleware((args) => {
    if (args._.length === 0) return;
    parsed = { command: String(args._[0]), argv: args, output: '' };
    throw stop;
  });
  try {
    // With a callback yargs prints nothing (help and version text come to it) and never exits.
    await cli.parseAsync(argv, {}, (_error, args, output) => {
      parsed = { command: undefined, argv: args, output };
    });
  } catch (error) {
    if (error !== stop) throw error;
  }
  return parsed;
}

export { main };
