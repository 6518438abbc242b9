import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const repoModules = path.resolve(__dirname, '..', '..', 'node_modules');

/** Packages a type-checked app sees, linked from this repo's devDependencies (redis: the Redis refresh store). */
const LINKED_PACKAGES = ['next', 'react', 'react-dom', '@types/react', '@types/react-dom', '@types/node', 'redis'];

/**
 * Links the real next-auth (4.24.x or 5.0.0-beta.x), next and react types into `appDir/node_modules`,
 * so generated code is checked against what users install. `appDir` must be a scratch copy.
 */
export function linkTypes(appDir: string, nextAuthMajor: 4 | 5): void {
  const modules = path.join(appDir, 'node_modules');
  const link = (name: string, target: string) => {
    const at = path.join(modules, name);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    if (!fs.existsSync(at)) fs.symlinkSync(path.join(repoModules, target), at, 'dir');
  };
  for (const name of LINKED_PACKAGES) link(name, name);
  link('next-auth', nextAuthMajor === 5 ? 'next-auth-v5' : 'next-auth');
}

/**
 * Type-checks an app as `tsc --noEmit` would with its own tsconfig/jsconfig, forcing `strict`
 * (and `checkJs` for JavaScript apps). Returns formatted diagnostics; empty means it compiles.
 */
export function typecheckApp(appDirectory: string, options: { checkJs?: boolean; typescript?: typeof ts } = {}): string[] {
  if (options.typescript && options.typescript !== ts) return typecheckWith(options.typescript, appDirectory, options.checkJs === true);
  const appDir = path.resolve(appDirectory);
  const configPath = ['tsconfig.json', 'jsconfig.json'].map((f) => path.join(appDir, f)).find((f) => fs.existsSync(f));
  const read = configPath ? ts.readConfigFile(configPath, ts.sys.readFile) : { config: {} };
  if (read.error) return [ts.flattenDiagnosticMessageText(read.error.messageText, '\n')];
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, appDir, undefined, configPath);
  const compilerOptions: ts.CompilerOptions = {
    ...parsed.options,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
    ...(options.checkJs ? { allowJs: true, checkJs: true } : {}),
  };
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: compilerOptions, host: cachingHost(compilerOptions) });
  const diagnostics = [...ts.getPreEmitDiagnostics(program)];
  return diagnostics.map((d) => {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return message;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(appDir, d.file.fileName)}:${line + 1}:${character + 1} ${message}`;
  });
}

/** Like typecheckApp, with another TypeScript (an app's older pinned one), without the shared cache. */
function typecheckWith(tsc: typeof ts, appDirectory: string, checkJs: boolean): string[] {
  const appDir = path.resolve(appDirectory);
  const configPath = ['tsconfig.json', 'jsconfig.json'].map((f) => path.join(appDir, f)).find((f) => fs.existsSync(f));
  const read = configPath ? tsc.readConfigFile(configPath, tsc.sys.readFile) : { config: {} };
  if (read.error) return [tsc.flattenDiagnosticMessageText(read.error.messageText, '\n')];
  const parsed = tsc.parseJsonConfigFileContent(read.config, tsc.sys, appDir, undefined, configPath);
  const options: ts.CompilerOptions = { ...parsed.options, strict: true, noEmit: true, skipLibCheck: true, ...(checkJs ? { allowJs: true, checkJs: true } : {}) };
  const program = tsc.createProgram({ rootNames: parsed.fileNames, options });
  return [...tsc.getPreEmitDiagnostics(program)].map((d) => {
    const message = tsc.flattenDiagnosticMessageText(d.messageText, '\n');
    if (!d.file || d.start === undefined) return message;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${path.relative(appDir, d.file.fileName)}:${line + 1}:${character + 1} ${message}`;
  });
}

/** Copies a fixture app to a fresh temp directory (without node_modules) and returns its path. */
export function copyToTemp(sourceDir: string, prefix = 'nextauth-scaffold-'): string {
  const target = fs.mkdtempSync(path.join(fs.realpathSync(require('os').tmpdir()), prefix));
  fs.cpSync(sourceDir, target, { recursive: true, filter: (src) => path.basename(src) !== 'node_modules' });
  return target;
}

/**
 * Parsed declaration files shared between type-checks in one test process. Library files (TypeScript's
 * lib.*.d.ts, next, react, next-auth in node_modules) are the same for every app, and parsing them is most of
 * a check's cost; the apps' own files are never cached.
 */
const sharedLibraryFiles = new Map<string, ts.SourceFile>();

function cachingHost(options: ts.CompilerOptions): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersionOrOptions, onError, shouldCreate) => {
    const real = ts.sys.realpath ? ts.sys.realpath(fileName) : fileName;
    const shared = real.endsWith('.d.ts') && (real.startsWith(repoModules + path.sep) || real.includes(`${path.sep}typescript${path.sep}lib${path.sep}`));
    if (!shared) return getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate);
    const target = typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions.languageVersion : languageVersionOrOptions;
    const key = `${target}:${fileName}`;
    let file = sharedLibraryFiles.get(key);
    if (!file) {
      file = getSourceFile(fileName, languageVersionOrOptions, onError, shouldCreate);
      if (file) sharedLibraryFiles.set(key, file);
    }
    return file;
  };
  return host;
}
