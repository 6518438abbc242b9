import * as path from 'path';
import { ts } from 'ts-morph';
import { readAuthConfig, type AuthConfig } from '../../auth-config';
import { ScaffoldError } from '../../errors';
import { boundNames, hasModifier, lineAt } from '../../ts-syntax';
import { loadAuthTemplate, type AuthTemplate } from '../auth-template';
import type { EditableSource } from '../editable-source';
import { ensureCallbacks } from '../ensure-callbacks';
import { ensureCredentialsProvider } from '../ensure-credentials-provider';
import { ensurePagesSignIn } from '../ensure-pages-sign-in';
import { ensureJwtSessionStrategy, readsDatabaseUser } from '../ensure-session-strategy';
import { currentConfig, loginUrlOf, relativeToApp, wants, type PlanContext } from '../plan-context';
import { findSourceFile } from '../project-layout';
import type { PlanNote } from '../types';

/**
 * Finds the app's auth config (through the auth-config model: the configured file, what detection found,
 * or where a fresh scaffold puts it) or creates it from the template, and merges the provider, the callbacks
 * and `pages.signIn` each into the file where that option really lives (an `auth.config.ts` spread into
 * `auth.ts`, a callbacks object in another module). Sets `context.auth`. Throws ScaffoldError (nothing
 * planned) when the config does not parse, holds no options, or lives outside the workspace.
 */
export function generateAuthConfig(context: PlanContext): void {
  const { request, files, layout, major } = context;
  const defaultFile = major === 5 ? path.join(layout.sourceRoot, `auth.${layout.moduleExtension}`) : path.join(layout.libDir, `auth.${layout.moduleExtension}`);
  // Detection may have missed it (or the project info is from before an earlier run): the file where a
  // fresh scaffold puts the options is the next place to look.
  const configured = request.authConfigFile ?? request.project.authConfig?.file ?? (files.isFile(defaultFile) && readAuthConfig(files.sources, defaultFile) ? defaultFile : undefined);
  if (configured) {
    if (!files.isFile(configured)) throw new ScaffoldError(`${configured} does not exist.`, configured);
    files.edit(configured); // refuses a file that does not parse
    const config = readAuthConfig(files.sources, configured);
    if (!config) {
      throw new ScaffoldError(`Could not find the NextAuth options in ${configured}: expected NextAuth({…}) or an object typed NextAuthOptions/NextAuthConfig.`, configured);
    }
    const optionsFile = config.options.file;
    ensureInsideWorkspace(context, optionsFile);
    files.edit(optionsFile);
    const nextAuthModule = config.nextAuthCall?.file ?? findNextAuthModule(context, optionsFile);
    // Read the whole config from the module that calls NextAuth: it sees every spread (auth.config.ts → auth.ts).
    const entry = config.nextAuthCall || nextAuthModule === configured || !readAuthConfig(files.sources, nextAuthModule) ? configured : nextAuthModule;
    context.auth = { optionsFile, entry, nextAuthModule };
    mergeAuthConfig(context);
    context.notes.push(...invalidRouteExportNotes(context, optionsFile));
    return;
  }
  if (!wants(context, 'provider')) {
    throw new ScaffoldError(
      `No NextAuth configuration found in ${request.project.root} (looked for NextAuth({…}) and objects typed NextAuthOptions/NextAuthConfig). Run "Scaffold Credentials Authentication" first, or open the file that holds your options.`,
    );
  }
  if (files.isFile(defaultFile)) {
    throw new ScaffoldError(`${defaultFile} exists but holds no NextAuth options; move it aside or put your options there (NextAuth({…}) or an object typed ${major === 5 ? 'NextAuthConfig' : 'NextAuthOptions'}).`, defaultFile);
  }
  files.write(defaultFile, loadAuthTemplate(major, layout.language, request.settings, context.style).text);
  context.auth = { optionsFile: defaultFile, entry: defaultFile, nextAuthModule: defaultFile };
  context.notes.push({ level: 'info', message: `Created ${relativeToApp(context, defaultFile)} with the Credentials provider, the jwt/session callbacks and token refresh.`, file: defaultFile });
}

/**
 * A config in a workspace package (`@acme/auth`) is merged where it lives, inside the workspace; one outside
 * both the app and its workspace is refused, named.
 */
function ensureInsideWorkspace(context: PlanContext, file: string): void {
  const root = context.layout.root;
  const inside = (dir: string): boolean => !path.relative(dir, file).startsWith('..') && !path.isAbsolute(path.relative(dir, file));
  if (inside(root)) return;
  const workspace = context.files.sources.resolver.workspaceOf(root);
  if (workspace && inside(workspace.root)) return;
  throw new ScaffoldError(`The auth options live in ${file}, outside this app and its workspace; merge the Credentials provider and callbacks there yourself.`, file);
}

