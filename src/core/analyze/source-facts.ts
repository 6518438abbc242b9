import { ts } from 'ts-morph';
import { scriptKindOf } from '../ts-syntax';
import { DepthBudget, MAX_TREE_DEPTH } from './depth-budget';
import type { SensitiveNames } from './sensitive-names';
import {
  type FunctionLike,
  accessedName,
  asFunction,
  isAssignmentOperator,
  isFunctionLike,
  propertyNameText,
  refersToParameter,
  resolveFunction,
  resolveVariableInitializer,
  unwrap,
} from './syntax';

/** A `session` callback of a NextAuth/Auth.js config, with the `jwt` callback written next to it (if any). */
export interface SessionCallback {
  readonly fn: FunctionLike;
  readonly jwt?: FunctionLike;
  /** Scopes around the callbacks object, innermost last, to resolve same-file helpers by name. */
  readonly scopes: readonly ts.Node[];
}

/** A refresh-named identifier or string in code, and how it is used. */
export interface SensitiveOccurrence {
  readonly node: ts.Node;
  readonly name: string;
  /** `write`: a property key or assignment target (the value enters an object); `read` otherwise. */
  readonly role: 'write' | 'declaration' | 'read';
  /** The key it is copied into when a refresh-named value fills another field (`rt: data.refresh_token` -> `rt`). */
  readonly derivedKey?: { readonly name: string; readonly node: ts.Node };
  /**
   * For a refresh-named key written inside a nested object that becomes a top-level field of a returned object or of
   * `x.field = {…}` (`return { ...token, providers: { github: { refreshToken } } }`): that top-level field, the
   * function whose return it is (or the root `x` of the assignment target).
   */
  readonly container?: { readonly name: string; readonly node: ts.Node; readonly returnedBy?: ts.Node; readonly assignedTo?: string };
  /**
   * For a read through a field of the token (`token.backendTokens.refreshToken`, `t.tokens?.refresh_token`): that
   * field. Reading a refresh token out of it anywhere in the file is evidence that the field holds one.
   */
  readonly readThrough?: { readonly name: string; readonly node: ts.Node };
  /**
   * A refresh token read out of the `user` a NextAuth callback receives (the authorize() result), directly or through
   * one local alias: `const grant = (user as LoginResult).grant; account.refresh_token = grant.refresh_token`. The
   * authorize() result then holds one, whatever authorize() itself shows (it often returns the backend's JSON whole).
   */
  readonly readsAuthorizeResult?: boolean;
}

/** What one pass over the interesting parts of a file finds. */
export interface SourceFacts {
  readonly sourceFile: ts.SourceFile;
  readonly sessionCallbacks: readonly SessionCallback[];
  readonly authorizeFunctions: readonly FunctionLike[];
  /** Refresh-named occurrences outside the session callbacks. */
  readonly occurrences: readonly SensitiveOccurrence[];
}

const WORDS = ['session', 'refresh', 'authorize', 'tokens'];
/** Names under which a session callback is written on its own (`session`, `sessionCallback`, `mySessionCallback`). */
const STANDALONE_NAME = /^(session|\w*SessionCallback)$/i;

/** Keys only a jwt callback receives: a function destructuring one of them is not a session callback. */
const JWT_ONLY_KEYS = new Set(['account', 'profile', 'isNewUser']);

/** The keys the first parameter destructures (`({ token, account })` -> token, account). */
export function destructuredKeys(fn: FunctionLike): Array<string | undefined> {
  const first = fn.parameters[0];
  if (!first || !ts.isObjectBindingPattern(first.name)) return [];
  return first.name.elements.map((e) => propertyNameText(e.propertyName ?? e.name));
}

/**
 * `({ session, token })` (optionally with `user`, `trigger`, `newSession`): the parameter shape of NextAuth's
 * session callback. v5's jwt callback also takes `session`, but with `account` / `profile`; those are excluded.
 */
function takesSessionAndToken(fn: FunctionLike): boolean {
  const first = fn.parameters[0];
  if (!first || !ts.isObjectBindingPattern(first.name)) return false;
  const keys = first.name.elements.map((e) => propertyNameText(e.propertyName ?? e.name));
  return keys.includes('session') && keys.includes('token') && !keys.some((k) => k !== undefined && JWT_ONLY_KEYS.has(k));
}

