import 'dotenv/config';
import { Command, CommanderError } from 'commander';
import { isAppError } from '../errors';
import { registerCommands } from './commands';

const { version } = require('../../package.json') as { version: string };

/** Build the `ai-daily-summary` program with every command of the contract. */
export function buildProgram(): Command {
  const program = new Command('ai-daily-summary')
    .description('Collect feeds, compose a daily digest and email it to subscribers')
    .version(version, '-V, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  registerCommands(program);
  return program;
}

/** Run the CLI; expected failures print one line and set the exit code, bugs print the stack. */
export async function main(argv: string[] = process.argv): Promise<void> {
  // A reader that closes the pipe early (`… | head`) is not a failure of the command.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });

  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    process.exitCode = reportFailure(error);
  }
}

function reportFailure(error: unknown): number {
  if (error instanceof CommanderError) {
    // Commander has already printed its message (or the help text, exit code 0).
    return error.exitCode;
  }
  if (isAppError(error)) {
    process.stderr.write(`error: ${error.message}\n`);
    return error.exitCode;
  }
  process.stderr.write(`error: unexpected failure, please report it: ${(error as Error)?.stack ?? String(error)}\n`);
  return 1;
}

if (require.main === module) {
  void main();
}
