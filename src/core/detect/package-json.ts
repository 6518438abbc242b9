import * as path from 'path';
import type { ReadonlyFileSystem } from '../file-system';
import { asRecord, parseJsonc } from './jsonc';

/** The parts of a package.json detection reads. */
export interface PackageJson {
  readonly name?: string;
  readonly type?: string;
  readonly packageManager?: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
  readonly version?: string;
  /** Whether it declares npm/yarn/bun `workspaces` (a monorepo root). */
  readonly workspaces: boolean;
}

/** Reads `dir/package.json`; `undefined` when absent. Throws ScaffoldError (file, line) when it does not parse. */
export function readPackageJson(fs: ReadonlyFileSystem, dir: string): PackageJson | undefined {
  const file = path.join(dir, 'package.json');
  const text = fs.readFile(file);
  if (text === undefined) return undefined;
  const json = asRecord(parseJsonc(text, file)) ?? {};
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  return {
    name: str(json.name),
    type: str(json.type),
    packageManager: str(json.packageManager),
    version: str(json.version),
    workspaces: Array.isArray(json.workspaces) || Array.isArray(asRecord(json.workspaces)?.packages),
    dependencies: stringMap(json.dependencies),
    devDependencies: stringMap(json.devDependencies),
  };
}

/** Like readPackageJson, but a broken file counts as absent (used while searching, where one bad file must not stop the search). */
export function tryReadPackageJson(fs: ReadonlyFileSystem, dir: string): PackageJson | undefined {
  try {
    return readPackageJson(fs, dir);
  } catch {
    return undefined;
  }
}

/** The declared range of a dependency (dependencies first, then devDependencies). */
export function declaredRange(pkg: PackageJson, name: string): string | undefined {
  return pkg.dependencies[name] ?? pkg.devDependencies[name];
}

function stringMap(value: unknown): Record<string, string> {
  const record = asRecord(value);
  const result: Record<string, string> = {};
  if (!record) return result;
  for (const [key, v] of Object.entries(record)) if (typeof v === 'string') result[key] = v;
  return result;
}
