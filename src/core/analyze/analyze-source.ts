import * as path from 'path';
import { ts } from 'ts-morph';
import { credentialsNeedsJwtStrategy, mightNeedJwtStrategy } from './config-rules';
import { DepthBudget, MAX_BRACKET_NESTING, bracketOverflow, firstParseError } from './depth-budget';
import { LineMap } from './line-map';
import { buildFixes } from './quick-fixes';
import { HygieneNames, SensitiveNames, isPasswordName, isRefreshName } from './sensitive-names';
import { type Leak, findSessionLeaks } from './session-flow';
import { describeSessionShape } from './session-shape';
import { type SensitiveOccurrence, type SessionCallback, type SourceFacts, collectFacts, isCallbacksModuleName, isInCallbacksFolder, parseSource } from './source-facts';
import { type FunctionLike, accessedName, isAssignmentOperator, isFunctionLike, propertyNameText, refersToParameter, resolveFunction, returnExpressions, unwrap } from './syntax';
import { ANALYSIS_INCOMPLETE } from './types';
import type { AnalyzerOptions, DocumentAnalysis, Finding, LeakRuleId, RelatedLocation, RuleId, SessionShape, SourceRange } from './types';

const BROWSER = 'The session is sent to the browser (/api/auth/session, useSession()), where any script on the page can read it';
const IGNORE_PATTERN = /^\s*\/\/\s*nextauth-scaffold-ignore-next-line\b(.*)$/;
/** Registered JWT claims: never worth copying into an allow-list. */
const JWT_CLAIMS = new Set(['iat', 'exp', 'jti', 'nbf']);

/**
 * Cheap text test the editor runs before analyzing (false means analyzeSource would find nothing): a session
 * callback needs the word `session` and a `callbacks` object, or a file that mentions NextAuth / Auth.js, or (with
 * `fileName`) a callbacks module such as `auth-callbacks.ts`, whose `export default { session() {} }` names neither;
 * or options with an adapter and a Credentials provider (credentials-needs-jwt-strategy).
 */
export function mightContainSessionCallback(text: string, fileName?: string): boolean {
  if (mightNeedJwtStrategy(text)) return true;
  if (!text.includes('session')) return false;
  // A callback recognised by its shape (`({ session, token })`, `params.token`) names the token too.
  if (text.includes('token') && /\btoken\b/.test(text)) return true;
  return namesAuthConfig(text, fileName ?? '');
}

/**
 * Finds session callbacks of NextAuth/Auth.js configs in one file and reports values of the JWT that reach
 * the session sent to the browser; honours `// nextauth-scaffold-ignore-next-line <rule>`; every finding carries
 * quick-fix edits on `text`. Fails closed: a candidate file that does not parse, or that nests deeper than the
 * explicit depth budget (see depth-budget.ts), also yields one `analysis-incomplete` finding (file, line), next to
 * whatever leaks the analysis found before it stopped. Never throws.
 */
export function analyzeSource(file: string, text: string, options: AnalyzerOptions = {}): Finding[] {
  if (!mightContainSessionCallback(text, file)) return [];
  try {
    return analyzeUnguarded(file, text, options);
  } catch (error) {
    // Last line of defence only: the depth budget is what keeps deep input from exhausting the stack. Whatever got
    // here is still reported, never turned into "no problems".
    const reason = error instanceof Error ? error.message : String(error);
    return [incompleteFinding(file, text, 0, `the analyzer failed (${reason})`)];
  }
}

/**
 * analyzeSource, and the shape of the session each session callback sends to the browser (the editor's "Sent to the
 * browser" lens), from the same parse and flow analysis. No shapes when the analysis ran out of its depth budget.
 */
export function analyzeDocument(file: string, text: string, options: AnalyzerOptions = {}): DocumentAnalysis {
  const sessionShapes: SessionShape[] = [];
  if (!mightContainSessionCallback(text, file)) return { findings: [], sessionShapes };
  try {
    return { findings: analyzeUnguarded(file, text, options, sessionShapes), sessionShapes };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { findings: [incompleteFinding(file, text, 0, `the analyzer failed (${reason})`)], sessionShapes: [] };
  }
}

