import * as path from 'path';
import { ts } from 'ts-morph';
import type { ReadonlyFileSystem } from '../../file-system';
import { parseJsonc, asRecord } from '../../detect/jsonc';

/** Where the `JWT` interface is augmented, and what the file needs for that to take effect. */
export interface JwtModuleChoice {
  readonly module: 'next-auth/jwt' | '@auth/core/jwt';
  /**
   * Whether the file must import "next-auth/jwt". next-auth v5 re-exports JWT from @auth/core and never
   * imports its own `jwt` entry point, so TypeScript leaves that file out of the program and reports the
   * augmentation as "Invalid module name … cannot be found" (or, under skipLibCheck, silently drops it):
   * next-auth issues #9571 and #12094. An import in the augmentation file brings it in.
   */
  readonly importForProgram: boolean;
  /** One line saying why, written above the import / module block. */
  readonly comment?: string;
  /** Something the user should fix, when no form is known to resolve. */
  readonly warning?: string;
}

export const V5_JWT_IMPORT_COMMENT =
  'next-auth v5 never imports "next-auth/jwt" itself: this import keeps the JWT augmentation below in effect (next-auth #9571, #12094).';

/**
 * Picks the JWT augmentation form that type-checks in this app's layout. v4: `"next-auth/jwt"`, as
 * documented. v5: `"next-auth/jwt"` plus an import of it (works whether or not @auth/core is hoisted, so
 * also under pnpm, where `"@auth/core/jwt"` does not resolve from the app); `"@auth/core/jwt"` only when
 * the installed next-auth has no `jwt` entry point and @auth/core resolves from the app.
 */
export function chooseJwtModule(fs: ReadonlyFileSystem, appRoot: string, major: 4 | 5, configFile?: string, compilerOptions?: ts.CompilerOptions): JwtModuleChoice {
  const classic = configFile !== undefined && compilerOptions?.moduleResolution === ts.ModuleResolutionKind.Classic;
  const warning = classic
    ? `${path.basename(configFile)} sets "moduleResolution": "classic", which never looks in node_modules: the next-auth augmentations cannot apply until it is "bundler" or "node".`
    : undefined;
  if (major === 4) return { module: 'next-auth/jwt', importForProgram: false, warning };
  const nextAuth = findPackageDir(fs, appRoot, 'next-auth');
  if (nextAuth && !hasJwtEntry(fs, nextAuth)) {
    if (moduleResolves(fs, appRoot, '@auth/core/jwt', compilerOptions)) {
      return {
        module: '@auth/core/jwt',
        importForProgram: false,
        comment: 'This next-auth has no "next-auth/jwt" entry point, so JWT is augmented where it is declared, in @auth/core.',
        warning,
      };
    }
    return {
      module: 'next-auth/jwt',
      importForProgram: true,
      comment: V5_JWT_IMPORT_COMMENT,
      warning:
        warning ??
        `The installed next-auth (${nextAuth}) has no "next-auth/jwt" types and @auth/core does not resolve from ${appRoot}: upgrade next-auth to 5.0.0-beta.32 or later so the JWT augmentation applies.`,
    };
  }
  return { module: 'next-auth/jwt', importForProgram: true, comment: V5_JWT_IMPORT_COMMENT, warning };
}

/**
 * Whether `specifier` (a bare module name) resolves from the app: a package in node_modules up the
 * folder chain (as Node and TypeScript look), or a tsconfig `paths` entry (the workaround people use for
 * a non-hoisted @auth/core). When next-auth is not installed yet we cannot tell and say yes.
 */
export function moduleResolves(fs: ReadonlyFileSystem, appRoot: string, specifier: string, compilerOptions?: ts.CompilerOptions): boolean {
  const packageName = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0];
  if (Object.keys(compilerOptions?.paths ?? {}).some((key) => specifier === key || (key.endsWith('*') && specifier.startsWith(key.slice(0, -1))))) {
    return true;
  }
  const dir = findPackageDir(fs, appRoot, packageName);
  if (!dir) return packageName === 'next-auth' || (packageName === '@auth/core' && !findPackageDir(fs, appRoot, 'next-auth'));
  if (specifier === 'next-auth/jwt') return hasJwtEntry(fs, dir);
  const sub = specifier.slice(packageName.length + 1);
  return sub === '' || fs.isFile(path.join(dir, `${sub}.d.ts`)) || fs.isFile(path.join(dir, sub, 'index.d.ts')) || exportsTypes(fs, dir, `./${sub}`);
}

/** The folder of an installed package, looking in node_modules from `start` up to the file system root. */
export function findPackageDir(fs: ReadonlyFileSystem, start: string, packageName: string): string | undefined {
  let dir = path.resolve(start);
  for (;;) {
    const candidate = path.join(dir, 'node_modules', ...packageName.split('/'));
    if (fs.isFile(path.join(candidate, 'package.json'))) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

function hasJwtEntry(fs: ReadonlyFileSystem, packageDir: string): boolean {
  return fs.isFile(path.join(packageDir, 'jwt.d.ts')) || fs.isFile(path.join(packageDir, 'jwt', 'index.d.ts')) || exportsTypes(fs, packageDir, './jwt');
}

function exportsTypes(fs: ReadonlyFileSystem, packageDir: string, subpath: string): boolean {
  const manifest = readJson(fs, path.join(packageDir, 'package.json'));
  const entry = asRecord(asRecord(manifest?.exports)?.[subpath]);
  const types = entry?.types;
  return typeof types === 'string' && fs.isFile(path.join(packageDir, types));
}

function readJson(fs: ReadonlyFileSystem, file: string): Record<string, unknown> | undefined {
  const text = fs.readFile(file);
  if (text === undefined) return undefined;
  try {
    return asRecord(parseJsonc(text, file));
  } catch {
    // A broken tsconfig is reported by whoever merges into it; here it only means "no hints".
    return undefined;
  }
}
