import type { ts } from 'ts-morph';

/** What detection learns about one Next.js app. Plain data: generators and the UI take it as input. */

export type Router = 'app' | 'pages';
export type PackageManager = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface NextAuthInstall {
  /** Version as resolved: from `node_modules/next-auth/package.json` when installed, else the range in package.json. */
  readonly version: string;
  readonly major: 4 | 5;
  /** Whether `version` came from node_modules (true) or only from a package.json range (false). */
  readonly installed: boolean;
}

/** Where an existing NextAuth configuration was found. */
export interface ExistingAuthConfig {
  /** Absolute path of the file that holds the options object. */
  readonly file: string;
  /**
   * How the options are written there:
   * - `options-object`: `export const authOptions: NextAuthOptions = {...}` (or any object typed/passed as options)
   * - `nextauth-call`: options inline in `NextAuth({...})` (v4 route file, or v5 `auth.ts`)
   */
  readonly form: 'options-object' | 'nextauth-call';
  /** Name of the exported options variable when `form` is `options-object` (e.g. `authOptions`). */
  readonly exportName?: string;
}

export interface PathAlias {
  /** Alias prefix without the trailing `*`, e.g. `@/`. */
  readonly prefix: string;
  /** Directory the alias maps to, relative to the app root, POSIX, no trailing slash ('' for the root, 'src' …). */
  readonly target: string;
}

export interface ProjectInfo {
  /** Absolute path of the app: the directory holding its package.json. */
  readonly root: string;
  /** `name` from package.json, for pickers and messages. */
  readonly name: string;
  readonly packageManager: PackageManager;
  /** `ts` when a tsconfig.json exists, else `js`. */
  readonly language: 'ts' | 'js';
  /** `commonjs` unless package.json says `"type": "module"`. */
  readonly moduleType: 'esm' | 'commonjs';
  /** Every router whose directory exists (app/, src/app/, pages/, src/pages/). */
  readonly routers: readonly Router[];
  /** Whether the app keeps its code under `src/`. */
  readonly srcDir: boolean;
  /** tsconfig.json or jsconfig.json, absolute, when present. */
  readonly configFile?: string;
  /**
   * `configFile`'s compiler options as TypeScript resolves them (read once, by `readCompilerOptions`):
   * `extends` followed, `baseUrl` absolute, `paths` relative to `pathsBasePath`. Absent without a config file.
   */
  readonly compilerOptions?: Readonly<ts.CompilerOptions>;
  /** The alias that maps to the source root (`@/*` → `./src/*`), when the config has one. */
  readonly pathAlias?: PathAlias;
  /** `next` version range or installed version; major number when it could be read. */
  readonly nextVersion?: string;
  readonly nextMajor?: number;
  /** Absent when next-auth is neither installed nor declared. */
  readonly nextAuth?: NextAuthInstall;
  /** The app's TypeScript: installed version, else the declared range; absent when neither. */
  readonly typescriptVersion?: { readonly version: string; readonly installed: boolean };
  readonly authConfig?: ExistingAuthConfig;
  /**
   * The monorepo root (npm/yarn/pnpm workspaces) the app belongs to, when it is not the app itself. A config
   * kept in a workspace package is merged where it lives, inside this folder.
   */
  readonly workspaceRoot?: string;
}
