// Helpers for the issue 9 safety tests: real temp trees, their exact bytes, and the CLI as a child process.
import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { copyToTemp } from '../support/typecheck';
import { FIXTURE_APPS } from './cli-support';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(REPO_ROOT, 'src', 'cli.ts');
/** tsx's loader by absolute URL, so the CLI runs from any working folder. */
const TSX = pathToFileURL(path.join(REPO_ROOT, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href;

/** A fresh copy of a fixture app in a temp folder (real path). */
export function fixtureApp(name = 'app-router-src'): string {
  return copyToTemp(path.join(FIXTURE_APPS, name));
}

/** A fresh empty temp folder (real path). */
export function tempFolder(prefix = 'nextauth-safety-'): string {
  return fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), prefix));
}

/**
 * Every entry under `dir` with its exact bytes (base64), symbolic links as `-> target`, folders as `/`:
 * "nothing changed" means this is deep-equal before and after.
 */
export function treeBytes(dir: string): Record<string, string> {
  const tree: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, entry.name);
      const key = path.relative(dir, full);
      if (entry.isSymbolicLink()) tree[key] = `-> ${fs.readlinkSync(full)}`;
      else if (entry.isDirectory()) {
        tree[`${key}/`] = '';
        walk(full);
      } else tree[key] = fs.readFileSync(full).toString('base64');
    }
  };
  walk(dir);
  return tree;
}

/** Runs the CLI (src/cli.ts under tsx) to completion. */
export function runCli(args: readonly string[], options: { cwd?: string; user?: string } = {}): SpawnSyncReturns<string> {
  const [command, argv] = cliCommand(args, options.user);
  return spawnSync(command, argv, { cwd: options.cwd ?? REPO_ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
}

/** Starts the CLI without waiting for it. */
export function startCli(args: readonly string[], options: { cwd?: string } = {}): ChildProcess {
  const [command, argv] = cliCommand(args);
  return spawn(command, argv, { cwd: options.cwd ?? REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
}

function cliCommand(args: readonly string[], user?: string): [string, string[]] {
  const node = [process.execPath, '--import', TSX, CLI, ...args];
  if (!user) return [node[0], node.slice(1)];
  const { uid, gid } = userIds(user)!;
  return ['setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', ...node]];
}

/** uid/gid of a local user, or undefined when there is none. */
export function userIds(user: string): { uid: number; gid: number } | undefined {
  const line = spawnSync('getent', ['passwd', user], { encoding: 'utf8' }).stdout.trim();
  const [, , uid, gid] = line.split(':');
  return line ? { uid: Number(uid), gid: Number(gid) } : undefined;
}

/**
 * A non-root user to run permission cases as, when the tests run as root (root reads anything), with the
 * reason when there is none. When the tests already run unprivileged, that user is the test itself.
 */
export function unprivilegedUser(): { user?: string; skip?: string } {
  if (typeof process.getuid !== 'function') return { skip: 'no POSIX users on this platform' };
  if (process.getuid() !== 0) return {};
  if (!userIds('nobody')) return { skip: 'running as root and there is no "nobody" user to drop to' };
  if (spawnSync('setpriv', ['--version']).status !== 0) return { skip: 'running as root and setpriv is not installed' };
  const probe = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', `require(${JSON.stringify(path.join(REPO_ROOT, 'node_modules', 'tsx', 'package.json'))})`]);
  if (probe.status !== 0) return { skip: `the "nobody" user cannot read this checkout (${REPO_ROOT}), so the CLI cannot run as it` };
  return { user: 'nobody' };
}
