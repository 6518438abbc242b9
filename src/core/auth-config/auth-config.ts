import { ts } from 'ts-morph';
import { type FunctionLike, memberName, returnExpressions, unwrapExpression } from '../ts-syntax';
import { exportNameOf, locateOptionsInFile, memberNamed, nextAuthCalls } from './locate-options';
import type { Located, ProjectSources, Value } from './project-sources';

/** The callbacks NextAuth / Auth.js calls by name. */
export type CallbackName = 'jwt' | 'session' | 'signIn' | 'redirect' | 'authorized';

/** One member of the options (or of an object spread into them), where it is written. */
export interface MemberEntry {
  /** The object literal the member is written in: the options themselves, or an object spread into them. */
  readonly holder: Located<ts.ObjectLiteralExpression>;
  /** The member (`session: …`, `jwt() {…}`, a shorthand), or the assignment `options.callbacks.jwt = …`. */
  readonly member: Located<ts.ObjectLiteralElementLike | ts.BinaryExpression>;
  /** What the member's value stands for, imports and identifiers followed (undefined when it cannot be followed). */
  readonly value?: Value;
}

/** A lookup that may be inconclusive: spreads in the way that could not be read might hold the member too. */
export interface MemberLookup {
  readonly found?: MemberEntry;
  /** Spreads written after the member (or anywhere, when none was found) whose object could not be read. */
  readonly unread: readonly Located<ts.Node>[];
}

/** A callback the app defines, wherever it is written. */
export interface CallbackEntry extends MemberEntry {
  readonly name: CallbackName;
  /** The function (followed through imports: `session: sessionCallback` from "./callbacks"). */
  readonly fn?: Located<FunctionLike>;
}

/** One entry of `providers`. */
export interface ProviderEntry {
  /** The array element as written (`Credentials({…})`, `GitHub`, a variable). */
  readonly element: Located<ts.Expression>;
  readonly value?: Value;
  /** A Credentials provider: built from next-auth's / Auth.js's credentials module, named so, or `type: "credentials"`. */
  readonly credentials: boolean;
  readonly authorize?: Located<FunctionLike>;
  /** The provider's own `profile()` (OAuth/OIDC: what it makes a User from), when written in its options. */
  readonly profile?: Located<FunctionLike>;
}

/**
 * One model of a NextAuth / Auth.js configuration, over the project's sources: the options object (in any of
 * its forms), each option with the file and object it is written in (spreads such as `{ ...authConfig }` and
 * imports followed), the providers and their `authorize()`, the callbacks wherever they live
 * (`callbacks: { ...authConfig.callbacks, session }`, `session: sessionCallback` imported from another module,
 * `authOptions.callbacks.jwt = …`), how other modules import the options, and the `NextAuth(…)` call.
 * Detection, the generators, the type augmentation and the analyzer all read the config through it.
 *
 * Example:
 * ```ts
 * const config = readAuthConfig(sources, '/app/auth.ts');
 * config?.callback('jwt').found?.fn       // the jwt callback, maybe in /app/auth.config.ts
 * config?.option('session')               // where `session: { strategy }` is set, if anywhere
 * config?.providers.some((p) => p.credentials)
 * ```
 */
export interface AuthConfig {
  /** The project sources the config was read from (to follow a value further). */
  readonly sources: ProjectSources;
  /** The options object. */
  readonly options: Located<ts.ObjectLiteralExpression>;
  /** `nextauth-call`: written inline in `NextAuth({…})`; else a named object (`options-object`). */
  readonly form: 'options-object' | 'nextauth-call';
  /** How other modules import the options object, when its file exports it (`authOptions`, `default`). */
  readonly exportName?: string;
  /** The `NextAuth(…)` call the options are passed to, when one was found (the route, or v5's auth.ts). */
  readonly nextAuthCall?: Located<ts.CallExpression>;
  /** Where an option is set (see MemberLookup). */
  option(name: string): MemberLookup;
  /** Where a callback is defined, however it reaches the options. */
  callback(name: CallbackName): MemberLookup & { readonly found?: CallbackEntry };
  /**
   * Where a new callback goes without overriding one: the callbacks object literal (which may be in a spread
   * source, e.g. auth.config.ts), or undefined when the options have no readable `callbacks` object (then
   * a `callbacks` member is added to `options`, provided `option('callbacks').unread` is empty).
   */
  readonly callbacksObject?: Located<ts.ObjectLiteralExpression>;
  /** Every provider, spreads of other arrays included. */
  readonly providers: readonly ProviderEntry[];
  /** The `providers` array literal itself, when it is one (where a new provider goes). */
  readonly providersArray?: Located<ts.ArrayLiteralExpression>;
  /** Whether every entry of `providers` could be read (false: a spread or a value that could not be followed). */
  readonly providersComplete: boolean;
  /** `basePath` as a string literal (v5), when set. */
  readonly basePath?: string;
  /** `session.strategy` when written as a literal; undefined when not set (then NextAuth's default applies). */
  readonly sessionStrategy?: 'jwt' | 'database';
  /** Whether an `adapter` is set. */
  readonly hasAdapter: boolean;
  /** 1-based line of a located node (of this config), for messages. */
  lineOf(located: Located): number;
}

