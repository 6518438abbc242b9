import * as fs from 'fs';
import * as path from 'path';
import { ScaffoldError } from './errors';

/** A planned write that would land outside the folder it belongs to. */
export interface EscapingWrite {
  /** The path as planned (absolute). */
  readonly path: string;
  /** The symbolic link on the way that leads out (or `path` itself when it is outside lexically). */
  readonly link: string;
  /** Where the write would really land (the link's target; unresolved when the link dangles). */
  readonly real: string;
}

/** Whether `child` is `parent` or below it (both absolute and normalized). */
export function isInsideFolder(parent: string, child: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Where a write to `target` really lands: symbolic links on the way are resolved (the file itself, or any
 * folder above it), missing parts appended as they are. `escape` is set when the real place leaves
 * `realRoot` (the real path of the app or workspace folder), or a link on the way dangles (the write would
 * create whatever it points at, anywhere).
 */
export function realWriteTarget(root: string, target: string): { real: string; escape?: EscapingWrite } {
  const realRoot = fs.realpathSync(root);
  const absolute = path.resolve(target);
  if (!isInsideFolder(path.resolve(root), absolute)) return { real: absolute, escape: { path: absolute, link: absolute, real: absolute } };
  const segments = path.relative(path.resolve(root), absolute).split(path.sep).filter(Boolean);
  let lexical = path.resolve(root);
  let real = realRoot;
  for (let i = 0; i < segments.length; i++) {
    lexical = path.join(lexical, segments[i]);
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(lexical);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        real = path.join(real, ...segments.slice(i));
        break;
      }
      throw new ScaffoldError(`Cannot inspect ${lexical} (${code ?? 'error'}); nothing was written.`, lexical);
    }
    if (!stat.isSymbolicLink()) {
      real = path.join(real, segments[i]);
      continue;
    }
    let resolved: string;
    try {
      resolved = fs.realpathSync(lexical);
    } catch {
      const pointsAt = path.resolve(path.dirname(lexical), fs.readlinkSync(lexical));
      return { real: pointsAt, escape: { path: absolute, link: lexical, real: pointsAt } };
    }
    if (!isInsideFolder(realRoot, resolved)) return { real: resolved, escape: { path: absolute, link: lexical, real: resolved } };
    real = resolved;
  }
  if (!isInsideFolder(realRoot, real)) return { real, escape: { path: absolute, link: absolute, real } };
  return { real };
}

/**
 * The real path of every planned write (see realWriteTarget), or a ScaffoldError naming each link that
 * leads out of `root` (nothing may be written then: not the outside file, and not the others either).
 * Used by the CLI (dry runs included) and the editor before anything is written.
 */
export function resolveWriteTargets(root: string, targets: readonly string[]): Map<string, string> {
  const resolved = new Map<string, string>();
  const escapes: EscapingWrite[] = [];
  for (const target of targets) {
    const { real, escape } = realWriteTarget(root, target);
    if (escape) escapes.push(escape);
    else resolved.set(path.resolve(target), real);
  }
  if (escapes.length > 0) {
    const lines = escapes.map((e) =>
      e.link === e.path && e.real === e.path
        ? `${e.path} is outside ${root}`
        : `${e.path}: ${e.link} is a symbolic link to ${e.real}, outside ${root}${fs.existsSync(e.real) ? '' : ' (it does not exist)'}`,
    );
    throw new ScaffoldError(`Refusing to write outside the app folder; nothing was written. ${lines.join('; ')}. Replace the link with a real file or folder, or run in the folder it points to.`, escapes[0].link);
  }
  return resolved;
}
