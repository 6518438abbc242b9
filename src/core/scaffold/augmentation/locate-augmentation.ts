import * as path from 'path';
import type { ReadonlyFileSystem } from '../../file-system';
import { ensureConfigIncludes } from '../../config-files';
import type { ts } from 'ts-morph';
import { bareImportRoots } from '../../detect/read-tsconfig';

/** Module names whose augmentations we read and update. */
export const AUGMENTED_MODULES = ['next-auth', 'next-auth/jwt', '@auth/core/jwt'] as const;

const SKIPPED_DIRECTORIES = new Set(['node_modules', '.next', 'dist', 'build', 'out', '.git', 'coverage', '.turbo', '.vercel', 'public']);
const MAX_DEPTH = 6;
const MAX_ENTRIES = 5000;
const DECLARES = /declare\s+module\s+["'](next-auth|next-auth\/jwt|@auth\/core\/jwt)["']/;

/**
 * Files of the app that already augment next-auth (`declare module "next-auth" | "next-auth/jwt" |
 * "@auth/core/jwt"`), .d.ts first, then by path. Bounded walk that skips node_modules and build output.
 */
export function findAugmentationFiles(fs: ReadonlyFileSystem, appRoot: string): string[] {
  const found: string[] = [];
  let visited = 0;
  const walk = (directory: string, depth: number): void => {
    for (const entry of fs.readDirectory(directory)) {
      if (++visited > MAX_ENTRIES) return;
      const full = path.join(directory, entry);
      if (/\.[cm]?ts$/.test(entry)) {
        const text = fs.readFile(full);
        if (text !== undefined && DECLARES.test(text)) found.push(full);
      } else if (depth < MAX_DEPTH && !SKIPPED_DIRECTORIES.has(entry) && !entry.startsWith('.') && !/\.\w+$/.test(entry) && fs.isDirectory(full)) {
        walk(full, depth + 1);
      }
    }
  };
  walk(appRoot, 0);
  const rank = (file: string): number => (file.endsWith('.d.ts') ? 0 : 1);
  return found.sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/**
 * Where a new next-auth.d.ts goes: an existing `types/` folder (root, or `src/types` in a src/ app), else
 * the app root, else `src/`, else a new `types/` folder: the first of those the tsconfig/jsconfig already
 * compiles (so no `include` edit is needed) and where the file cannot shadow the package (with `baseUrl`
 * ".", `import … from "next-auth"` resolves to `./next-auth.d.ts` before node_modules); when none is
 * compiled, the first candidate (and the caller adds it to `include`).
 */
export function chooseNewAugmentationFile(
  fs: ReadonlyFileSystem,
  appRoot: string,
  srcDir: boolean,
  configFile: string | undefined,
  compilerOptions: ts.CompilerOptions | undefined,
): string {
  const candidates: string[] = [];
  if (srcDir && hasDeclarationFiles(fs, path.join(appRoot, 'src', 'types'))) candidates.push(path.join('src', 'types'));
  if (hasDeclarationFiles(fs, path.join(appRoot, 'types'))) candidates.push('types');
  candidates.push('');
  if (srcDir) candidates.push('src');
  candidates.push('types');
  const configText = configFile ? fs.readFile(configFile) : undefined;
  const shadowing = bareImportRoots(compilerOptions);
  const files = candidates.map((dir) => path.join(appRoot, dir, 'next-auth.d.ts')).filter((file) => !shadowing.includes(path.dirname(file)));
  if (!configFile || configText === undefined) return files[0];
  const covered = files.find((file) => {
    try {
      return !ensureConfigIncludes(configText, toConfigRelative(configFile, file), configFile).added;
    } catch {
      return false;
    }
  });
  return covered ?? files[0];
}

/** `file` relative to the config's folder, POSIX, as tsconfig `include` entries are written. */
export function toConfigRelative(configFile: string, file: string): string {
  return path.relative(path.dirname(configFile), file).split(path.sep).join('/');
}

function hasDeclarationFiles(fs: ReadonlyFileSystem, directory: string): boolean {
  return fs.readDirectory(directory).some((entry) => entry.endsWith('.d.ts'));
}