/**
 * analyzeSource without its last-resort catch, so the fuzz test sees real exceptions. Not part of the engine's API.
 * With `sessionShapes`, the session callbacks' shapes are pushed into it.
 */
export function analyzeUnguarded(file: string, text: string, options: AnalyzerOptions = {}, sessionShapes?: SessionShape[]): Finding[] {
  if (!mightContainSessionCallback(text, file)) return [];
  const overflow = bracketOverflow(text);
  if (overflow >= 0) {
    return [incompleteFinding(file, text, overflow, `it nests brackets deeper than ${MAX_BRACKET_NESTING} levels (the depth budget), so it was not parsed`)];
  }
  const sourceFile = parseSource(file, text);
  const budget = new DepthBudget();
  const analyzed = analyzeParsed(file, sourceFile, options, budget, sessionShapes);
  const { callbacks } = analyzed;
  const lineMap = new LineMap(text);
  const configFindings = budget.overrun ? [] : credentialsNeedsJwtStrategy(file, text).filter((f) => !ignoredAt(lineMap, f.rule, f.range.start.line));
  const findings = [...analyzed.findings, ...configFindings];
  // A syntax error counts where a session callback is in sight, or the file is about auth (not in every
  // component that mentions a session and a token while its author is typing).
  const parseError = callbacks > 0 || namesAuthConfig(text, file) ? firstParseError(sourceFile) : undefined;
  const incomplete = parseError
    ? incompleteFinding(file, text, parseError.offset, `it does not parse (${parseError.message})`)
    : budget.overrun
      ? incompleteFinding(file, text, budget.overrun.offset, `it has ${budget.overrun.what} (the depth budget)`)
      : undefined;
  return incomplete ? [...findings, incomplete] : findings;
}

/**
 * One `analysis-incomplete` finding at `offset`: the file (or the part past the error) was not checked, so a leak in
 * it would go unreported. Shown once per file, as information in the editor; `check` exits 2 for it.
 */
function incompleteFinding(file: string, text: string, offset: number, reason: string): Finding {
  const lines = new LineMap(text);
  const start = lines.position(Math.max(0, Math.min(offset, text.length)));
  const end = { line: start.line, character: lines.lineText(start.line).length };
  return {
    rule: ANALYSIS_INCOMPLETE,
    message: `The session-leak analysis of this file is incomplete: ${reason}. A refresh token leaking into the session here may go unreported.`,
    file,
    range: { start, end: end.character > start.character ? end : start },
    related: [],
    fixes: [],
  };
}

/** Words of an auth config or a callbacks module (the file or folder name counts). */
function namesAuthConfig(text: string, file: string): boolean {
  return (
    isCallbacksModuleName(file) || isInCallbacksFolder(file) || text.includes('allback') || text.includes('ALLBACK') || text.includes('next-auth') || text.includes('@auth/') || text.includes('NextAuth')
  );
}

