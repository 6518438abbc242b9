import { ts } from 'ts-morph';
import { LineMap } from './line-map';
import { buildFixes } from './quick-fixes';
import { SensitiveNames } from './sensitive-names';
import { type Leak, findSessionLeaks } from './session-flow';
import { type SensitiveOccurrence, type SessionCallback, type SourceFacts, collectFacts, isCallbacksModuleName, parseSource } from './source-facts';
import { type FunctionLike, accessedName, isAssignmentOperator, isFunctionLike, propertyNameText, resolveFunction, returnExpressions, unwrap } from './syntax';
import type { AnalyzerOptions, Finding, RelatedLocation, RuleId, SourceRange } from './types';

const BROWSER = 'The session is sent to the browser (/api/auth/session, useSession()), where any script on the page can read it';
const IGNORE_PATTERN = /^\s*\/\/\s*nextauth-scaffold-ignore-next-line\b(.*)$/;
/** Registered JWT claims: never worth copying into an allow-list. */
const JWT_CLAIMS = new Set(['iat', 'exp', 'jti', 'nbf']);

/**
 * Cheap text test the editor runs before analyzing (false means analyzeSource would find nothing): a session
 * callback needs the word `session` and a `callbacks` object, or a file that mentions NextAuth / Auth.js, or (with
 * `fileName`) a callbacks module such as `auth-callbacks.ts`, whose `export default { session() {} }` names neither.
 */
export function mightContainSessionCallback(text: string, fileName?: string): boolean {
  if (!text.includes('session')) return false;
  if (fileName !== undefined && isCallbacksModuleName(fileName)) return true;
  return text.includes('allbacks') || text.includes('ALLBACKS') || text.includes('next-auth') || text.includes('@auth/') || text.includes('NextAuth');
}

/**
 * Finds session callbacks of NextAuth/Auth.js configs in one file and reports values of the JWT that reach
 * the session sent to the browser. Never throws (a file it cannot make sense of yields `[]`); honours
 * `// nextauth-scaffold-ignore-next-line <rule>`; every finding carries quick-fix edits on `text`.
 */
export function analyzeSource(file: string, text: string, options: AnalyzerOptions = {}): Finding[] {
  if (!mightContainSessionCallback(text, file)) return [];
  try {
    return analyzeUnguarded(file, text, options);
  } catch {
    // A pathological input (e.g. nesting deep enough to exhaust the stack) must not break the editor or CI.
    return [];
  }
}

/** analyzeSource without its safety net, so the fuzz test sees real exceptions. Not part of the engine's API. */
export function analyzeUnguarded(file: string, text: string, options: AnalyzerOptions = {}): Finding[] {
  if (!mightContainSessionCallback(text, file)) return [];
  const sourceFile = parseSource(file, text);
  const names = new SensitiveNames(options.extraSensitiveNames);
  const collected = collectFacts(sourceFile, names);
  if (collected.sessionCallbacks.length === 0) return [];
  const facts = withNestedSecrets(withUserCopies(collected, names), names);
  const augmentation = options.jwtAugmentation;
  const augmentationSecrets = (augmentation?.fields ?? []).filter((f) => names.has(f.name));
  const holdsRefresh = facts.occurrences.length > 0 || augmentationSecrets.length > 0;
  const declaredFields = new Set((augmentation?.fields ?? []).map((f) => f.name));
  const lines = new LineMap(text);

  const findings: Finding[] = [];
  for (const callback of facts.sessionCallbacks) {
    const { leaks, parameters } = findSessionLeaks(sourceFile, callback.fn, callback.scopes, names);
    if (leaks.length === 0) continue;
    const jwtRanges = [callback.jwt, ...facts.authorizeFunctions].filter((f): f is FunctionLike => f !== undefined);
    const knownSecrets = new Set<string>(augmentationSecrets.map((f) => f.name));
    for (const occurrence of facts.occurrences) {
      if (!jwtRanges.some((fn) => within(occurrence.node, fn))) continue;
      if (occurrence.role === 'write') knownSecrets.add(occurrence.name);
      if (occurrence.derivedKey) knownSecrets.add(occurrence.derivedKey.name);
    }
    for (const leak of leaks) {
      const verdict = judge(leak, names, holdsRefresh, knownSecrets, facts);
      if (!verdict) continue;
      const range = rangeOf(sourceFile, lines, leak.node);
      if (isIgnored(sourceFile, lines, verdict.rule, [leak.node, sinkNode(leak)])) continue;
      const allowList = leak.kind === 'token' ? allowListFields(facts, callback, names, leak.excluded, augmentation?.fields) : [];
      findings.push({
        rule: verdict.rule,
        message: verdict.message,
        file,
        range,
        related: relatedLocations(file, facts, lines, callback, verdict.fields, augmentation, names),
        fixes: buildFixes({ sourceFile, lines, leak, rule: verdict.rule, sessionName: parameters.session, allowList, declaredFields }),
      });
    }
  }
  return findings;
}

