import * as path from 'path';
import { ts } from 'ts-morph';
import { ChangeSet } from '../change-set';
import { definedKeys, ensureEnvEntries, ensureGitignored, generateSecret, isIgnored } from '../config-files';
import type { EnvEntry } from '../config-files';
import { ScaffoldError } from '../errors';
import type { ReadonlyFileSystem } from '../file-system';
import { matcherProblems, validateSettings } from '../settings';
import { ensureTypeAugmentation } from './augmentation';
import { unwrapExpression as unwrap } from '../ts-syntax';
import { exportedOptionsName, findAuthOptions, propertyNamed } from './auth-options';
import { loadAuthTemplate, settingsValues } from './auth-template';
import type { AuthTemplate } from './auth-template';
import { EditableSource } from './editable-source';
import { ensureAuthorizedCallback, ensureCallbacks } from './ensure-callbacks';
import { ensureCredentialsProvider } from './ensure-credentials-provider';
import { ensurePagesSignIn } from './ensure-pages-sign-in';
import { ensureSessionProvider } from './ensure-session-provider';
import { findSourceFile, importSpecifier, projectLayout, SOURCE_EXTENSIONS } from './project-layout';
import type { ProjectLayout } from './project-layout';
import { DEFAULT_STYLE, detectStyle, restyle } from './source-style';
import type { SourceStyle } from './source-style';
import { hasTemplate, loadTemplate, renderTemplate } from './templates';
import type { PlanNote, ScaffoldPlan, ScaffoldRequest } from './types';

/** The Next.js page the generated login page is served at (`pages.signIn`). */
const LOGIN_ROUTE = '/login';

interface PlanContext {
  readonly tree: ChangeSet;
  readonly request: ScaffoldRequest;
  readonly layout: ProjectLayout;
  readonly major: 4 | 5;
  /** Style of new files: imitates the app's own code (root layout, _app …). */
  readonly style: SourceStyle;
  readonly notes: PlanNote[];
}

/**
 * Plans the requested pieces over `fs` without writing anything: new files from templates, existing
 * files merged through get-or-add helpers. Running the returned plan and planning again yields
 * `changes: []`. Throws ScaffoldError (nothing planned) for invalid settings, a missing route
 * protection matcher, an auth config that does not parse or holds no options.
 */
export function planScaffold(fs: ReadonlyFileSystem, request: ScaffoldRequest): ScaffoldPlan {
  const problems = validateSettings(request.settings);
  if (problems.length > 0) throw new ScaffoldError(problems.join(' '));
  const wants = (piece: string): boolean => request.pieces.includes(piece as never);
  if (wants('middleware')) {
    const matcher = request.routeProtection?.matcher ?? [];
    if (matcher.length === 0) throw new ScaffoldError('Route protection needs at least one path to protect, e.g. /dashboard/:path*.');
    const bad = matcherProblems(matcher);
    if (bad.length > 0) throw new ScaffoldError(bad.map((p) => p.message).join(' '));
  }
  const tree = new ChangeSet(fs);
  const layout = projectLayout(tree, request.project);
  const context: PlanContext = {
    tree,
    request,
    layout,
    major: request.project.nextAuth?.major ?? 4,
    style: projectStyle(tree, layout),
    notes: [],
  };

  const authFile = ensureAuthConfig(context);
  // Auth.js split configs keep the options in auth.config.ts; routes and middleware import auth.ts.
  const authModule = authFile && context.major === 5 ? nextAuthModule(context, authFile) : authFile;
  if (wants('route')) ensureRoute(context, authModule);
  if (wants('env')) ensureEnv(context);
  if (wants('login')) ensureLoginPage(context);
  if (wants('session-provider')) ensureSessionProviderPiece(context);
  if (wants('middleware')) ensureMiddleware(context, authFile, authModule);
  if (wants('types') && authFile) {
    if (request.project.language === 'ts' || request.typesForJavaScript) context.notes.push(...ensureTypeAugmentation(tree, request, authFile));
    else context.notes.push({ level: 'info', message: 'JavaScript project: no next-auth.d.ts generated (ask for the type augmentation to get one; JSDoc types are in the generated code).' });
  }
  return { changes: tree.listChanges(), notes: context.notes, primaryFile: authFile };
}