/** The findings of one parsed file, and how many session callbacks it holds. */
function analyzeParsed(file: string, sourceFile: ts.SourceFile, options: AnalyzerOptions, budget: DepthBudget, sessionShapes?: SessionShape[]): { findings: Finding[]; callbacks: number } {
  const text = sourceFile.text;
  const names = new SensitiveNames(options.extraSensitiveNames);
  const external = options.crossFile;
  const externalJwt = external?.jwt;
  for (const field of externalJwt?.fields ?? []) if (!names.has(field.name)) names.addDerived(field.name);
  const collected = withWiredSessionCallbacks(collectFacts(sourceFile, names, budget), external?.sessionCallbackStarts ?? []);
  const callbacks = collected.sessionCallbacks.length;
  if (callbacks === 0 || budget.overrun) return { findings: [], callbacks };
  // The walks below recurse over these functions: measure them first (iteratively), stop when too deep.
  for (const fn of [...collected.sessionCallbacks.flatMap((c) => (c.jwt ? [c.fn, c.jwt] : [c.fn])), ...collected.authorizeFunctions]) {
    if (budget.treeTooDeep(fn, sourceFile)) return { findings: [], callbacks };
  }
  const facts = withAccountCopies(withNestedSecrets(withUserCopies(collected, names), names), names);
  const augmentation = options.jwtAugmentation;
  const augmentationSecrets = (augmentation?.fields ?? []).filter((f) => names.has(f.name));
  const holdsRefresh = facts.occurrences.length > 0 || augmentationSecrets.length > 0 || (externalJwt?.fields.length ?? 0) > 0;
  const declaredFields = new Set((augmentation?.fields ?? []).map((f) => f.name));
  const lines = new LineMap(text);

  const findings: Finding[] = [];
  const shapes: Array<{ shape: SessionShape; verdict: { refreshToken: boolean } }> = [];
  for (const callback of facts.sessionCallbacks) {
    const { leaks, parameters, flow } = findSessionLeaks(sourceFile, callback.fn, callback.scopes, names, budget);
    // The shape is read off the same flow; the refresh-token verdict is noted below, as the leaks are judged.
    const shapeVerdict = { refreshToken: false };
    if (sessionShapes) shapes.push({ shape: describeSessionShape({ sourceFile, fn: callback.fn, flow, names, lines }), verdict: shapeVerdict });
    if (leaks.length === 0) continue;
    const jwtRanges = [callback.jwt, ...facts.authorizeFunctions].filter((f): f is FunctionLike => f !== undefined);
    const knownSecrets = new Set<string>(augmentationSecrets.map((f) => f.name));
    // The jwt callback of these options lives in another file: what it stores counts for a callback without its own.
    const viaOtherFile = callback.jwt === undefined ? externalJwt : undefined;
    for (const field of viaOtherFile?.fields ?? []) knownSecrets.add(field.name);
    for (const occurrence of facts.occurrences) {
      if (!jwtRanges.some((fn) => within(occurrence.node, fn))) continue;
      if (occurrence.role === 'write') knownSecrets.add(occurrence.name);
      if (occurrence.derivedKey) knownSecrets.add(occurrence.derivedKey.name);
    }
    // A refresh token read out of a field of the token anywhere in the file says that field holds one.
    for (const occurrence of facts.occurrences) if (occurrence.readThrough) knownSecrets.add(occurrence.readThrough.name);
    for (const leak of leaks) {
      const verdict = judge(leak, names, holdsRefresh, knownSecrets, facts);
      if (!verdict) continue;
      if (verdict.rule === 'session-exposes-refresh-token') shapeVerdict.refreshToken = true;
      const range = rangeOf(sourceFile, lines, leak.node);
      if (isIgnored(sourceFile, lines, verdict.rule, [leak.node, sinkNode(leak)])) continue;
      const allowList = leak.kind === 'token' ? allowListFields(facts, callback, names, leak.excluded, augmentation?.fields) : [];
      const ownFields = leak.kind === 'token' ? allowListFields(facts, callback, names, leak.excluded, undefined) : [];
      const local = relatedLocations(file, facts, lines, callback, verdict.fields, augmentation, names);
      const fromOtherFile = viaOtherFile?.fields.find((f) => verdict.fields.includes(f.name)) ?? (verdict.fields.length === 0 ? viaOtherFile?.fields[0] : undefined);
      const dependsOnOtherFile = viaOtherFile !== undefined && fromOtherFile !== undefined && !local.some((r) => r.file === file);
      const related: RelatedLocation[] = dependsOnOtherFile
        ? [
            {
              file: viaOtherFile.file,
              range: fromOtherFile.range,
              message: `${isRefreshName(fromOtherFile.name) ? `The refresh token ("${fromOtherFile.name}") is` : `"${fromOtherFile.name}", which holds the refresh token, is`} stored in the JWT here, by the jwt callback in another file.`,
            },
          ]
        : local;
      findings.push({
        rule: verdict.rule,
        message: dependsOnOtherFile ? `${verdict.message} This depends on another file: the jwt callback in ${path.basename(viaOtherFile.file)} stores it.` : verdict.message,
        file,
        range,
        related,
        fixes: buildFixes({ sourceFile, lines, leak, rule: verdict.rule, sessionName: parameters.session, allowList, declaredFields, allowListFromType: ownFields.length === 0 && allowList.length > 0 }),
      });
    }
  }
  findings.push(...hygieneFindings(file, sourceFile, lines, facts.sessionCallbacks, budget));
  if (sessionShapes && !budget.overrun) sessionShapes.push(...shapes.map(({ shape, verdict }) => (verdict.refreshToken ? { ...shape, refreshToken: true } : shape)));
  return { findings, callbacks };
}

