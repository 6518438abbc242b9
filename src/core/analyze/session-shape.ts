// "Sent to the browser": the JSON a session callback makes `/api/auth/session` return, read off the same flow analysis
// as the leak rules (FunctionFlow's bindings and values), for the editor's CodeLens, hover and JSON view.
import { ts } from 'ts-morph';
import type { LineMap } from './line-map';
import type { SensitiveNames } from './sensitive-names';
import type { FunctionFlow, Val } from './session-flow';
import { type FunctionLike, accessedName, isFunctionLike, propertyNameText, returnExpressions, unwrap } from './syntax';
import type { SessionShape, SessionShapeField, SourceRange } from './types';

/** What an expression contributes to the session JSON. */
type ShapeNode =
  | { readonly kind: 'object'; readonly fields: Map<string, ShapeNode>; readonly spreads: Spread[] }
  | { readonly kind: 'leaf'; readonly source: string; readonly refresh: boolean }
  | Spread
  /** `undefined`, a function: JSON.stringify drops the key. */
  | { readonly kind: 'absent' };

/** Something whose own fields land in an object: the whole JWT, or a value the analysis cannot see into. */
type Spread = { readonly kind: 'token'; readonly source: string; readonly excluded: ReadonlySet<string> } | { readonly kind: 'unknown'; readonly source: string };

type Mutation =
  | { readonly kind: 'set'; readonly target: ts.Expression; readonly key: string | undefined; readonly value: ts.Expression; readonly at: ts.Node }
  | { readonly kind: 'merge'; readonly target: ts.Expression; readonly sources: readonly ts.Expression[] }
  | { readonly kind: 'delete'; readonly target: ts.Expression; readonly key: string };

const MAX_DEPTH = 24;
const SOURCE_LENGTH = 48;
/** Calls whose result is their first argument's data (a copy, a frozen object). */
const COPYING_CALLS = new Set(['structuredClone', 'Object.freeze', 'JSON.parse', 'JSON.stringify', 'Object.fromEntries', 'Object.entries']);

/**
 * NextAuth's session before the callback runs (next-auth 4 `core/routes/session`, @auth/core `actions/session`, JWT
 * strategy): `{ user: { name, email, image }, expires }`, filled from the JWT's `name`, `email`, `picture`.
 */
function defaultSession(): ShapeNode {
  const user = objectNode();
  user.fields.set('name', { kind: 'leaf', source: 'token.name', refresh: false });
  user.fields.set('email', { kind: 'leaf', source: 'token.email', refresh: false });
  user.fields.set('image', { kind: 'leaf', source: 'token.picture', refresh: false });
  const session = objectNode();
  session.fields.set('user', user);
  session.fields.set('expires', { kind: 'leaf', source: 'NextAuth (session expiry, ISO date)', refresh: false });
  return session;
}

/**
 * The shape of what `fn` (a session callback whose body `flow` has scanned) returns. Its `refreshToken` says only
 * whether a refresh-named value lands in a field; the caller adds the leak rules' verdict (a whole JWT holding one).
 */
export function describeSessionShape(input: {
  readonly sourceFile: ts.SourceFile;
  readonly fn: FunctionLike;
  readonly flow: FunctionFlow;
  readonly names: SensitiveNames;
  readonly lines: LineMap;
}): SessionShape {
  const builder = new ShapeBuilder(input.sourceFile, input.fn, input.flow, input.names);
  const node = builder.returned();
  const fields: SessionShapeField[] = [];
  const opaque: Array<{ path: string; source: string }> = [];
  flatten(node, '', fields, opaque);
  const { sourceFile, fn, lines } = input;
  return {
    callbackRange: rangeOf(lines, fn.getStart(sourceFile), fn.end),
    headRange: headRange(sourceFile, fn, lines),
    fields,
    opaque,
    refreshToken: fields.some((f) => f.refreshToken),
    wholeToken: fields.some((f) => f.kind === 'token'),
  };
}

