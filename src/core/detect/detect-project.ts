import * as path from 'path';
import { ModuleResolver, ProjectSources, findWorkspaceRoot } from '../auth-config';
import { ScaffoldError } from '../errors';
import type { ReadonlyFileSystem } from '../file-system';
import type { ProjectInfo, Router } from '../project-info';
import { findAuthConfigs } from './find-auth-configs';
import { detectPackageManager } from './package-manager';
import { declaredRange, readPackageJson, tryReadPackageJson } from './package-json';
import { majorOf } from './semver';
import { findSourceAlias, readCompilerOptions } from './read-tsconfig';
import { nextAuthInstall, resolvePackageVersion } from './versions';
import { isSkippedFolder } from './walk';

const ROUTE_FILE = /\.(tsx?|jsx?|mdx)$/;
const APP_ROUTE_FILE = /^(page|route|layout|default)\.(tsx?|jsx?|mdx)$/;

/**
 * Everything the generators need to know about the Next.js app at `appRoot` (see ProjectInfo).
 * Throws ScaffoldError when there is no package.json, it does not list `next`, or package.json /
 * tsconfig.json / jsconfig.json (or a config it extends) does not parse — naming the file and line.
 */
export function detectProject(fs: ReadonlyFileSystem, appRoot: string): ProjectInfo {
  const root = path.resolve(appRoot);
  const packageFile = path.join(root, 'package.json');
  const pkg = readPackageJson(fs, root);
  if (!pkg) {
    throw new ScaffoldError('Not a Next.js app: there is no package.json in this folder.', root);
  }
  const nextRange = declaredRange(pkg, 'next');
  if (nextRange === undefined) {
    throw new ScaffoldError(
      `Not a Next.js app: its package.json does not list "next" in "dependencies" or "devDependencies".`,
      packageFile,
    );
  }

  const routerDirs = findRouterDirs(fs, root);
  const routers = (['app', 'pages'] as const).filter((r) => routerDirs[r] !== undefined);
  const srcDir = routers.length > 0 ? routers.some((r) => routerDirs[r]?.startsWith(path.join(root, 'src') + path.sep)) : hasSourceFolder(fs, root);

  const tsconfig = path.join(root, 'tsconfig.json');
  const jsconfig = path.join(root, 'jsconfig.json');
  const configFile = fs.isFile(tsconfig) ? tsconfig : fs.isFile(jsconfig) ? jsconfig : undefined;
  const compilerOptions = configFile ? readCompilerOptions(fs, configFile) : undefined;
  const pathAlias = findSourceAlias(compilerOptions, root, srcDir ? path.join(root, 'src') : root);

  const next = resolvePackageVersion(fs, root, pkg, 'next');
  const typescript = resolvePackageVersion(fs, root, pkg, 'typescript');
  const sources = new ProjectSources(fs, new ModuleResolver(fs, { configFile, compilerOptions }));
  const authConfig = findAuthConfigs(fs, root, sources)[0];
  // A config kept in a workspace package (`@acme/auth`) brings its own next-auth: the app may not list it.
  const nextAuth = nextAuthInstall(resolvePackageVersion(fs, root, pkg, 'next-auth') ?? (authConfig ? configPackageNextAuth(fs, root, authConfig.file) : undefined));
  const workspaceRoot = findWorkspaceRoot(fs, root)?.root;

  return {
    root,
    name: pkg.name ?? path.basename(root),
    packageManager: detectPackageManager(fs, root),
    language: configFile === tsconfig ? 'ts' : 'js',
    moduleType: pkg.type === 'module' ? 'esm' : 'commonjs',
    routers,
    srcDir,
    ...(configFile ? { configFile } : {}),
    ...(compilerOptions ? { compilerOptions } : {}),
    ...(pathAlias ? { pathAlias } : {}),
    ...(next ? { nextVersion: next.version } : {}),
    ...(next && majorOf(next.version) !== undefined ? { nextMajor: majorOf(next.version) } : {}),
    ...(nextAuth ? { nextAuth } : {}),
    ...(typescript ? { typescriptVersion: typescript } : {}),
    ...(authConfig ? { authConfig } : {}),
    ...(workspaceRoot && workspaceRoot !== root ? { workspaceRoot } : {}),
  };
}

/** next-auth as the package holding a config outside the app declares or installs it. */
function configPackageNextAuth(fs: ReadonlyFileSystem, appRoot: string, configFile: string): ReturnType<typeof resolvePackageVersion> {
  const relative = path.relative(appRoot, configFile);
  if (!relative.startsWith('..') && !path.isAbsolute(relative)) return undefined;
  for (let dir = path.dirname(configFile); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const pkg = tryReadPackageJson(fs, dir);
    if (pkg) return resolvePackageVersion(fs, dir, pkg, 'next-auth');
  }
  return undefined;
}

/**
 * The folder each router lives in. Next.js looks at `<root>/<name>` and then `<root>/src/<name>`; a folder
 * counts only when it really holds routes (App Router: a page/route/layout file somewhere below; Pages
 * Router: any page module), so an empty or leftover `pages/` does not make the app "both".
 */
export function findRouterDirs(fs: ReadonlyFileSystem, root: string): Partial<Record<Router, string>> {
  const result: Partial<Record<Router, string>> = {};
  for (const router of ['app', 'pages'] as const) {
    for (const dir of [path.join(root, router), path.join(root, 'src', router)]) {
      if (fs.isDirectory(dir) && containsRoute(fs, dir, router === 'app' ? APP_ROUTE_FILE : ROUTE_FILE, 0)) {
        result[router] = dir;
        break;
      }
    }
  }
  return result;
}

function containsRoute(fs: ReadonlyFileSystem, dir: string, pattern: RegExp, depth: number): boolean {
  const entries = fs.readDirectory(dir);
  if (entries.some((name) => pattern.test(name) && !/\.d\.ts$/.test(name) && fs.isFile(path.join(dir, name)))) return true;
  if (depth >= 8) return false;
  return entries.some((name) => !isSkippedFolder(name) && fs.isDirectory(path.join(dir, name)) && containsRoute(fs, path.join(dir, name), pattern, depth + 1));
}

function hasSourceFolder(fs: ReadonlyFileSystem, root: string): boolean {
  return fs.isDirectory(path.join(root, 'src')) && fs.readDirectory(path.join(root, 'src')).length > 0;
}