const MAX_HOPS = 3;
const CREDENTIALS_MODULES = /^(next-auth|@auth\/core|@auth\/nextjs)\/providers\/credentials$/;

/**
 * The auth config `file` holds or leads to: options in the file itself (see locateOptionsInFile), the object
 * `NextAuth(options)` is called with wherever it is defined, or — for a route or middleware that only
 * imports or re-exports from the module that calls NextAuth (`export { GET, POST } from "@acme/auth"`) — the
 * config of that module, up to three imports away. Undefined when none is reachable.
 */
export function readAuthConfig(sources: ProjectSources, file: string): AuthConfig | undefined {
  return readFrom(sources, file, 0, new Set());
}

function readFrom(sources: ProjectSources, file: string, hops: number, seen: Set<string>): AuthConfig | undefined {
  if (seen.has(file)) return undefined;
  seen.add(file);
  const sourceFile = sources.sourceFile(file);
  if (!sourceFile) return undefined;
  for (const call of nextAuthCalls(sourceFile)) {
    const argument = call.arguments[0];
    if (!argument) continue;
    const located = optionsFromArgument(sources, file, argument);
    if (located) return new Model(sources, located, { file, node: call });
  }
  const local = locateOptionsInFile(sourceFile);
  if (local) return new Model(sources, { file, node: local.object }, undefined);
  if (hops >= MAX_HOPS) return undefined;
  for (const target of importedModules(sources, sourceFile)) {
    const found = readFrom(sources, target, hops + 1, seen);
    if (found) return found;
  }
  return undefined;
}

/**
 * Every `authorize()` a file leads to: those of its config's providers (followed across files) when it has a
 * config, else those of the provider-shaped objects written in the file itself
 * (`export const credentials = Credentials({ authorize })`, a `{ type: "credentials", authorize }` object).
 */
export function authorizeFunctions(sources: ProjectSources, file: string): Located<FunctionLike>[] {
  const config = readAuthConfig(sources, file);
  if (config) return config.providers.flatMap((p) => (p.authorize ? [p.authorize] : []));
  const sourceFile = sources.sourceFile(file);
  const found: Located<FunctionLike>[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isObjectLiteralExpression(node)) {
      const member = memberNamed(node, 'authorize');
      const fn = member && sources.functionOf(lookupMember(sources, { file, node }, 'authorize', 0).found?.value ?? { kind: 'node', file, node: member });
      if (fn && !found.some((f) => f.node === fn.node)) found.push(fn);
    }
    ts.forEachChild(node, visit);
  };
  if (sourceFile) visit(sourceFile);
  return found;
}

/** The options object a `NextAuth(argument)` call receives: an object, a variable or import, or a function returning one. */
function optionsFromArgument(sources: ProjectSources, file: string, argument: ts.Expression): Located<ts.ObjectLiteralExpression> | undefined {
  const value = sources.valueOf(argument, file);
  const object = sources.objectOf(value);
  if (object) return object;
  const fn = sources.functionOf(value);
  if (fn) {
    for (const expression of returnExpressions(fn.node)) {
      const inner = sources.objectOf(sources.valueOf(expression, fn.file));
      if (inner) return inner;
    }
  }
  return undefined;
}

/** The project modules a file imports or re-exports from (`import`, `export … from`, `require()`), in order. */
export function importedModules(sources: ProjectSources, sourceFile: ts.SourceFile): string[] {
  const files: string[] = [];
  const add = (specifier: string, kind: 'import' | 'require'): void => {
    const target = sources.resolveModule(specifier, sourceFile.fileName, kind);
    if (target && target !== sourceFile.fileName && !files.includes(target)) files.push(target);
  };
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const typeOnly = ts.isImportDeclaration(node) ? node.importClause?.isTypeOnly === true : node.isTypeOnly;
      if (!typeOnly) add(node.moduleSpecifier.text, 'import');
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
      add(node.arguments[0].text, 'require');
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return files;
}

class Model implements AuthConfig {
  readonly form: 'options-object' | 'nextauth-call';
  readonly exportName?: string;
  private readonly cachedOptions = new Map<string, MemberLookup>();
  private cachedProviders?: { entries: ProviderEntry[]; array?: Located<ts.ArrayLiteralExpression>; complete: boolean };