/** The style new files imitate: the app's root layout or _app, else Prettier's defaults. */
function projectStyle(fs: ReadonlyFileSystem, layout: ProjectLayout): SourceStyle {
  for (const base of [path.join(layout.appDir, 'layout'), path.join(layout.pagesDir, '_app'), path.join(layout.appDir, 'page'), path.join(layout.pagesDir, 'index')]) {
    const file = findSourceFile(fs, base);
    const text = file && fs.readFile(file);
    if (file && text) return { ...detectStyle(text, file), newline: '\n' };
  }
  return DEFAULT_STYLE;
}

function render(context: PlanContext, template: string, fileName: string, extra: Record<string, string | boolean> = {}): string {
  const values = { ...settingsValues(context.request.settings, context.major), ...extra };
  return restyle(renderTemplate(loadTemplate(template), values), context.style, fileName);
}

/** A template by name, in the project's language (`.ts` templates serve JS when they are plain JS). */
function templateFor(name: string, extension: string): string {
  const js = extension.startsWith('j') ? `${name}.${extension}` : undefined;
  const candidates = js ? [js, `${name}.ts`] : [`${name}.${extension}`];
  // Only a missing variant falls through: a broken template (e.g. a missing partial) must surface.
  const found = candidates.find(hasTemplate);
  if (found) return found;
  throw new Error(`No template ${name} for .${extension}.`);
}

/** The shared component template for the app's component files (.js components use the .jsx one). */
function componentTemplate(layout: ProjectLayout, name: string): string {
  return `shared/${name}.${layout.componentExtension === 'tsx' ? 'tsx' : 'jsx'}`;
}

/**
 * Finds or creates the file holding the auth options and merges the provider, callbacks and
 * `pages.signIn` into it. Returns its path, or undefined when no piece needs it.
 */
function ensureAuthConfig(context: PlanContext): string | undefined {
  const { request, tree, layout, major } = context;
  const wants = (piece: string): boolean => request.pieces.includes(piece as never);
  const needsConfig = ['provider', 'callbacks', 'types', 'login', 'route', 'middleware'].some(wants);
  if (!needsConfig) return undefined;
  const defaultFile = major === 5 ? path.join(layout.sourceRoot, `auth.${layout.moduleExtension}`) : path.join(layout.libDir, `auth.${layout.moduleExtension}`);
  // Detection may have missed it (or the project info is from before an earlier run): the file where a
  // fresh scaffold puts the options is the next place to look.
  const existingDefault = tree.isFile(defaultFile) && findAuthOptions(new EditableSource(defaultFile, tree.readFile(defaultFile) ?? '').sourceFile.compilerNode) ? defaultFile : undefined;
  const configured = request.authConfigFile ?? request.project.authConfig?.file ?? existingDefault;
  if (configured) {
    if (!tree.isFile(configured)) throw new ScaffoldError(`${configured} does not exist.`, configured);
    const file = resolveOptionsFile(context, configured);
    mergeAuthConfig(context, file);
    context.notes.push(...invalidRouteExportNotes(context, file));
    return file;
  }
  if (!wants('provider')) {
    throw new ScaffoldError(
      `No NextAuth configuration found in ${request.project.root} (looked for NextAuth({…}) and objects typed NextAuthOptions/NextAuthConfig). Run "Scaffold Credentials Authentication" first, or open the file that holds your options.`,
    );
  }
  const file = defaultFile;
  if (tree.isFile(file)) {
    throw new ScaffoldError(`${file} exists but holds no NextAuth options; move it aside or put your options there (NextAuth({…}) or an object typed ${major === 5 ? 'NextAuthConfig' : 'NextAuthOptions'}).`, file);
  }
  tree.write(file, loadAuthTemplate(major, layout.language, request.settings, context.style).text);
  context.notes.push({ level: 'info', message: `Created ${path.relative(layout.root, file)} with the Credentials provider, the jwt/session callbacks and token refresh.`, file });
  return file;
}

/** What an App Router route file may export besides types: HTTP handlers and route segment config. */
const ROUTE_EXPORTS = new Set(['GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH', 'dynamic', 'dynamicParams', 'revalidate', 'fetchCache', 'runtime', 'preferredRegion', 'maxDuration', 'generateStaticParams', 'experimental_ppr']);