/**
 * `(params) => { const { session, token } = params; … }` or `params.session` / `params.token`: the callback's one
 * parameter, unpacked in the body.
 */
function unpacksSessionAndToken(fn: FunctionLike, sourceFile: ts.SourceFile): boolean {
  const first = fn.parameters[0];
  if (!first || !ts.isIdentifier(first.name) || !fn.body || fn.parameters.length > 1) return false;
  const name = first.name.text.replace(/\$/g, '\\$');
  const body = sourceFile.text.slice(fn.body.pos, fn.body.end);
  if (new RegExp(`\\b${name}\\s*\\??\\.\\s*token\\b`).test(body) && new RegExp(`\\b${name}\\s*\\??\\.\\s*session\\b`).test(body)) return true;
  for (const match of body.matchAll(new RegExp(`\\{([^{}=]*)\\}\\s*=\\s*${name}\\b`, 'g'))) {
    const keys = match[1].split(',').map((k) => k.split(':')[0].trim());
    if (keys.includes('session') && keys.includes('token') && !keys.some((k) => JWT_ONLY_KEYS.has(k))) return true;
  }
  return false;
}

/**
 * Whether a function written on its own (declared, assigned to a variable or export, default-exported) is a session
 * callback: by its parameters (`({ session, token })`), or, named like one (`session`, `sessionCallback`) or
 * default-exported from a callbacks module or folder, by a parameter it unpacks in the body. Names that say jwt
 * never qualify.
 */
function isStandaloneSessionCallback(fn: FunctionLike, name: string | undefined, sourceFile: ts.SourceFile): boolean {
  const nameHint = name ?? fn.name?.getText(sourceFile);
  if (nameHint !== undefined && /jwt/i.test(nameHint)) return false;
  if (takesSessionAndToken(fn)) return true;
  const named = nameHint !== undefined && STANDALONE_NAME.test(nameHint);
  const defaultInCallbacksModule = name === 'default' && (isCallbacksModuleName(sourceFile.fileName) || isInCallbacksFolder(sourceFile.fileName));
  return (named || defaultInCallbacksModule) && unpacksSessionAndToken(fn, sourceFile);
}

/** Parses once (no parent pointers) and collects the facts the rules need. */
export function parseSource(file: string, text: string): ts.SourceFile {
  return ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, scriptKindOf(file));
}

/**
 * Walks only the subtrees that contain one of the words the analysis cares about (`session`, `refresh`,
 * `authorize`, extra sensitive names), so a large file costs little more than parsing it.
 */
