import * as path from 'path';
import { findRootLayouts } from '../app-routes';
import { ensureSessionProvider } from '../ensure-session-provider';
import { componentTemplate, relativeToApp, render, type PlanContext } from '../plan-context';
import { findSourceFile, importSpecifier } from '../project-layout';

/** SessionProvider in the root layout (through a small client component) or in _app. */
export function generateSessionProvider(context: PlanContext): void {
  const { layout, request, files } = context;
  if (request.router === 'pages') {
    const app = findSourceFile(files, path.join(layout.pagesDir, '_app'));
    if (!app) {
      const file = path.join(layout.pagesDir, `_app.${layout.componentExtension}`);
      files.write(file, render(context, componentTemplate(layout, 'app'), file));
      return;
    }
    const source = files.edit(app);
    context.notes.push(...ensureSessionProvider(source, { kind: 'app' }));
    files.save(source);
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
  if (source.text === before) return;
  files.save(source);
  const existing = findSourceFile(files, componentFile.replace(/\.[jt]sx?$/, ''));
  if (!existing) files.write(componentFile, render(context, componentTemplate(layout, 'auth-session-provider'), componentFile));
}

/** Whether a module the layout imports (the app's own providers file) already renders SessionProvider. */
function wrapsSessionProvider(context: PlanContext, fromFile: string, specifier: string): boolean {
  const file = context.files.sources.resolveModule(specifier, fromFile);
  const text = file ? context.files.readFile(file) : undefined;
  return !!text && /SessionProvider/.test(text) && /next-auth\/react/.test(text);
}
