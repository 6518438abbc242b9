import * as fs from 'fs';
import * as path from 'path';

/**
 * Read-only view of the files a generator or detector may look at. Paths are absolute.
 * Core code reads only through this, so tests run on an in-memory tree and the extension can
 * overlay unsaved editor buffers on the disk.
 */
export interface ReadonlyFileSystem {
  /** File text, or `undefined` when there is no such file. */
  readFile(absolutePath: string): string | undefined;
  isFile(absolutePath: string): boolean;
  isDirectory(absolutePath: string): boolean;
  /** Entry names (not paths) of a directory; `[]` when it does not exist. */
  readDirectory(absolutePath: string): string[];
  /**
   * The path with every symbolic link resolved (a workspace package linked into node_modules → its folder in
   * the repository). Optional: a file system without links (in memory) leaves paths as they are.
   */
  realPath?(absolutePath: string): string;
}

/** The real disk. */
export class NodeFileSystem implements ReadonlyFileSystem {
  readFile(absolutePath: string): string | undefined {
    try {
      return fs.readFileSync(absolutePath, 'utf8');
    } catch {
      return undefined;
    }
  }
  isFile(absolutePath: string): boolean {
    try {
      return fs.statSync(absolutePath).isFile();
    } catch {
      return false;
    }
  }
  isDirectory(absolutePath: string): boolean {
    try {
      return fs.statSync(absolutePath).isDirectory();
    } catch {
      return false;
    }
  }
  readDirectory(absolutePath: string): string[] {
    try {
      return fs.readdirSync(absolutePath);
    } catch {
      return [];
    }
  }
  realPath(absolutePath: string): string {
    try {
      return fs.realpathSync(absolutePath);
    } catch {
      return absolutePath;
    }
  }
}

/**
 * An in-memory tree keyed by absolute POSIX-style path. Used by unit tests and by overlays.
 * Example: `new InMemoryFileSystem({ '/app/package.json': '{"dependencies":{"next":"14.2.0"}}' })`.
 */
export class InMemoryFileSystem implements ReadonlyFileSystem {
  private readonly files = new Map<string, string>();

  constructor(files: Record<string, string> = {}) {
    for (const [p, text] of Object.entries(files)) this.files.set(normalize(p), text);
  }
  writeFile(absolutePath: string, text: string): void {
    this.files.set(normalize(absolutePath), text);
  }
  deleteFile(absolutePath: string): void {
    this.files.delete(normalize(absolutePath));
  }
  readFile(absolutePath: string): string | undefined {
    return this.files.get(normalize(absolutePath));
  }
  isFile(absolutePath: string): boolean {
    return this.files.has(normalize(absolutePath));
  }
  isDirectory(absolutePath: string): boolean {
    const prefix = withTrailingSlash(normalize(absolutePath));
    for (const p of this.files.keys()) if (p.startsWith(prefix)) return true;
    return false;
  }
  readDirectory(absolutePath: string): string[] {
    const prefix = withTrailingSlash(normalize(absolutePath));
    const names = new Set<string>();
    for (const p of this.files.keys()) {
      if (p.startsWith(prefix)) names.add(p.slice(prefix.length).split('/')[0]);
    }
    return [...names].sort();
  }
  /** Every file, for assertions in tests. */
  entries(): Array<[string, string]> {
    return [...this.files.entries()].sort(([a], [b]) => a.localeCompare(b));
  }
}

/**
 * Files from `overlay` (e.g. unsaved editor buffers) win over `base` (the disk).
 */
export class OverlayFileSystem implements ReadonlyFileSystem {
  constructor(
    private readonly base: ReadonlyFileSystem,
    private readonly overlay: ReadonlyMap<string, string>,
  ) {}
  readFile(absolutePath: string): string | undefined {
    return this.overlay.get(normalize(absolutePath)) ?? this.base.readFile(absolutePath);
  }
  isFile(absolutePath: string): boolean {
    return this.overlay.has(normalize(absolutePath)) || this.base.isFile(absolutePath);
  }
  isDirectory(absolutePath: string): boolean {
    return this.base.isDirectory(absolutePath);
  }
  readDirectory(absolutePath: string): string[] {
    return this.base.readDirectory(absolutePath);
  }
  realPath(absolutePath: string): string {
    return this.base.realPath ? this.base.realPath(absolutePath) : absolutePath;
  }
}

function normalize(p: string): string {
  const posix = p.split(path.sep).join('/');
  return posix.length > 1 && posix.endsWith('/') ? posix.slice(0, -1) : posix;
}

function withTrailingSlash(p: string): string {
  return p.endsWith('/') ? p : p + '/';
}