class ShapeBuilder {
  /** The session as written so far (while the constructor applies the writes), then as the callback leaves it. */
  private session: ShapeNode = defaultSession();
  /** Writes into locals (`copy.accessToken = …`), by the local's name, applied where the local is read. */
  private readonly localMutations = new Map<string, Mutation[]>();
  private readonly evaluating = new Set<string>();
  /** Each local's value, computed once: locals built from each other would otherwise be re-read along every path. */
  private readonly locals = new Map<string, ShapeNode>();
  private depth = 0;

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly fn: FunctionLike,
    private readonly flow: FunctionFlow,
    private readonly names: SensitiveNames,
  ) {
    // Writes into the session in source order, each right-hand side read against the session as it is by then.
    for (const mutation of this.mutations()) {
      const path = this.sessionPath(mutation.target);
      if (path) {
        this.session = this.apply(this.session, path, mutation);
        continue;
      }
      const root = rootIdentifier(mutation.target);
      if (root === undefined) continue;
      const list = this.localMutations.get(root);
      if (list) list.push(mutation);
      else this.localMutations.set(root, [mutation]);
    }
  }

  /** What the callback returns (every return path); the session as written when it returns nothing. */
  returned(): ShapeNode {
    const returns = returnExpressions(this.fn);
    if (returns.length === 0) return this.session;
    return returns.map((r) => this.shapeOf(r, undefined)).reduce(union);
  }

  private mutations(): Mutation[] {
    const out: Mutation[] = [];
    for (const assignment of this.flow.assignments) {
      const left = unwrap(assignment.left);
      if (!ts.isPropertyAccessExpression(left) && !ts.isElementAccessExpression(left)) continue;
      out.push({ kind: 'set', target: left.expression, key: accessedName(left), value: assignment.right, at: assignment });
    }
    for (const call of this.flow.assignCalls) out.push({ kind: 'merge', target: call.arguments[0], sources: call.arguments.slice(1) });
    if (this.fn.body) {
      const visit = (node: ts.Node): void => {
        if (ts.isDeleteExpression(node)) {
          const target = unwrap(node.expression);
          const key = ts.isPropertyAccessExpression(target) || ts.isElementAccessExpression(target) ? accessedName(target) : undefined;
          if (key !== undefined) out.push({ kind: 'delete', target: (target as ts.PropertyAccessExpression).expression, key });
        }
        if (!ts.isClassLike(node)) ts.forEachChild(node, visit);
      };
      visit(this.fn.body);
    }
    return out.sort((a, b) => positionOf(a) - positionOf(b));
  }

  /** `node` with `mutation` applied at `path` (a path into it). */
  private apply(node: ShapeNode, path: readonly string[], mutation: Mutation): ShapeNode {
    if (mutation.kind === 'delete') return updateAt(node, path, (target) => withoutKey(target, mutation.key));
    if (mutation.kind === 'merge') {
      return updateAt(node, path, (target) => mutation.sources.reduce((acc, source) => mergeInto(acc, this.shapeOf(source, undefined)), target));
    }
    if (mutation.key === undefined) {
      // `session[key] = …`: some field, which one the analysis cannot say.
      return updateAt(node, path, (target) => mergeInto(target, { kind: 'unknown', source: this.text(mutation.at) }));
    }
    const value = this.shapeOf(mutation.value, mutation.key);
    return updateAt(node, [...path, mutation.key], () => value);
  }

  /** The path into the session that `expression` names (`session.user` -> ['user']), through aliases; else undefined. */
  private sessionPath(expression: ts.Expression, depth = 0): string[] | undefined {
    const e = unwrap(expression);
    if (depth > 8) return undefined;
    if (ts.isIdentifier(e)) {
      for (const binding of this.flow.bindingsOf(e.text)) {
        if (binding.rest) continue;
        if ('vals' in binding.source) {
          if (binding.source.vals.some((v) => v.t === 'session')) return [...binding.path];
          if (binding.source.vals.some((v) => v.t === 'params') && binding.path[0] === 'session') return binding.path.slice(1);
        } else {
          const base = this.sessionPath(binding.source.expr, depth + 1);
          if (base) return [...base, ...binding.path];
        }
      }
      return undefined;
    }
    if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
      const key = accessedName(e);
      if (key === undefined) return undefined;
      const base = this.sessionPath(e.expression, depth + 1);
      if (base) return [...base, key];
      if (key === 'session' && this.flow.evalExpr(e.expression).some((v) => v.t === 'params')) return [];
    }
    return undefined;
  }

  /** What `expression` contributes when stored under `key` (or returned / spread, with no key). */
  private shapeOf(expression: ts.Expression, key: string | undefined): ShapeNode {
    if (this.depth >= MAX_DEPTH) return { kind: 'unknown', source: this.text(expression) };
    this.depth++;
    try {
      return this.shapeOfUnchecked(expression, key);
    } finally {
      this.depth--;
    }
  }

  private shapeOfUnchecked(expression: ts.Expression, key: string | undefined): ShapeNode {
    const e = unwrap(expression);
    if ((ts.isIdentifier(e) && e.text === 'undefined') || ts.isVoidExpression(e) || isFunctionLike(e) || ts.isClassExpression(e)) return { kind: 'absent' };
    if (ts.isObjectLiteralExpression(e)) return this.objectLiteral(e);
    if (ts.isConditionalExpression(e)) return union(this.shapeOf(e.whenTrue, key), this.shapeOf(e.whenFalse, key));
    if (ts.isBinaryExpression(e)) {
      const operator = e.operatorToken.kind;
      if (operator === ts.SyntaxKind.QuestionQuestionToken || operator === ts.SyntaxKind.BarBarToken) return union(this.shapeOf(e.left, key), this.shapeOf(e.right, key));
      if (operator === ts.SyntaxKind.AmpersandAmpersandToken) return this.shapeOf(e.right, key);
      if (operator === ts.SyntaxKind.CommaToken) return this.shapeOf(e.right, key);
    }
    if (ts.isCallExpression(e)) {
      const callee = calleeText(e.expression);
      if (callee === 'Object.assign' && e.arguments.length > 0) return e.arguments.map((a) => this.shapeOf(a, undefined)).reduce(mergeInto);
      if (callee !== undefined && COPYING_CALLS.has(callee) && e.arguments[0]) {
        const copied = this.shapeOf(e.arguments[0], key);
        return callee === 'JSON.stringify' ? this.leaf(e, key, copied) : copied;
      }
    }
    const path = this.sessionPath(e);
    if (path) return this.sessionAt(path, e);
    if (ts.isIdentifier(e)) {
      const local = this.local(e, key);
      if (local) return local;
    }
    if ((ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) && !this.isTokenRooted(e)) {
      const name = accessedName(e);
      const base = unwrap(e.expression);
      if (name !== undefined && ts.isIdentifier(base) && this.flow.bindingsOf(base.text).some((b) => 'expr' in b.source)) {
        return navigate(this.shapeOf(base, undefined), name, this.text(e));
      }
    }
    const vals = this.flow.evalExpr(e);
    const token = vals.find((v): v is Extract<Val, { t: 'token' }> => v.t === 'token');
    if (token) return { kind: 'token', source: this.text(e), excluded: token.excluded };
    if (ts.isCallExpression(e) || ts.isNewExpression(e)) {
      // A helper's result: at a key it is that key's value; spread or returned, its fields are not known.
      return key !== undefined || vals.some((v) => v.t === 'field') ? this.leaf(e, key, undefined) : { kind: 'unknown', source: this.text(e) };
    }
    if (vals.some((v) => v.t === 'params' || v.t === 'session')) return { kind: 'unknown', source: this.text(e) };
    return this.leaf(e, key, undefined);
  }

  private leaf(e: ts.Expression, key: string | undefined, copied: ShapeNode | undefined): ShapeNode {
    const vals = this.flow.underKey(this.flow.evalExpr(e), key);
    const refresh = vals.some((v) => (v.t === 'field' && this.names.has(v.name) && this.names.reason(v.name) !== 'bundle') || v.t === 'leak') || (copied !== undefined && holdsRefresh(copied));
    return { kind: 'leaf', source: this.text(e), refresh };
  }

  private objectLiteral(literal: ts.ObjectLiteralExpression): ShapeNode {
    let node: ShapeNode = objectNode();
    literal.properties.forEach((property, index) => {
      if (ts.isSpreadAssignment(property)) {
        let spread = this.shapeOf(property.expression, undefined);
        // `{ ...token, refreshToken: undefined }`: keys written after the spread replace the token's.
        if (spread.kind === 'token') {
          const later = literal.properties.slice(index + 1).flatMap((p) => (ts.isSpreadAssignment(p) ? [] : [propertyNameText(p.name)]));
          spread = { ...spread, excluded: new Set([...spread.excluded, ...later.filter((k): k is string => k !== undefined)]) };
        }
        node = mergeInto(node, spread);
        return;
      }
      const name = propertyNameText(property.name);
      if (name === undefined) {
        node = mergeInto(node, { kind: 'unknown', source: this.text(property) });
        return;
      }
      let value: ShapeNode;
      if (ts.isPropertyAssignment(property)) value = this.shapeOf(property.initializer, name);
      else if (ts.isShorthandPropertyAssignment(property)) value = this.shapeOf(property.name, name);
      else if (ts.isGetAccessorDeclaration(property)) value = { kind: 'leaf', source: `get ${name}()`, refresh: false };
      else value = { kind: 'absent' }; // a method: JSON.stringify drops it
      node = setKey(node, name, value);
    });
    return node;
  }

  /** A local's value: what it was bound to (each binding), then what the body writes into it. */
  private local(identifier: ts.Identifier, key: string | undefined): ShapeNode | undefined {
    const name = identifier.text;
    const bindings = this.flow.bindingsOf(name).filter((b) => 'expr' in b.source);
    if (bindings.length === 0) return undefined;
    const known = this.locals.get(name);
    if (known) return known;
    // A local built from itself (`x = { ...x, a }`): its own earlier value adds nothing the other bindings do not.
    if (this.evaluating.has(name)) return { kind: 'absent' };
    this.evaluating.add(name);
    try {
      const shapes = bindings.map((binding) => {
        let node = this.shapeOf((binding.source as { expr: ts.Expression }).expr, binding.path.length === 0 ? key : undefined);
        for (const step of binding.path) node = navigate(node, step, `${name}`);
        for (const removed of binding.rest ?? []) node = withoutKey(node, removed);
        return node;
      });
      let node = shapes.reduce(union);
      for (const mutation of this.localMutations.get(name) ?? []) {
        const path = localPath(mutation.target, name);
        if (path) node = this.apply(node, path, mutation);
      }
      this.locals.set(name, node);
      return node;
    } finally {
      this.evaluating.delete(name);
    }
  }

  /** The session at `path` as written so far; a path NextAuth's session does not have is not known. */
  private sessionAt(path: readonly string[], e: ts.Expression): ShapeNode {
    let node: ShapeNode = this.session;
    for (const step of path) node = navigate(node, step, this.text(e));
    return node;
  }

  private isTokenRooted(e: ts.Expression): boolean {
    return this.flow.evalExpr(e).some((v) => v.t === 'field' || v.t === 'token');
  }

  private text(node: ts.Node): string {
    const raw = node.getText(this.sourceFile).replace(/\s+/g, ' ');
    return raw.length > SOURCE_LENGTH ? `${raw.slice(0, SOURCE_LENGTH - 1)}…` : raw;
  }
}