export function collectFacts(sourceFile: ts.SourceFile, names: SensitiveNames, budget = new DepthBudget()): SourceFacts {
  const text = sourceFile.text;
  const offsets = wordOffsets(text, [...WORDS, ...names.extraNames]);
  const sessionProperties: Array<{ node: ts.Node; path: ts.Node[] }> = [];
  const rawOccurrences: Array<{ node: ts.Node; name: string; path: ts.Node[] }> = [];
  const authorizeFunctions: FunctionLike[] = [];
  const standalone: Array<{ fn: FunctionLike; path: ts.Node[] }> = [];
  /** jwt callbacks written on their own (`export async function jwtCallback({ token, account })`). */
  const standaloneJwt: FunctionLike[] = [];
  const stack: ts.Node[] = [];

  const hasOffset = (start: number, end: number): boolean => {
    let lo = 0;
    let hi = offsets.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (offsets[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    return lo < offsets.length && offsets[lo] < end;
  };

  const visit = (node: ts.Node): void => {
    if (!hasOffset(node.pos, node.end)) return;
    if (stack.length > MAX_TREE_DEPTH) {
      budget.note(node.getStart(sourceFile), `nesting deeper than ${MAX_TREE_DEPTH} syntax levels`);
      return;
    }
    const parent = stack[stack.length - 1];
    switch (node.kind) {
      case ts.SyntaxKind.PropertyAssignment:
      case ts.SyntaxKind.ShorthandPropertyAssignment:
      case ts.SyntaxKind.MethodDeclaration: {
        const name = propertyNameText((node as ts.PropertyAssignment).name);
        if (name === 'session' && parent && ts.isObjectLiteralExpression(parent)) sessionProperties.push({ node, path: [...stack] });
        if (name === 'authorize') {
          const fn = ts.isMethodDeclaration(node) ? node : ts.isPropertyAssignment(node) ? asFunction(node.initializer) : undefined;
          if (fn) authorizeFunctions.push(fn);
        }
        break;
      }
      case ts.SyntaxKind.FunctionDeclaration:
      case ts.SyntaxKind.VariableDeclaration:
      case ts.SyntaxKind.ExportAssignment: {
        // A session callback written on its own, e.g. in callbacks.ts: `export async function sessionCallback({ session, token })`,
        // `export const attach = async (params) => { const { session, token } = params; … }`, `export default async ({ session, token }) => …`.
        const declaration = node as ts.FunctionDeclaration | ts.VariableDeclaration | ts.ExportAssignment;
        const isDefault = ts.isFunctionDeclaration(declaration) && !declaration.name && (declaration.modifiers ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
        const name = ts.isExportAssignment(declaration)
          ? declaration.isExportEquals ? undefined : 'default'
          : isDefault ? 'default' : declaration.name && ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
        const fn = ts.isFunctionDeclaration(declaration)
          ? declaration
          : ts.isExportAssignment(declaration) ? asFunction(declaration.expression) : asFunction(declaration.initializer);
        if (fn && isStandaloneSessionCallback(fn, name, sourceFile)) standalone.push({ fn, path: [...stack] });
        else if (fn && name !== undefined && /jwt/i.test(name) && destructuredKeys(fn).includes('token')) standaloneJwt.push(fn);
        break;
      }
      case ts.SyntaxKind.BinaryExpression: {
        // authOptions.callbacks.session = async ({ session, token }) => ...
        const binary = node as ts.BinaryExpression;
        if (
          binary.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
          ts.isPropertyAccessExpression(binary.left) &&
          binary.left.name.text === 'session' &&
          /callbacks\W*$/i.test(binary.left.expression.getText(sourceFile))
        ) {
          sessionProperties.push({ node, path: [...stack] });
        } else if (binary.operatorToken.kind === ts.SyntaxKind.EqualsToken && /^(module\.)?exports\b/.test(binary.left.getText(sourceFile))) {
          // `module.exports.session = async function (params) {…}`, `exports.sessionCallback = …`
          const fn = asFunction(binary.right);
          const name = ts.isPropertyAccessExpression(binary.left) ? binary.left.name.text : undefined;
          if (fn && isStandaloneSessionCallback(fn, name, sourceFile)) standalone.push({ fn, path: [...stack] });
        }
        break;
      }
      case ts.SyntaxKind.Identifier:
      case ts.SyntaxKind.PrivateIdentifier:
      case ts.SyntaxKind.StringLiteral:
      case ts.SyntaxKind.NoSubstitutionTemplateLiteral: {
        const name = (node as ts.Identifier | ts.StringLiteral).text;
        if (name.length < 64 && /^[\w$-]+$/.test(name) && names.has(name)) rawOccurrences.push({ node, name, path: [...stack] });
        return;
      }
    }
    stack.push(node);
    ts.forEachChild(node, visit);
    stack.pop();
  };
  stack.push(sourceFile);
  ts.forEachChild(sourceFile, visit);

  const sessionCallbacks: SessionCallback[] = [];
  for (const { node, path } of sessionProperties) {
    const found = resolveSessionCallback(sourceFile, node, path);
    if (found && !sessionCallbacks.some((c) => c.fn === found.fn)) sessionCallbacks.push(found);
  }

  for (const { fn, path } of standalone) {
    if (sessionCallbacks.some((c) => c.fn === fn)) continue;
    // Its jwt callback, when the module writes one on its own too (one per module, as callbacks files do).
    const jwt = standaloneJwt.length === 1 ? standaloneJwt[0] : undefined;
    sessionCallbacks.push({ fn, jwt, scopes: path.filter((n) => ts.isSourceFile(n) || ts.isBlock(n) || ts.isModuleBlock(n)) });
  }

  const inSession = (node: ts.Node) => sessionCallbacks.some((c) => node.pos >= c.fn.pos && node.end <= c.fn.end);
  const occurrences: SensitiveOccurrence[] = [];
  for (const raw of rawOccurrences) {
    if (inSession(raw.node) || raw.path.some((n) => ts.isImportDeclaration(n) || ts.isImportEqualsDeclaration(n))) continue;
    const classified = classifyOccurrence(raw.node, raw.name, raw.path);
    const through = classified.role === 'read' ? tokenFieldReadThrough(raw.node, raw.path, names) : undefined;
    const withThrough = through ? { ...classified, readThrough: through } : classified;
    const occurrence = classified.role === 'read' && readsOutOfCallbackUser(raw.node, raw.path) ? { ...withThrough, readsAuthorizeResult: true } : withThrough;
    occurrences.push(occurrence);
    if (occurrence.derivedKey) names.addDerived(occurrence.derivedKey.name);
    if (occurrence.readThrough) names.addDerived(occurrence.readThrough.name);
  }
  return { sourceFile, sessionCallbacks, authorizeFunctions, occurrences };
}

/** Sorted start offsets of every case-insensitive occurrence of the words. */
function wordOffsets(text: string, words: readonly string[]): number[] {
  const escaped = words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  const pattern = new RegExp(escaped.join('|'), 'gi');
  const offsets: number[] = [];
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) offsets.push(match.index);
  return offsets;
}

/**
 * Decides whether a `session` property is the session callback of NextAuth options: its object must be the
 * `callbacks` of the options (inline, a variable named or typed as callbacks, or one referenced as
 * `callbacks: x`), and its value a function (inline, or a same-file function referenced by name).
 * `events.session`, `session: { strategy: "jwt" }` and express-session's `session()` do not qualify.
 */
function resolveSessionCallback(sourceFile: ts.SourceFile, node: ts.Node, path: ts.Node[]): SessionCallback | undefined {
  const scopes = path.filter((n) => ts.isSourceFile(n) || ts.isBlock(n) || ts.isModuleBlock(n));
  if (ts.isBinaryExpression(node)) {
    const fn = functionOfValue(node.right, scopes);
    return fn ? { fn, scopes } : undefined;
  }
  const objectLiteral = path[path.length - 1] as ts.ObjectLiteralExpression;
  if (!isCallbacksObject(sourceFile, path, path.length - 1)) return undefined;
  const fn = ts.isMethodDeclaration(node)
    ? node
    : ts.isPropertyAssignment(node)
      ? functionOfValue(node.initializer, scopes)
      : ts.isShorthandPropertyAssignment(node)
        ? resolveFunction(node.name.text, scopes)
        : undefined;
  if (!fn) return undefined;
  let jwt: FunctionLike | undefined;
  for (const property of objectLiteral.properties) {
    if (propertyNameText(property.name) !== 'jwt') continue;
    if (ts.isMethodDeclaration(property)) jwt = property;
    else if (ts.isPropertyAssignment(property)) jwt = functionOfValue(property.initializer, scopes);
    else if (ts.isShorthandPropertyAssignment(property)) jwt = resolveFunction('jwt', scopes);
  }
  return { fn, jwt, scopes };
}

function functionOfValue(value: ts.Expression, scopes: readonly ts.Node[]): FunctionLike | undefined {
  const direct = asFunction(value);
  if (direct) return direct;
  let inner = unwrap(value);
  // `cb.session.bind(cb)` is still `cb.session`.
  if (ts.isCallExpression(inner) && ts.isPropertyAccessExpression(inner.expression) && inner.expression.name.text === 'bind') {
    inner = unwrap(inner.expression.expression);
  }
  if (ts.isIdentifier(inner)) return resolveFunction(inner.text, scopes);
  if (ts.isPropertyAccessExpression(inner) && ts.isIdentifier(inner.expression)) return resolveMember(inner.expression.text, inner.name.text, scopes);
  return undefined;
}

/**
 * The method `member` of a same-file object: `callbacks.session` where `const handlers = new AuthCallbacks()` (a class
 * declared in the file), `AuthCallbacks.session` (a static method), or `const handlers = { session() {} }`.
 */
function resolveMember(objectName: string, member: string, scopes: readonly ts.Node[]): FunctionLike | undefined {
  const initializer = resolveVariableInitializer(objectName, scopes);
  const value = initializer ? unwrap(initializer) : undefined;
  if (value && ts.isObjectLiteralExpression(value)) {
    for (const property of value.properties) {
      if (propertyNameText(property.name) !== member) continue;
      if (ts.isMethodDeclaration(property)) return property;
      if (ts.isPropertyAssignment(property)) return asFunction(property.initializer);
    }
    return undefined;
  }
  const className = value && ts.isNewExpression(value) && ts.isIdentifier(value.expression) ? value.expression.text : initializer ? undefined : objectName;
  const declaration = className !== undefined ? resolveClass(className, scopes) : undefined;
  for (const element of declaration?.members ?? []) {
    if (propertyNameText(element.name) !== member) continue;
    if (ts.isMethodDeclaration(element) && element.body) return element;
    if (ts.isPropertyDeclaration(element)) return asFunction(element.initializer);
  }
  return undefined;
}

function resolveClass(name: string, scopes: readonly ts.Node[]): ts.ClassLikeDeclaration | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const scope = scopes[i];
    const statements = ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) ? scope.statements : undefined;
    for (const statement of statements ?? []) {
      if (ts.isClassDeclaration(statement) && statement.name?.text === name) return statement;
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer && unwrap(declaration.initializer);
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name && init && ts.isClassExpression(init)) return init;
      }
    }
  }
  return undefined;
}

