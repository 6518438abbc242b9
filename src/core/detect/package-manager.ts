import * as path from 'path';
import type { ReadonlyFileSystem } from '../file-system';
import type { PackageManager } from '../project-info';
import { tryReadPackageJson } from './package-json';
import { ancestors } from './walk';

const LOCKFILES: ReadonlyArray<readonly [string, PackageManager]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['pnpm-workspace.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lock', 'bun'],
  ['bun.lockb', 'bun'],
  ['package-lock.json', 'npm'],
  ['npm-shrinkwrap.json', 'npm'],
];

/**
 * The package manager the app is installed with. Looks in the app folder and then each parent (a
 * monorepo keeps one lockfile at its root) and stops after the repository root (the folder with `.git`).
 * In each folder the corepack `packageManager` field wins over lockfiles, being the declared intent.
 * Defaults to npm when nothing says otherwise.
 */
export function detectPackageManager(fs: ReadonlyFileSystem, appRoot: string): PackageManager {
  for (const dir of ancestors(appRoot)) {
    const declared = tryReadPackageJson(fs, dir)?.packageManager;
    const fromField = declared ? packageManagerFromField(declared) : undefined;
    if (fromField) return fromField;
    for (const [file, manager] of LOCKFILES) if (fs.isFile(path.join(dir, file))) return manager;
    if (fs.isDirectory(path.join(dir, '.git')) || fs.isFile(path.join(dir, '.git'))) break;
  }
  return 'npm';
}

function packageManagerFromField(field: string): PackageManager | undefined {
  const name = field.split('@')[0];
  return name === 'npm' || name === 'pnpm' || name === 'yarn' || name === 'bun' ? name : undefined;
}

/**
 * The command that adds packages with the given package manager, e.g.
 * `installCommand('pnpm', ['next-auth@^4.24.15'])` → `pnpm add next-auth@^4.24.15`.
 */
export function installCommand(pm: PackageManager, packages: readonly string[]): string {
  const verb = pm === 'npm' ? 'npm install' : `${pm} add`;
  return [verb, ...packages].join(' ');
}
