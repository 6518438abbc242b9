import type { FileChange } from '../change-set';
import type { ProjectInfo, Router } from '../project-info';
import type { ScaffoldSettings } from '../settings';

/** The pieces a plan can contain. The scaffold command asks for all but `middleware` (which is opt-in). */
export type ScaffoldPiece =
  | 'provider' // Credentials provider in the auth options (creating lib/auth.ts or auth.ts when there is none)
  | 'callbacks' // jwt + session callbacks and the refresh helper
  | 'types' // next-auth.d.ts augmentation (TypeScript projects only)
  | 'route' // the [...nextauth] route handler
  | 'env' // .env.local + .gitignore
  | 'login' // login page + pages.signIn
  | 'session-provider' // SessionProvider in the root layout / _app
  | 'middleware'; // route protection: middleware.ts, or proxy.ts on Next.js >= 16 with v5

export const SCAFFOLD_PIECES: readonly ScaffoldPiece[] = ['provider', 'callbacks', 'types', 'route', 'env', 'login', 'session-provider'];

export interface RouteProtection {
  /** Next.js matcher patterns, e.g. `['/dashboard/:path*']`. */
  readonly matcher: readonly string[];
}

export interface ScaffoldRequest {
  readonly project: ProjectInfo;
  /** The router to generate for (the UI/CLI asks when the project has both). */
  readonly router: Router;
  readonly settings: ScaffoldSettings;
  /**
   * settings.refreshStore is only the default (no `--refresh-store` flag, no setting): an app whose
   * generated code declares the other store keeps it. Unset or false: the store was chosen and the plan
   * switches to it.
   */
  readonly refreshStoreFromDefault?: boolean;
  readonly pieces: readonly ScaffoldPiece[];
  /**
   * File that holds the auth options to merge into, overriding `project.authConfig`
   * (the active editor for "Add JWT and Session Callbacks").
   */
  readonly authConfigFile?: string;
  /** Required when `pieces` includes `middleware`. */
  readonly routeProtection?: RouteProtection;
  /** Force the next-auth.d.ts for a JavaScript project (default: only TypeScript projects get one). */
  readonly typesForJavaScript?: boolean;
  /** Whether git tracks a file (no secret goes into a tracked one). Default: asks `git ls-files`. */
  readonly isGitTracked?: (absolutePath: string) => boolean;
}

export interface PlanNote {
  readonly level: 'info' | 'warning';
  readonly message: string;
  /** Absolute path the note is about. */
  readonly file?: string;
  /** 1-based line. */
  readonly line?: number;
}

export interface ScaffoldPlan {
  /** What would be written; empty when everything is already in place. */
  readonly changes: FileChange[];
  /** What the user should be told: kept callbacks, leaks found in them, git-ignore added, version advisories … */
  readonly notes: PlanNote[];
  /** Commands that install the packages this plan adds to package.json (e.g. `npm install redis@^6.3.1`). */
  readonly install?: readonly string[];
  /** The file to open after applying (the auth options file), absolute. */
  readonly primaryFile?: string;
  /**
   * The folder every change lies in: the app root, or the workspace root when the plan merges into a config
   * kept in a workspace package. Appliers refuse writes that leave it.
   */
  readonly root: string;
}
