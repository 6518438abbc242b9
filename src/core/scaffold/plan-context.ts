import * as path from 'path';
import { ts, type Project } from 'ts-morph';
import { ModuleResolver, ProjectSources, readAuthConfig, type AuthConfig } from '../auth-config';
import { ChangeSet } from '../change-set';
import { ScaffoldError } from '../errors';
import type { ReadonlyFileSystem } from '../file-system';
import { isSafeUrlPath, type RefreshStoreKind } from '../settings';
import { authBasePath } from './auth-base-path';
import type { ProjectInfo } from '../project-info';
import { settingsValues } from './auth-template';
import { EditableSource, mergeProject } from './editable-source';
import { findSourceFile, type ProjectLayout } from './project-layout';
import { DEFAULT_STYLE, detectStyle, restyle, type SourceStyle } from './source-style';
import { hasTemplate, renderTemplateFile } from './templates';
import type { PlanNote, ScaffoldPiece, ScaffoldRequest } from './types';

/**
 * The files of one plan: the change set, with the files a generator has open for merging laid over it (so
 * every read, the auth-config model's included, sees the text as edited so far). Each file is parsed for
 * merging once per plan, in one shared in-memory ts-morph project, and re-parsed only where it changed.
 */
export class PlanFiles implements ReadonlyFileSystem {
  readonly tree: ChangeSet;
  /** The project's sources as the plan has them: what the auth-config model reads. */
  readonly sources: ProjectSources;
  private readonly open = new Map<string, EditableSource>();
  private readonly project: Project = mergeProject();

  constructor(base: ReadonlyFileSystem, known: Pick<ProjectInfo, 'configFile' | 'compilerOptions'>) {
    this.tree = new ChangeSet(base);
    this.sources = new ProjectSources(this, new ModuleResolver(this, known));
  }

  readFile(file: string): string | undefined {
    return this.open.get(path.resolve(file))?.text ?? this.tree.readFile(file);
  }
  isFile(file: string): boolean {
    return this.tree.isFile(file);
  }
  isDirectory(dir: string): boolean {
    return this.tree.isDirectory(dir);
  }
  readDirectory(dir: string): string[] {
    return this.tree.readDirectory(dir);
  }
  realPath(file: string): string {
    return this.tree.realPath(file);
  }

  /** The file opened for merging (the same object until it is written over); throws ScaffoldError when it does not parse. */
  edit(file: string): EditableSource {
    const key = path.resolve(file);
    const open = this.open.get(key);
    if (open) return open;
    const source = new EditableSource(key, this.tree.readFile(key) ?? '', this.project);
    this.open.set(key, source);
    return source;
  }

  /** Records the merged text of an open file in the change set. */
  save(source: EditableSource): void {
    this.tree.write(source.path, source.text);
  }

  /** Records a whole new text (a file from a template); a merge opened on it starts over from this text. */
  write(file: string, text: string): void {
    this.open.delete(path.resolve(file));
    this.tree.write(file, text);
  }
}

/** The state the piece generators of one plan share. */
export interface PlanContext {
  readonly files: PlanFiles;
  readonly request: ScaffoldRequest;
  readonly layout: ProjectLayout;
  readonly major: 4 | 5;
  /** Style of new files: imitates the app's own code (root layout, _app …). */
  readonly style: SourceStyle;
  readonly notes: PlanNote[];
  /** Install commands for packages the plan adds to package.json (see ScaffoldPlan.install). */
  readonly install: string[];
  /** Set by the auth-config generator: where the options live and how the other pieces reach them. */
  auth?: AuthFiles;
  /** Set by the refresh-store generator: the store the generated code uses after this plan (see refreshStoreOf). */
  refreshStore?: RefreshStoreKind;
}

/**
 * The refresh store the plan generates for: the one the refresh-store generator settled on (an app keeps
 * its generated store when none was chosen), else the request's.
 */