function isCallbacksObject(sourceFile: ts.SourceFile, path: readonly ts.Node[], index: number): boolean {
  let i = index - 1;
  let typeText = '';
  while (i >= 0) {
    const n = path[i];
    if (ts.isParenthesizedExpression(n)) i--;
    else if (ts.isAsExpression(n) || ts.isSatisfiesExpression(n) || ts.isTypeAssertionExpression(n)) {
      typeText += n.type.getText(sourceFile);
      i--;
    } else break;
  }
  const holder = path[i];
  if (!holder) return false;
  if (ts.isPropertyAssignment(holder)) return propertyNameText(holder.name) === 'callbacks';
  if (ts.isBinaryExpression(holder)) return /callbacks\W*$/i.test(holder.left.getText(sourceFile));
  if (ts.isVariableDeclaration(holder) && ts.isIdentifier(holder.name)) {
    const name = holder.name.text;
    if (holder.type) typeText += holder.type.getText(sourceFile);
    if (/callbacks/i.test(name) || /callbacks/i.test(typeText)) return true;
    return new RegExp(`callbacks\\s*:\\s*${name.replace(/\$/g, '\\$')}\\b`).test(sourceFile.text);
  }
  // `function buildCallbacks() { return { session() {} } }` or `const makeCallbacks = () => ({ ... })`.
  if (ts.isReturnStatement(holder) || ts.isArrowFunction(holder)) {
    for (let j = i; j >= 0; j--) {
      const n = path[j];
      if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return /callbacks/i.test(n.name?.text ?? '') || isNamedCallbacks(path[j - 1]);
      if (ts.isArrowFunction(n) && (n === holder || j < i)) return isNamedCallbacks(path[j - 1]);
    }
  }
  // `export default { session() {} }` in a callbacks module.
  if (ts.isExportAssignment(holder)) return isCallbacksModuleName(sourceFile.fileName);
  return false;
}

