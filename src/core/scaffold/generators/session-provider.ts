import * as path from 'path';
import { ts } from 'ts-morph';
import { findRootLayouts } from '../app-routes';
import { ensureSessionProvider } from '../ensure-session-provider';
import { DEFAULT_AUTH_BASE_PATH } from '../auth-base-path';
import { basePathOf, componentTemplate, relativeToApp, render, type PlanContext } from '../plan-context';
import { findSourceFile, importSpecifier } from '../project-layout';
import type { PlanNote } from '../types';

/**
 * SessionProvider in the root layout (through a small client component) or in _app, told NextAuth's base path
 * (`useSession()` and `signIn()` call it). A provider the app already has is kept; when the base path is not
 * the default and that provider does not pass one, a note says so.
 */
export function generateSessionProvider(context: PlanContext): void {
  const { layout, request, files } = context;
  const basePath = basePathOf(context);
  const values = { authBasePath: JSON.stringify(basePath) };
  if (request.router === 'pages') {
    const app = findSourceFile(files, path.join(layout.pagesDir, '_app'));
    if (!app) {
      const file = path.join(layout.pagesDir, `_app.${layout.componentExtension}`);
      files.write(file, render(context, componentTemplate(layout, 'app'), file, values));
      return;
    }
    const source = files.edit(app);
    const before = source.text;
    context.notes.push(...ensureSessionProvider(source, { kind: 'app', ...(basePath !== DEFAULT_AUTH_BASE_PATH ? { basePath } : {}) }));
    files.save(source);
    if (source.text === before) context.notes.push(...basePathNotes(context, app, basePath));
    return;
  }
  const rootLayouts = findRootLayouts(files, layout);
  if (rootLayouts.length === 0) {
    context.notes.push({ level: 'warning', message: `No root layout in ${relativeToApp(context, layout.appDir) || '.'}/; wrap your pages in <SessionProvider> so useSession() works.` });
    return;
  }
  for (const rootLayout of rootLayouts) wrapLayout(context, rootLayout);
}

function wrapLayout(context: PlanContext, rootLayout: string): void {
  const { layout, request, files } = context;
  const componentFile = path.join(layout.componentsDir, `auth-session-provider.${layout.componentExtension}`);
  const specifier = importSpecifier(request.project, rootLayout, componentFile);
  const source = files.edit(rootLayout);
  const before = source.text;
  const notes = ensureSessionProvider(source, { kind: 'layout', module: specifier, component: 'AuthSessionProvider' }, (imported) => wrapsSessionProvider(context, rootLayout, imported));
  context.notes.push(...notes);
  if (source.text === before) {
    const providers = providerFiles(context, rootLayout);
    for (const file of providers) context.notes.push(...basePathNotes(context, file, basePathOf(context)));
    return;
  }
  files.save(source);
  const existing = findSourceFile(files, componentFile.replace(/\.[jt]sx?$/, ''));
  if (!existing) files.write(componentFile, render(context, componentTemplate(layout, 'auth-session-provider'), componentFile, { authBasePath: JSON.stringify(basePathOf(context)) }));
}

/** The files that render the app's own SessionProvider: the layout itself, or a providers module it imports. */
function providerFiles(context: PlanContext, rootLayout: string): string[] {
  const source = context.files.sources.sourceFile(rootLayout);
  if (!source) return [];
  const files = [rootLayout];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const file = context.files.sources.resolveModule(statement.moduleSpecifier.text, rootLayout);
    if (file) files.push(file);
  }
  return files;
}

/** A note when a file renders next-auth's SessionProvider without the base path the app needs. */
function basePathNotes(context: PlanContext, file: string, basePath: string): PlanNote[] {
  if (basePath === DEFAULT_AUTH_BASE_PATH) return [];
  const text = context.files.readFile(file) ?? '';
  if (!/<SessionProvider\b/.test(text) || !/next-auth\/react/.test(text) || /<SessionProvider\b[^>]*\bbasePath\s*=/.test(text)) return [];
  return [
    {
      level: 'warning',
      message: `${relativeToApp(context, file)} renders <SessionProvider> without basePath, but NextAuth answers at ${basePath}: add basePath="${basePath}", or useSession() and signIn() call /api/auth and fail.`,
      file,
    },
  ];
}

/** Whether a module the layout imports (the app's own providers file) already renders SessionProvider. */
function wrapsSessionProvider(context: PlanContext, fromFile: string, specifier: string): boolean {
  const file = context.files.sources.resolveModule(specifier, fromFile);
  const text = file ? context.files.readFile(file) : undefined;
  return !!text && /SessionProvider/.test(text) && /next-auth\/react/.test(text);
}