/**
 * Options kept in an App Router route file and exported from it (`export const authOptions` in
 * route.ts, a common mistake) break `next build`: "authOptions" is not a valid Route export field.
 * Moving user code between files is theirs to do; say so, with what to move where.
 */
function invalidRouteExportNotes(context: PlanContext, file: string): PlanNote[] {
  const { layout, major } = context;
  const inAppDir = !path.relative(layout.appDir, file).startsWith('..');
  if (!inAppDir || !/^route\.[cm]?[jt]sx?$/.test(path.basename(file))) return [];
  const source = new EditableSource(file, context.tree.readFile(file) ?? '').sourceFile.compilerNode;
  const invalid: { name: string; node: ts.Node }[] = [];
  const add = (name: string, node: ts.Node): void => {
    if (!ROUTE_EXPORTS.has(name)) invalid.push({ name, node });
  };
  for (const statement of source.statements) {
    const modifiers = ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
    const exported = modifiers.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    const isDefault = modifiers.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
    if (ts.isVariableStatement(statement) && exported) {
      for (const declaration of statement.declarationList.declarations) {
        for (const name of boundNames(declaration.name)) add(name, declaration);
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && exported) {
      add(isDefault ? 'default' : (statement.name?.text ?? 'default'), statement);
    } else if (ts.isExportAssignment(statement)) {
      add('default', statement);
    } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) if (!element.isTypeOnly) add(element.name.text, element);
    }
  }
  if (invalid.length === 0) return [];
  const relative = path.relative(layout.root, file);
  const names = invalid.map((i) => `"${i.name}"`).join(', ');
  const home = path.relative(layout.root, major === 5 ? path.join(layout.sourceRoot, `auth.${layout.moduleExtension}`) : path.join(layout.libDir, `auth.${layout.moduleExtension}`));
  const line = source.getLineAndCharacterOfPosition(invalid[0].node.getStart(source)).line + 1;
  return [
    {
      level: 'warning',
      message: `${relative} exports ${names}, but a Next.js route file may only export HTTP handlers (GET, POST, …) and route segment config: \`next build\` fails with "${invalid[0].name}" is not a valid Route export field. Move the options to ${home}, export them from there, and import them in the route (other files then import them from ${home} too).`,
      file,
      line,
    },
  ];
}

function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/** Follows `NextAuth(options)` to the file the options are imported from (route → lib/auth), two hops at most. */
function resolveOptionsFile(context: PlanContext, file: string, hops = 0): string {
  const text = context.tree.readFile(file) ?? '';
  const source = new EditableSource(file, text); // throws when it does not parse
  if (findAuthOptions(source.sourceFile.compilerNode) || hops >= 2) return file;
  const target = importedOptionsFile(context, file, source.sourceFile.compilerNode);
  return target ? resolveOptionsFile(context, target, hops + 1) : file;
}

function importedOptionsFile(context: PlanContext, file: string, source: ts.SourceFile): string | undefined {
  let argument: string | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'NextAuth' && node.arguments[0] && ts.isIdentifier(node.arguments[0])) argument = node.arguments[0].text;
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!argument) return undefined;
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier) || !statement.importClause) continue;
    const clause = statement.importClause;
    const binds = clause.name?.text === argument || (clause.namedBindings && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.some((e) => e.name.text === argument));
    if (binds) return resolveModule(context, file, statement.moduleSpecifier.text);
  }
  const required = new RegExp(`\\b${argument}\\b[^\\n]*require\\(\\s*["']([^"']+)["']`).exec(source.text);
  return required ? resolveModule(context, file, required[1]) : undefined;
}

function resolveModule(context: PlanContext, fromFile: string, specifier: string): string | undefined {
  const alias = context.request.project.pathAlias;
  let base: string | undefined;
  if (specifier.startsWith('.')) base = path.resolve(path.dirname(fromFile), specifier);
  else if (alias && specifier.startsWith(alias.prefix)) base = path.join(context.request.project.root, alias.target, specifier.slice(alias.prefix.length));
  if (!base) return undefined;
  if (context.tree.isFile(base)) return base;
  return findSourceFile(context.tree, base) ?? findSourceFile(context.tree, path.join(base, 'index'));
}

