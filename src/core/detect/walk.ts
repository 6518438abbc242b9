import * as path from 'path';
import type { ReadonlyFileSystem } from '../file-system';

/** Folders that never hold an app's own source: dependencies, build output, VCS data. */
export const SKIPPED_FOLDERS: readonly string[] = ['node_modules', '.git', '.next', 'dist', 'build', 'out'];

/** Whether a folder is skipped when searching for apps or sources (the list above plus hidden folders). */
export function isSkippedFolder(name: string): boolean {
  return SKIPPED_FOLDERS.includes(name) || (name.startsWith('.') && name !== '.');
}

/** Directories from `start` up to the file-system root, nearest first. */
export function ancestors(start: string): string[] {
  const result: string[] = [];
  let dir = path.resolve(start);
  for (;;) {
    result.push(dir);
    const parent = path.dirname(dir);
    if (parent === dir) return result;
    dir = parent;
  }
}

/** Sub-directory names of `dir`, sorted, without the skipped ones. */
export function childFolders(fs: ReadonlyFileSystem, dir: string): string[] {
  return fs
    .readDirectory(dir)
    .filter((name) => !isSkippedFolder(name) && fs.isDirectory(path.join(dir, name)))
    .sort();
}