/**
 * `session-exposes-password` / `session-exposes-id-token`: the same flow analysis as for refresh tokens, following
 * password / password-hash and ID-token fields of the JWT into the session. Field copies only (a whole-JWT exposure
 * is already session-exposes-token / -refresh-token).
 */
function hygieneFindings(file: string, sourceFile: ts.SourceFile, lines: LineMap, callbacks: readonly SessionCallback[], budget: DepthBudget): Finding[] {
  const names = new HygieneNames();
  const out: Finding[] = [];
  for (const callback of callbacks) {
    const { leaks, parameters } = findSessionLeaks(sourceFile, callback.fn, callback.scopes, names, budget);
    for (const leak of leaks) {
      if (leak.kind !== 'field' || leak.field === undefined) continue;
      const password = isPasswordName(leak.field);
      const rule = password ? 'session-exposes-password' : 'session-exposes-id-token';
      if (isIgnored(sourceFile, lines, rule, [leak.node, sinkNode(leak)])) continue;
      const message = password
        ? `The session callback copies "${leak.field}", a password or password hash (typically copied by authorize() from the backend's user record), into the session. ${BROWSER}; never put credentials in the token or the session.`
        : `The session callback copies the OpenID Connect ID token ("${leak.field}") into the session. ${BROWSER}; an ID token identifies the user to other parties and can be replayed, so keep it in the JWT only.`;
      out.push({
        rule,
        message,
        file,
        range: rangeOf(sourceFile, lines, leak.node),
        related: [],
        fixes: buildFixes({ sourceFile, lines, leak, rule, sessionName: parameters.session, allowList: [], declaredFields: new Set() }),
      });
    }
  }
  return out;
}

/** Adds the functions another module wires as `callbacks.session` (by offset), when shape alone did not find them. */
function withWiredSessionCallbacks(facts: SourceFacts, starts: readonly number[]): SourceFacts {
  if (starts.length === 0) return facts;
  const added: SessionCallback[] = [];
  for (const start of starts) {
    const fn = functionAt(facts.sourceFile, start);
    if (fn && !facts.sessionCallbacks.some((c) => c.fn === fn)) added.push({ fn, scopes: [facts.sourceFile] });
  }
  return added.length > 0 ? { ...facts, sessionCallbacks: [...facts.sessionCallbacks, ...added] } : facts;
}

/** The function-like node that starts at `pos` (node.pos), found by descending iteratively. */
function functionAt(sourceFile: ts.SourceFile, pos: number): FunctionLike | undefined {
  let current: ts.Node = sourceFile;
  for (;;) {
    let next: ts.Node | undefined;
    ts.forEachChild(current, (child) => {
      if (!next && child.pos <= pos && pos < child.end) next = child;
    });
    if (!next) return undefined;
    if (next.pos === pos && isFunctionLike(next)) return next;
    current = next;
  }
}

/**
 * The refresh-holding fields the jwt callback starting at `pos` in `file` stores in the JWT (what `check` tells the
 * file of the matching session callback), with where each is stored. Never throws; [] when it cannot tell.
 */
export function jwtStoredSecrets(file: string, text: string, pos: number, options: Pick<AnalyzerOptions, 'extraSensitiveNames'> = {}): Array<{ name: string; range: SourceRange }> {
  try {
    if (bracketOverflow(text) >= 0) return [];
    const sourceFile = parseSource(file, text);
    const jwt = functionAt(sourceFile, pos);
    if (!jwt) return [];
    const budget = new DepthBudget();
    if (budget.treeTooDeep(sourceFile, sourceFile)) return [];
    const names = new SensitiveNames(options.extraSensitiveNames);
    const collected = collectFacts(sourceFile, names, budget);
    const facts = withAccountCopies(withNestedSecrets(withUserCopies({ ...collected, sessionCallbacks: [{ fn: jwt, jwt, scopes: [sourceFile] }] }, names), names), names);
    const lines = new LineMap(text);
    const out: Array<{ name: string; range: SourceRange }> = [];
    for (const o of facts.occurrences) {
      if (!within(o.node, jwt) && !facts.authorizeFunctions.some((fn) => within(o.node, fn))) continue;
      const entry = o.role === 'write' ? { name: o.name, node: o.node } : o.derivedKey;
      if (entry && !out.some((f) => f.name === entry.name)) out.push({ name: entry.name, range: rangeOf(sourceFile, lines, entry.node) });
    }
    return out;
  } catch {
    return []; // the jwt file gets its own analysis-incomplete finding when it is checked
  }
}

