import { isAscii } from 'buffer';
import * as fs from 'fs';
import Module from 'module';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';

/** What the running Node offers: Node ≥ 22.1 has a module compile cache of its own. */
interface NodeModuleApi {
  enableCompileCache?: (directory?: string) => unknown;
  wrap(source: string): string;
  _nodeModulePaths(directory: string): string[];
}

interface LoadableModule {
  exports: unknown;
  filename: string;
  paths: string[];
  loaded: boolean;
}

/**
 * Makes a second `nextauth-scaffold` run skip compiling the engine bundle (7 MB: TypeScript, ts-morph and
 * the core). On Node ≥ 22 that is Node's own `module.enableCompileCache()` (honours NODE_COMPILE_CACHE and
 * NODE_DISABLE_COMPILE_CACHE). Before that, the engine is compiled with `vm.Script` and V8 code cache
 * data: read when present, written when the process exits — after the work, so the cache also holds the
 * functions the command compiled lazily, which is most of a first plan's cost. V8 rejects data that does
 * not match the source, the V8 version or its flags, and the engine is then simply compiled again.
 *
 * The cache lives in `<tmpdir>/nextauth-scaffold-code-cache-<uid>`, a folder only this user can write
 * (one not owned by this user, or open to others, is not used). Nothing is written into the project.
 * Call before anything requires `./engine.js`; without a built engine next to the CLI (tests under tsx)
 * it does nothing.
 */
export function useEngineCodeCache(engineFile: string = path.join(__dirname, 'engine.js')): void {
  const api = Module as unknown as NodeModuleApi;
  if (process.env.NODE_DISABLE_COMPILE_CACHE) return;
  if (typeof api.enableCompileCache === 'function') {
    api.enableCompileCache();
    return;
  }
  if (!fs.existsSync(engineFile)) return;
  const loaded = loadWithCodeCache(engineFile, codeCacheFolder());
  if (loaded.writeCacheAtExit) process.once('exit', () => loaded.writeCache());
}

/** A CommonJS module compiled through vm.Script with V8 code cache data (see useEngineCodeCache). */
export interface CodeCachedModule {
  readonly exports: unknown;
  /** Whether V8 took the cached code (false: no cache yet, or rejected and compiled anew). */
  readonly usedCache: boolean;
  /** Whether the cache is missing or stale, so the process should write it once its work is done. */
  readonly writeCacheAtExit: boolean;
  /** Writes the code compiled so far (top level and the functions run since) to the cache file. */
  writeCache(): void;
}

/**
 * Loads `file` as a CommonJS module into Node's module cache (a later `require(file)` returns it), compiled
 * with the code cache kept in `folder` (undefined: no cache). Throws what the module's own code throws.
 */
export function loadWithCodeCache(file: string, folder: string | undefined): CodeCachedModule {
  const api = Module as unknown as NodeModuleApi;
  const bytes = fs.readFileSync(file);
  // esbuild writes ASCII; decoding it as Latin-1 gives the same string, several times faster than UTF-8.
  const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  const cacheFile = folder === undefined ? undefined : codeCacheFile(folder, file, bytes.length);
  let cachedData: Buffer | undefined;
  try {
    cachedData = cacheFile === undefined ? undefined : fs.readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script(api.wrap(source), { filename: file, cachedData });
  const loaded = new Module(file, module) as unknown as LoadableModule;
  loaded.filename = file;
  loaded.paths = api._nodeModulePaths(path.dirname(file));
  const body = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  body.call(loaded.exports, loaded.exports, Module.createRequire(file), loaded, file, path.dirname(file));
  loaded.loaded = true;
  require.cache[file] = loaded as unknown as NodeJS.Module;
  const usedCache = cachedData !== undefined && script.cachedDataRejected !== true;
  return {
    exports: loaded.exports,
    usedCache,
    writeCacheAtExit: cacheFile !== undefined && !usedCache,
    writeCache: () => {
      if (cacheFile !== undefined) writeCodeCache(cacheFile, script, path.basename(file, '.js'));
    },
  };
}

/**
 * `<tmpdir>/nextauth-scaffold-code-cache-<uid>`, created only this user can write; undefined when it
 * cannot be made, is not a folder, belongs to someone else or is open to others.
 */
export function codeCacheFolder(base: string = os.tmpdir()): string | undefined {
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  const folder = path.join(base, `nextauth-scaffold-code-cache${uid === undefined ? '' : `-${uid}`}`);
  try {
    fs.mkdirSync(folder, { recursive: true, mode: 0o700 });
    const stat = fs.lstatSync(folder);
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (stat.mode & 0o022) !== 0) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

/** The cache file of this build of `file` under this V8 (its version, the file's length and time). */
function codeCacheFile(folder: string, file: string, length: number): string | undefined {
  try {
    const key = `${process.versions.v8}-${length}-${Math.trunc(fs.statSync(file).mtimeMs)}`.replace(/[^\w.-]/g, '_');
    return path.join(folder, `${path.basename(file, '.js')}-${key}.v8cache`);
  } catch {
    return undefined;
  }
}

/** Writes the cache beside its final name and renames it in place, dropping `stem`'s older caches; a failure only costs the next run time. */
function writeCodeCache(cacheFile: string, script: vm.Script, stem: string): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    fs.writeFileSync(temporary, script.createCachedData(), { mode: 0o600 });
    fs.renameSync(temporary, cacheFile);
    // The caches of earlier builds or Node versions are never read again.
    const folder = path.dirname(cacheFile);
    for (const name of fs.readdirSync(folder)) {
      if (name.startsWith(`${stem}-`) && name.endsWith('.v8cache') && name !== path.basename(cacheFile)) fs.rmSync(path.join(folder, name), { force: true });
    }
  } catch {
    fs.rmSync(temporary, { force: true });
  }
}
