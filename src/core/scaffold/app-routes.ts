import * as path from 'path';
import type { ReadonlyFileSystem } from '../file-system';
import type { Router } from '../project-info';
import { findSourceFile, type ProjectLayout } from './project-layout';

/** Route groups `(name)` and dynamic segments `[name]` (next-intl's `[locale]`): not part of a static URL. */
export const isGroupOrDynamic = (segment: string): boolean => /^\(.+\)$/.test(segment) || /^\[.+\]$/.test(segment);

/** Next.js's default `pageExtensions`. */
const PAGE_EXTENSIONS = ['tsx', 'ts', 'jsx', 'js'];
/** Pages Router files that are not pages. */
const SPECIAL_PAGES = new Set(['_app', '_document', '_error', '_middleware']);
const MAX_DEPTH = 10;
const MAX_ENTRIES = 20000;

/** A page or route handler of the app, and the URL Next.js serves it at. */
export interface AppRoute {
  readonly file: string;
  readonly router: Router;
  /** `page` (a page), `route` (an App Router route handler or a Pages Router API route). */
  readonly kind: 'page' | 'route';
  /** The URL pattern, as Next.js matches it: route groups and `index` dropped (`/login`, `/auth/[...nextauth]`). */
  readonly url: string;
}

/**
 * Every page and route handler of both routers with its URL, resolved as Next.js does: route groups
 * `(group)`, parallel-route slots `@slot` and `page`/`route`/`index` leave no trace in the URL; private
 * folders `_name` and intercepting routes `(.)name` serve nothing of their own; only the page extensions
 * count (`.tsx`, `.ts`, `.jsx`, `.js`, plus those passed in, e.g. `mdx`).
 */
export function listRoutes(fs: ReadonlyFileSystem, layout: ProjectLayout, extraExtensions: readonly string[] = []): AppRoute[] {
  const extensions = [...PAGE_EXTENSIONS, ...extraExtensions];
  const extension = new RegExp(`\\.(${extensions.map((e) => e.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  const routes: AppRoute[] = [];
  let seen = 0;
  const walk = (dir: string, segments: readonly string[], router: Router, depth: number): void => {
    for (const entry of [...fs.readDirectory(dir)].sort()) {
      if (++seen > MAX_ENTRIES) return;
      const full = path.join(dir, entry);
      if (fs.isDirectory(full)) {
        if (depth >= MAX_DEPTH || entry === 'node_modules' || entry.startsWith('.')) continue;
        if (router === 'app' && (entry.startsWith('_') || /^\(\.+\)/.test(entry))) continue;
        const urlSegment = router === 'app' && (/^\(.+\)$/.test(entry) || entry.startsWith('@')) ? [] : [entry];
        walk(full, [...segments, ...urlSegment], router, depth + 1);
        continue;
      }
      if (!extension.test(entry) || /\.d\.[cm]?ts$/.test(entry)) continue;
      const stem = entry.replace(extension, '');
      if (router === 'app') {
        if (stem !== 'page' && stem !== 'route') continue;
        routes.push({ file: full, router, kind: stem, url: urlOf(segments) });
      } else {
        if (SPECIAL_PAGES.has(stem)) continue;
        const pageSegments = stem === 'index' ? segments : [...segments, stem];
        routes.push({ file: full, router, kind: pageSegments[0] === 'api' ? 'route' : 'page', url: urlOf(pageSegments) });
      }
    }
  };
  if (fs.isDirectory(layout.appDir)) walk(layout.appDir, [], 'app', 0);
  if (fs.isDirectory(layout.pagesDir)) walk(layout.pagesDir, [], 'pages', 0);
  return routes;
}

function urlOf(segments: readonly string[]): string {
  return `/${segments.join('/')}`;
}

/** Catch-all route handlers (`…/[...nextauth]/route.ts`, `pages/api/auth/[...auth].ts`, `[[...slug]]`): where NextAuth can answer. */
export function catchAllRoutes(routes: readonly AppRoute[]): AppRoute[] {
  return routes.filter((r) => r.kind === 'route' && /\/\[\[?\.\.\.[^\]/]*\]\]?$/.test(r.url));
}

/** The path a catch-all route serves below (`/api/auth/[...nextauth]` → `/api/auth`). */
export function catchAllBase(route: AppRoute): string {
  return route.url.replace(/\/\[\[?\.\.\.[^\]/]*\]\]?$/, '') || '/';
}

/** The pages served at exactly `url` (a static URL, such as `/login`), in either router. */
export function pagesAt(routes: readonly AppRoute[], url: string): AppRoute[] {
  const wanted = url.replace(/\/+$/, '') || '/';
  return routes.filter((r) => r.kind === 'page' && r.url === wanted);
}

/**
 * The app's root layouts: `app/layout`, else the layouts that render `<html>` one or two route groups or
 * dynamic segments down (`app/[locale]/layout.tsx` with next-intl, `app/(site)/layout.tsx` with
 * multiple root layouts). Route groups come first: a page under them keeps its URL.
 */
export function findRootLayouts(fs: ReadonlyFileSystem, layout: ProjectLayout): string[] {
  const top = findSourceFile(fs, path.join(layout.appDir, 'layout'));
  if (top) return [top];
  const found: string[] = [];
  const visit = (dir: string, depth: number): void => {
    if (depth > 2 || !fs.isDirectory(dir)) return;
    for (const entry of [...fs.readDirectory(dir)].sort()) {
      const child = path.join(dir, entry);
      if (!isGroupOrDynamic(entry) || !fs.isDirectory(child)) continue;
      const file = findSourceFile(fs, path.join(child, 'layout'));
      if (file && /<html[\s>]/.test(fs.readFile(file) ?? '')) found.push(file);
      else if (!file) visit(child, depth + 1);
    }
  };
  visit(layout.appDir, 1);
  const dynamic = (file: string): boolean => path.relative(layout.appDir, file).split(path.sep).some((s) => /^\[.+\]$/.test(s));
  return [...found.filter((f) => !dynamic(f)), ...found.filter(dynamic)];
}
