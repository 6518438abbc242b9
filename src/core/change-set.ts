import * as path from 'path';
import type { ReadonlyFileSystem } from './file-system';

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

  constructor(private readonly base: ReadonlyFileSystem) {}

  readFile(absolutePath: string): string | undefined {
    const key = path.resolve(absolutePath);
    return this.pending.has(key) ? this.pending.get(key) : this.base.readFile(key);
  }
  isFile(absolutePath: string): boolean {
    return this.pending.has(path.resolve(absolutePath)) || this.base.isFile(absolutePath);
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

  /** Record the new text of a file. */
  write(absolutePath: string, content: string): void {
    this.pending.set(path.resolve(absolutePath), content);
  }

  /** Write only when the file does not exist yet; returns whether it wrote. */
  writeIfAbsent(absolutePath: string, content: string): boolean {
    if (this.isFile(absolutePath)) return false;
    this.write(absolutePath, content);
    return true;
  }

  /** The real changes, sorted by path: writes whose text equals the base file are dropped. */
  listChanges(): FileChange[] {
    const changes: FileChange[] = [];
    for (const [p, content] of [...this.pending.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const before = this.base.readFile(p);
      if (before === content) continue;
      changes.push({ path: p, kind: before === undefined ? 'create' : 'update', content, before });
    }
    return changes;
  }
}