/**
 * When authorize() returns a refresh token, a jwt callback that stores the whole user under a key
 * (`token.user = user`, `return { ...token, user }`) puts the refresh token under that key.
 */
function withUserCopies(facts: SourceFacts, names: SensitiveNames): SourceFacts {
  const authorizeReturnsSecret = facts.occurrences.some(
    (o) => (o.role === 'write' || o.derivedKey) && facts.authorizeFunctions.some((fn) => within(o.node, fn)),
  );
  if (!authorizeReturnsSecret) return facts;
  const nestedInUser = new Set<string>();
  for (const o of facts.occurrences) {
    const returnedBy = o.container?.returnedBy;
    if (o.container && returnedBy && facts.authorizeFunctions.some((fn) => fn === returnedBy)) nestedInUser.add(o.container.name);
  }
  const added: SensitiveOccurrence[] = [];
  for (const callback of facts.sessionCallbacks) {
    const jwt = callback.jwt;
    const { tokenName, userName } = jwt ? jwtParameterNames(jwt) : {};
    if (!jwt?.body || userName === undefined) continue;
    const isUserIdentifier = (e: ts.Expression) => {
      const inner = unwrap(e);
      if (ts.isIdentifier(inner)) return inner.text === userName;
      // `user.account` when authorize() returns `{ id, account: { refreshToken } }`.
      if (!ts.isPropertyAccessExpression(inner) && !ts.isElementAccessExpression(inner)) return false;
      const base = unwrap(inner.expression);
      const key = accessedName(inner);
      return ts.isIdentifier(base) && base.text === userName && key !== undefined && nestedInUser.has(key);
    };
    // `user`, or a copy of it (`{ ...user }`, `{ ...user, role }`) that does not overwrite a refresh-named key.
    const isUser = (e: ts.Expression) => {
      const inner = unwrap(e);
      if (isUserIdentifier(inner)) return true;
      if (!ts.isObjectLiteralExpression(inner)) return false;
      const spreadsUser = inner.properties.some((p) => ts.isSpreadAssignment(p) && isUserIdentifier(p.expression));
      return spreadsUser && !inner.properties.some((p) => !ts.isSpreadAssignment(p) && names.has(propertyNameText(p.name) ?? ''));
    };
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind) && isUser(node.right)) {
        const left = unwrap(node.left);
        if (ts.isPropertyAccessExpression(left) && left.expression.getText(facts.sourceFile) === tokenName) {
          added.push({ node, name: left.name.text, role: 'write' });
        }
      } else if (ts.isPropertyAssignment(node) && isUser(node.initializer)) {
        const key = propertyNameText(node.name);
        if (key !== undefined) added.push({ node, name: key, role: 'write' });
      } else if (ts.isShorthandPropertyAssignment(node) && node.name.text === userName) {
        added.push({ node, name: userName, role: 'write' });
      }
      if (!isFunctionLike(node)) ts.forEachChild(node, visit);
    };
    ts.forEachChild(jwt.body, visit);
  }
  for (const occurrence of added) names.addDerived(occurrence.name);
  return added.length > 0 ? { ...facts, occurrences: [...facts.occurrences, ...added] } : facts;
}

/**
 * A jwt callback that nests the refresh token under a field of the token (`return { ...token, providers: { github:
 * { refreshToken } } }`, `token.google = { refreshToken }`) makes that field hold the refresh token.
 */
function withNestedSecrets(facts: SourceFacts, names: SensitiveNames): SourceFacts {
  const added: SensitiveOccurrence[] = [];
  for (const occurrence of facts.occurrences) {
    const container = occurrence.container;
    if (!container) continue;
    const jwt = facts.sessionCallbacks.find((c) => c.jwt && within(occurrence.node, c.jwt))?.jwt;
    if (!jwt) continue;
    const ok = container.returnedBy ? container.returnedBy === jwt : container.assignedTo === jwtParameterNames(jwt).tokenName;
    if (!ok || names.has(container.name)) continue;
    added.push({ node: container.node, name: container.name, role: 'write' });
  }
  for (const occurrence of added) names.addDerived(occurrence.name);
  return added.length > 0 ? { ...facts, occurrences: [...facts.occurrences, ...added] } : facts;
}

