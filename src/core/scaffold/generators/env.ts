import * as path from 'path';
import { parse as parseEnv } from 'dotenv';
import { ensureEnvEntries, ensureGitignored, generateSecret, gitTrackedFiles, isIgnored } from '../../config-files';
import type { EnvEntry } from '../../config-files';
import type { ReadonlyFileSystem } from '../../file-system';
import { refreshStoreOf, type PlanContext } from '../plan-context';

/**
 * .env.local entries (only the missing ones; an empty secret counts as missing) and the .gitignore line
 * that keeps it out of git. A .env.local that git already tracks gets no secret: the piece is refused
 * with a note that says how to fix it and prints a fresh secret to put where the user keeps secrets.
 */
export function generateEnv(context: PlanContext): void {
  const { layout, major, files, request } = context;
  const envFile = path.join(layout.root, '.env.local');
  const current = files.readFile(envFile);
  const values = parseEnv(current ?? '');
  const defined = new Set(Object.keys(values));
  const secretKey = major === 5 ? 'AUTH_SECRET' : 'NEXTAUTH_SECRET';
  // v5 still reads NEXTAUTH_SECRET: a user who has a non-empty one keeps it rather than getting a second secret.
  const hasSecret = !!values.NEXTAUTH_SECRET || (major === 5 && !!values.AUTH_SECRET);
  const isTracked = request.isGitTracked ?? ((file: string) => gitTrackedFiles([file]).has(file));
  if (current !== undefined && !hasSecret && isTracked(envFile)) {
    context.notes.push({
      level: 'warning',
      message: `.env.local is tracked by git, so no secret was written into it (the next commit would publish it). Untrack it (git rm --cached .env.local, then run again), or set ${secretKey}=${generateSecret()} where you keep secrets.`,
      file: envFile,
    });
    return;
  }
  const api: EnvEntry = { key: request.settings.apiBaseUrlEnv, value: 'http://localhost:4000', comment: 'Base URL of the backend API that signs users in and refreshes their tokens.' };
  const secret: EnvEntry = { key: secretKey, value: generateSecret(), comment: 'Encrypts the session cookie. Keep it secret; use a different one in production.', fillEmpty: true };
  const entries: EnvEntry[] =
    major === 5
      ? [...(hasSecret ? [] : [secret]), ...authHostEntries(defined), api]
      : [secret, { key: 'NEXTAUTH_URL', value: 'http://localhost:3000', comment: 'The canonical URL of this app.' }, api];
  if (refreshStoreOf(context) === 'redis') {
    entries.push({ key: 'REDIS_URL', value: 'redis://127.0.0.1:6379', comment: 'Redis shared by every server instance to coordinate token rotations (the refresh store next to the auth options).\nWhen it is unreachable, each instance coordinates its own refreshes and logs one line saying so.' });
  }
  const env = ensureEnvEntries(current, entries, envFile);
  if (env.added.length > 0) files.write(envFile, env.text);
  if (env.added.includes('AUTH_URL')) {
    context.notes.push({ level: 'info', message: 'Auth.js answers `next start` (production) only on a host it trusts: set AUTH_URL to the public URL of the app there, or AUTH_TRUST_HOST=true behind a proxy that sets X-Forwarded-Host (on Vercel neither is needed).', file: envFile });
  }
  if (gitignoredAbove(files, layout.root, envFile)) return;
  const gitignore = path.join(layout.root, '.gitignore');
  const result = ensureGitignored(files.readFile(gitignore), '.env.local');
  if (result.added) {
    files.write(gitignore, result.text);
    context.notes.push({ level: 'info', message: 'Added .env.local to .gitignore: it holds the session secret.', file: gitignore });
  }
}

/**
 * Auth.js (v5) refuses every request in production (`next start`) with UntrustedHost unless AUTH_URL or
 * AUTH_TRUST_HOST is set. AUTH_URL names the app's URL, like v4's NEXTAUTH_URL; an app that already has
 * NEXTAUTH_URL (which v5 reads for the URL, but not for trust) gets AUTH_TRUST_HOST instead.
 */
function authHostEntries(defined: ReadonlySet<string>): EnvEntry[] {
  if (defined.has('AUTH_URL') || defined.has('AUTH_TRUST_HOST')) return [];
  if (defined.has('NEXTAUTH_URL')) {
    return [{ key: 'AUTH_TRUST_HOST', value: 'true', comment: 'Lets Auth.js answer under `next start` (production): it reads the URL from NEXTAUTH_URL, but trusts the host only with AUTH_URL or this.' }];
  }
  return [
    {
      key: 'AUTH_URL',
      value: 'http://localhost:3000',
      comment: 'The URL users reach this app at; in production, the public URL (Auth.js refuses other hosts under `next start`).\nBehind a proxy that sets X-Forwarded-Host, AUTH_TRUST_HOST=true instead. Not needed on Vercel.',
    },
  ];
}

/** Whether a .gitignore in the app or any folder above it (up to the repository root) ignores `file`. */
function gitignoredAbove(fs: ReadonlyFileSystem, root: string, file: string): boolean {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const text = fs.readFile(path.join(dir, '.gitignore'));
    if (text !== undefined && isIgnored(text, path.relative(dir, file).split(path.sep).join('/'))) return true;
    if (fs.isDirectory(path.join(dir, '.git')) || path.dirname(dir) === dir) return false;
  }
}
