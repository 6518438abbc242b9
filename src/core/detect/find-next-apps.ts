import * as path from 'path';
import type { ReadonlyFileSystem } from '../file-system';
import { declaredRange, tryReadPackageJson } from './package-json';
import { childFolders, SKIPPED_FOLDERS } from './walk';

/** How deep below each root the search goes (a monorepo's `apps/web` is depth 2). */
export const APP_SEARCH_DEPTH = 4;

/** Files that make a folder a monorepo's workspace root (besides package.json `workspaces`). */
const WORKSPACE_MARKERS = ['pnpm-workspace.yaml', 'turbo.json', 'nx.json', 'lerna.json', 'rush.json'];

/**
 * Absolute roots of the Next.js apps under `roots`: folders whose package.json lists `next` in
 * `dependencies` or `devDependencies`. Each root and its subfolders down to depth 4 are searched, skipping
 * node_modules, .git, .next, dist, build, out and hidden folders. A monorepo's workspace root (package.json
 * `workspaces`, pnpm-workspace.yaml, turbo.json, nx.json, lerna.json, rush.json) with apps below it is not an
 * app itself, even with `next` among its (dev)dependencies for shared tooling, unless it has its own `app/`
 * or `pages/` (or `src/app`, `src/pages`). Sorted, without duplicates; a package.json that does not parse is
 * passed over rather than stopping the search.
 */
export function findNextApps(fs: ReadonlyFileSystem, roots: readonly string[]): string[] {
  const found = new Set<string>();
  const workspaceRoots = new Set<string>();
  const visit = (dir: string, depth: number) => {
    const pkg = tryReadPackageJson(fs, dir);
    if (pkg && declaredRange(pkg, 'next') !== undefined) found.add(dir);
    if (pkg && (pkg.workspaces || WORKSPACE_MARKERS.some((m) => fs.isFile(path.join(dir, m))))) workspaceRoots.add(dir);
    if (depth >= APP_SEARCH_DEPTH) return;
    for (const child of childFolders(fs, dir)) visit(path.join(dir, child), depth + 1);
  };
  for (const root of roots) visit(path.resolve(root), 0);
  const ownRouter = (dir: string): boolean => ['app', 'pages', path.join('src', 'app'), path.join('src', 'pages')].some((r) => fs.isDirectory(path.join(dir, r)));
  const hasAppsBelow = (dir: string): boolean => [...found].some((app) => app !== dir && app.startsWith(dir + path.sep));
  return [...found].filter((dir) => !(workspaceRoots.has(dir) && hasAppsBelow(dir) && !ownRouter(dir))).sort();
}

/**
 * What to tell the user when findNextApps found nothing: the advice first, then exactly what counts as a
 * Next.js app and, last, which folders were searched (long paths must not hide the advice).
 */
export function noNextAppMessage(roots: readonly string[]): string {
  const where = roots.length === 0 ? 'no folder was given' : roots.map((r) => path.resolve(r)).join(', ');
  return (
    `No Next.js app found: open the app's folder, or add "next" to its package.json. ` +
    `Looked for a package.json that lists "next" in "dependencies" or "devDependencies", in each folder and its ` +
    `subfolders up to ${APP_SEARCH_DEPTH} levels deep, skipping ${SKIPPED_FOLDERS.join(', ')} and hidden folders, in: ${where}.`
  );
}
