import * as path from 'path';
import { readAuthConfig } from '../../auth-config';
import { catchAllBase, catchAllRoutes, listRoutes } from '../app-routes';
import { DEFAULT_AUTH_BASE_PATH } from '../auth-base-path';
import { basePathOf, currentConfig, relativeToApp, render, type PlanContext } from '../plan-context';
import { importSpecifier } from '../project-layout';

/**
 * The [...nextauth] route handler at NextAuth's base path (`/api/auth`, or the config's `basePath`),
 * unless the app has one already, in either router: an app has one NextAuth route, and a second one for
 * the same URL stops `next build` ("Conflicting app and page file"). An existing route that does not lead to
 * the auth config (through its imports or re-exports, as the model follows them) gets a warning, and so
 * does one served at another path than the base path.
 */
export function generateRoute(context: PlanContext): void {
  const { layout, request, major, files, auth } = context;
  if (!auth) return;
  const basePath = basePathOf(context);
  // The app's NextAuth route: a catch-all handler that uses NextAuth (whatever its slug is called), or any
  // catch-all at the base path, where a second one would clash.
  const wired = (file: string): boolean => /NextAuth|handlers/.test(files.readFile(file) ?? '') || readAuthConfig(files.sources, file)?.options.file === auth.optionsFile;
  const existing = catchAllRoutes(listRoutes(files, layout)).filter((r) => wired(r.file) || /\[\.\.\.nextauth\]$/.test(r.url) || catchAllBase(r) === basePath);
  if (existing.length > 0) {
    for (const route of existing) {
      if (!wired(route.file)) context.notes.push({ level: 'warning', message: `${relativeToApp(context, route.file)} exists but does not use NextAuth; the sign-in endpoints will not answer until it does.`, file: route.file });
    }
    const served = existing.map(catchAllBase);
    if (!served.includes(basePath)) {
      context.notes.push({
        level: 'warning',
        message: `${relativeToApp(context, existing[0].file)} serves NextAuth at ${served[0]}, but the client will call ${basePath} (${basePath === DEFAULT_AUTH_BASE_PATH ? 'the default' : 'the configured base path'}): set ${major === 5 ? 'basePath in the config' : 'the path of NEXTAUTH_URL'} to ${served[0]}, or move the route.`,
        file: existing[0].file,
      });
    }
    return;
  }
  const segments = basePath.split('/').filter(Boolean);
  // Pages Router API routes live under pages/api; any other base path needs an App Router route handler.
  const appRoute = major === 5 || request.router === 'app' || segments[0] !== 'api';
  const base = appRoute ? path.join(layout.appDir, ...segments, '[...nextauth]', 'route') : path.join(layout.pagesDir, ...segments, '[...nextauth]');
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
  if (request.router === 'pages' && appRoute) {
    const why = major === 5 ? 'Auth.js route handlers need the App Router' : `API routes of the Pages Router live under /api, and NextAuth answers at ${basePath}`;
    context.notes.push({ level: 'info', message: `${why}: wrote ${relativeToApp(context, file)} (App and Pages Router work side by side).`, file });
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
