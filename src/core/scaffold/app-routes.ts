import * as path from 'path';
import type { ReadonlyFileSystem } from '../file-system';
import { findSourceFile, type ProjectLayout } from './project-layout';

/** Route groups `(name)` and dynamic segments `[name]` (next-intl's `[locale]`): not part of a static URL. */
export const isGroupOrDynamic = (segment: string): boolean => /^\(.+\)$/.test(segment) || /^\[.+\]$/.test(segment);

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