function objectNode(): Extract<ShapeNode, { kind: 'object' }> {
  return { kind: 'object', fields: new Map(), spreads: [] };
}

function positionOf(mutation: Mutation): number {
  return mutation.kind === 'set' ? mutation.at.pos : mutation.target.pos;
}

function calleeText(callee: ts.Expression): string | undefined {
  const e = unwrap(callee);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) && ts.isIdentifier(e.expression)) return `${e.expression.text}.${e.name.text}`;
  return undefined;
}

function rootIdentifier(expression: ts.Expression): string | undefined {
  let e = unwrap(expression);
  while (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) e = unwrap(e.expression);
  return ts.isIdentifier(e) ? e.text : undefined;
}

/** `copy.user` -> ['user'] for the local `copy`; undefined past a computed key. */
function localPath(expression: ts.Expression, name: string): string[] | undefined {
  const e = unwrap(expression);
  if (ts.isIdentifier(e)) return e.text === name ? [] : undefined;
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const key = accessedName(e);
    const base = localPath(e.expression, name);
    return key === undefined || base === undefined ? undefined : [...base, key];
  }
  return undefined;
}

/** The value under `key` of what `node` describes. */
function navigate(node: ShapeNode, key: string, source: string): ShapeNode {
  if (node.kind === 'object') {
    const own = node.fields.get(key);
    if (own) return own;
    const token = node.spreads.find((s) => s.kind === 'token' && !s.excluded.has(key));
    if (token) return { kind: 'leaf', source: `${token.source}.${key}`, refresh: false };
    return node.spreads.length > 0 ? { kind: 'unknown', source } : { kind: 'absent' };
  }
  if (node.kind === 'token') return node.excluded.has(key) ? { kind: 'absent' } : { kind: 'leaf', source: `${node.source}.${key}`, refresh: false };
  if (node.kind === 'absent') return node;
  return { kind: 'unknown', source };
}

