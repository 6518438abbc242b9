import * as path from 'path';
import { asRecord, parseJsonc } from '../detect/jsonc';
import type { ReadonlyFileSystem } from '../file-system';
import { ancestors } from '../detect/walk';

/** A monorepo: its root folder and the packages its workspace globs list, by package name. */
export interface Workspace {
  readonly root: string;
  /** Package name → absolute folder. */
  readonly packages: ReadonlyMap<string, string>;
}

const MAX_PACKAGES = 500;

/**
 * The npm/yarn/bun (`package.json` `workspaces`, array or `{ packages }`) or pnpm (`pnpm-workspace.yaml`)
 * workspace `dir` belongs to: the nearest folder above it that declares one, not above a `.git` folder.
 * Globs `dir/*`, `dir/**` and plain folders are expanded; `!` exclusions are honoured. Undefined when
 * `dir` is in no workspace.
 */
export function findWorkspace(fs: ReadonlyFileSystem, dir: string): Workspace | undefined {
  const root = findWorkspaceRoot(fs, dir);
  return root && { root: root.root, packages: workspacePackages(fs, root.root, root.globs) };
}

/** The nearest folder at or above `dir` that declares workspaces, and its globs (not above a `.git` folder). */
export function findWorkspaceRoot(fs: ReadonlyFileSystem, dir: string): { root: string; globs: string[] } | undefined {
  for (const folder of ancestors(dir)) {
    const globs = workspaceGlobs(fs, folder);
    if (globs) return { root: folder, globs };
    if (fs.isDirectory(path.join(folder, '.git'))) return undefined;
  }
  return undefined;
}

/** The workspace globs a folder declares, or undefined when it is not a workspace root. */
export function workspaceGlobs(fs: ReadonlyFileSystem, folder: string): string[] | undefined {
  const pnpm = fs.readFile(path.join(folder, 'pnpm-workspace.yaml'));
  if (pnpm !== undefined) return pnpmPackages(pnpm);
  const text = fs.readFile(path.join(folder, 'package.json'));
  if (text === undefined) return undefined;
  let manifest: Record<string, unknown> | undefined;
  try {
    manifest = asRecord(parseJsonc(text, path.join(folder, 'package.json')));
  } catch {
    return undefined;
  }
  const declared = manifest?.workspaces;
  const list = Array.isArray(declared) ? declared : asRecord(declared)?.packages;
  return Array.isArray(list) ? list.filter((g): g is string => typeof g === 'string') : undefined;
}

/** The `packages:` list of a pnpm-workspace.yaml (the only key we need; a YAML list of quoted or bare globs). */
function pnpmPackages(yaml: string): string[] {
  const globs: string[] = [];
  let inPackages = false;
  for (const line of yaml.split(/\r?\n/)) {
    if (/^packages\s*:/.test(line)) {
      inPackages = true;
      const inline = /\[(.*)\]/.exec(line);
      if (inline) return inline[1].split(',').map(unquote).filter((g) => g !== '');
      continue;
    }
    if (!inPackages) continue;
    const item = /^\s+-\s*(.+?)\s*(#.*)?$/.exec(line);
    if (item) globs.push(unquote(item[1]));
    else if (/^\S/.test(line)) inPackages = false;
  }
  return globs;
}

/**
 * The version a pnpm `catalog:` / `catalog:<name>` specifier stands for, from the `catalog:` / `catalogs:`
 * maps of the workspace's pnpm-workspace.yaml; undefined when there is none.
 */
export function catalogVersion(fs: ReadonlyFileSystem, workspaceRoot: string, specifier: string, packageName: string): string | undefined {
  const yaml = fs.readFile(path.join(workspaceRoot, 'pnpm-workspace.yaml'));
  const catalog = specifier.replace(/^catalog:/, '').trim() || 'default';
  if (yaml === undefined) return undefined;
  let section: string | undefined; // 'default', or the named catalog being read
  let inCatalogs = false;
  for (const line of yaml.split(/\r?\n/)) {
    if (/^\S/.test(line)) {
      section = /^catalog\s*:/.test(line) ? 'default' : undefined;
      inCatalogs = /^catalogs\s*:/.test(line);
      continue;
    }
    const named = inCatalogs ? /^ {2}(['"]?)([\w.-]+)\1\s*:\s*$/.exec(line) : null;
    if (named) {
      section = named[2];
      continue;
    }
    const entry = /^\s+(['"]?)(@?[\w./-]+)\1\s*:\s*(.+?)\s*(#.*)?$/.exec(line);
    if (entry && section === catalog && entry[2] === packageName) return unquote(entry[3]);
  }
  return undefined;
}

function unquote(value: string): string {
  return value.trim().replace(/^(['"])(.*)\1$/, '$2');
}

/** The packages the globs of the workspace at `root` list, by name (the first folder of a name wins). */
export function workspacePackages(fs: ReadonlyFileSystem, root: string, globs: readonly string[]): Map<string, string> {
  const included = new Set<string>();
  const excluded = new Set<string>();
  for (const glob of globs) {
    const negated = glob.startsWith('!');
    const pattern = (negated ? glob.slice(1) : glob).replace(/^\.\//, '').replace(/\/+$/, '');
    for (const dir of expandGlob(fs, root, pattern.split('/'))) (negated ? excluded : included).add(dir);
  }
  const packages = new Map<string, string>();
  for (const dir of [...included].sort()) {
    if (excluded.has(dir) || packages.size >= MAX_PACKAGES) continue;
    const text = fs.readFile(path.join(dir, 'package.json'));
    if (text === undefined) continue;
    try {
      const name = asRecord(parseJsonc(text, path.join(dir, 'package.json')))?.name;
      if (typeof name === 'string' && !packages.has(name)) packages.set(name, dir);
    } catch {
      // A package whose package.json does not parse cannot be imported by name either.
    }
  }
  return packages;
}

/** Folders matching glob segments (`*` within a segment, `**` for any depth up to 4). */
function expandGlob(fs: ReadonlyFileSystem, dir: string, segments: readonly string[], depth = 0): string[] {
  if (segments.length === 0) return [dir];
  const [head, ...rest] = segments;
  if (head === '**') {
    if (depth > 4) return [];
    const here = expandGlob(fs, dir, rest, depth);
    const below = children(fs, dir).flatMap((child) => expandGlob(fs, child, segments, depth + 1));
    return [...here, ...below];
  }
  if (!head.includes('*')) {
    const next = path.join(dir, head);
    return fs.isDirectory(next) ? expandGlob(fs, next, rest, depth) : [];
  }
  const pattern = new RegExp(`^${head.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^/]*')}$`);
  return children(fs, dir)
    .filter((child) => pattern.test(path.basename(child)))
    .flatMap((child) => expandGlob(fs, child, rest, depth));
}

function children(fs: ReadonlyFileSystem, dir: string): string[] {
  return fs
    .readDirectory(dir)
    .filter((name) => name !== 'node_modules' && !name.startsWith('.'))
    .map((name) => path.join(dir, name))
    .filter((child) => fs.isDirectory(child));
}
