import * as path from 'path';
import { readAuthConfig } from '../../auth-config';
import { currentConfig, relativeToApp, render, type PlanContext } from '../plan-context';
import { findSourceFile, importSpecifier } from '../project-layout';

/**
 * The [...nextauth] route handler, unless one exists (any extension). An existing one that does not lead
 * to the auth config (through its imports or re-exports, as the model follows them) gets a warning.
 */
export function generateRoute(context: PlanContext): void {
  const { layout, request, major, files, auth } = context;
  if (!auth) return;
  const appRoute = major === 5 || request.router === 'app';
  const base = appRoute ? path.join(layout.appDir, 'api', 'auth', '[...nextauth]', 'route') : path.join(layout.pagesDir, 'api', 'auth', '[...nextauth]');
  const existing = findSourceFile(files, base);
  if (existing) {
    const wired = /NextAuth|handlers/.test(files.readFile(existing) ?? '') || readAuthConfig(files.sources, existing)?.options.file === auth.optionsFile;
    if (!wired) context.notes.push({ level: 'warning', message: `${relativeToApp(context, existing)} exists but does not use NextAuth; the sign-in endpoints will not answer until it does.`, file: existing });
    return;
  }
  const file = `${base}.${layout.moduleExtension}`;
  const config = currentConfig(context);
  const exported = major === 5 ? (/\bhandlers\b/.test(files.readFile(auth.nextAuthModule) ?? '') ? 'handlers' : undefined) : config?.exportName;
  if (!exported) {
    const moduleFile = major === 5 ? auth.nextAuthModule : auth.optionsFile;
    context.notes.push({ level: 'warning', message: `No route handler written: ${relativeToApp(context, moduleFile)} does not export ${major === 5 ? '`handlers`' : 'its options'}. Export them, then run the command again.`, file: moduleFile });
    return;
  }
  const template = major === 5 ? 'v5/route-app.ts' : appRoute ? 'v4/route-app.ts' : 'v4/route-pages.ts';
  const importFrom = major === 5 ? auth.nextAuthModule : auth.optionsFile;
  files.write(file, render(context, template, file, { authImport: JSON.stringify(importSpecifier(request.project, file, importFrom)), ...optionsImportValues(exported) }));
  if (major === 5 && request.router === 'pages') {
    context.notes.push({ level: 'info', message: `Auth.js route handlers need the App Router: wrote ${relativeToApp(context, file)} (App and Pages Router work side by side).`, file });
  }
}

/**
 * How generated v4 code imports the options: `{{optionsName}}` is the local name (the app's own export
 * name, an identifier), `{{optionsDefaultExport}}` picks `import x from` over `import { x } from`.
 */
export function optionsImportValues(exportName: string): { optionsName: string; optionsDefaultExport: boolean } {
  if (exportName === 'default' || !/^[A-Za-z_$][\w$]*$/.test(exportName)) return { optionsName: 'authOptions', optionsDefaultExport: true };
  return { optionsName: exportName, optionsDefaultExport: false };
}
