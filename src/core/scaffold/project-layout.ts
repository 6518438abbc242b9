import * as path from 'path';
import type { ReadonlyFileSystem } from '../file-system';
import type { ProjectInfo, Router } from '../project-info';

/** Where generated files go in one app, and how they import each other. */
export interface ProjectLayout {
  readonly root: string;
  /** `<root>/src` when the app keeps its code there, else `<root>`. */
  readonly sourceRoot: string;
  readonly language: 'ts' | 'js';
  /** `ts`/`js` for modules, `tsx`/`jsx` for components. */
  readonly moduleExtension: 'ts' | 'js';
  /** `tsx`/`jsx`, or `js` when the app's components are plain .js files. */
  readonly componentExtension: 'tsx' | 'jsx' | 'js';
  readonly appDir: string;
  readonly pagesDir: string;
  readonly libDir: string;
  readonly componentsDir: string;
}

export const SOURCE_EXTENSIONS = ['ts', 'tsx', 'js', 'jsx', 'mjs', 'cjs', 'mts', 'cts'];

/** The layout of `project`: `src/` respected, router folders as they exist (app/ or src/app/ …). */
export function projectLayout(fs: ReadonlyFileSystem, project: ProjectInfo): ProjectLayout {
  const sourceRoot = project.srcDir ? path.join(project.root, 'src') : project.root;
  const routerDir = (router: Router): string =>
    [path.join(sourceRoot, router), path.join(project.root, router), path.join(project.root, 'src', router)].find((d) => fs.isDirectory(d)) ?? path.join(sourceRoot, router);
  const ts = project.language === 'ts';
  const appDir = routerDir('app');
  const pagesDir = routerDir('pages');
  return {
    root: project.root,
    sourceRoot,
    language: project.language,
    moduleExtension: ts ? 'ts' : 'js',
    componentExtension: componentExtension(fs, [appDir, pagesDir], ts),
    appDir,
    pagesDir,
    libDir: path.join(sourceRoot, 'lib'),
    componentsDir: path.join(sourceRoot, 'components'),
  };
}

/** The first existing file `<base>.<ext>` for any source extension, if one exists. */
export function findSourceFile(fs: ReadonlyFileSystem, base: string, extensions: readonly string[] = SOURCE_EXTENSIONS): string | undefined {
  return extensions.map((ext) => `${base}.${ext}`).find((file) => fs.isFile(file));
}

/**
 * How `fromFile` imports `targetFile`: through the project's path alias when the target lies under
 * the aliased folder (`@/lib/auth`), else a relative path (`../../lib/auth`); no extension.
 */
export function importSpecifier(project: ProjectInfo, fromFile: string, targetFile: string): string {
  const target = targetFile.replace(/\.(tsx?|jsx?|mjs|cjs|mts|cts)$/, '');
  if (project.pathAlias) {
    const aliasRoot = path.join(project.root, project.pathAlias.target);
    if (target.startsWith(aliasRoot + path.sep)) return project.pathAlias.prefix + toPosix(path.relative(aliasRoot, target));
  }
  const relative = toPosix(path.relative(path.dirname(fromFile), target));
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/**
 * `.tsx`/`.jsx`, unless the app writes its components as plain `.js` (common in JavaScript apps):
 * follows the root layout, _app or index page when one exists.
 */
function componentExtension(fs: ReadonlyFileSystem, routerDirs: readonly string[], ts: boolean): 'tsx' | 'jsx' | 'js' {
  for (const dir of routerDirs) {
    for (const name of ['layout', '_app', 'page', 'index']) {
      const found = findSourceFile(fs, path.join(dir, name), ['tsx', 'jsx', 'js', 'ts']);
      if (found) {
        const extension = found.slice(found.lastIndexOf('.') + 1);
        if (extension === 'js' && !ts) return 'js';
        if (extension === 'jsx' || extension === 'tsx') return extension;
      }
    }
  }
  return ts ? 'tsx' : 'jsx';
}
