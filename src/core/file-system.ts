import * as fs from 'fs';
import * as path from 'path';
import { ScaffoldError } from './errors';

/**
 * Read-only view of the files a generator or detector may look at. Paths are absolute.
 * Core code reads only through this, so tests run on an in-memory tree and the extension can
 * overlay unsaved editor buffers on the disk.
 */
export interface ReadonlyFileSystem {
  /**
   * File text, or `undefined` when there is no such file. A file that exists but cannot be read, or is not
   * valid UTF-8, throws a ScaffoldError naming it (NodeFileSystem), rather than passing for absent.
   */
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
  /**
   * Why the file's text cannot be written back as read (its bytes are not UTF-8, so the text read holds
   * U+FFFD where they were), or undefined. Reading such a file to search it is fine; planning a change to it
   * is refused (ChangeSet.listChanges), since writing it would lose those bytes for good.
   */
  textProblem?(absolutePath: string): string | undefined;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder('utf-8', { ignoreBOM: true });

/**
 * Decodes file bytes as UTF-8, keeping a byte order mark as U+FEFF (so a rewrite can keep it). Throws a
 * ScaffoldError naming `file` for bytes that are not UTF-8 (Latin-1 `é` as E9, UTF-16's FF FE …):
 * decoding them would turn them into U+FFFD, and writing that back would lose them for good.
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ScaffoldError(`${file} is not valid UTF-8 text (first bad byte at offset ${firstInvalidUtf8Byte(bytes)}); it is left as it is and nothing is written. Convert it to UTF-8 first.`, file);
  }
}

function firstInvalidUtf8Byte(bytes: Uint8Array): number {
  for (let end = 1; end <= bytes.length; end++) {
    try {
      utf8.decode(bytes.subarray(0, end), { stream: true });
    } catch {
      return end - 1;
    }
  }
  return bytes.length;
}

/**
 * The real disk. Reads are strict by default: a missing file (or a folder) is `undefined`, but a file
 * that exists and cannot be read (EACCES …) or is not UTF-8 throws a ScaffoldError naming it, so nothing
 * is planned over contents we could not see. `{ unreadable: 'absent' }` gives the lenient reader that
 * best-effort features (editor diagnostics) want.
 */
export class NodeFileSystem implements ReadonlyFileSystem {
  private readonly notUtf8 = new Map<string, string>();

  constructor(private readonly options: { readonly unreadable?: 'refuse' | 'absent' } = {}) {}

  textProblem(absolutePath: string): string | undefined {
    return this.notUtf8.get(path.resolve(absolutePath));
  }

  readFile(absolutePath: string): string | undefined {
    let bytes: Buffer;
    try {
      bytes = fs.readFileSync(absolutePath);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EISDIR' || this.options.unreadable === 'absent') return undefined;
      throw new ScaffoldError(`Cannot read ${absolutePath} (${code ?? 'error'}): it exists but is not readable, so nothing is planned over it and nothing is written. Fix its permissions first.`, absolutePath);
    }
    try {
      return decodeUtf8(bytes, absolutePath);
    } catch (error) {
      // Searchable, never writable: a change planned to it is refused (see textProblem).
      this.notUtf8.set(path.resolve(absolutePath), (error as Error).message);
      return lossy.decode(bytes);
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
  textProblem(absolutePath: string): string | undefined {
    return this.overlay.has(normalize(absolutePath)) ? undefined : this.base.textProblem?.(absolutePath);
  }
}

function normalize(p: string): string {
  const posix = p.split(path.sep).join('/');
  return posix.length > 1 && posix.endsWith('/') ? posix.slice(0, -1) : posix;
}

function withTrailingSlash(p: string): string {
  return p.endsWith('/') ? p : p + '/';
}
