import * as path from 'path';
import { ScaffoldError } from './errors';
import type { ReadonlyFileSystem } from './file-system';

const BOM = '\uFEFF';

/** One file the generators want to create or update. Never a deletion: we do not remove user files. */
export interface FileChange {
  /** Absolute path. */
  readonly path: string;
  readonly kind: 'create' | 'update';
  /** The whole new text of the file. */
  readonly content: string;
  /**
   * The text the plan was computed from (`undefined` for a create). Appliers compare it with what is
   * on disk (or in the editor) right before writing, and refuse when it differs.
   */
  readonly before: string | undefined;
}

/**
 * A tree of pending writes over a read-only file system (after nx's `Tree`): generators read through
 * it, so they see their own earlier writes, and nothing touches the disk. A write whose text equals
 * what is already there is not a change, which is what makes a second run report nothing.
 */
export class ChangeSet implements ReadonlyFileSystem {
  private readonly pending = new Map<string, string>();
  /** The base's text of each file as first read, and whether each file first existed: the plan's snapshot. */
  private readonly texts = new Map<string, string | undefined>();
  private readonly exists = new Map<string, boolean>();

  constructor(private readonly base: ReadonlyFileSystem) {}

  /**
   * Reads are snapshots: a file is read from the base once, and a change's `before` is the text the plan
   * saw (not what is on disk when the changes are listed), so an applier's check finds a file that another
   * process wrote while this plan was being made.
   */
  readFile(absolutePath: string): string | undefined {
    const key = path.resolve(absolutePath);
    return this.pending.has(key) ? this.pending.get(key) : this.baseText(key);
  }
  isFile(absolutePath: string): boolean {
    const key = path.resolve(absolutePath);
    if (this.pending.has(key)) return true;
    if (this.texts.has(key)) return this.texts.get(key) !== undefined;
    if (!this.exists.has(key)) this.exists.set(key, this.base.isFile(key));
    return this.exists.get(key)!;
  }
  isDirectory(absolutePath: string): boolean {
    const dir = path.resolve(absolutePath) + path.sep;
    for (const p of this.pending.keys()) if (p.startsWith(dir)) return true;
    return this.base.isDirectory(absolutePath);
  }
  readDirectory(absolutePath: string): string[] {
    const dir = path.resolve(absolutePath) + path.sep;
    const names = new Set(this.base.readDirectory(absolutePath));
    for (const p of this.pending.keys()) if (p.startsWith(dir)) names.add(p.slice(dir.length).split(path.sep)[0]);
    return [...names].sort();
  }

  realPath(absolutePath: string): string {
    return this.base.realPath ? this.base.realPath(absolutePath) : absolutePath;
  }

  /** The file's text as the plan first read it from the base (undefined when it did not exist). */
  original(absolutePath: string): string | undefined {
    return this.baseText(path.resolve(absolutePath));
  }

  private baseText(key: string): string | undefined {
    if (!this.texts.has(key)) this.texts.set(key, this.base.readFile(key));
    return this.texts.get(key);
  }

  /**
   * Record the new text of a file. Throws a ScaffoldError (at plan time, so nothing is written and a dry
   * run reports it too) when the path cannot be written: it is a folder, or one of its folders is a file.
   */
  write(absolutePath: string, content: string): void {
    const target = path.resolve(absolutePath);
    if (!this.pending.has(target)) assertWritable(this.base, target);
    this.pending.set(target, content);
  }

  /** Write only when the file does not exist yet; returns whether it wrote. */
  writeIfAbsent(absolutePath: string, content: string): boolean {
    if (this.isFile(absolutePath)) return false;
    this.write(absolutePath, content);
    return true;
  }

  /**
   * The real changes, sorted by path: writes whose text equals the base file are dropped. A file that
   * starts with a byte order mark keeps it, whatever the generator that rewrote it did with it. Throws a
   * ScaffoldError naming a changed file whose bytes are not UTF-8 (see ReadonlyFileSystem.textProblem).
   */
  listChanges(): FileChange[] {
    const changes: FileChange[] = [];
    for (const [p, written] of [...this.pending.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const before = this.exists.get(p) === false && !this.texts.has(p) ? undefined : this.baseText(p);
      const content = before?.startsWith(BOM) && !written.startsWith(BOM) ? BOM + written : written;
      if (before === content) continue;
      const problem = before === undefined ? undefined : this.base.textProblem?.(p);
      if (problem !== undefined) throw new ScaffoldError(problem, p);
      changes.push({ path: p, kind: before === undefined ? 'create' : 'update', content, before });
    }
    return changes;
  }
}

/** Refuses a write to a folder, or below something that is a file rather than a folder. */
function assertWritable(fs: ReadonlyFileSystem, target: string): void {
  if (fs.isDirectory(target) && !fs.isFile(target)) {
    throw new ScaffoldError(`Cannot write ${target}: a folder of that name is in the way. Move it aside, then run again; nothing was written.`, target);
  }
  for (let dir = path.dirname(target); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    if (fs.isFile(dir)) {
      throw new ScaffoldError(`Cannot write ${target}: ${dir} is a file, not a folder. Move it aside, then run again; nothing was written.`, dir);
    }
    if (fs.isDirectory(dir)) return;
  }
}
