import * as readline from 'readline';
import { escapeControlCharacters, NodeFileSystem, type ReadonlyFileSystem } from '../core';

/**
 * Everything the CLI touches outside itself, so tests drive `main()` with fakes: output streams, the
 * terminal question, the working folder, and the disk for reading (`fs`). Writes go through
 * applyChangesAtomically (src/cli/transaction.ts), on the real disk.
 */
export interface CliIO {
  readonly cwd: string;
  /** Whether a person can answer questions (stdin and stdout are terminals). */
  readonly interactive: boolean;
  readonly fs: ReadonlyFileSystem;
  out(text: string): void;
  err(text: string): void;
  /** Asks on the terminal and resolves with the answer (only called when `interactive`). */
  ask(question: string): Promise<string>;
}

/**
 * One output line (or block) as written to the terminal: newline-terminated, and with every control
 * character but newline, tab and a CR ending a line (CRLF lines in a --dry-run diff) escaped (`\u001b`),
 * so a file name cannot drive the terminal.
 */
export function terminalSafe(text: string): string {
  const line = text.endsWith('\n') ? text : text + '\n';
  return line
    .split('\n')
    .map((part) => (part.endsWith('\r') ? `${escapeControlCharacters(part.slice(0, -1))}\r` : escapeControlCharacters(part)))
    .join('\n');
}

/** The real process: stdout/stderr, a readline prompt, the disk. */
export function processIO(): CliIO {
  return {
    cwd: process.cwd(),
    interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
    fs: new NodeFileSystem(),
    out: (text) => process.stdout.write(terminalSafe(text)),
    err: (text) => process.stderr.write(terminalSafe(text)),
    ask: (question) =>
      new Promise((resolve) => {
        const rl = readline.createInterface({ input: process.stdin, output: process.stdout });
        let answered = false;
        rl.question(question, (answer) => {
          answered = true;
          rl.close();
          resolve(answer);
        });
        // Ctrl-D / closed stdin counts as "no answer" (so "Apply?" means no), instead of hanging.
        rl.on('close', () => {
          if (!answered) resolve('');
        });
      }),
  };
}