/**
 * When authorize() returns a refresh token (or a callback reads one out of its result, see readsAuthorizeResult), a jwt callback that stores the whole user under a key
 * (`token.user = user`, `return { ...token, user }`) puts the refresh token under that key.
 */
function withUserCopies(facts: SourceFacts, names: SensitiveNames): SourceFacts {
  const authorizeReturnsSecret = facts.occurrences.some(
    (o) => o.readsAuthorizeResult || ((o.role === 'write' || o.derivedKey) && facts.authorizeFunctions.some((fn) => within(o.node, fn))),
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
      if (ts.isIdentifier(inner)) return inner.text === userName && refersToParameter(jwt, inner);
      // `user.account` when authorize() returns `{ id, account: { refreshToken } }`.
      if (!ts.isPropertyAccessExpression(inner) && !ts.isElementAccessExpression(inner)) return false;
      const base = unwrap(inner.expression);
      const key = accessedName(inner);
      return ts.isIdentifier(base) && base.text === userName && key !== undefined && nestedInUser.has(key) && refersToParameter(jwt, base);
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
      } else if (ts.isShorthandPropertyAssignment(node) && node.name.text === userName && refersToParameter(jwt, node.name)) {
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

/**
 * An OAuth `account` carries `refresh_token` (and `id_token`); a jwt callback that copies it into the token puts one
 * in the JWT: `{ ...token, ...account }` and `Object.assign(token, account)` at the top level (`refresh_token`),
 * `token.account = account`, `{ ...token, account }`, `{ ...token, oauth: account }` or a copy such as
 * `token.oauth = { ...account }` under that key.
 */
function withAccountCopies(facts: SourceFacts, names: SensitiveNames): SourceFacts {
  const added: SensitiveOccurrence[] = [];
  const jwts = [...new Set(facts.sessionCallbacks.map((c) => c.jwt).filter((f): f is FunctionLike => f !== undefined))];
  for (const jwt of jwts) {
    const first = jwt.parameters[0];
    if (!jwt.body || !first || !ts.isObjectBindingPattern(first.name)) continue;
    const element = first.name.elements.find((e) => propertyNameText(e.propertyName ?? e.name) === 'account');
    if (!element || !ts.isIdentifier(element.name)) continue;
    const accountName = element.name.text;
    const { tokenName } = jwtParameterNames(jwt);
    const isAccountIdentifier = (e: ts.Expression): boolean => {
      const inner = unwrap(e);
      return ts.isIdentifier(inner) && inner.text === accountName && refersToParameter(jwt, inner);
    };
    // `account`, or a copy of it (`{ ...account }`, `{ ...account, provider }`) that does not overwrite a refresh-named key.
    const isAccount = (e: ts.Expression): boolean => {
      const inner = unwrap(e);
      if (isAccountIdentifier(inner)) return true;
      if (!ts.isObjectLiteralExpression(inner)) return false;
      const spreadsAccount = inner.properties.some((p) => ts.isSpreadAssignment(p) && isAccountIdentifier(p.expression));
      return spreadsAccount && !inner.properties.some((p) => !ts.isSpreadAssignment(p) && isRefreshName(propertyNameText(p.name) ?? ''));
    };
    // Copies stored under a key: the `...account` inside them puts refresh_token under that key, not at the top.
    const copies = new Set<ts.Node>();
    const storedUnder = (value: ts.Expression): void => void copies.add(unwrap(value));
    const visit = (node: ts.Node): void => {
      if (copies.has(node)) return;
      if (ts.isSpreadAssignment(node) && isAccountIdentifier(node.expression)) added.push({ node, name: 'refresh_token', role: 'write' });
      else if (ts.isShorthandPropertyAssignment(node) && node.name.text === accountName && refersToParameter(jwt, node.name)) added.push({ node, name: accountName, role: 'write' });
      else if (ts.isPropertyAssignment(node) && isAccount(node.initializer)) {
        const key = propertyNameText(node.name);
        if (key !== undefined) added.push({ node, name: key, role: 'write' });
        storedUnder(node.initializer);
      } else if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind) && isAccount(node.right)) {
        const left = unwrap(node.left);
        if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) {
          const key = accessedName(left);
          if (key !== undefined && left.expression.getText(facts.sourceFile) === tokenName) added.push({ node, name: key, role: 'write' });
        }
        storedUnder(node.right);
      } else if (ts.isCallExpression(node) && node.expression.getText(facts.sourceFile) === 'Object.assign' && node.arguments.slice(1).some(isAccount)) {
        added.push({ node, name: 'refresh_token', role: 'write' });
      }
      if (!isFunctionLike(node)) ts.forEachChild(node, visit);
    };
    ts.forEachChild(jwt.body, visit);
  }
  for (const occurrence of added) if (!names.has(occurrence.name)) names.addDerived(occurrence.name);
  return added.length > 0 ? { ...facts, occurrences: [...facts.occurrences, ...added] } : facts;
}

