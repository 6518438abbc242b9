import * as path from 'path';
import { ts } from 'ts-morph';
import { ScaffoldError } from '../errors';
import type { ReadonlyFileSystem } from '../file-system';
import type { PathAlias } from '../project-info';
import { lineOf } from './jsonc';
import { ancestors } from './walk';

/**
 * The one tsconfig/jsconfig reader: TypeScript's own `getParsedCommandLineOfConfigFile` over the read-only
 * file system, so `extends` (a string or an array, relative files and packages), `${configDir}`, `baseUrl`
 * and `paths` mean exactly what they mean to `tsc`. Returns the resolved compiler options: `baseUrl`
 * absolute, `paths` as written with `pathsBasePath` (the folder their targets are relative to). Files are
 * not enumerated. Throws ScaffoldError (the file at fault and its line) when the config, or a config it
 * extends, does not parse; an `extends` that cannot be found is left out, as `tsc` would report it
 * but we cannot know what it held.
 *
 * Example: `readCompilerOptions(fs, '/app/tsconfig.json').paths` → `{ '@/*': ['./src/*'] }`.
 */
export function readCompilerOptions(fs: ReadonlyFileSystem, configFile: string): ts.CompilerOptions {
  const failure: { diagnostic?: ts.Diagnostic } = {};
  const host: ts.ParseConfigFileHost = {
    ...parseConfigHost(fs),
    getCurrentDirectory: () => path.dirname(configFile),
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      failure.diagnostic = diagnostic;
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(configFile, undefined, host);
  if (!parsed) {
    const message = failure.diagnostic ? ts.flattenDiagnosticMessageText(failure.diagnostic.messageText, ' ') : 'it cannot be read';
    throw new ScaffoldError(`${path.basename(configFile)} cannot be read: ${message}`, configFile);
  }
  const syntax = ts.getConfigFileParsingDiagnostics(parsed).find((d) => d.category === ts.DiagnosticCategory.Error && d.file !== undefined && d.code < 2000);
  if (syntax?.file) {
    const message = ts.flattenDiagnosticMessageText(syntax.messageText, ' ');
    const file = syntax.file.fileName;
    throw new ScaffoldError(`${path.basename(file)} does not parse: ${message}`, file, lineOf(syntax.file.text, syntax.start ?? 0));
  }
  // The parsed JSON source file rides along on the options; ProjectInfo stays plain data.
  const { configFile: _source, ...options } = parsed.options;
  return options;
}

/** The config file that governs `dir`: the nearest `tsconfig.json`, else `jsconfig.json`, up the folder chain. */
export function findConfigFile(fs: ReadonlyFileSystem, dir: string): string | undefined {
  for (const folder of ancestors(dir)) {
    for (const name of ['tsconfig.json', 'jsconfig.json']) {
      const file = path.join(folder, name);
      if (fs.isFile(file)) return file;
    }
    if (path.basename(folder) === 'node_modules') return undefined;
  }
  return undefined;
}

/** What TypeScript's config parser and module resolution need, over the read-only file system. */
export function parseConfigHost(fs: ReadonlyFileSystem): ts.ParseConfigHost & ts.ModuleResolutionHost {
  return {
    useCaseSensitiveFileNames: true,
    readDirectory: () => [],
    fileExists: (file) => fs.isFile(file),
    readFile: (file) => fs.readFile(file),
    directoryExists: (dir) => fs.isDirectory(dir),
    getDirectories: (dir) => fs.readDirectory(dir).filter((name) => fs.isDirectory(path.join(dir, name))),
    ...(fs.realPath ? { realpath: (file: string) => fs.realPath!(file) } : {}),
  };
}

/**
 * The alias that reaches the app's source root (`src` or the app root): `@/*` → `./src/*` gives
 * `{ prefix: '@/', target: 'src' }`. An alias to the source root itself wins; otherwise one to the app root
 * (imports then go through `src/`); `@/` is preferred among equals. Only single-target wildcard aliases count.
 */
export function findSourceAlias(options: ts.CompilerOptions | undefined, appRoot: string, sourceRoot: string): PathAlias | undefined {
  const base = pathsBase(options);
  if (!options?.paths || base === undefined) return undefined;
  const aliases: PathAlias[] = [];
  for (const [key, targets] of Object.entries(options.paths)) {
    if (!key.endsWith('/*') || targets.length === 0 || !targets[0].endsWith('/*')) continue;
    const targetDir = path.resolve(base, targets[0].slice(0, -2));
    const relative = path.relative(appRoot, targetDir).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    aliases.push({ prefix: key.slice(0, -1), target: relative });
  }
  const sourceTarget = path.relative(appRoot, sourceRoot).split(path.sep).join('/');
  const score = (a: PathAlias) => (a.target === sourceTarget ? 0 : a.target === '' ? 2 : 4) + (a.prefix === '@/' ? 0 : 1);
  const usable = aliases.filter((a) => a.target === sourceTarget || a.target === '');
  return usable.sort((a, b) => score(a) - score(b))[0];
}

/**
 * Folders where TypeScript looks up bare module names before node_modules: `baseUrl`, and the targets of a
 * catch-all `"*"` path mapping. A `next-auth.d.ts` in one of them would be what `"next-auth"` resolves to.
 */
export function bareImportRoots(options: ts.CompilerOptions | undefined): string[] {
  if (!options) return [];
  const roots: string[] = options.baseUrl ? [path.resolve(options.baseUrl)] : [];
  const base = pathsBase(options);
  for (const target of options.paths?.['*'] ?? []) {
    if (target.endsWith('*') && base !== undefined) roots.push(path.resolve(base, path.dirname(target.slice(0, -1) + 'x')));
  }
  return roots;
}

/** The folder `paths` targets are relative to: `baseUrl` when set, else the config that set `paths`. */
function pathsBase(options: ts.CompilerOptions | undefined): string | undefined {
  if (!options) return undefined;
  if (options.baseUrl) return options.baseUrl;
  const fromParser = (options as { pathsBasePath?: unknown }).pathsBasePath;
  return typeof fromParser === 'string' ? fromParser : undefined;
}
