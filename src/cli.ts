// `nextauth-scaffold`: the CLI face of the engine (init, check). All logic lives in src/cli/main.ts so
// tests can run it in-process; this file only binds it to the real process.
import './cli/use-engine-code-cache';
import { main } from './cli/main';
import { processIO } from './cli/io';

main(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