function mergeAuthConfig(context: PlanContext, file: string): void {
  const { request, tree, major } = context;
  const wants = (piece: string): boolean => request.pieces.includes(piece as never);
  const source = new EditableSource(file, tree.readFile(file) ?? '');
  if (!findAuthOptions(source.sourceFile.compilerNode)) {
    throw new ScaffoldError(`Could not find the NextAuth options in ${file}: expected NextAuth({…}) or an object typed NextAuthOptions/NextAuthConfig.`, file);
  }
  // Each part goes where that option lives: an Auth.js split config spreads `authConfig` (providers,
  // callbacks) from auth.config.ts into NextAuth({ ...authConfig, … }); adding `providers` next to the
  // spread would silently replace the spread ones.
  const merge = (property: string, run: (target: EditableSource, template: AuthTemplate, besideSpread: boolean) => PlanNote[]): void => {
    const { file: other, allResolved } = spreadSourceOf(context, file, source, property);
    const target = other ? new EditableSource(other, tree.readFile(other) ?? '') : source;
    const language = /\.[cm]?jsx?$/.test(target.path) ? 'js' : 'ts';
    context.notes.push(...run(target, loadAuthTemplate(major, language, request.settings, target.style), allResolved));
    if (other) tree.write(other, target.text);
  };
  if (wants('provider')) merge('providers', (target, template, besideSpread) => ensureCredentialsProvider(target, template, { besideSpread }));
  if (wants('callbacks') || wants('provider')) merge('callbacks', (target, template, besideSpread) => ensureCallbacks(target, template, { besideSpread }));
  if (wants('login')) merge('pages', (target, template) => ensurePagesSignIn(target, template, LOGIN_ROUTE));
  tree.write(file, source.text);
  const routeFile = /[\\/]route\.[cm]?[jt]sx?$/.test(file);
  if (routeFile && major === 4 && !exportedOptionsName(source.sourceFile.compilerNode, findAuthOptions(source.sourceFile.compilerNode)!)) {
    context.notes.push({
      level: 'info',
      message: `Merged into the options inline in ${path.relative(context.layout.root, file)}. Route files may export only handlers, so getServerSession() cannot import them: move the object to lib/auth.${context.layout.moduleExtension} as \`export const authOptions\` to use it server-side.`,
      file,
    });
  }
}

/**
 * The file of an imported object spread into the options (`NextAuth({ ...authConfig })`) that holds
 * `property` when the options themselves do not: that is where the property must be merged.
 */
function spreadSourceOf(context: PlanContext, file: string, source: EditableSource, property: string): { file?: string; allResolved: boolean } {
  const sourceFile = source.sourceFile.compilerNode;
  const options = findAuthOptions(sourceFile);
  if (!options || propertyNamed(options, property)) return { allResolved: true };
  let allResolved = true;
  for (const spread of options.properties.filter(ts.isSpreadAssignment)) {
    allResolved = false;
    const spreadName = unwrap(spread.expression);
    if (!ts.isIdentifier(spreadName)) continue;
    const declaration = sourceFile.statements.find(
      (s): s is ts.ImportDeclaration =>
        ts.isImportDeclaration(s) &&
        !!s.importClause &&
        (s.importClause.name?.text === spreadName.text || (!!s.importClause.namedBindings && ts.isNamedImports(s.importClause.namedBindings) && s.importClause.namedBindings.elements.some((e) => e.name.text === spreadName.text))),
    );
    if (!declaration || !ts.isStringLiteral(declaration.moduleSpecifier)) continue;
    const other = resolveModule(context, file, declaration.moduleSpecifier.text);
    const text = other && context.tree.readFile(other);
    if (!other || text === undefined) continue;
    const otherOptions = findAuthOptions(new EditableSource(other, text).sourceFile.compilerNode);
    if (otherOptions && (propertyNamed(otherOptions, property) || property === 'providers')) return { file: other, allResolved: true };
    allResolved = !!otherOptions;
  }
  // Every spread was read and none holds the property: adding it beside them is safe.
  return { allResolved };
}

/**
 * The module that calls NextAuth() and exports `handlers`/`auth` (v5): the options file itself, or,
 * when the options live in a split auth.config, the app's auth.ts.
 */
