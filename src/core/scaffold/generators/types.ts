import * as path from 'path';
import { findConfigFile } from '../../detect/read-tsconfig';
import type { ProjectInfo } from '../../project-info';
import { ensureTypeAugmentation } from '../augmentation';
import type { PlanContext } from '../plan-context';

/**
 * next-auth.d.ts from what the config's authorize()/jwt/session really produce (TypeScript, or when asked).
 * A config kept in a workspace package with its own tsconfig gets one there too: the package is
 * type-checked on its own (`tsc` in packages/auth), where the app's augmentation does not apply.
 */
export function generateTypes(context: PlanContext): void {
  const { request, auth, files } = context;
  if (!auth) return;
  if (request.project.language !== 'ts' && !request.typesForJavaScript) {
    context.notes.push({ level: 'info', message: 'JavaScript project: no next-auth.d.ts generated (ask for the type augmentation to get one; JSDoc types are in the generated code).' });
    return;
  }
  context.notes.push(...ensureTypeAugmentation(files.tree, request, auth.entry));
  const configPackage = packageOf(context, auth.optionsFile);
  if (configPackage) context.notes.push(...ensureTypeAugmentation(files.tree, { ...request, project: configPackage }, auth.entry));
}

/** The workspace package (with its own tsconfig.json) that holds a config outside the app, as a project. */
function packageOf(context: PlanContext, file: string): ProjectInfo | undefined {
  const { files, request } = context;
  const appRoot = request.project.root;
  if (!path.relative(appRoot, file).startsWith('..')) return undefined;
  let dir = path.dirname(file);
  while (!files.isFile(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const configFile = findConfigFile(files, path.dirname(file));
  if (!files.isFile(path.join(dir, 'package.json')) || !configFile || path.dirname(configFile) !== dir || !configFile.endsWith('tsconfig.json')) return undefined;
  return {
    ...request.project,
    root: dir,
    name: path.basename(dir),
    language: 'ts',
    srcDir: files.isDirectory(path.join(dir, 'src')),
    configFile,
    compilerOptions: files.sources.resolver.compilerOptionsFor(file),
    routers: [],
  };
}