/** A module named for callbacks (`callbacks.ts`, `auth-callbacks.js`, `callbacks/index.ts` is not: the folder does not count). */
export function isCallbacksModuleName(fileName: string): boolean {
  return /callbacks[^/\\]*$/i.test(fileName);
}

/** A module inside a folder named for callbacks (`callbacks/session.ts`, `auth/callbacks/index.js`). */
export function isInCallbacksFolder(fileName: string): boolean {
  return /(^|[/\\])callbacks[/\\][^/\\]+$/i.test(fileName);
}

function isNamedCallbacks(node: ts.Node | undefined): boolean {
  if (!node) return false;
  if (ts.isVariableDeclaration(node) || ts.isPropertyAssignment(node)) return /callbacks/i.test(propertyNameText(node.name) ?? '');
  return false;
}

/** `undefined`, `void 0`, `null`: a value that removes the key rather than storing a token in it. */
function isUndefinedValue(expression: ts.Expression): boolean {
  const e = unwrap(expression);
  return (ts.isIdentifier(e) && e.text === 'undefined') || ts.isVoidExpression(e) || e.kind === ts.SyntaxKind.NullKeyword;
}

/** See SensitiveOccurrence.container; `index` is the position in `path` of the property that writes the refresh token. */
function containerOf(path: readonly ts.Node[], index: number): SensitiveOccurrence['container'] {
  let key: { name: string; node: ts.Node } | undefined;
  for (let i = index - 1; i >= 0; i--) {
    const n = path[i];
    if (ts.isObjectLiteralExpression(n) || ts.isParenthesizedExpression(n) || ts.isAsExpression(n) || ts.isSatisfiesExpression(n)) continue;
    if (ts.isPropertyAssignment(n)) {
      const name = propertyNameText(n.name);
      if (name !== undefined) key = { name, node: n };
      continue;
    }
    if (ts.isReturnStatement(n) || (ts.isArrowFunction(n) && n.body === path[i + 1])) {
      if (!key) return undefined;
      for (let j = i; j >= 0; j--) if (isFunctionLike(path[j])) return { ...key, returnedBy: path[j] };
      return undefined;
    }
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && n.right === path[i + 1]) {
      // `token.providers[id] = { refreshToken }` -> providers; `token.creds = { refreshToken }` -> creds.
      const chain: Array<ts.PropertyAccessExpression | ts.ElementAccessExpression> = [];
      let target = unwrap(n.left);
      while (ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target)) {
        chain.unshift(target);
        target = unwrap(target.expression);
      }
      const first = chain[0] ? accessedName(chain[0]) : undefined;
      if (!ts.isIdentifier(target) || first === undefined) return undefined;
      return { name: first, node: n, assignedTo: target.text };
    }
    return undefined;
  }
  return undefined;
}

