import * as path from 'path';
import { findRootLayouts } from '../app-routes';
import { componentTemplate, relativeToApp, render, type PlanContext } from '../plan-context';
import { findSourceFile } from '../project-layout';
import { LOGIN_ROUTE } from './auth-config';

/** The login page (App Router `app/login/page`, Pages Router `pages/login`), unless one exists. */
export function generateLoginPage(context: PlanContext): void {
  const { layout, request, files } = context;
  const app = request.router === 'app';
  // Without app/layout, a page outside the root layouts (app/[locale]/layout, app/(site)/layout) breaks
  // `next build` ("doesn't have a root layout"): the login page goes under the first of them.
  const loginParent = app ? path.dirname(findRootLayouts(files, layout)[0] ?? path.join(layout.appDir, 'layout')) : layout.pagesDir;
  const candidates = app
    ? [...new Set([path.join(loginParent, 'login', 'page'), path.join(layout.appDir, 'login', 'page')])]
    : [path.join(layout.pagesDir, 'login'), path.join(layout.pagesDir, 'login', 'index')];
  const existing = candidates.map((c) => findSourceFile(files, c)).find((f) => f !== undefined);
  if (existing) {
    if (!/signIn\s*\(/.test(files.readFile(existing) ?? '')) context.notes.push({ level: 'info', message: `Kept your login page ${relativeToApp(context, existing)}; it should call signIn("credentials", …).`, file: existing });
    return;
  }
  const file = `${candidates[0]}.${layout.componentExtension}`;
  files.write(file, render(context, componentTemplate(layout, `login-page-${app ? 'app' : 'pages'}`), file));
  const dynamicSegments = path.relative(layout.appDir, loginParent).split(path.sep).filter((s) => /^\[.+\]$/.test(s));
  if (app && dynamicSegments.length > 0) {
    context.notes.push({
      level: 'warning',
      message: `Wrote the login page under ${relativeToApp(context, loginParent)}/ (your root layout is there), so it is served at /${dynamicSegments.join('/')}/login, while pages.signIn is "${LOGIN_ROUTE}": let your middleware redirect ${LOGIN_ROUTE} to the localized path, or set pages.signIn to it.`,
      file,
    });
  }
}
