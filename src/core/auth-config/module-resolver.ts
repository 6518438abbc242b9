import * as path from 'path';
import { ts } from 'ts-morph';
import { findConfigFile, parseConfigHost, readCompilerOptions } from '../detect/read-tsconfig';
import type { ReadonlyFileSystem } from '../file-system';
import { findWorkspaceRoot, workspacePackages, type Workspace } from './workspace-packages';

/** Where an import leads. */
export interface ResolvedModule {
  /** Absolute real path (links resolved) of the source file: `.ts`/`.tsx`/`.js`…, or a `.d.ts` when that is all there is. */
  readonly file: string;
  /** In an installed package (its real path is under node_modules), not the workspace's own code. */
  readonly external: boolean;
  /** Only types: a declaration file with no source found next to it. */
  readonly declarationOnly: boolean;
}

/** How the module is loaded: `import`/`export … from` (ESM conditions) or `require()` (CommonJS conditions). */
export type ImportKind = 'import' | 'require';

/**
 * Resolves module specifiers as the app's bundler does, through TypeScript's own module resolution over the
 * read-only file system: relative paths (with or without extension, `./x.js` for `x.ts`, folders with
 * index files), the `paths`/`baseUrl` of the tsconfig/jsconfig nearest to the importing file (so a workspace
 * package's own aliases apply inside it), packages in node_modules with their `exports`, and links into
 * the workspace (`node_modules/@acme/auth` → `packages/auth`, reported by real path). A workspace package
 * that is not linked yet (no install) is found by name through the workspace's globs. Sources win over
 * declarations: `exports: { types: "./dist/index.d.ts", default: "./src/index.ts" }` gives `src/index.ts`.
 *
 * Example: `resolver.resolve('@/lib/auth', '/app/app/api/auth/[...nextauth]/route.ts')?.file` → `/app/lib/auth.ts`.
 */
export class ModuleResolver {
  private readonly options = new Map<string, ts.CompilerOptions>();
  private readonly configOfDir = new Map<string, string | undefined>();
  private readonly workspaceRoots = new Map<string, { root: string; globs: string[] } | undefined>();
  private readonly workspaces = new Map<string, Workspace>();
  private readonly cache = new Map<string, ResolvedModule | undefined>();
  private readonly host: ts.ModuleResolutionHost;

  /**
   * @param known compiler options already read (ProjectInfo.compilerOptions of `known.configFile`), so the
   * app's tsconfig is read once.
   */
  constructor(
    private readonly fs: ReadonlyFileSystem,
    known?: { readonly configFile?: string; readonly compilerOptions?: Readonly<ts.CompilerOptions> },
  ) {
    if (known?.configFile && known.compilerOptions) this.options.set(known.configFile, { ...known.compilerOptions });
    this.host = this.linkingHost(parseConfigHost(fs));
  }

  /** Where `specifier` imported from `fromFile` leads, or undefined when it does not resolve. */
  resolve(specifier: string, fromFile: string, kind: ImportKind = 'import'): ResolvedModule | undefined {
    const key = `${kind}\0${path.dirname(fromFile)}\0${specifier}`;
    if (this.cache.has(key)) return this.cache.get(key);
    const result = this.resolveUncached(specifier, fromFile, kind);
    this.cache.set(key, result);
    return result;
  }

  private resolveUncached(specifier: string, fromFile: string, kind: ImportKind): ResolvedModule | undefined {
    const base = this.compilerOptionsFor(fromFile);
    const mode = kind === 'require' ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext;
    const run = (declarations: boolean): ts.ResolvedModuleFull | undefined => {
      const options: ts.CompilerOptions = {
        ...base,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        module: ts.ModuleKind.ESNext,
        allowJs: true,
        resolveJsonModule: false,
        // TypeScript's "go to source definition" mode: implementation files only, no `types` condition.
        ...(declarations ? {} : { noDtsResolution: true }),
      };
      return ts.resolveModuleName(specifier, fromFile, options, this.host, undefined, undefined, mode).resolvedModule;
    };
    const found = run(false) ?? run(true);
    if (!found) return this.serverRelative(specifier, fromFile, base, kind);
    const resolved = this.realPath(found.resolvedFileName);
    const source = /\.d\.[cm]?ts$/.test(resolved) ? this.sourceOfDeclaration(resolved) : resolved;
    const file = source ?? resolved;
    return { file, external: file.split(path.sep).includes('node_modules'), declarationOnly: source === undefined };
  }

  /**
   * A server-relative import (`"/lib/auth"`), which the bundler resolves against the project folder
   * (webpack's `resolve.roots`): the tsconfig's `baseUrl`, else the folder of the nearest tsconfig.
   */
  private serverRelative(specifier: string, fromFile: string, options: ts.CompilerOptions, kind: ImportKind): ResolvedModule | undefined {
    if (!specifier.startsWith('/') || specifier.startsWith('//')) return undefined;
    const configFile = this.configOfDir.get(path.dirname(fromFile));
    const root = options.baseUrl ?? (configFile ? path.dirname(configFile) : undefined);
    return root ? this.resolve(`.${specifier}`, path.join(root, 'index.ts'), kind) : undefined;
  }