/** `node` with `update` applied to the value at `path`, creating objects on the way (copy on write). */
function updateAt(node: ShapeNode, path: readonly string[], update: (target: ShapeNode) => ShapeNode): ShapeNode {
  if (path.length === 0) return update(node);
  const [head, ...rest] = path;
  const base = asObject(node);
  const child = base.fields.get(head) ?? navigate(base, head, head);
  return setKey(base, head, updateAt(child, rest, update));
}

function setKey(node: ShapeNode, key: string, value: ShapeNode): ShapeNode {
  const base = asObject(node);
  const fields = new Map(base.fields);
  // A key set again moves nowhere: JSON keeps the first position of a key.
  fields.set(key, value);
  return { kind: 'object', fields, spreads: base.spreads.map((s) => (s.kind === 'token' ? { ...s, excluded: new Set([...s.excluded, key]) } : s)) };
}

function withoutKey(node: ShapeNode, key: string): ShapeNode {
  if (node.kind === 'token') return { ...node, excluded: new Set([...node.excluded, key]) };
  if (node.kind !== 'object') return node;
  const fields = new Map(node.fields);
  fields.delete(key);
  return { kind: 'object', fields, spreads: node.spreads.map((s) => (s.kind === 'token' ? { ...s, excluded: new Set([...s.excluded, key]) } : s)) };
}

