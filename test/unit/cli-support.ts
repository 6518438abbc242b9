import * as fs from 'fs';
import * as path from 'path';
import { NodeFileSystem } from '../../src/core/file-system';
import type { CliIO } from '../../src/cli/io';

export interface FakeIO {
  readonly io: CliIO;
  readonly out: string[];
  readonly err: string[];
  readonly questions: string[];
  /** Everything printed, stdout then stderr. */
  text(): string;
}

/**
 * A CliIO over the real disk (tests run on temp copies) with captured output and scripted answers.
 * `beforeAnswer` runs when a question is asked, before it is answered (to change files mid-flight).
 */
export function fakeIO(cwd: string, options: { interactive?: boolean; answers?: string[]; beforeAnswer?: (out: readonly string[]) => void } = {}): FakeIO {
  const out: string[] = [];
  const err: string[] = [];
  const questions: string[] = [];
  const answers = [...(options.answers ?? [])];
  const io: CliIO = {
    cwd,
    interactive: options.interactive ?? false,
    fs: new NodeFileSystem(),
    out: (text) => out.push(text),
    err: (text) => err.push(text),
    ask: async (question) => {
      questions.push(question);
      options.beforeAnswer?.(out);
      return answers.shift() ?? '';
    },
  };
  return { io, out, err, questions, text: () => [...out, ...err].join('\n') };
}

/** Every file under `dir` (node_modules excluded) with its bytes, for "nothing changed" assertions. */
export function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      if (entry.name === 'node_modules') continue;
      const full = path.join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

export const FIXTURE_APPS = path.resolve(__dirname, '..', 'fixtures', 'apps');