function mergeAuthConfig(context: PlanContext): void {
  const { request, files, major } = context;
  const read = (): AuthConfig | undefined => currentConfig(context);
  /** Runs a merge in `target`, the file where the option it adds lives. */
  const mergeInto = (target: string, run: (source: EditableSource, template: AuthTemplate) => PlanNote[]): void => {
    ensureInsideWorkspace(context, target);
    const source = files.edit(target);
    const language = /\.[cm]?jsx?$/.test(target) ? 'js' : 'ts';
    context.notes.push(...run(source, loadAuthTemplate(major, language, request.settings, source.style)));
    files.save(source);
  };
  const config = (): AuthConfig => {
    const found = read();
    if (!found) throw new ScaffoldError(`Could not find the NextAuth options in ${context.auth!.entry}.`, context.auth!.entry);
    return found;
  };
  if (wants(context, 'provider') || wants(context, 'callbacks')) {
    const switchTo = sessionStrategyPlan(context, config());
    if (switchTo) {
      mergeInto(switchTo, (source) => ensureJwtSessionStrategy(source, read));
      if (config().sessionStrategy !== 'jwt') {
        throw new ScaffoldError(`Not scaffolded: ${relativeToApp(context, switchTo)} keeps sessions in the database (an adapter and no readable session.strategy), and Credentials sign-ins need JWT sessions; set session: { strategy: "jwt" } there, then run this again. Nothing was written.`, switchTo);
      }
      context.notes.push({
        level: 'warning',
        message: `Set session.strategy to "jwt" in ${relativeToApp(context, switchTo)}: the adapter made NextAuth keep sessions in the database, and Credentials sign-ins only work with JWT sessions. What changes: existing database sessions are no longer read, so users signed in today sign in once more; the adapter still stores users and accounts for your other providers.`,
        file: switchTo,
      });
    }
  }
  if (wants(context, 'provider')) {
    const current = config();
    mergeInto(current.providersArray?.file ?? current.options.file, (source, template) => ensureCredentialsProvider(source, template, read));
  }
  if (wants(context, 'callbacks') || wants(context, 'provider')) {
    const current = config();
    mergeInto(current.callbacksObject?.file ?? current.options.file, (source, template) => ensureCallbacks(source, template, read, context.files.tree.original(source.path)));
  }
  if (wants(context, 'login')) {
    const current = config();
    const pages = current.sources.objectOf(current.option('pages').found?.value);
    mergeInto(pages?.file ?? current.options.file, (source, template) => ensurePagesSignIn(source, template, loginUrlOf(context), read));
  }
  const merged = config();
  const optionsFile = merged.options.file;
  if (/[\\/]route\.[cm]?[jt]sx?$/.test(optionsFile) && major === 4 && !merged.exportName) {
    context.notes.push({
      level: 'info',
      message: `Merged into the options inline in ${relativeToApp(context, optionsFile)}. Route files may export only handlers, so getServerSession() cannot import them: move the object to lib/auth.${context.layout.moduleExtension} as \`export const authOptions\` to use it server-side.`,
      file: optionsFile,
    });
  }
}

/**
 * Credentials sign-ins need JWT sessions, and the generated callbacks read `token`, which database sessions
 * never pass. With an adapter and no `session.strategy` NextAuth keeps sessions in the database: the file
 * where `strategy: "jwt"` goes is returned (the switch is safe: the app's own session callback does not read
 * the database `user`). Refuses (ScaffoldError, nothing planned) when the app chose database sessions itself
 * or its session callback depends on them. Undefined when JWT sessions are already in force.
 */
function sessionStrategyPlan(context: PlanContext, config: AuthConfig): string | undefined {
  const strategy = config.sessionStrategy;
  if (strategy === 'jwt' || (!config.hasAdapter && strategy === undefined)) return undefined;
  const session = config.option('session');
  const where = session.found?.member ?? config.options;
  if (strategy === 'database') {
    throw new ScaffoldError(
      `Not scaffolded: ${relativeToApp(context, where.file)} sets session.strategy to "database", and Credentials sign-ins only work with JWT sessions (next-auth never creates a database session for them). Switch to strategy "jwt" yourself if that suits your app, then run this again. Nothing was written.`,
      where.file,
      config.lineOf(where),
    );
  }
  const callback = config.callback('session').found;
  if (readsDatabaseUser(callback)) {
    throw new ScaffoldError(
      `Not scaffolded: ${relativeToApp(context, config.options.file)} uses database sessions (an adapter and no session.strategy), and its session callback reads \`user\`, which only database sessions pass. Credentials sign-ins need JWT sessions: set session: { strategy: "jwt" }, read the user from \`token\` in that callback, then run this again. Nothing was written.`,
      callback!.member.file,
      config.lineOf(callback!.member),
    );
  }
  return config.sources.objectOf(session.found?.value)?.file ?? config.options.file;
}

/**
 * The module that calls NextAuth() and exports `handlers`/`auth` (v5) when the model found no call for the
 * options (a split auth.config opened on its own): the app's auth.ts, else the options file.
 */
function findNextAuthModule(context: PlanContext, optionsFile: string): string {
  if (/\bNextAuth\s*\(/.test(context.files.readFile(optionsFile) ?? '')) return optionsFile;
  const candidate = findSourceFile(context.files, path.join(context.layout.sourceRoot, 'auth')) ?? findSourceFile(context.files, path.join(context.layout.root, 'auth'));
  return candidate && /\bNextAuth\s*\(/.test(context.files.readFile(candidate) ?? '') ? candidate : optionsFile;
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
  const source = context.files.sources.sourceFile(file);
  if (!source) return [];
  const invalid: { name: string; node: ts.Node }[] = [];
  const add = (name: string, node: ts.Node): void => {
    if (!ROUTE_EXPORTS.has(name)) invalid.push({ name, node });
  };
  for (const statement of source.statements) {
    const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
    const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
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
  const names = invalid.map((i) => `"${i.name}"`).join(', ');
  const home = relativeToApp(context, major === 5 ? path.join(layout.sourceRoot, `auth.${layout.moduleExtension}`) : path.join(layout.libDir, `auth.${layout.moduleExtension}`));
  return [
    {
      level: 'warning',
      message: `${relativeToApp(context, file)} exports ${names}, but a Next.js route file may only export HTTP handlers (GET, POST, …) and route segment config: \`next build\` fails with "${invalid[0].name}" is not a valid Route export field. Move the options to ${home}, export them from there, and import them in the route (other files then import them from ${home} too).`,
      file,
      line: lineAt(source, invalid[0].node.getStart(source)),
    },
  ];
}
