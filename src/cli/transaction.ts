import { createHash, randomBytes } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
// Through the barrel: the CLI bundle loads the engine once, so ScaffoldError here is init's ScaffoldError.
import { decodeUtf8, resolveWriteTargets, ScaffoldError } from '../core';
import type { FileChange } from '../core/change-set';

/** The lock folder in the app while a run applies its plan; it also holds the journal and the backups. */
export const LOCK_NAME = '.nextauth-scaffold.lock';

interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly started: string;
}

/** One planned write, as the journal records it (paths are real, absolute). */
interface JournalEntry {
  readonly target: string;
  readonly temp: string;
  /** Name of the file in the lock folder holding the target's bytes before this run (updates only). */
  readonly backup?: string;
  /** sha256 of the bytes this run writes: rollback undoes only what is still this run's. */
  readonly written: string;
}

interface Journal {
  readonly entries: readonly JournalEntry[];
  /** Folders this run creates, outermost first. */
  readonly folders: readonly string[];
}

/** Test seams: called between the steps, so a test can fail a run at a chosen point. */
export interface TransactionHooks {
  beforeRename?(index: number, target: string): void;
}

export interface ApplyOutcome {
  /** Paths as planned, in the order written. */
  readonly written: readonly string[];
  /** Set when an interrupted earlier run was found and rolled back first. */
  readonly recovered?: string;
}

/**
 * Applies a plan's changes to disk as one transaction:
 * 1. every target's real path is resolved and must stay inside `root` (symbolic links leading out refused);
 * 2. an exclusive lock folder is taken in `root` (a stale one, whose process is gone, is rolled back first);
 * 3. under the lock every file's current bytes are read again and must still be `before` (valid UTF-8);
 * 4. a journal (targets, backups of the old bytes, folders to create) is written, then the folders, then each
 *    new file to a temporary sibling (fsynced), then each is renamed over its target;
 * 5. the journal is removed (the commit point) and the lock released.
 * On any error before the commit every write of this run is undone; a run killed outright (SIGKILL, power)
 * leaves its journal, and the next run rolls it back before doing anything. So a file is never half
 * written, and a plan is applied whole or not at all. Throws ScaffoldError (nothing written) for refusals.
 */
export function applyChangesAtomically(root: string, changes: readonly FileChange[], hooks: TransactionHooks = {}): ApplyOutcome {
  const realTargets = resolveWriteTargets(root, changes.map((c) => c.path));
  const lock = path.join(fs.realpathSync(root), LOCK_NAME);
  const recovered = acquireLock(lock);
  try {
    const stale = changes.filter((change) => currentText(realTargets.get(path.resolve(change.path))!) !== change.before);
    if (stale.length > 0) {
      throw new ScaffoldError(`${stale.map((c) => c.path).join(', ')} changed on disk after the plan was made; nothing written. Run init again.`, stale[0].path);
    }
    const journal = prepareJournal(lock, changes, realTargets);
    try {
      for (const folder of journal.folders) fs.mkdirSync(folder);
      journal.entries.forEach((entry, i) => writeTemp(entry.temp, Buffer.from(changes[i].content, 'utf8'), modeOf(entry.target), entry.target));
      journal.entries.forEach((entry, i) => {
        hooks.beforeRename?.(i, changes[i].path);
        fs.renameSync(entry.temp, entry.target);
      });
      syncFolders(journal);
      // The commit point: without a journal, the run is complete.
      fs.rmSync(path.join(lock, 'journal.json'));
    } catch (error) {
      rollBack(lock);
      throw error;
    }
  } finally {
    releaseLock(lock);
  }
  return { written: changes.map((c) => c.path), ...(recovered ? { recovered } : {}) };
}

/**
 * Rolls back what an interrupted earlier run in `root` left (its lock and journal), if anything; returns a
 * note saying so. Run before planning, so a plan never starts from a half-applied tree. Refuses
 * (ScaffoldError) while another live run holds the lock.
 */