/** An object view of `node`: a token or unknown value becomes an object spreading it; a scalar, an empty object. */
function asObject(node: ShapeNode): Extract<ShapeNode, { kind: 'object' }> {
  if (node.kind === 'object') return node;
  const object = objectNode();
  if (node.kind === 'token' || node.kind === 'unknown') object.spreads.push(node);
  return object;
}

/** `{ ...target, ...source }`. */
function mergeInto(target: ShapeNode, source: ShapeNode): ShapeNode {
  if (source.kind === 'absent' || source.kind === 'leaf') return target.kind === 'absent' ? objectNode() : target;
  let out = asObject(target);
  if (source.kind === 'object') {
    for (const spread of source.spreads) out = { ...out, spreads: [...out.spreads, spread] };
    for (const [key, value] of source.fields) out = setKey(out, key, value) as Extract<ShapeNode, { kind: 'object' }>;
    return out;
  }
  return { ...out, spreads: [...out.spreads, source] };
}

/** Either of two values (two return paths, two branches): every field either may carry. */
function union(a: ShapeNode, b: ShapeNode): ShapeNode {
  if (a.kind === 'absent') return b;
  if (b.kind === 'absent') return a;
  if (a.kind === 'object' || b.kind === 'object') {
    const left = asObject(a);
    const right = asObject(b);
    const fields = new Map(left.fields);
    for (const [key, value] of right.fields) fields.set(key, fields.has(key) ? union(fields.get(key) as ShapeNode, value) : value);
    const spreads = [...left.spreads];
    for (const spread of right.spreads) if (!spreads.some((s) => s.kind === spread.kind && s.source === spread.source)) spreads.push(spread);
    // A scalar on one path and an object on the other: the object's fields are what may be sent.
    return { kind: 'object', fields, spreads };
  }
  const rank = (n: ShapeNode) => (n.kind === 'token' ? 3 : n.kind === 'unknown' ? 2 : n.kind === 'leaf' ? 1 : 0);
  if (a.kind === 'leaf' && b.kind === 'leaf') return { kind: 'leaf', source: a.source === b.source ? a.source : `${a.source} | ${b.source}`, refresh: a.refresh || b.refresh };
  return rank(a) >= rank(b) ? a : b;
}