  constructor(
    readonly sources: ProjectSources,
    readonly options: Located<ts.ObjectLiteralExpression>,
    readonly nextAuthCall: Located<ts.CallExpression> | undefined,
  ) {
    const inCall = nextAuthCall && nextAuthCall.file === options.file && isInlineArgument(options.node, nextAuthCall.node);
    this.form = inCall ? 'nextauth-call' : 'options-object';
    const sourceFile = sources.sourceFile(options.file);
    this.exportName = sourceFile ? exportNameOf(sourceFile, options.node) : undefined;
  }

  option(name: string): MemberLookup {
    let lookup = this.cachedOptions.get(name);
    if (!lookup) {
      lookup = lookupMember(this.sources, this.options, name, 0);
      this.cachedOptions.set(name, lookup);
    }
    return lookup;
  }

  callback(name: CallbackName): MemberLookup & { readonly found?: CallbackEntry } {
    const callbacks = this.option('callbacks');
    const object = this.sources.objectOf(callbacks.found?.value);
    let lookup: MemberLookup = { unread: callbacks.unread };
    if (object) {
      const inner = lookupMember(this.sources, object, name, 0);
      lookup = { found: inner.found, unread: [...callbacks.unread, ...inner.unread] };
    } else if (callbacks.found) {
      lookup = { unread: [...callbacks.unread, callbacks.found.member] };
    }
    const found = lookup.found ?? this.assignedCallback(name);
    if (!found) return { unread: lookup.unread };
    return { ...lookup, found: { ...found, name, fn: this.sources.functionOf(found.value) ?? functionMember(found) } };
  }

  get callbacksObject(): Located<ts.ObjectLiteralExpression> | undefined {
    return this.sources.objectOf(this.option('callbacks').found?.value);
  }

  get providers(): readonly ProviderEntry[] {
    return this.readProviders().entries;
  }

  get providersArray(): Located<ts.ArrayLiteralExpression> | undefined {
    return this.readProviders().array;
  }

  get providersComplete(): boolean {
    return this.readProviders().complete;
  }

  get basePath(): string | undefined {
    const value = this.option('basePath').found?.value;
    return value?.kind === 'node' && ts.isStringLiteralLike(value.node) ? value.node.text : undefined;
  }

  get sessionStrategy(): 'jwt' | 'database' | undefined {
    const session = this.sources.objectOf(this.option('session').found?.value);
    const strategy = session && this.sources.memberOf({ kind: 'node', ...session }, 'strategy');
    const text = strategy?.kind === 'node' && ts.isStringLiteralLike(strategy.node) ? strategy.node.text : undefined;
    return text === 'jwt' || text === 'database' ? text : undefined;
  }

  get hasAdapter(): boolean {
    return this.option('adapter').found !== undefined;
  }

  lineOf(located: Located): number {
    return this.sources.lineOf(located);
  }

  /**
   * Callbacks the options' file wires up outside the options literal: `authOptions.callbacks.jwt = …`, a
   * member of an object assigned as `authOptions.callbacks = {…}`, or of an object typed as the callbacks
   * option (`const callbacks: NextAuthOptions["callbacks"] = {…}`, `CallbacksOptions`).
   */
  private assignedCallback(name: CallbackName): MemberEntry | undefined {
    const file = this.options.file;
    const sourceFile = this.sources.sourceFile(file);
    if (!sourceFile) return undefined;
    let found: MemberEntry | undefined;
    const fromObject = (object: Located<ts.ObjectLiteralExpression>): void => {
      found ??= lookupMember(this.sources, object, name, 0).found;
    };
    const visit = (node: ts.Node): void => {
      if (found) return;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(node.left)) {
        const owner = unwrapExpression(node.left.expression);
        if (node.left.name.text === name && ts.isPropertyAccessExpression(owner) && owner.name.text === 'callbacks') {
          found = { holder: this.options, member: { file, node }, value: this.sources.valueOf(node.right, file) };
        } else if (node.left.name.text === 'callbacks') {
          const object = this.sources.objectOf(this.sources.valueOf(node.right, file));
          if (object) fromObject(object);
        }
      } else if (ts.isVariableDeclaration(node) && node.type && node.initializer && isCallbacksType(node.type)) {
        const object = this.sources.objectOf(this.sources.valueOf(node.initializer, file));
        if (object) fromObject(object);
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile);
    return found;
  }

