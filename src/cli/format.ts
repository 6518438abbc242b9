import * as path from 'path';
import type { ScaffoldError } from '../core/errors';

/** A path as the user should see it: relative to the working folder when inside it, else absolute. */
export function displayPath(cwd: string, file: string): string {
  const relative = path.relative(cwd, file);
  return relative === '' ? '.' : relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
}

/** `error: <file>:<line>: <message>` (file and line when known). */
export function formatScaffoldError(cwd: string, error: ScaffoldError): string {
  const where = error.file ? `${displayPath(cwd, error.file)}${error.line ? `:${error.line}` : ''}: ` : '';
  return `error: ${where}${error.message}`;
}
