import * as path from 'path';
import { ensureEnvEntries, ensureGitignored, generateSecret, isIgnored } from '../../config-files';
import type { EnvEntry } from '../../config-files';
import type { ReadonlyFileSystem } from '../../file-system';
import type { PlanContext } from '../plan-context';

/** .env.local entries (only the missing ones) and the .gitignore line that keeps it out of git. */
export function generateEnv(context: PlanContext): void {
  const { layout, major, files, request } = context;
  const envFile = path.join(layout.root, '.env.local');
  const current = files.readFile(envFile);
  const api: EnvEntry = { key: request.settings.apiBaseUrlEnv, value: 'http://localhost:4000', comment: 'Base URL of the backend API that signs users in and refreshes their tokens.' };
  const entries: EnvEntry[] =
    major === 5
      ? [
          // v5 still reads NEXTAUTH_SECRET: a user who has one keeps it rather than getting a second secret.
          ...(/^\s*(export\s+)?NEXTAUTH_SECRET\s*=/m.test(current ?? '') ? [] : [{ key: 'AUTH_SECRET', value: generateSecret(), comment: 'Encrypts the session cookie. Keep it secret; use a different one in production.' }]),
          api,
        ]
      : [
          { key: 'NEXTAUTH_SECRET', value: generateSecret(), comment: 'Encrypts the session cookie. Keep it secret; use a different one in production.' },
          { key: 'NEXTAUTH_URL', value: 'http://localhost:3000', comment: 'The canonical URL of this app.' },
          api,
        ];
  const env = ensureEnvEntries(current, entries);
  if (env.added.length > 0) files.write(envFile, env.text);
  if (major === 5 && env.added.includes('AUTH_SECRET')) {
    context.notes.push({ level: 'info', message: 'Self-hosting behind a proxy in production? Set AUTH_TRUST_HOST=true there (not needed in development or on Vercel).', file: envFile });
  }
  if (gitignoredAbove(files, layout.root, envFile)) return;
  const gitignore = path.join(layout.root, '.gitignore');
  const result = ensureGitignored(files.readFile(gitignore), '.env.local');
  if (result.added) {
    files.write(gitignore, result.text);
    context.notes.push({ level: 'info', message: 'Added .env.local to .gitignore: it holds the session secret.', file: gitignore });
  }
}

/** Whether a .gitignore in the app or any folder above it (up to the repository root) ignores `file`. */
function gitignoredAbove(fs: ReadonlyFileSystem, root: string, file: string): boolean {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const text = fs.readFile(path.join(dir, '.gitignore'));
    if (text !== undefined && isIgnored(text, path.relative(dir, file).split(path.sep).join('/'))) return true;
    if (fs.isDirectory(path.join(dir, '.git')) || path.dirname(dir) === dir) return false;
  }
}
