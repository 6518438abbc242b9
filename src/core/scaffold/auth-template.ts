import { ts } from 'ts-morph';
import type { ScaffoldSettings } from '../settings';
import { locateOptionsInFile, memberNamed } from '../auth-config';
import type { ImportRequest } from './ensure-import';
import { dedent } from './list-edit';
import { scriptKindOf } from '../ts-syntax';
import { restyle } from './source-style';
import type { SourceStyle } from './source-style';
import { renderTemplateFile } from './templates';
import type { TemplateValues } from './templates';

/** A piece of generated code cut out of the auth template, with the names it refers to. */
export interface Snippet {
  /** Written with `\n`, without its base indentation. */
  readonly text: string;
  readonly refs: ReadonlySet<string>;
}

/** A top-level declaration the snippets may need (fetch helper, refresh helper, types …). */
export interface Helper extends Snippet {
  readonly names: readonly string[];
}

/**
 * The generated auth options, rendered for the settings and restyled for the target file, and cut
 * into what merges need: the Credentials provider call, each callback, `pages.signIn`, the imports
 * and the helper declarations. New files get `text` whole; merges take the parts, so a fresh file and
 * a merged one hold the same code.
 */
export interface AuthTemplate {
  readonly major: 4 | 5;
  readonly language: 'ts' | 'js';
  readonly text: string;
  /** Local name → where it is imported from in the template. */
  readonly imports: ReadonlyMap<string, ImportRequest>;
  /** The callee of the provider call (`CredentialsProvider` in v4, `Credentials` in v5). */
  readonly providerCallee: string;
  readonly provider: Snippet;
  readonly callbacksProperty: Snippet;
  readonly callbacks: ReadonlyMap<'jwt' | 'session', Snippet>;
  readonly pagesSignIn: Snippet;
  readonly helpers: readonly Helper[];
}

/**
 * Template values shared by every generated file. Every value that comes from the settings is a
 * `JSON.stringify`-ed string literal (`loginPath` is `"/login"`, quotes included: templates write
 * `postToAuthBackend({{loginPath}}, …)`), so a value can never close a string or a comment. The one
 * exception is `apiBaseUrlEnvName`, written as `process.env.{{apiBaseUrlEnvName}}` because Next.js only
 * provides statically named env vars to edge code; its grammar (settingProblems: env-name) keeps it an
 * identifier, and renderTemplate checks that again.
 */
export function settingsValues(settings: ScaffoldSettings, major: 4 | 5): Record<string, string | boolean> {
  const words = settings.usernameField.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_$]+/g, ' ').trim().toLowerCase();
  const label = words.charAt(0).toUpperCase() + words.slice(1);
  const literal = (value: string): string => JSON.stringify(value);
  return {
    apiBaseUrlEnvName: settings.apiBaseUrlEnv,
    apiBaseUrlEnv: literal(settings.apiBaseUrlEnv),
    loginPath: literal(settings.loginPath),
    refreshPath: literal(settings.refreshPath),
    usernameField: literal(settings.usernameField),
    passwordField: literal(settings.passwordField),
    usernameLabel: literal(label),
    wrongCredentialsMessage: literal(`Wrong ${words} or password.`),
    usernameInputType: literal(/email/i.test(settings.usernameField) ? 'email' : 'text'),
    exposeAccessToken: settings.exposeAccessToken,
    redisStore: settings.refreshStore === 'redis',
    v5: major === 5,
  };
}

/** The template file of the auth options for a version and language. */
export function authTemplatePath(major: 4 | 5, language: 'ts' | 'js'): string {
  return major === 5 ? `v5/auth.${language}` : `v4/auth-options.${language}`;
}

const loaded = new Map<string, AuthTemplate>();

/** Renders and cuts up the auth template (see AuthTemplate); the result is shared, never mutated. */
export function loadAuthTemplate(major: 4 | 5, language: 'ts' | 'js', settings: ScaffoldSettings, style: SourceStyle): AuthTemplate {
  const key = JSON.stringify([major, language, settings, style]);
  let template = loaded.get(key);
  if (!template) {
    template = cutAuthTemplate(major, language, settings, style);
    loaded.set(key, template);
  }
  return template;
}

