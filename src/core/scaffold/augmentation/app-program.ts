import { getLibFiles, libFolderInMemoryPath } from '@ts-morph/common';
import * as path from 'path';
import { ts } from 'ts-morph';
import { parseConfigHost } from '../../detect/read-tsconfig';
import type { ReadonlyFileSystem } from '../../file-system';

/** What the app's compiler settings are, as detection read them (undefined: no tsconfig/jsconfig). */
export interface AppCompilerSettings {
  readonly root: string;
  readonly compilerOptions?: Readonly<ts.CompilerOptions>;
}

/** What a Next.js app compiles with when it has no tsconfig/jsconfig (create-next-app's settings). */
const NEXT_DEFAULTS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2017,
  lib: ['lib.dom.d.ts', 'lib.dom.iterable.d.ts', 'lib.esnext.d.ts'],
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  jsx: ts.JsxEmit.Preserve,
  esModuleInterop: true,
  resolveJsonModule: true,
};

/**
 * Packages whose types describe the UI and the server around the auth code, never a value it stores in a
 * user or token: not loaded (they are most of a Next.js app's declarations: next, react and CSS types, node).
 */
const UI_AND_RUNTIME_PACKAGES = /^(next|react|react-dom|csstype|sharp|@types\/(react|react-dom|node)|node)(\/|$)/;

/** The libs the auth code's values come from; the DOM's (2 MB of declarations) describe the browser. */
const isBrowserLib = (lib: string): boolean => /^lib\.(dom|webworker|scripthost)/.test(lib);

/**
 * Libs that never type a value a JWT or session stores (it is JSON): locale formatting (`*.intl`; es5's
 * basic Intl stays), decorators, shared memory and atomics, `using` disposables, Float16Array, Temporal.
 * Loaded empty, like the browser's: about a quarter of the ES lib text, parsed on every cold `init`.
 */
const isUnusedLib = (lib: string): boolean =>
  isBrowserLib(lib) || /^lib\.(.*\.intl|decorators(\.legacy)?|esnext\.decorators|.*\.sharedmemory|.*\.disposable|es2025\.float16|esnext\.float16|esnext\.temporal)\.d\.ts$/.test(lib);

/**
 * A TypeScript program over the app as it is in `fs` (a change set: planned files included): `rootFiles`
 * and everything they import, the app's own modules and the type declarations of its installed packages
 * (jwt-decode, jose, zod, an ORM's models…), with the app's compiler options (paths, baseUrl, target, jsx).
 * Only for asking the checker what values are: nothing is emitted or reported, library files are not
 * checked, and `strictNullChecks` is on so `null` and `undefined` stay visible in the types. Left out, for
 * speed, are the declarations that never type a stored value: next, react, CSS types, Node's and the DOM's
 * (a value typed through them reads as unknown). The TypeScript lib files come from ts-morph (the engine
 * bundle has no TypeScript lib folder on disk). Declaration files are parsed once per process and reused
 * while their text is the same.
 */
export function appProgram(fs: ReadonlyFileSystem, rootFiles: readonly string[], settings: AppCompilerSettings): ts.Program {
  const base = settings.compilerOptions ?? NEXT_DEFAULTS;
  const options: ts.CompilerOptions = {
    ...base,
    lib: (base.lib ?? ['lib.esnext.d.ts']).filter((lib) => !isBrowserLib(lib)),
    types: (base.types ?? []).filter((name) => !UI_AND_RUNTIME_PACKAGES.test(name)),
    allowJs: true,
    checkJs: false,
    noEmit: true,
    skipLibCheck: true,
    strictNullChecks: true,
    noResolve: false,
    // Build settings that would make TypeScript look for or write other files.
    composite: false,
    incremental: false,
    declaration: false,
    emitDeclarationOnly: false,
    tsBuildInfoFile: undefined,
    plugins: undefined,
  };
  return ts.createProgram({ rootNames: [...rootFiles], options, host: compilerHost(fs, settings.root, options) });
}

let libTexts: ReadonlyMap<string, string> | undefined;

/**
 * The lib .d.ts files by absolute (virtual) path; the browser's and the unused ones (isUnusedLib) are empty,
 * also where a package pulls them in with `/// <reference lib="dom" />`.
 */