  private readProviders(): { entries: ProviderEntry[]; array?: Located<ts.ArrayLiteralExpression>; complete: boolean } {
    if (this.cachedProviders) return this.cachedProviders;
    const lookup = this.option('providers');
    const value = lookup.found?.value;
    const array = value?.kind === 'node' && ts.isArrayLiteralExpression(value.node) ? { file: value.file, node: value.node } : undefined;
    const entries: ProviderEntry[] = [];
    let complete = lookup.unread.length === 0 && (lookup.found === undefined || array !== undefined);
    const collect = (list: Located<ts.ArrayLiteralExpression>, depth: number): void => {
      for (const element of list.node.elements) {
        if (ts.isSpreadElement(element)) {
          const spread = this.sources.valueOf(element.expression, list.file);
          if (depth < 4 && spread?.kind === 'node' && ts.isArrayLiteralExpression(spread.node)) collect({ file: spread.file, node: spread.node }, depth + 1);
          else complete = false;
          continue;
        }
        entries.push(this.provider({ file: list.file, node: element }));
      }
    };
    if (array) collect(array, 0);
    this.cachedProviders = { entries, array, complete };
    return this.cachedProviders;
  }

  private provider(element: Located<ts.Expression>): ProviderEntry {
    const value = this.sources.valueOf(element.node, element.file);
    let credentials = false;
    let options: Value | undefined;
    const inner = unwrapExpression(element.node);
    if (value?.kind === 'node' && ts.isCallExpression(value.node)) {
      const callee = this.sources.valueOf(value.node.expression, value.file);
      credentials =
        (callee?.kind === 'external' && CREDENTIALS_MODULES.test(callee.module) && (callee.name === 'default' || callee.name === 'default.default')) ||
        /credentials/i.test(value.node.expression.getText());
      const argument = value.node.arguments[0];
      options = argument ? this.sources.valueOf(argument, value.file) : undefined;
    } else if (value?.kind === 'node' && ts.isObjectLiteralExpression(value.node)) {
      const type = this.sources.memberOf(value, 'type');
      credentials = type?.kind === 'node' && ts.isStringLiteralLike(type.node) && type.node.text === 'credentials';
      options = value;
    } else if (ts.isIdentifier(inner) && /credentials/i.test(inner.text)) {
      credentials = true;
    }
    const authorizeValue = options && this.sources.memberOf(options, 'authorize');
    const authorize = this.sources.functionOf(authorizeValue);
    const profile = this.sources.functionOf(options && this.sources.memberOf(options, 'profile'));
    return { element, value, credentials: credentials || authorize !== undefined, ...(authorize ? { authorize } : {}), ...(profile ? { profile } : {}) };
  }
}

/** The member `name` of an object literal, looking through its spreads (the last definition wins). */
function lookupMember(sources: ProjectSources, object: Located<ts.ObjectLiteralExpression>, name: string, depth: number): MemberLookup {
  const unread: Located<ts.Node>[] = [];
  const properties = object.node.properties;
  for (let i = properties.length - 1; i >= 0; i--) {
    const member = properties[i];
    if (ts.isSpreadAssignment(member)) {
      const spread = sources.objectOf(sources.valueOf(member.expression, object.file));
      if (!spread || depth > 6) {
        unread.push({ file: object.file, node: member });
        continue;
      }
      const inner = lookupMember(sources, spread, name, depth + 1);
      unread.push(...inner.unread);
      if (inner.found) return { found: inner.found, unread };
      continue;
    }
    if (memberName(member) !== name) continue;
    const value = ts.isPropertyAssignment(member)
      ? sources.valueOf(member.initializer, object.file)
      : ts.isShorthandPropertyAssignment(member)
        ? sources.valueOf(member.name, object.file)
        : { kind: 'node' as const, file: object.file, node: member };
    return { found: { holder: object, member: { file: object.file, node: member }, value }, unread };
  }
  return { unread };
}

/** `NextAuthOptions["callbacks"]`, `AuthConfig['callbacks']`, `CallbacksOptions`, `Partial<CallbacksOptions>`. */
function isCallbacksType(type: ts.TypeNode): boolean {
  if (ts.isIndexedAccessTypeNode(type)) return ts.isLiteralTypeNode(type.indexType) && ts.isStringLiteral(type.indexType.literal) && type.indexType.literal.text === 'callbacks';
  if (ts.isTypeReferenceNode(type)) {
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    return name === 'CallbacksOptions' || (!!type.typeArguments && type.typeArguments.some(isCallbacksType));
  }
  return false;
}

/** A callback written as a method (`jwt({ token }) {…}`) is its own function. */
function functionMember(entry: MemberEntry): Located<FunctionLike> | undefined {
  const node = entry.member.node;
  return ts.isMethodDeclaration(node) && node.body ? { file: entry.member.file, node } : undefined;
}

function isInlineArgument(object: ts.ObjectLiteralExpression, call: ts.CallExpression): boolean {
  for (let node: ts.Node | undefined = object; node; node = node.parent) {
    if (node === call) return true;
    if (ts.isSourceFile(node)) return false;
  }
  return false;
}