function judge(
  leak: Leak,
  names: SensitiveNames,
  holdsRefresh: boolean,
  knownSecrets: ReadonlySet<string>,
  facts: SourceFacts,
): { rule: RuleId; message: string; fields: readonly string[] } | undefined {
  if (leak.kind === 'field') {
    const field = leak.field ?? 'refreshToken';
    const reason = names.reason(field);
    const message =
      reason === 'setting'
        ? `The session callback copies "${field}" (a sensitive field in nextauthScaffold.diagnostics.sensitiveFields) into the session. ${BROWSER}; keep it in the JWT only.`
        : `The session callback copies ${reason === 'derived' ? `"${field}", which holds the refresh token,` : `the refresh token ("${field}")`} into the session. ${BROWSER}; keep the refresh token in the JWT only.`;
    return {
      rule: 'session-exposes-refresh-token',
      message,
      fields: [field],
    };
  }
  const removedSecret = [...leak.excluded].some((k) => names.has(k));
  const remaining = [...knownSecrets].filter((k) => !leak.excluded.has(k));
  if (removedSecret && remaining.length === 0) return undefined; // `const { refreshToken, ...rest } = token` exposes the rest only
  if (holdsRefresh && (!removedSecret || remaining.length > 0)) {
    const fields = remaining.length > 0 ? remaining : secretWrites(facts).filter((k) => !leak.excluded.has(k));
    const named = fields.length > 0 ? fields.map((f) => `"${f}"`).join(', ') : 'a refresh token';
    return {
      rule: 'session-exposes-refresh-token',
      message: `The session callback exposes the whole JWT, which holds the refresh token (${named}). ${BROWSER}; copy only the fields the client needs.`,
      fields,
    };
  }
  return {
    rule: 'session-exposes-token',
    message: `The session callback exposes the whole JWT. ${BROWSER}; copy only the fields the client needs, so secrets added to the token later do not leak.`,
    fields: [],
  };
}

function secretWrites(facts: SourceFacts): string[] {
  const names: string[] = [];
  for (const o of facts.occurrences) {
    const name = o.role === 'write' ? o.name : o.derivedKey?.name;
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}

function within(node: ts.Node, container: ts.Node): boolean {
  return node.pos >= container.pos && node.end <= container.end;
}

function rangeOf(sourceFile: ts.SourceFile, lines: LineMap, node: ts.Node): SourceRange {
  return { start: lines.position(node.getStart(sourceFile)), end: lines.position(node.end) };
}

function sinkNode(leak: Leak): ts.Node {
  const sink = leak.sink;
  return sink.kind === 'return' ? sink.expression : sink.kind === 'assign' ? (sink.statement ?? sink.assignment) : (sink.statement ?? sink.call);
}

/** True when the line above the finding (or above the statement that leaks) says to ignore this rule. */
function isIgnored(sourceFile: ts.SourceFile, lines: LineMap, rule: RuleId, nodes: readonly ts.Node[]): boolean {
  for (const node of nodes) {
    const { line } = lines.position(node.getStart(sourceFile));
    if (line === 0) continue;
    const match = IGNORE_PATTERN.exec(lines.lineText(line - 1));
    if (!match) continue;
    const rules = match[1].split(/[\s,]+/).filter((r) => r.length > 0 && !r.startsWith('--'));
    if (rules.length === 0 || rules.includes(rule)) return true;
  }
  return false;
}

/** Where the refresh token enters the JWT: the jwt callback, then authorize(), then anywhere, then the augmentation. */
function relatedLocations(
  file: string,
  facts: SourceFacts,
  lines: LineMap,
  callback: SessionCallback,
  fields: readonly string[],
  augmentation: AnalyzerOptions['jwtAugmentation'],
  names: SensitiveNames,
): RelatedLocation[] {
  const { sourceFile } = facts;
  const entries: Array<{ occurrence: SensitiveOccurrence; node: ts.Node; name: string }> = [];
  for (const occurrence of facts.occurrences) {
    if (occurrence.role === 'write') entries.push({ occurrence, node: occurrence.node, name: occurrence.name });
    if (occurrence.derivedKey) entries.push({ occurrence, node: occurrence.derivedKey.node, name: occurrence.derivedKey.name });
  }
  const inJwt = (n: ts.Node) => callback.jwt !== undefined && within(n, callback.jwt);
  const inAuthorize = (n: ts.Node) => facts.authorizeFunctions.some((fn) => within(n, fn));
  const wanted = (name: string) => fields.length === 0 || fields.includes(name);
  const pick =
    entries.find((e) => wanted(e.name) && inJwt(e.node)) ??
    entries.find((e) => wanted(e.name) && inAuthorize(e.node)) ??
    entries.find((e) => wanted(e.name));
  if (pick) {
    const message = inJwt(pick.node)
      ? `The refresh token ("${pick.name}") is stored in the JWT here, by the jwt callback.`
      : inAuthorize(pick.node)
        ? `authorize() returns the refresh token ("${pick.name}") here; the jwt callback keeps it in the JWT.`
        : `The refresh token ("${pick.name}") is put into the token here.`;
    return [{ file, range: rangeOf(sourceFile, lines, pick.node), message }];
  }
  const declared = augmentation?.fields.find((f) => names.has(f.name) && wanted(f.name)) ?? augmentation?.fields.find((f) => names.has(f.name));
  if (augmentation && declared) {
    return [{ file: augmentation.file, range: declared.range, message: `The JWT type declares the refresh token field "${declared.name}" here.` }];
  }
  return [];
}

/** The token's non-secret fields, from what the jwt callback (and authorize(), when spread in) put in it. */
function allowListFields(
  facts: SourceFacts,
  callback: SessionCallback,
  names: SensitiveNames,
  excluded: ReadonlySet<string>,
  augmentationFields: readonly { readonly name: string }[] | undefined,
): string[] {
  const fields: string[] = [];
  const add = (name: string | undefined) => {
    if (name === undefined || names.has(name) || JWT_CLAIMS.has(name) || excluded.has(name) || fields.includes(name)) return;
    fields.push(name);
  };
  const authorizeKeys = () => facts.authorizeFunctions.flatMap((fn) => returnedKeys(fn, undefined));
  if (callback.jwt) {
    const { tokenName, userName } = jwtParameterNames(callback.jwt);
    const visit = (node: ts.Node): void => {
      if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
        const left = unwrap(node.left);
        if ((ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) && left.expression.getText(facts.sourceFile) === tokenName) {
          add(ts.isPropertyAccessExpression(left) ? left.name.text : propertyNameText(left.argumentExpression as ts.StringLiteral));
        }
      }
      ts.forEachChild(node, visit);
    };
    if (callback.jwt.body) visit(callback.jwt.body);
    for (const key of returnedKeys(callback.jwt, userName, callback.scopes)) {
      if (key === USER_SPREAD) authorizeKeys().forEach(add);
      else add(key);
    }
  }
  for (const field of augmentationFields ?? []) add(field.name);
  return fields;
}

