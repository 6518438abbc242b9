import * as path from 'path';
import { findRootLayouts, listRoutes, pagesAt } from '../app-routes';
import { componentTemplate, loginUrlOf, relativeToApp, render, type PlanContext } from '../plan-context';

/**
 * The login page, served at `pages.signIn` (`/login` unless the config names another path): unless a page
 * already answers that URL in either router — Next.js resolves route groups (`app/(auth)/login/page.tsx`),
 * `src/`, `pages/login.tsx` and `pages/login/index.tsx` alike — in which case it is kept (pages.signIn points
 * at it) and a note says so. Never a second page for the same URL: `next build` refuses that.
 */
export function generateLoginPage(context: PlanContext): void {
  const { layout, request, files } = context;
  const loginUrl = loginUrlOf(context);
  const existing = pagesAt(listRoutes(files, layout), loginUrl)[0];
  if (existing) {
    const usesCredentials = /signIn\s*\(\s*["'`]credentials["'`]/.test(files.readFile(existing.file) ?? '');
    context.notes.push({
      level: 'info',
      message: `Kept your login page ${relativeToApp(context, existing.file)}, served at ${loginUrl} (pages.signIn)${usesCredentials ? '' : '; it should call signIn("credentials", …) to use the Credentials provider'}.`,
      file: existing.file,
    });
    return;
  }
  const app = request.router === 'app';
  const segments = loginUrl.split('/').filter(Boolean);
  // Without app/layout, a page outside the root layouts (app/[locale]/layout, app/(site)/layout) breaks
  // `next build` ("doesn't have a root layout"): the login page goes under the first of them.
  const loginParent = app ? path.dirname(findRootLayouts(files, layout)[0] ?? path.join(layout.appDir, 'layout')) : layout.pagesDir;
  const file = app ? path.join(loginParent, ...segments, `page.${layout.componentExtension}`) : `${path.join(layout.pagesDir, ...segments)}.${layout.componentExtension}`;
  files.write(file, render(context, componentTemplate(layout, `login-page-${app ? 'app' : 'pages'}`), file));
  const dynamicSegments = path.relative(layout.appDir, loginParent).split(path.sep).filter((s) => /^\[.+\]$/.test(s));
  if (app && dynamicSegments.length > 0) {
    context.notes.push({
      level: 'warning',
      message: `Wrote the login page under ${relativeToApp(context, loginParent)}/ (your root layout is there), so it is served at /${[...dynamicSegments, ...segments].join('/')}, while pages.signIn is "${loginUrl}": let your middleware redirect ${loginUrl} to the localized path, or set pages.signIn to it.`,
      file,
    });
  }
}