function holdsRefresh(node: ShapeNode): boolean {
  if (node.kind === 'leaf') return node.refresh;
  if (node.kind === 'object') return [...node.fields.values()].some(holdsRefresh);
  return false;
}

function flatten(node: ShapeNode, prefix: string, fields: SessionShapeField[], opaque: Array<{ path: string; source: string }>): void {
  if (node.kind === 'absent') return;
  if (node.kind === 'leaf') {
    fields.push({ path: prefix, kind: 'value', source: node.source, refreshToken: node.refresh });
    return;
  }
  if (node.kind === 'token') {
    fields.push({ path: prefix, kind: 'token', source: node.source, excluded: [...node.excluded], refreshToken: false });
    return;
  }
  if (node.kind === 'unknown') {
    // Under a key, it is that key's value (its inner fields not known); at the top, a part of the JSON not known.
    if (prefix === '') opaque.push({ path: '', source: node.source });
    else fields.push({ path: prefix, kind: 'value', source: node.source, refreshToken: false });
    return;
  }
  for (const spread of node.spreads) {
    if (spread.kind === 'token') fields.push({ path: prefix, kind: 'token', source: spread.source, excluded: [...spread.excluded], refreshToken: false });
    else opaque.push({ path: prefix, source: spread.source });
  }
  for (const [key, value] of node.fields) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (value.kind === 'object' && value.fields.size === 0 && value.spreads.length === 0) fields.push({ path, kind: 'value', source: '{}', refreshToken: false });
    else flatten(value, path, fields, opaque);
  }
}

function rangeOf(lines: LineMap, start: number, end: number): SourceRange {
  return { start: lines.position(start), end: lines.position(end) };
}

/** From the first character of the callback's first line to its body (or that line's end). */
function headRange(sourceFile: ts.SourceFile, fn: FunctionLike, lines: LineMap): SourceRange {
  const start = lines.position(fn.getStart(sourceFile));
  const text = lines.lineText(start.line);
  const first = { line: start.line, character: text.length - text.trimStart().length };
  const bodyStart = fn.body ? lines.position(fn.body.getStart(sourceFile)) : undefined;
  const end = bodyStart && bodyStart.line === start.line ? bodyStart : { line: start.line, character: text.length };
  return { start: first, end };
}