/** A name for the JWT as callbacks and refresh helpers call it: `token`, `jwt`, `oldToken`, `currentJwt`. */
const TOKEN_NAME = /(^t$|token$|jwt$)/i;

/**
 * `token.<field>.<refresh-named>` (also `?.`, `["…"]`, `params.token.<field>…`): the field of the token the read goes
 * through, unless that field is itself refresh-named.
 */
function tokenFieldReadThrough(node: ts.Node, path: readonly ts.Node[], names: SensitiveNames): SensitiveOccurrence['readThrough'] {
  const access = path[path.length - 1];
  if (!access || !((ts.isPropertyAccessExpression(access) && access.name === node) || (ts.isElementAccessExpression(access) && access.argumentExpression === node))) {
    return undefined;
  }
  const holder = unwrap(access.expression);
  if (!ts.isPropertyAccessExpression(holder) && !ts.isElementAccessExpression(holder)) return undefined;
  const field = accessedName(holder);
  if (field === undefined || names.has(field)) return undefined;
  const root = unwrap(holder.expression);
  const rootName = ts.isIdentifier(root) ? root.text : ts.isPropertyAccessExpression(root) ? root.name.text : undefined;
  if (rootName === undefined || !TOKEN_NAME.test(rootName)) return undefined;
  return { name: field, node: holder };
}

/** Keys next to `user` that mark a parameter as a NextAuth callback's (`signIn`, `jwt`), not any function's `{ user }`. */
const CALLBACK_KEYS = new Set(['token', 'account', 'profile', 'credentials', 'trigger', 'isNewUser']);

/** See SensitiveOccurrence.readsAuthorizeResult: whether the access `node` names reads out of a callback's `user`. */
function readsOutOfCallbackUser(node: ts.Node, path: readonly ts.Node[]): boolean {
  const access = path[path.length - 1];
  if (!access || !((ts.isPropertyAccessExpression(access) && access.name === node) || (ts.isElementAccessExpression(access) && access.argumentExpression === node))) {
    return false;
  }
  const root = accessRoot(access.expression);
  if (!root) return false;
  if (isCallbackUserParameter(root, path)) return true;
  // One local alias: `const grant = (user as LoginResult).grant`.
  for (let i = path.length - 1; i >= 0; i--) {
    const scope = path[i];
    if (isFunctionLike(scope)) break;
    if (!ts.isBlock(scope)) continue;
    for (const statement of scope.statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (!ts.isIdentifier(declaration.name) || declaration.name.text !== root.text || !declaration.initializer) continue;
        const aliased = accessRoot(declaration.initializer);
        return aliased !== undefined && isCallbackUserParameter(aliased, path);
      }
    }
  }
  return false;
}

