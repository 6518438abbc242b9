import { version } from '../../package.json';
import { parseArgs, UsageError } from './args';
import { runCheck } from './check';
import { HELP_TEXT } from './help';
import { EXIT_USAGE, runInit } from './init';
import type { CliIO } from './io';

/**
 * The whole CLI as a function: parses `argv` (without node and the script), runs the command against `io`
 * and resolves with the exit code. Tests call it with a fake io; src/cli.ts wires it to the process.
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}\nRun "nextauth-scaffold --help" for usage.`);
      return EXIT_USAGE;
    }
    throw error;
  }
  switch (args.command) {
    case 'help':
      io.out(HELP_TEXT);
      return 0;
    case 'version':
      io.out(version);
      return 0;
    case 'init':
      return runInit(args, io);
    case 'check':
      return runCheck(args, io);
  }
}
