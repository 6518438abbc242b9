import * as path from 'path';
import { ts } from 'ts-morph';
import { ProjectSources, locateOptionsInFile, readAuthConfig, type AuthConfig } from '../auth-config';
import { scriptKindOf } from '../ts-syntax';
import type { ReadonlyFileSystem } from '../file-system';
import type { ExistingAuthConfig } from '../project-info';
import { childFolders } from './walk';

const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
/** Cheap pre-filter: a file that mentions none of these cannot hold an auth config. */
const MENTIONS_NEXT_AUTH = /next-auth|NextAuth|AuthOptions|AuthConfig|@auth\//;
/** Files that lead to the config without naming next-auth: the NextAuth route, middleware/proxy, an `auth` module. */
const LEADS_TO_CONFIG = /(^|[\\/])(\[\.\.\.nextauth\](\.[cm]?[jt]sx?|[\\/]route\.[cm]?[jt]sx?)|(middleware|proxy|auth)\.[cm]?[jt]sx?)$/;
/** Folders that hold no app source besides the generic skip list (tests and mocks configure fakes). */
const NON_SOURCE_FOLDERS = new Set(['public', 'coverage', '__tests__', '__mocks__']);
const TEST_FILE = /\.(test|spec|stories)\.[cm]?[jt]sx?$/;
const MAX_DEPTH = 12;
const MAX_FILES = 20000;

/**
 * Every NextAuth / Auth.js configuration of the app (node_modules, build output, hidden folders, tests and
 * mocks skipped), the most canonical first: `lib/auth`, `auth` (root or `src/`), then the route files, then
 * the rest; an exported options object before an inline `NextAuth({...})` call. One entry per file. Each file
 * is read by the auth-config model (see locateOptionsInFile for the forms). When the app's own files hold
 * none, the ones that lead to a config (the NextAuth route, middleware, an `auth` module) are followed
 * through their imports, so a config in a workspace package (`export { GET, POST } from "@acme/auth"`) is
 * found where it lives. Never throws: a file that does not parse cleanly is read as far as TypeScript can.
 */
export function findAuthConfigs(fs: ReadonlyFileSystem, appRoot: string, sources: ProjectSources = new ProjectSources(fs)): ExistingAuthConfig[] {
  const root = path.resolve(appRoot);
  const found: ExistingAuthConfig[] = [];
  const leads: string[] = [];
  for (const file of sourceFiles(fs, root)) {
    const text = fs.readFile(file);
    if (text === undefined) continue;
    if (LEADS_TO_CONFIG.test(file)) leads.push(file);
    if (!MENTIONS_NEXT_AUTH.test(text)) continue;
    const sourceFile = sources.sourceFile(file);
    const config = sourceFile && existingConfig(file, sourceFile);
    if (config) found.push(config);
  }
  if (found.length === 0) {
    for (const file of leads) {
      const config = readAuthConfig(sources, file);
      if (config && !found.some((c) => c.file === config.options.file)) found.push(fromModel(config));
    }
  }
  return found.sort((a, b) => rank(root, a) - rank(root, b) || a.file.localeCompare(b.file));
}

/** The auth configuration held in one file's text, or `undefined`. Exported for the editor's active-file case. */
export function findAuthConfigInText(file: string, text: string): ExistingAuthConfig | undefined {
  return existingConfig(file, ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file)));
}

function existingConfig(file: string, sourceFile: ts.SourceFile): ExistingAuthConfig | undefined {
  const local = locateOptionsInFile(sourceFile);
  if (!local) return undefined;
  return { file, form: local.how === 'nextauth-call' ? 'nextauth-call' : 'options-object', ...(local.exportName ? { exportName: local.exportName } : {}) };
}

function fromModel(config: AuthConfig): ExistingAuthConfig {
  return { file: config.options.file, form: config.form, ...(config.exportName ? { exportName: config.exportName } : {}) };
}

function* sourceFiles(fs: ReadonlyFileSystem, root: string): Generator<string> {
  let count = 0;
  const stack: Array<[string, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [dir, depth] = stack.pop() as [string, number];
    for (const name of fs.readDirectory(dir).sort()) {
      const full = path.join(dir, name);
      if (SOURCE_FILE.test(name) && !/\.d\.[cm]?ts$/.test(name) && !TEST_FILE.test(name) && fs.isFile(full)) {
        if (++count > MAX_FILES) return;
        yield full;
      }
    }
    if (depth >= MAX_DEPTH) continue;
    for (const child of childFolders(fs, dir).reverse()) {
      if (!NON_SOURCE_FOLDERS.has(child)) stack.push([path.join(dir, child), depth + 1]);
    }
  }
}

/** 0: lib/auth, auth (root or src); 1: the [...nextauth] route; 2: anything else. */
function rank(root: string, config: ExistingAuthConfig): number {
  const relative = path.relative(root, config.file).split(path.sep).join('/').replace(/^src\//, '');
  const withoutExt = relative.replace(/\.[^./]+$/, '');
  let score = 2;
  if (withoutExt === 'lib/auth' || withoutExt === 'auth' || withoutExt === 'server/auth') score = 0;
  else if (/^(app\/api\/auth\/\[\.\.\.nextauth\]\/route|pages\/api\/auth\/\[\.\.\.nextauth\])$/.test(withoutExt)) score = 1;
  // Within a rank, a named options object is easier to merge into than an inline call.
  return score * 2 + (config.form === 'options-object' ? 0 : 1);
}
