import * as path from 'path';
import { ensureAuthorizedCallback } from '../ensure-callbacks';
import { currentConfig, relativeToApp, render, templateFor, type PlanContext } from '../plan-context';
import { findSourceFile, importSpecifier, SOURCE_EXTENSIONS } from '../project-layout';
import { optionsImportValues } from './route';

/** middleware.ts (proxy.ts on Next.js >= 16) with the matcher, the authorized() callback (v5) and the requireSession() helper. */
export function generateMiddleware(context: PlanContext): void {
  const { layout, request, files, major, auth } = context;
  const proxy = (request.project.nextMajor ?? 0) >= 16;
  const name = proxy ? 'proxy' : 'middleware';
  const helperFile = path.join(layout.libDir, `require-session.${layout.moduleExtension}`);
  const existing = findSourceFile(files, path.join(layout.sourceRoot, 'proxy'), SOURCE_EXTENSIONS) ?? findSourceFile(files, path.join(layout.sourceRoot, 'middleware'), SOURCE_EXTENSIONS);
  const matcher = `[${(request.routeProtection?.matcher ?? []).map((m) => JSON.stringify(m)).join(', ')}]`;
  if (existing) {
    const text = files.readFile(existing) ?? '';
    if (!/next-auth|\bauth\b/.test(text)) {
      context.notes.push({
        level: 'warning',
        message: `Kept your ${path.basename(existing)}: it does not use NextAuth yet. Protect ${matcher} there (${major === 5 ? '`export { auth as ' + name + ' }` or call auth()' : 'next-auth/middleware withAuth()'}).`,
        file: existing,
      });
    }
  } else {
    const file = path.join(layout.sourceRoot, `${name}.${layout.moduleExtension}`);
    if (major === 5 && !auth) return;
    const text = render(context, `v${major}/middleware.ts`, file, {
      matcher,
      middlewareExport: name,
      authImport: JSON.stringify(auth ? importSpecifier(request.project, file, auth.nextAuthModule) : ''),
    });
    files.write(file, text);
  }
  if (!auth) return;
  if (major === 5) {
    // Where the callbacks live (a split auth.config), never beside a spread that would replace them.
    const config = currentConfig(context);
    const target = config?.callbacksObject?.file ?? config?.options.file ?? auth.optionsFile;
    const source = files.edit(target);
    context.notes.push(...ensureAuthorizedCallback(source, () => currentConfig(context)));
    files.save(source);
  }
  if (findSourceFile(files, helperFile.replace(/\.[jt]s$/, ''))) return;
  const moduleFile = major === 5 ? auth.nextAuthModule : auth.optionsFile;
  const exported = major === 5 ? (/\bauth\b/.test(files.readFile(moduleFile) ?? '') ? 'auth' : undefined) : currentConfig(context)?.exportName;
  if (!exported) {
    context.notes.push({ level: 'info', message: `No requireSession() helper written: ${relativeToApp(context, moduleFile)} does not export ${major === 5 ? '`auth`' : 'its options'}. Check the session server-side wherever protected data is read.`, file: auth.optionsFile });
    return;
  }
  const template = templateFor(`v${major}/session-${request.router}`, layout.moduleExtension);
  files.write(helperFile, render(context, template, helperFile, { authImport: JSON.stringify(importSpecifier(request.project, helperFile, moduleFile)), ...optionsImportValues(exported) }));
  context.notes.push({ level: 'info', message: `Middleware alone is not authorization: call requireSession() from ${relativeToApp(context, helperFile)} wherever protected data is read.`, file: helperFile });
}
