// `nextauth-scaffold`: the CLI face of the engine (init, check). All logic lives in src/cli/main.ts so
// tests can run it in-process; this file only binds it to the real process.
import './cli/use-engine-code-cache';
import { main } from './cli/main';
import { processIO } from './cli/io';

// A reader that stops early (`nextauth-scaffold init --dry-run | head`) closes the pipe: the rest of the
// output has nowhere to go, but the command still finishes what it does (never stopped halfway through a
// write) and exits with its own code, without a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE' && error.code !== 'ERR_STREAM_DESTROYED') throw error;
  });
}

main(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 70;
  },
);