export function recoverInterruptedRun(root: string): string | undefined {
  const lock = path.join(fs.realpathSync(root), LOCK_NAME);
  if (!fs.existsSync(lock) && !hasPreparations(lock)) return undefined;
  const recovered = acquireLock(lock);
  releaseLock(lock);
  return recovered;
}

/** Whether an earlier run left its lock (or a prepared one) in `root`. */
export function hasInterruptedRun(root: string): boolean {
  const lock = path.join(fs.realpathSync(root), LOCK_NAME);
  return fs.existsSync(lock) || hasPreparations(lock);
}

function hasPreparations(lock: string): boolean {
  const prefix = `${path.basename(lock)}.`;
  return fs.readdirSync(path.dirname(lock)).some((name) => name.startsWith(prefix));
}

/** The text of a file for the `before` check: undefined when absent; unreadable or non-UTF-8 refused. */
function currentText(file: string): string | undefined {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ScaffoldError(`Cannot read ${file} (${code ?? 'error'}); nothing written.`, file);
  }
  return decodeUtf8(bytes, file);
}

function prepareJournal(lock: string, changes: readonly FileChange[], realTargets: ReadonlyMap<string, string>): Journal {
  const folders: string[] = [];
  const entries = changes.map((change, i): JournalEntry => {
    const target = realTargets.get(path.resolve(change.path))!;
    for (let dir = path.dirname(target); !fs.existsSync(dir) && !folders.includes(dir); dir = path.dirname(dir)) folders.push(dir);
    const temp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.nextauth-tmp`);
    let backup: string | undefined;
    if (change.before !== undefined) {
      backup = `backup-${i}`;
      writeTemp(path.join(lock, backup), fs.readFileSync(target), 0o600);
    }
    return { target, temp, written: sha256(Buffer.from(change.content, 'utf8')), ...(backup ? { backup } : {}) };
  });
  folders.sort((a, b) => a.length - b.length);
  const journal: Journal = { entries, folders };
  const file = path.join(lock, 'journal.json');
  writeTemp(`${file}.tmp`, Buffer.from(JSON.stringify(journal)), 0o600);
  fs.renameSync(`${file}.tmp`, file);
  fsyncFolder(lock);
  return journal;
}

/**
 * Undoes what the journal in `lock` records: removes temporary files, puts each backup back over a target
 * that still holds what the run wrote, removes created files that still hold it, and the folders the run
 * created when they are empty. Then removes the journal. No-op without a journal.
 */
function rollBack(lock: string): boolean {
  const file = path.join(lock, 'journal.json');
  let journal: Journal;
  try {
    journal = JSON.parse(fs.readFileSync(file, 'utf8')) as Journal;
  } catch {
    return false;
  }
  for (const entry of journal.entries) {
    fs.rmSync(entry.temp, { force: true });
    const current = readBytes(entry.target);
    const ours = current !== undefined && sha256(current) === entry.written;
    if (entry.backup) {
      const old = readBytes(path.join(lock, entry.backup));
      if (old !== undefined && (ours || current === undefined)) {
        const restore = path.join(path.dirname(entry.target), `.${path.basename(entry.target)}.${process.pid}.${randomBytes(4).toString('hex')}.nextauth-tmp`);
        writeTemp(restore, old, modeOf(entry.target), entry.target);
        fs.renameSync(restore, entry.target);
      }
    } else if (ours) {
      fs.rmSync(entry.target, { force: true });
    }
  }
  for (const folder of [...journal.folders].reverse()) {
    try {
      fs.rmdirSync(folder);
    } catch {
      // Not empty (someone else's files) or already gone: leave it.
    }
  }
  fs.rmSync(file, { force: true });
  return true;
}

/**
 * Takes the lock folder (created whole by renaming a prepared folder, so it always names its owner).
 * A lock whose owner process is gone is stale: its journal is rolled back and it is removed. A live owner
 * means another run is applying changes: refused. Returns a note when an interrupted run was rolled back.
 */
function acquireLock(lock: string): string | undefined {
  const owner: LockOwner = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
  let recovered: string | undefined;
  removeAbandonedPreparations(lock);
  for (let attempt = 0; attempt < 5; attempt++) {
    const prepared = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
    fs.mkdirSync(prepared, { mode: 0o700 });
    fs.writeFileSync(path.join(prepared, 'owner.json'), JSON.stringify(owner));
    try {
      fs.renameSync(prepared, lock);
      return recovered;
    } catch (error) {
      fs.rmSync(prepared, { recursive: true, force: true });
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'ENOTDIR') throw error;
    }
    const holder = readOwner(lock);
    if (holder && isAlive(holder)) {
      throw new ScaffoldError(
        `Another nextauth-scaffold run (process ${holder.pid}, started ${holder.started}) is applying changes to this app; nothing written. Wait for it to finish, then run again (if no such run exists, remove ${lock}).`,
        lock,
      );
    }
    // Stale: its owner died mid-run. Move it aside under our own name (only one run can), undo what it
    // did, then take the lock.
    const aside = `${lock}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      fs.renameSync(lock, aside);
    } catch {
      continue; // another run moved it first, or it was released meanwhile
    }
    const movedOwner = readOwner(aside);
    if (movedOwner && isAlive(movedOwner)) {
      // A live run took the lock between our check and the move: give it back.
      try {
        fs.renameSync(aside, lock);
      } catch {
        // It can no longer be put back; its owner's rollback journal is still in `aside`.
      }
      continue;
    }
    if (rollBack(aside)) recovered = `An earlier run was interrupted while writing; its changes were rolled back.`;
    fs.rmSync(aside, { recursive: true, force: true });
  }
  throw new ScaffoldError(`Could not take the lock ${lock}; nothing written. Run again.`, lock);
}