  /** The compiler options of the tsconfig/jsconfig nearest to `file` (a config that does not parse counts as none). */
  compilerOptionsFor(file: string): ts.CompilerOptions {
    const dir = path.dirname(file);
    if (!this.configOfDir.has(dir)) this.configOfDir.set(dir, findConfigFile(this.fs, dir));
    const configFile = this.configOfDir.get(dir);
    if (!configFile) return {};
    if (!this.options.has(configFile)) {
      let options: ts.CompilerOptions = {};
      try {
        options = readCompilerOptions(this.fs, configFile);
      } catch {
        // Reported where the app's own config is read; here it only means "no aliases".
      }
      this.options.set(configFile, options);
    }
    return this.options.get(configFile)!;
  }

  /** The workspace `dir` belongs to (cached). */
  workspaceOf(dir: string): Workspace | undefined {
    if (!this.workspaceRoots.has(dir)) this.workspaceRoots.set(dir, findWorkspaceRoot(this.fs, dir));
    const found = this.workspaceRoots.get(dir);
    if (!found) return undefined;
    if (!this.workspaces.has(found.root)) this.workspaces.set(found.root, { root: found.root, packages: workspacePackages(this.fs, found.root, found.globs) });
    return this.workspaces.get(found.root);
  }

  private workspaceRootOf(dir: string): string | undefined {
    if (!this.workspaceRoots.has(dir)) this.workspaceRoots.set(dir, findWorkspaceRoot(this.fs, dir));
    return this.workspaceRoots.get(dir)?.root;
  }

  private realPath(file: string): string {
    return this.fs.realPath ? this.fs.realPath(file) : file;
  }

  /** `dist/index.d.ts` → the source it was built from: its declaration map, else a sibling source file. */
  private sourceOfDeclaration(file: string): string | undefined {
    const map = this.fs.readFile(`${file}.map`);
    if (map !== undefined) {
      try {
        const parsed = JSON.parse(map) as { sourceRoot?: unknown; sources?: unknown };
        const first = Array.isArray(parsed.sources) && typeof parsed.sources[0] === 'string' ? parsed.sources[0] : undefined;
        const root = typeof parsed.sourceRoot === 'string' ? parsed.sourceRoot : '';
        const source = first && path.resolve(path.dirname(file), root, first);
        if (source && this.fs.isFile(source)) return source;
      } catch {
        // Not a usable map: fall through to the sibling.
      }
    }
    const stem = file.replace(/\.d\.([cm]?)ts$/, '');
    return ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'].map((ext) => stem + ext).find((candidate) => this.fs.isFile(candidate));
  }

  /**
   * The file system as if every workspace package were linked into `<workspace>/node_modules/<name>` (what
   * `npm install` does): lets TypeScript's resolution find a sibling package before anything is installed.
   */
  private linkingHost(host: ts.ModuleResolutionHost): ts.ModuleResolutionHost {
    /** For a path under `<workspace root>/node_modules`: the workspace and the path's segments below node_modules. */
    const underWorkspaceModules = (p: string): { folder: string; rest: string[]; workspace: Workspace } | undefined => {
      const segments = p.split(path.sep);
      const at = segments.indexOf('node_modules');
      if (at < 0) return undefined;
      const folder = segments.slice(0, at).join(path.sep) || path.sep;
      if (this.workspaceRootOf(folder) !== folder) return undefined;
      const workspace = this.workspaceOf(folder);
      return workspace && { folder, rest: segments.slice(at + 1), workspace };
    };
    const linked = (p: string): string => {
      const under = underWorkspaceModules(p);
      if (!under) return p;
      const { folder, rest, workspace } = under;
      const nameLength = rest[0]?.startsWith('@') ? 2 : 1;
      const name = rest.slice(0, nameLength).join('/');
      const dir = rest.length >= nameLength ? workspace.packages.get(name) : undefined;
      if (!dir || this.fs.isDirectory(path.join(folder, 'node_modules', ...rest.slice(0, nameLength)))) return p;
      return path.join(dir, ...rest.slice(nameLength));
    };
    /** `<root>/node_modules` and `<root>/node_modules/@scope` exist when a workspace package would be linked below. */
    const virtualFolder = (p: string): boolean => {
      const under = underWorkspaceModules(p);
      if (!under || under.rest.length > 1) return false;
      const prefix = under.rest.length === 0 ? '' : `${under.rest[0]}/`;
      return under.rest[0]?.startsWith('@') !== false && [...under.workspace.packages.keys()].some((name) => name.startsWith(prefix));
    };
    return {
      ...host,
      fileExists: (file) => host.fileExists(linked(file)),
      readFile: (file) => host.readFile(linked(file)),
      directoryExists: (dir) => virtualFolder(dir) || (host.directoryExists ? host.directoryExists(linked(dir)) : true),
      realpath: (file) => {
        const target = linked(file);
        return host.realpath ? host.realpath(target) : target;
      },
    };
  }
}