/** The identifier an access chain starts from (`(user as X).a.b` -> user). */
function accessRoot(expression: ts.Expression): ts.Identifier | undefined {
  let e = unwrap(expression);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = unwrap(e.expression);
  return ts.isIdentifier(e) ? e : undefined;
}

/**
 * Whether `identifier` is the `user` a callback destructures (`({ user, account })`): the innermost function in `path`
 * with a parameter of that name, resolved by scope (a local `const user` in between shadows it).
 */
function isCallbackUserParameter(identifier: ts.Identifier, path: readonly ts.Node[]): boolean {
  const name = identifier.text;
  for (let i = path.length - 1; i >= 0; i--) {
    const fn = path[i];
    if (!isFunctionLike(fn)) continue;
    const first = fn.parameters[0];
    if (!first || !ts.isObjectBindingPattern(first.name)) {
      if (fn.parameters.some((p) => ts.isIdentifier(p.name) && p.name.text === name)) return false;
      continue;
    }
    const keys = first.name.elements.map((e) => propertyNameText(e.propertyName ?? e.name));
    const element = first.name.elements.find((e) => ts.isIdentifier(e.name) && e.name.text === name);
    if (!element) continue;
    const isCallbackUser = propertyNameText(element.propertyName ?? element.name) === 'user' && keys.some((k) => k !== undefined && CALLBACK_KEYS.has(k));
    return isCallbackUser && refersToParameter(fn, identifier);
  }
  return false;
}

function classifyOccurrence(node: ts.Node, name: string, path: readonly ts.Node[]): SensitiveOccurrence {
  const parent = path[path.length - 1];
  const grandparent = path[path.length - 2];
  if (
    (ts.isPropertyAssignment(parent) || ts.isShorthandPropertyAssignment(parent) || ts.isMethodDeclaration(parent)) &&
    parent.name === node
  ) {
    const clears = ts.isPropertyAssignment(parent) && isUndefinedValue(parent.initializer);
    return { node: parent, name, role: 'write', container: clears ? undefined : containerOf(path, path.length - 1) };
  }
  if (ts.isPropertySignature(parent) && parent.name === node) return { node: parent, name, role: 'declaration' };
  const isAccessName =
    parent &&
    ((ts.isPropertyAccessExpression(parent) && parent.name === node) ||
      (ts.isElementAccessExpression(parent) && parent.argumentExpression === node));
  if (isAccessName && grandparent && ts.isBinaryExpression(grandparent) && grandparent.left === parent && isAssignmentOperator(grandparent.operatorToken.kind)) {
    return { node: grandparent, name, role: 'write' };
  }
  // A refresh-named value copied under another key: `rt: data.refresh_token`, `token.rt = user.refresh`.
  const valueIndex = isAccessName ? path.length - 1 : ts.isIdentifier(node) ? path.length : -1;
  if (valueIndex < 0) return { node, name, role: 'read' };
  let value: ts.Node = valueIndex === path.length ? node : path[valueIndex];
  for (let i = valueIndex - 1; i >= 0; i--) {
    const up = path[i];
    const passes =
      ts.isParenthesizedExpression(up) ||
      ts.isAsExpression(up) ||
      ts.isNonNullExpression(up) ||
      ts.isSatisfiesExpression(up) ||
      ts.isTypeAssertionExpression(up) ||
      ts.isAwaitExpression(up) ||
      (ts.isConditionalExpression(up) && up.condition !== value) ||
      (ts.isBinaryExpression(up) &&
        (up.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken ||
          up.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
          (up.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken && up.right === value)));
    if (passes) {
      value = up;
      continue;
    }
    if (ts.isPropertyAssignment(up) && up.initializer === value) {
      const key = propertyNameText(up.name);
      if (key !== undefined) return { node, name, role: 'read', derivedKey: { name: key, node: up } };
    }
    if (ts.isBinaryExpression(up) && up.right === value && isAssignmentOperator(up.operatorToken.kind)) {
      const target = up.left;
      const key = ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target) ? accessedName(target) : undefined;
      if (key !== undefined) return { node, name, role: 'read', derivedKey: { name: key, node: up } };
    }
    break;
  }
  return { node, name, role: 'read' };
}