function judge(
  leak: Leak,
  names: SensitiveNames,
  holdsRefresh: boolean,
  knownSecrets: ReadonlySet<string>,
  facts: SourceFacts,
): { rule: LeakRuleId; message: string; fields: readonly string[] } | undefined {
  if (leak.kind === 'field') {
    const field = leak.field ?? 'refreshToken';
    const reason = names.reason(field);
    const message =
      reason === 'setting'
        ? `The session callback copies "${field}" (a sensitive field in nextauthScaffold.diagnostics.sensitiveFields) into the session. ${BROWSER}; keep it in the JWT only.`
        : reason === 'bundle'
        ? `The session callback copies "${field}", a bundle of tokens that normally holds the refresh token, into the session. ${BROWSER}; copy only the access token (or what the client needs) and keep the refresh token in the JWT only.`
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
    const name = o.role === 'write' ? o.name : (o.derivedKey?.name ?? o.readThrough?.name);
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

/** True when the line above `line` says to ignore `rule`. */
function ignoredAt(lines: LineMap, rule: RuleId, line: number): boolean {
  if (line === 0) return false;
  const match = IGNORE_PATTERN.exec(lines.lineText(line - 1));
  if (!match) return false;
  const rules = match[1].split(/[\s,]+/).filter((r) => r.length > 0 && !r.startsWith('--'));
  return rules.length === 0 || rules.includes(rule);
}

/** True when the line above the finding (or above the statement that leaks) says to ignore this rule. */
function isIgnored(sourceFile: ts.SourceFile, lines: LineMap, rule: LeakRuleId, nodes: readonly ts.Node[]): boolean {
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
  const reads: Array<{ node: ts.Node; name: string }> = [];
  for (const occurrence of facts.occurrences) {
    if (occurrence.role === 'write') entries.push({ occurrence, node: occurrence.node, name: occurrence.name });
    if (occurrence.derivedKey) entries.push({ occurrence, node: occurrence.derivedKey.node, name: occurrence.derivedKey.name });
    if (occurrence.readThrough) reads.push(occurrence.readThrough);
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
  const read = reads.find((r) => wanted(r.name)) ?? (fields.length === 0 ? reads[0] : undefined);
  if (read) {
    return [
      {
        file,
        range: rangeOf(sourceFile, lines, read.node),
        message: `A refresh token is read out of the token's "${read.name}" here, so "${read.name}" holds one.`,
      },
    ];
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
  // Prefer what this callback's token really carries; the JWT type's fields only when nothing in sight fills it.
  if (fields.length === 0) for (const field of augmentationFields ?? []) add(field.name);
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
