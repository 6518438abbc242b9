import * as path from 'path';
import type { ReadonlyFileSystem } from '../file-system';
import type { PathAlias } from '../project-info';
import { asRecord, parseJsonc } from './jsonc';
import { ancestors } from './walk';

interface PathsSetting {
  readonly paths: Readonly<Record<string, readonly string[]>>;
  /** Folder the `paths` targets are relative to: `baseUrl` when set, else the folder of the config that set `paths`. */
  readonly base: string;
}

/**
 * `compilerOptions.paths` as TypeScript would resolve them for `configFile`, following `extends` (relative
 * files and packages in node_modules, up to 10 levels) with the nearer config winning. Throws ScaffoldError
 * (file, line) when a config in the chain does not parse; an `extends` that cannot be found is ignored,
 * as its paths cannot be known.
 */
export function readPathsSetting(fs: ReadonlyFileSystem, configFile: string): PathsSetting | undefined {
  let paths: Record<string, readonly string[]> | undefined;
  let pathsDir: string | undefined;
  let baseUrl: string | undefined;
  let current: string | undefined = configFile;
  for (let depth = 0; current && depth < 10; depth++) {
    const text = fs.readFile(current);
    if (text === undefined) break;
    const json = asRecord(parseJsonc(text, current)) ?? {};
    const options = asRecord(json.compilerOptions) ?? {};
    const dir = path.dirname(current);
    if (paths === undefined && asRecord(options.paths)) {
      paths = {};
      for (const [key, value] of Object.entries(asRecord(options.paths) ?? {})) {
        if (Array.isArray(value)) paths[key] = value.filter((v): v is string => typeof v === 'string');
      }
      pathsDir = dir;
    }
    if (baseUrl === undefined && typeof options.baseUrl === 'string') baseUrl = path.resolve(dir, options.baseUrl);
    const parent: unknown = json.extends;
    const firstParent = Array.isArray(parent) ? parent[parent.length - 1] : parent;
    current = typeof firstParent === 'string' ? resolveExtends(fs, dir, firstParent) : undefined;
  }
  if (!paths || !pathsDir) return undefined;
  return { paths, base: baseUrl ?? pathsDir };
}

/** `compilerOptions.baseUrl`, absolute, as TypeScript resolves it for `configFile` (nearest in the `extends` chain). */
export function readBaseUrl(fs: ReadonlyFileSystem, configFile: string): string | undefined {
  let current: string | undefined = configFile;
  for (let depth = 0; current && depth < 10; depth++) {
    const text = fs.readFile(current);
    if (text === undefined) return undefined;
    const json = asRecord(parseJsonc(text, current)) ?? {};
    const options = asRecord(json.compilerOptions) ?? {};
    const dir = path.dirname(current);
    if (typeof options.baseUrl === 'string') return path.resolve(dir, options.baseUrl);
    const parent: unknown = json.extends;
    const firstParent = Array.isArray(parent) ? parent[parent.length - 1] : parent;
    current = typeof firstParent === 'string' ? resolveExtends(fs, dir, firstParent) : undefined;
  }
  return undefined;
}

function resolveExtends(fs: ReadonlyFileSystem, dir: string, specifier: string): string | undefined {
  const candidates = (file: string) => [file, `${file}.json`, path.join(file, 'tsconfig.json')];
  if (specifier.startsWith('.') || path.isAbsolute(specifier)) {
    return candidates(path.resolve(dir, specifier)).find((f) => fs.isFile(f));
  }
  for (const ancestor of ancestors(dir)) {
    const found = candidates(path.join(ancestor, 'node_modules', specifier)).find((f) => fs.isFile(f));
    if (found) return found;
  }
  return undefined;
}

/**
 * The alias that reaches the app's source root (`src` or the app root): `@/*` → `./src/*` gives
 * `{ prefix: '@/', target: 'src' }`. An alias to the source root itself wins; otherwise one to the app root
 * (imports then go through `src/`); `@/` is preferred among equals. Only single-target wildcard aliases count.
 */
export function findSourceAlias(setting: PathsSetting | undefined, appRoot: string, sourceRoot: string): PathAlias | undefined {
  if (!setting) return undefined;
  const aliases: PathAlias[] = [];
  for (const [key, targets] of Object.entries(setting.paths)) {
    if (!key.endsWith('/*') || targets.length === 0 || !targets[0].endsWith('/*')) continue;
    const targetDir = path.resolve(setting.base, targets[0].slice(0, -2));
    const relative = path.relative(appRoot, targetDir).split(path.sep).join('/');
    if (relative.startsWith('..') || path.isAbsolute(relative)) continue;
    aliases.push({ prefix: key.slice(0, -1), target: relative });
  }
  const sourceTarget = path.relative(appRoot, sourceRoot).split(path.sep).join('/');
  const score = (a: PathAlias) => (a.target === sourceTarget ? 0 : a.target === '' ? 2 : 4) + (a.prefix === '@/' ? 0 : 1);
  const usable = aliases.filter((a) => a.target === sourceTarget || a.target === '');
  return usable.sort((a, b) => score(a) - score(b))[0];
}