function libFile(fileName: string): string | undefined {
  libTexts ??= new Map(getLibFiles().map((lib) => [path.posix.join(libFolderInMemoryPath, lib.fileName), isUnusedLib(lib.fileName) ? '' : lib.text]));
  return libTexts.get(fileName);
}

/** Parsed declaration files shared by every program: the same text parses to the same tree. */
const declarations = new Map<string, { readonly text: string; readonly format: ts.ResolutionMode; readonly file: ts.SourceFile }>();
/** Past this many, the cache starts over (a long editor session moves across apps and versions). */
const MAX_CACHED_DECLARATIONS = 4000;

function compilerHost(fs: ReadonlyFileSystem, root: string, options: ts.CompilerOptions): ts.CompilerHost {
  const resolution = parseConfigHost(fs);
  const readFile = (fileName: string): string | undefined => libFile(fileName) ?? fs.readFile(fileName);
  const cache = ts.createModuleResolutionCache(root, (fileName) => fileName, options);
  const typeCache = ts.createTypeReferenceDirectiveResolutionCache(root, (fileName) => fileName, options, cache.getPackageJsonInfoCache());
  return {
    resolveModuleNameLiterals(literals, containingFile, redirectedReference, compilerOptions, containingSourceFile) {
      return literals.map((literal) =>
        UI_AND_RUNTIME_PACKAGES.test(literal.text)
          ? { resolvedModule: undefined }
          : ts.resolveModuleName(literal.text, containingFile, compilerOptions, this, cache, redirectedReference, ts.getModeForUsageLocation(containingSourceFile, literal, compilerOptions)),
      );
    },
    resolveTypeReferenceDirectiveReferences(references, containingFile, redirectedReference, compilerOptions, containingSourceFile) {
      return references.map((reference) => {
        const name = typeof reference === 'string' ? reference : reference.fileName.toLowerCase();
        const mode = typeof reference === 'string' || !containingSourceFile ? undefined : ts.getModeForFileReference(reference, containingSourceFile.impliedNodeFormat);
        return UI_AND_RUNTIME_PACKAGES.test(name) || UI_AND_RUNTIME_PACKAGES.test(`@types/${name}`)
          ? { resolvedTypeReferenceDirective: undefined }
          : ts.resolveTypeReferenceDirective(name, containingFile, compilerOptions, this, redirectedReference, typeCache, mode);
      });
    },
    getSourceFile(fileName, languageVersionOrOptions) {
      const text = readFile(fileName);
      if (text === undefined) return undefined;
      const options = typeof languageVersionOrOptions === 'object' ? languageVersionOrOptions : { languageVersion: languageVersionOrOptions };
      // JSDoc is read for types in JavaScript files only: the rest of it (lib.dom is mostly comments) is skipped.
      const parse = { ...options, jsDocParsingMode: ts.JSDocParsingMode.ParseForTypeInfo };
      if (!/\.d\.[cm]?ts$/.test(fileName)) return ts.createSourceFile(fileName, text, parse, true);
      // Declarations parse alike for every target: one tree per file, whatever the app's `target`.
      const cached = declarations.get(fileName);
      if (cached && cached.text === text && cached.format === options.impliedNodeFormat) return cached.file;
      if (declarations.size >= MAX_CACHED_DECLARATIONS) declarations.clear();
      const file = ts.createSourceFile(fileName, text, { ...parse, languageVersion: ts.ScriptTarget.Latest }, false);
      declarations.set(fileName, { text, format: options.impliedNodeFormat, file });
      return file;
    },
    getDefaultLibFileName: (options) => path.posix.join(libFolderInMemoryPath, ts.getDefaultLibFileName(options)),
    getDefaultLibLocation: () => libFolderInMemoryPath,
    writeFile: () => undefined,
    getCurrentDirectory: () => root,
    getCanonicalFileName: (fileName) => fileName,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (fileName) => libFile(fileName) !== undefined || fs.isFile(fileName),
    readFile,
    directoryExists: (dir) => dir === libFolderInMemoryPath || (resolution.directoryExists?.(dir) ?? fs.isDirectory(dir)),
    getDirectories: (dir) => fs.readDirectory(dir).filter((name) => fs.isDirectory(path.join(dir, name))),
    realpath: (fileName) => (libFile(fileName) !== undefined ? fileName : (resolution.realpath?.(fileName) ?? fileName)),
  };
}