function cutAuthTemplate(major: 4 | 5, language: 'ts' | 'js', settings: ScaffoldSettings, style: SourceStyle): AuthTemplate {
  const fileName = `auth.${language}`;
  const values: TemplateValues = settingsValues(settings, major);
  const text = restyle(renderTemplateFile(authTemplatePath(major, language), values), style, fileName);
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true, scriptKindOf(fileName));
  const options = locateOptionsInFile(source)?.object;
  if (!options) throw new Error(`Template ${authTemplatePath(major, language)} has no options object.`);

  // The template writes each part inline: `providers: [Credentials(…)]`, `callbacks: {…}`, `pages: {…}`.
  const inline = <T extends ts.Node>(member: ts.ObjectLiteralElementLike | undefined, test: (node: ts.Node) => node is T): T | undefined =>
    member && ts.isPropertyAssignment(member) && test(member.initializer) ? member.initializer : undefined;
  const providerCall = inline(memberNamed(options, 'providers'), ts.isArrayLiteralExpression)?.elements[0];
  const callbacksProperty = memberNamed(options, 'callbacks');
  const callbacksObject = inline(callbacksProperty, ts.isObjectLiteralExpression);
  const pagesObject = inline(memberNamed(options, 'pages'), ts.isObjectLiteralExpression);
  const signIn = pagesObject && memberNamed(pagesObject, 'signIn');
  if (!providerCall || !ts.isCallExpression(providerCall) || !callbacksProperty || !callbacksObject || !signIn) {
    throw new Error(`Template ${authTemplatePath(major, language)} lacks a provider, callbacks or pages.signIn.`);
  }
  const callbacks = new Map<'jwt' | 'session', Snippet>();
  for (const name of ['jwt', 'session'] as const) {
    const member = memberNamed(callbacksObject, name);
    if (!member) throw new Error(`Template callbacks lack ${name}.`);
    callbacks.set(name, snippetOf(source, member));
  }

  const imports = new Map<string, ImportRequest>();
  const helpers: Helper[] = [];
  const optionsStatement = topLevelStatementOf(options);
  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      collectImports(statement, imports);
    } else if (statement !== optionsStatement && !isNextAuthExport(statement)) {
      const snippet = snippetOf(source, statement, true);
      helpers.push({ ...snippet, names: declaredNames(statement, snippet.text) });
    }
  }
  return {
    major,
    language,
    text,
    imports,
    providerCallee: providerCall.expression.getText(source),
    provider: snippetOf(source, providerCall),
    callbacksProperty: snippetOf(source, callbacksProperty),
    callbacks,
    pagesSignIn: snippetOf(source, signIn),
    helpers,
  };
}

/**
 * The helpers `refs` need, transitively, minus those whose names `declared` already holds; in
 * template order, so inserted helpers read in the same order as in a fresh file.
 */
export function helpersNeeded(template: AuthTemplate, refs: Iterable<string>, declared: ReadonlySet<string>): Helper[] {
  const wanted = new Set(refs);
  const chosen = new Set<Helper>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const helper of template.helpers) {
      if (chosen.has(helper) || !helper.names.some((n) => wanted.has(n))) continue;
      chosen.add(helper);
      helper.refs.forEach((r) => wanted.add(r));
      grew = true;
    }
  }
  return template.helpers.filter((h) => chosen.has(h) && !h.names.some((n) => declared.has(n)));
}

function snippetOf(source: ts.SourceFile, node: ts.Node, withComments = false): Snippet {
  const start = withComments ? node.getFullStart() + leadingBlankLength(source.text, node.getFullStart()) : node.getStart(source);
  const lineStart = source.text.lastIndexOf('\n', node.getStart(source) - 1) + 1;
  const indent = /^[ \t]*/.exec(source.text.slice(lineStart))![0];
  const text = dedent(source.text.slice(start, node.end), indent);
  return { text, refs: referencedNames(node, text) };
}

function leadingBlankLength(text: string, from: number): number {
  return /^\s*/.exec(text.slice(from))![0].length;
}

/** Identifiers the node uses, plus names in JSDoc type expressions (`{BackendUser}`, JS templates). */
function referencedNames(node: ts.Node, text: string): Set<string> {
  const names = new Set<string>();
  const visit = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) names.add(n.text);
    ts.forEachChild(n, visit);
  };
  visit(node);
  for (const comment of text.match(/\/\*\*[\s\S]*?\*\//g) ?? []) {
    for (const type of comment.match(/\{[^}]*\}/g) ?? []) for (const word of type.match(/[A-Za-z_$][\w$]*/g) ?? []) names.add(word);
  }
  return names;
}

function declaredNames(statement: ts.Statement, text: string): string[] {
  const names: string[] = [];
  if (ts.isVariableStatement(statement)) {
    for (const d of statement.declarationList.declarations) if (ts.isIdentifier(d.name)) names.push(d.name.text);
  } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) && statement.name) {
    names.push(statement.name.text);
  }
  // The type may hold one level of nested braces: `@typedef {{ kind: "a" } | { kind: "b" }} Name`.
  for (const match of text.matchAll(/@typedef\s+(?:\{(?:[^{}]|\{[^{}]*\})*\}\s*)?([A-Za-z_$][\w$]*)/g)) names.push(match[1]);
  return names;
}

function collectImports(statement: ts.ImportDeclaration, into: Map<string, ImportRequest>): void {
  const clause = statement.importClause;
  if (!clause || !ts.isStringLiteral(statement.moduleSpecifier)) return;
  const module = statement.moduleSpecifier.text;
  if (clause.name) into.set(clause.name.text, { module, name: 'default', localName: clause.name.text, typeOnly: clause.isTypeOnly });
  if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
    for (const element of clause.namedBindings.elements) {
      into.set(element.name.text, { module, name: (element.propertyName ?? element.name).text, localName: element.name.text, typeOnly: clause.isTypeOnly || element.isTypeOnly });
    }
  }
}

function topLevelStatementOf(node: ts.Node): ts.Node {
  let current = node;
  while (current.parent && !ts.isSourceFile(current.parent)) current = current.parent;
  return current;
}

/** `export const { handlers, auth, … } = NextAuth(config)`: part of the v5 file, not a helper. */
function isNextAuthExport(statement: ts.Statement): boolean {
  return ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => !!d.initializer && ts.isCallExpression(d.initializer) && d.initializer.expression.getText() === 'NextAuth');
}