const USER_SPREAD = '\u0000user';

/** Keys of the object literals a function returns (following one local variable and one same-file helper call). */
function returnedKeys(fn: FunctionLike, userName: string | undefined, scopes: readonly ts.Node[] = []): string[] {
  const keys: string[] = [];
  const fromObject = (expression: ts.Expression, depth: number): void => {
    const e = unwrap(expression);
    if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isSpreadAssignment(p)) {
          const spread = unwrap(p.expression);
          if (userName !== undefined && ts.isIdentifier(spread) && spread.text === userName) keys.push(USER_SPREAD);
        } else {
          const key = propertyNameText(p.name);
          if (key !== undefined) keys.push(key);
        }
      }
    } else if (ts.isIdentifier(e) && fn.body && ts.isBlock(fn.body) && depth < 2) {
      const initializer = localInitializer(fn.body, e.text);
      if (initializer) fromObject(initializer, depth + 1);
    } else if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && depth < 2 && scopes.length > 0) {
      const helper = resolveFunction(e.expression.text, scopes);
      if (helper) keys.push(...returnedKeys(helper, undefined));
    }
  };
  for (const returned of returnExpressions(fn)) fromObject(returned, 0);
  return keys;
}

function localInitializer(body: ts.Block, name: string): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) {
      found = node.initializer;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(body);
  return found;
}

function jwtParameterNames(fn: FunctionLike): { tokenName?: string; userName?: string } {
  const first = fn.parameters[0];
  if (!first) return {};
  if (ts.isIdentifier(first.name)) return { tokenName: `${first.name.text}.token`, userName: undefined };
  const out: { tokenName?: string; userName?: string } = {};
  if (ts.isObjectBindingPattern(first.name)) {
    for (const element of first.name.elements) {
      if (!ts.isIdentifier(element.name)) continue;
      const key = propertyNameText(element.propertyName ?? element.name);
      if (key === 'token') out.tokenName = element.name.text;
      if (key === 'user') out.userName = element.name.text;
    }
  }
  return out;
}