function releaseLock(lock: string): void {
  fs.rmSync(lock, { recursive: true, force: true });
}

/** Prepared lock folders of runs that died before renaming them into place. */
function removeAbandonedPreparations(lock: string): void {
  const dir = path.dirname(lock);
  const prefix = `${path.basename(lock)}.`;
  for (const name of fs.readdirSync(dir)) {
    const pid = Number(name.startsWith(prefix) ? name.slice(prefix.length).split('.')[0] : NaN);
    if (!Number.isInteger(pid) || pid <= 0 || isAlive({ pid, host: os.hostname(), started: '' })) continue;
    // A run that died while preparing its lock (no journal) or while rolling back a stale one (journal).
    rollBack(path.join(dir, name));
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

function readOwner(lock: string): LockOwner | undefined {
  try {
    const owner = JSON.parse(fs.readFileSync(path.join(lock, 'owner.json'), 'utf8')) as Partial<LockOwner>;
    return typeof owner.pid === 'number' && typeof owner.host === 'string' ? { pid: owner.pid, host: owner.host, started: String(owner.started) } : undefined;
  } catch {
    return undefined;
  }
}

/** Whether the lock's owner still runs. A lock from another host is presumed alive (we cannot tell). */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== os.hostname()) return true;
  if (owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes a new file (never an existing one) and flushes it; `ownerOf` gives it that file's owner when we may. */
function writeTemp(file: string, bytes: Buffer, mode: number, ownerOf?: string): void {
  const fd = fs.openSync(file, 'wx', mode);
  try {
    fs.writeSync(fd, bytes);
    if (ownerOf !== undefined) keepOwner(fd, ownerOf);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** A rewrite run as root keeps the file's owner (otherwise the user's own file would become root's). */
function keepOwner(fd: number, file: string): void {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  try {
    const stat = fs.statSync(file);
    fs.fchownSync(fd, stat.uid, stat.gid);
  } catch {
    // A new file: it belongs to whoever runs us.
  }
}

/** The permission bits a rewrite keeps (a new file gets the usual 0666 minus the umask). */
function modeOf(file: string): number {
  try {
    return fs.statSync(file).mode & 0o7777;
  } catch {
    return 0o666;
  }
}

function readBytes(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function syncFolders(journal: Journal): void {
  for (const dir of new Set(journal.entries.map((e) => path.dirname(e.target)))) fsyncFolder(dir);
}

function fsyncFolder(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not every platform can fsync a folder; the renames are still atomic.
  }
}