export function refreshStoreOf(context: PlanContext): RefreshStoreKind {
  return context.refreshStore ?? context.request.settings.refreshStore;
}

export interface AuthFiles {
  /** The file holding the options object (what the plan reports as its primary file). */
  readonly optionsFile: string;
  /** The file to read the whole config from: the module that calls NextAuth when there is one (spreads included). */
  readonly entry: string;
  /** The module that calls NextAuth() and exports `handlers`/`auth` (v5), or the options file. */
  readonly nextAuthModule: string;
}

/** Whether the request asks for a piece. */
export function wants(context: PlanContext, piece: ScaffoldPiece): boolean {
  return context.request.pieces.includes(piece);
}

/** The auth config as the plan has it now (read afresh: merges move nodes). */
export function currentConfig(context: PlanContext): AuthConfig | undefined {
  return context.auth ? readAuthConfig(context.files.sources, context.auth.entry) : undefined;
}

/**
 * The URL path NextAuth answers at in this app (see authBasePath), validated: it reaches the route's
 * location and the SessionProvider as a string literal. Throws ScaffoldError for a path it cannot use.
 */
export function basePathOf(context: PlanContext): string {
  const config = currentConfig(context);
  const basePath = authBasePath(context.files, context.layout.root, context.major, config);
  if (!isSafeUrlPath(basePath)) {
    throw new ScaffoldError(`NextAuth's base path ${JSON.stringify(basePath)} (basePath, or the path of AUTH_URL/NEXTAUTH_URL) is not a plain URL path; nothing was planned.`, config?.options.file);
  }
  return basePath;
}

/** The URL of the sign-in page: the config's `pages.signIn` when it is a plain path, else `/login`. */
export function loginUrlOf(context: PlanContext): string {
  const config = currentConfig(context);
  const pages = config && config.sources.objectOf(config.option('pages').found?.value);
  const signIn = pages && config.sources.memberOf({ kind: 'node', ...pages }, 'signIn');
  const url = signIn?.kind === 'node' && ts.isStringLiteralLike(signIn.node) ? signIn.node.text : undefined;
  return url !== undefined && isSafeUrlPath(url) ? url : LOGIN_URL;
}

/** Where the generated login page is served when the config names none (`pages.signIn`). */
export const LOGIN_URL = '/login';

/** Renders a template with the settings and `extra` values, in the app's style. */
export function render(context: PlanContext, template: string, fileName: string, extra: Record<string, string | boolean> = {}): string {
  const values = { ...settingsValues(context.request.settings, context.major), ...extra };
  return restyle(renderTemplateFile(template, values), context.style, fileName);
}

/** A template by name, in the project's language (a JavaScript one is derived from the TypeScript template). */
export function templateFor(name: string, extension: string): string {
  const file = `${name}.${extension}`;
  if (hasTemplate(file)) return file;
  throw new Error(`No template ${name} for .${extension}.`);
}

/** The shared component template for the app's component files (.js components use the .jsx one). */
export function componentTemplate(layout: ProjectLayout, name: string): string {
  return `shared/${name}.${layout.componentExtension === 'tsx' ? 'tsx' : 'jsx'}`;
}

/** The style new files imitate: the app's root layout or _app, else Prettier's defaults. */
export function projectStyle(fs: ReadonlyFileSystem, layout: ProjectLayout): SourceStyle {
  for (const base of [path.join(layout.appDir, 'layout'), path.join(layout.pagesDir, '_app'), path.join(layout.appDir, 'page'), path.join(layout.pagesDir, 'index')]) {
    const file = findSourceFile(fs, base);
    const text = file && fs.readFile(file);
    if (file && text) return { ...detectStyle(text, file), newline: '\n' };
  }
  return DEFAULT_STYLE;
}

/** `file` relative to the app root, for messages. */
export function relativeToApp(context: PlanContext, file: string): string {
  return path.relative(context.layout.root, file);
}