function nextAuthModule(context: PlanContext, authFile: string): string {
  if (/\bNextAuth\s*\(/.test(context.tree.readFile(authFile) ?? '')) return authFile;
  const candidate = findSourceFile(context.tree, path.join(context.layout.sourceRoot, 'auth')) ?? findSourceFile(context.tree, path.join(context.layout.root, 'auth'));
  return candidate && /\bNextAuth\s*\(/.test(context.tree.readFile(candidate) ?? '') ? candidate : authFile;
}

/** Whether `file` imports or re-exports from `target` (`export { GET, POST } from "@/auth"`, v5's early docs). */
function importsFrom(context: PlanContext, file: string, text: string, target: string): boolean {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  return source.statements.some((statement) => {
    const specifier = (ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) && statement.moduleSpecifier;
    return !!specifier && ts.isStringLiteral(specifier) && resolveModule(context, file, specifier.text) === target;
  });
}

/** The [...nextauth] route handler, unless one exists (any extension). */
function ensureRoute(context: PlanContext, authFile: string | undefined): void {
  const { layout, request, major, tree } = context;
  if (!authFile) return;
  const appRoute = major === 5 || request.router === 'app';
  const base = appRoute ? path.join(layout.appDir, 'api', 'auth', '[...nextauth]', 'route') : path.join(layout.pagesDir, 'api', 'auth', '[...nextauth]');
  const existing = findSourceFile(tree, base);
  if (existing) {
    const text = tree.readFile(existing) ?? '';
    if (!/NextAuth|handlers/.test(text) && !importsFrom(context, existing, text, authFile)) context.notes.push({ level: 'warning', message: `${path.relative(layout.root, existing)} exists but does not use NextAuth; the sign-in endpoints will not answer until it does.`, file: existing });
    return;
  }
  const file = `${base}.${layout.moduleExtension}`;
  const source = new EditableSource(authFile, tree.readFile(authFile) ?? '');
  const options = findAuthOptions(source.sourceFile.compilerNode);
  const exported = major === 5 ? (/\bhandlers\b/.test(source.text) ? 'handlers' : undefined) : options && exportedOptionsName(source.sourceFile.compilerNode, options);
  if (!exported) {
    context.notes.push({ level: 'warning', message: `No route handler written: ${path.relative(layout.root, authFile)} does not export ${major === 5 ? '`handlers`' : 'its options'}. Export them, then run the command again.`, file: authFile });
    return;
  }
  const template = major === 5 ? 'v5/route-app.ts' : appRoute ? 'v4/route-app.ts' : 'v4/route-pages.ts';
  let text = render(context, template, file, { authImport: JSON.stringify(importSpecifier(request.project, file, authFile)) });
  if (major === 4 && exported !== 'authOptions') text = text.replace(/\bauthOptions\b/g, exported);
  tree.write(file, text);
  if (major === 5 && request.router === 'pages') {
    context.notes.push({ level: 'info', message: `Auth.js route handlers need the App Router: wrote ${path.relative(layout.root, file)} (App and Pages Router work side by side).`, file });
  }
}

/** .env.local entries (only the missing ones) and the .gitignore line that keeps it out of git. */
function ensureEnv(context: PlanContext): void {
  const { layout, major, tree, request } = context;
  const envFile = path.join(layout.root, '.env.local');
  const current = tree.readFile(envFile);
  const api: EnvEntry = { key: request.settings.apiBaseUrlEnv, value: 'http://localhost:4000', comment: 'Base URL of the backend API that signs users in and refreshes their tokens.' };
  const defined = definedKeys(current ?? '');
  const entries: EnvEntry[] =
    major === 5
      ? [
          // v5 still reads NEXTAUTH_SECRET: a user who has one keeps it rather than getting a second secret.
          ...(defined.has('NEXTAUTH_SECRET') ? [] : [{ key: 'AUTH_SECRET', value: generateSecret(), comment: 'Encrypts the session cookie. Keep it secret; use a different one in production.' }]),
          ...authHostEntries(defined),
          api,
        ]
      : [
          { key: 'NEXTAUTH_SECRET', value: generateSecret(), comment: 'Encrypts the session cookie. Keep it secret; use a different one in production.' },
          { key: 'NEXTAUTH_URL', value: 'http://localhost:3000', comment: 'The canonical URL of this app.' },
          api,
        ];
  const env = ensureEnvEntries(current, entries);
  if (env.added.length > 0) tree.write(envFile, env.text);
  if (env.added.includes('AUTH_URL')) {
    context.notes.push({ level: 'info', message: 'Auth.js answers `next start` (production) only on a host it trusts: set AUTH_URL to the public URL of the app there, or AUTH_TRUST_HOST=true behind a proxy that sets X-Forwarded-Host (on Vercel neither is needed).', file: envFile });
  }
  if (gitignoredAbove(tree, layout.root, envFile)) return;
  const gitignore = path.join(layout.root, '.gitignore');
  const result = ensureGitignored(tree.readFile(gitignore), '.env.local');
  if (result.added) {
    tree.write(gitignore, result.text);
    context.notes.push({ level: 'info', message: 'Added .env.local to .gitignore: it holds the session secret.', file: gitignore });
  }
}

/**
 * Auth.js (v5) refuses every request in production (`next start`) with UntrustedHost unless AUTH_URL or
 * AUTH_TRUST_HOST is set. AUTH_URL names the app's URL, like v4's NEXTAUTH_URL; an app that already has
 * NEXTAUTH_URL (which v5 reads for the URL, but not for trust) gets AUTH_TRUST_HOST instead.
 */
function authHostEntries(defined: ReadonlySet<string>): EnvEntry[] {
  if (defined.has('AUTH_URL') || defined.has('AUTH_TRUST_HOST')) return [];
  if (defined.has('NEXTAUTH_URL')) {
    return [{ key: 'AUTH_TRUST_HOST', value: 'true', comment: 'Lets Auth.js answer under `next start` (production): it reads the URL from NEXTAUTH_URL, but trusts the host only with AUTH_URL or this.' }];
  }
  return [
    {
      key: 'AUTH_URL',
      value: 'http://localhost:3000',
      comment: 'The URL users reach this app at; in production, the public URL (Auth.js refuses other hosts under `next start`).\nBehind a proxy that sets X-Forwarded-Host, AUTH_TRUST_HOST=true instead. Not needed on Vercel.',
    },
  ];
}

/** Whether a .gitignore in the app or any folder above it (up to the repository root) ignores `file`. */
function gitignoredAbove(fs: ReadonlyFileSystem, root: string, file: string): boolean {
  for (let dir = root; ; dir = path.dirname(dir)) {
    const text = fs.readFile(path.join(dir, '.gitignore'));
    if (text !== undefined && isIgnored(text, path.relative(dir, file).split(path.sep).join('/'))) return true;
    if (fs.isDirectory(path.join(dir, '.git')) || path.dirname(dir) === dir) return false;
  }
}

/** The login page (App Router `app/login/page`, Pages Router `pages/login`), unless one exists. */
function ensureLoginPage(context: PlanContext): void {
  const { layout, request, tree } = context;
  const app = request.router === 'app';
  // Without app/layout, a page outside the root layouts (app/[locale]/layout, app/(site)/layout) breaks
  // `next build` ("doesn't have a root layout"): the login page goes under the first of them.
  const loginParent = app ? path.dirname(findRootLayouts(context)[0] ?? path.join(layout.appDir, 'layout')) : layout.pagesDir;
  const candidates = app
    ? [...new Set([path.join(loginParent, 'login', 'page'), path.join(layout.appDir, 'login', 'page')])]
    : [path.join(layout.pagesDir, 'login'), path.join(layout.pagesDir, 'login', 'index')];
  const existing = candidates.map((c) => findSourceFile(tree, c)).find((f) => f !== undefined);
  if (existing) {
    if (!/signIn\s*\(/.test(tree.readFile(existing) ?? '')) context.notes.push({ level: 'info', message: `Kept your login page ${path.relative(layout.root, existing)}; it should call signIn("credentials", …).`, file: existing });
    return;
  }
  const file = `${candidates[0]}.${layout.componentExtension}`;
  tree.write(file, render(context, componentTemplate(layout, `login-page-${app ? 'app' : 'pages'}`), file));
  const dynamicSegments = path.relative(layout.appDir, loginParent).split(path.sep).filter((s) => /^\[.+\]$/.test(s));
  if (app && dynamicSegments.length > 0) {
    context.notes.push({
      level: 'warning',
      message: `Wrote the login page under ${path.relative(layout.root, loginParent)}/ (your root layout is there), so it is served at /${dynamicSegments.join('/')}/login, while pages.signIn is "${LOGIN_ROUTE}": let your middleware redirect ${LOGIN_ROUTE} to the localized path, or set pages.signIn to it.`,
      file,
    });
  }
}

/** SessionProvider in the root layout (through a small client component) or in _app. */
function ensureSessionProviderPiece(context: PlanContext): void {
  const { layout, request, tree } = context;
  if (request.router === 'pages') {
    const app = findSourceFile(tree, path.join(layout.pagesDir, '_app'));
    if (!app) {
      const file = path.join(layout.pagesDir, `_app.${layout.componentExtension}`);
      tree.write(file, render(context, componentTemplate(layout, 'app'), file));
      return;
    }
    const source = new EditableSource(app, tree.readFile(app) ?? '');
    context.notes.push(...ensureSessionProvider(source, { kind: 'app' }));
    tree.write(app, source.text);
    return;
  }
  const rootLayouts = findRootLayouts(context);
  if (rootLayouts.length === 0) {
    context.notes.push({ level: 'warning', message: `No root layout in ${path.relative(layout.root, layout.appDir) || '.'}/; wrap your pages in <SessionProvider> so useSession() works.` });
    return;
  }
  for (const rootLayout of rootLayouts) ensureLayoutSessionProvider(context, rootLayout);
}

/** Route groups `(name)` and dynamic segments `[name]` (next-intl's `[locale]`): not part of a static URL. */
const isGroupOrDynamic = (segment: string): boolean => /^\(.+\)$/.test(segment) || /^\[.+\]$/.test(segment);

/**
 * The app's root layouts: `app/layout`, else the layouts that render `<html>` one or two route groups or
 * dynamic segments down (`app/[locale]/layout.tsx` with next-intl, `app/(site)/layout.tsx` with
 * multiple root layouts). Route groups come first: a page under them keeps its URL.
 */
function findRootLayouts(context: PlanContext): string[] {
  const { layout, tree } = context;
  const top = findSourceFile(tree, path.join(layout.appDir, 'layout'));
  if (top) return [top];
  const found: string[] = [];
  const visit = (dir: string, depth: number): void => {
    if (depth > 2 || !tree.isDirectory(dir)) return;
    for (const entry of [...tree.readDirectory(dir)].sort()) {
      const child = path.join(dir, entry);
      if (!isGroupOrDynamic(entry) || !tree.isDirectory(child)) continue;
      const file = findSourceFile(tree, path.join(child, 'layout'));
      if (file && /<html[\s>]/.test(tree.readFile(file) ?? '')) found.push(file);
      else if (!file) visit(child, depth + 1);
    }
  };
  visit(layout.appDir, 1);
  const dynamic = (file: string): boolean => path.relative(layout.appDir, file).split(path.sep).some((s) => /^\[.+\]$/.test(s));
  return [...found.filter((f) => !dynamic(f)), ...found.filter(dynamic)];
}

function ensureLayoutSessionProvider(context: PlanContext, rootLayout: string): void {
  const { layout, request, tree } = context;
  const componentFile = path.join(layout.componentsDir, `auth-session-provider.${layout.componentExtension}`);
  const specifier = importSpecifier(request.project, rootLayout, componentFile);
  const source = new EditableSource(rootLayout, tree.readFile(rootLayout) ?? '');
  const notes = ensureSessionProvider(source, { kind: 'layout', module: specifier, component: 'AuthSessionProvider' }, (imported) => wrapsSessionProvider(context, rootLayout, imported));
  context.notes.push(...notes);
  if (source.text !== tree.readFile(rootLayout)) {
    tree.write(rootLayout, source.text);
    const existing = findSourceFile(tree, componentFile.replace(/\.[jt]sx?$/, ''));
    if (!existing) tree.write(componentFile, render(context, componentTemplate(layout, 'auth-session-provider'), componentFile));
  }
}

/** Whether a module the layout imports (the app's own providers file) already renders SessionProvider. */
function wrapsSessionProvider(context: PlanContext, fromFile: string, specifier: string): boolean {
  const file = resolveModule(context, fromFile, specifier);
  const text = file ? context.tree.readFile(file) : undefined;
  return !!text && /SessionProvider/.test(text) && /next-auth\/react/.test(text);
}

/** middleware.ts (proxy.ts on Next.js >= 16) with the matcher, and the requireSession() helper. */
function ensureMiddleware(context: PlanContext, authFile: string | undefined, authModule: string | undefined): void {
  const { layout, request, tree, major } = context;
  const proxy = (request.project.nextMajor ?? 0) >= 16;
  const name = proxy ? 'proxy' : 'middleware';
  const helperFile = path.join(layout.libDir, `require-session.${layout.moduleExtension}`);
  const existing = findSourceFile(tree, path.join(layout.sourceRoot, 'proxy'), SOURCE_EXTENSIONS) ?? findSourceFile(tree, path.join(layout.sourceRoot, 'middleware'), SOURCE_EXTENSIONS);
  const matcher = `[${(request.routeProtection?.matcher ?? []).map((m) => JSON.stringify(m)).join(', ')}]`;
  if (existing) {
    const text = tree.readFile(existing) ?? '';
    if (!/next-auth|\bauth\b/.test(text)) {
      context.notes.push({
        level: 'warning',
        message: `Kept your ${path.basename(existing)}: it does not use NextAuth yet. Protect ${matcher} there (${major === 5 ? '`export { auth as ' + name + ' }` or call auth()' : 'next-auth/middleware withAuth()'}).`,
        file: existing,
      });
    }
  } else {
    const file = path.join(layout.sourceRoot, `${name}.${layout.moduleExtension}`);
    if (major === 5 && !authFile) return;
    const text = render(context, `v${major}/middleware.ts`, file, {
      matcher,
      middlewareExport: name,
      authImport: JSON.stringify(authModule ? importSpecifier(request.project, file, authModule) : ''),
    });
    tree.write(file, text);
  }
  if (!authFile) return;
  if (major === 5) {
    // Where the callbacks live (a split auth.config), never beside a spread that would replace them.
    const config = new EditableSource(authFile, tree.readFile(authFile) ?? '');
    const { file: other, allResolved } = spreadSourceOf(context, authFile, config, 'callbacks');
    const target = other ? new EditableSource(other, tree.readFile(other) ?? '') : config;
    if (other || allResolved) {
      context.notes.push(...ensureAuthorizedCallback(target));
      tree.write(target.path, target.text);
    } else {
      context.notes.push({ level: 'warning', message: `Add an authorized callback (return !!auth && auth.error !== "RefreshAccessTokenError") where the callbacks spread into ${path.relative(layout.root, authFile)} are defined: without it the middleware protects nothing.`, file: authFile });
    }
  }
  if (findSourceFile(tree, helperFile.replace(/\.[jt]s$/, ''))) return;
  const moduleFile = authModule ?? authFile;
  const source = new EditableSource(moduleFile, tree.readFile(moduleFile) ?? '');
  const options = findAuthOptions(source.sourceFile.compilerNode);
  const exported = major === 5 ? (/\bauth\b/.test(source.text) ? 'auth' : undefined) : options && exportedOptionsName(source.sourceFile.compilerNode, options);
  if (!exported) {
    context.notes.push({ level: 'info', message: `No requireSession() helper written: ${path.relative(layout.root, moduleFile)} does not export ${major === 5 ? '`auth`' : 'its options'}. Check the session server-side wherever protected data is read.`, file: authFile });
    return;
  }
  const template = templateFor(`v${major}/session-${request.router}`, layout.moduleExtension);
  let text = render(context, template, helperFile, { authImport: JSON.stringify(importSpecifier(request.project, helperFile, moduleFile)) });
  if (major === 4 && exported !== 'authOptions') text = text.replace(/\bauthOptions\b/g, exported);
  tree.write(helperFile, text);
  context.notes.push({ level: 'info', message: `Middleware alone is not authorization: call requireSession() from ${path.relative(layout.root, helperFile)} wherever protected data is read.`, file: helperFile });
}
