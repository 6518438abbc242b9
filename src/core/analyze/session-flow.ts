import { ts } from 'ts-morph';
import { DepthBudget, MAX_EVALUATION_DEPTH } from './depth-budget';
import type { SensitiveNames } from './sensitive-names';
import {
  type FunctionLike,
  accessedName,
  asFunction,
  isAssignmentOperator,
  propertyNameText,
  resolveFunction,
  resolveVariableInitializer,
  returnExpressions,
  unwrap,
} from './syntax';

/** How a leaking value reaches what the session callback returns. */
export type Sink =
  | { readonly kind: 'return'; readonly expression: ts.Expression }
  | { readonly kind: 'assign'; readonly assignment: ts.BinaryExpression; readonly statement?: ts.Statement }
  | { readonly kind: 'assign-arg'; readonly call: ts.CallExpression; readonly argument: ts.Expression; readonly statement?: ts.Statement };

/** One value from the token (whole, or a refresh-named field) that ends up in the session. */
export interface Leak {
  readonly kind: 'token' | 'field';
  /** The refresh-named field, for `field` leaks. */
  readonly field?: string;
  /** Fields a rest-destructure removed from the token before exposing it. */
  readonly excluded: ReadonlySet<string>;
  /** The range to report: the leaking expression, or the object member that carries it. */
  readonly node: ts.Node;
  /** The expression that carries the value (what an allow-list replaces). */
  readonly leaf: ts.Node;
  /** `node` is an object-literal member: removing it removes the leak. */
  readonly viaProperty: boolean;
  /** The value came out of a same-file helper call: no structural fix is offered. */
  readonly viaCall: boolean;
  /** The object literal holding `node` when `viaProperty`. */
  readonly container?: ts.ObjectLiteralExpression;
  readonly sink: Sink;
}

type LeakCore = Omit<Leak, 'sink'>;

/** Abstract value of an expression: what of the token / session it may carry. */
export type Val =
  | { readonly t: 'token'; readonly excluded: ReadonlySet<string>; readonly node: ts.Node }
  | { readonly t: 'field'; readonly name: string; readonly node: ts.Node }
  | { readonly t: 'session' }
  | { readonly t: 'params' }
  | { readonly t: 'leak'; readonly leak: LeakCore };

/** What a local name is bound to: an expression (or known values), then a destructuring path into it. */
export interface Binding {
  readonly source: { readonly expr: ts.Expression } | { readonly vals: readonly Val[] };
  readonly path: readonly string[];
  readonly rest?: ReadonlySet<string>;
}

const MAX_HELPER_DEPTH = 3;
const EMPTY: ReadonlySet<string> = new Set();
// `Object.entries(token)` / `Object.values(token)` carry every value of the token, and `Object.fromEntries` / `Array.from`
// turn them back into a plain object / array that serializes with them. (A `Map` or `Set` serializes to `{}`.)
const PASS_THROUGH_CALLS = new Set([
  'String',
  'structuredClone',
  'JSON.stringify',
  'JSON.parse',
  'Object.freeze',
  'encodeURIComponent',
  'Object.entries',
  'Object.values',
  'Object.fromEntries',
  'Array.from',
  'Array.of',
]);
const PASS_THROUGH_METHODS = new Set(['toString', 'trim', 'valueOf', 'toJSON', 'concat']);

/** Evaluates expressions of one function body over its bindings, flow-insensitively. */
export class FunctionFlow {
  private readonly env = new Map<string, Binding[]>();
  private readonly evaluating = new Set<Binding>();
  private readonly memo = new Map<Binding, Val[]>();
  /** Assignments and `Object.assign` calls in the body, and its returns; collected by `scanBody`. */
  readonly assignments: ts.BinaryExpression[] = [];
  readonly assignCalls: ts.CallExpression[] = [];
  /** The statement that removing an assignment / `Object.assign` call deletes (see `removableStatement`). */
  readonly statementOf = new Map<ts.Node, ts.Statement>();
  /** Statements that are the body of an `if` / loop / label, with the statement deleting them deletes (undefined: none). */
  private readonly embeddedIn = new Map<ts.Statement, ts.Statement | undefined>();
  /** Loop variables that range over keys: `for (k in x)`, `for (k of keys)`, `keys.forEach((k) => …)`. */
  /** Keys removed from a local object before it is sent: `delete copy.refreshToken`, `copy.refreshToken = undefined`. */
  private readonly deletedKeys = new Map<string, Set<string>>();
  private readonly keyLoops = new Map<string, Array<{ readonly collection: ts.Expression; readonly forIn: boolean }>>();
  /** Nested evalExpr calls in progress (shared with helper flows through the budget's counter). */
  private evalDepth = 0;

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly names: SensitiveNames,
    private readonly scopes: readonly ts.Node[],
    private readonly depth: number,
    private readonly budget: DepthBudget,
    private readonly outerDepth = 0,
  ) {}

  /** The bindings of a local or parameter name in this body (empty for names from outside). */
  bindingsOf(name: string): readonly Binding[] {
    return this.env.get(name) ?? [];
  }

  bind(name: string, binding: Binding): void {
    const list = this.env.get(name);
    if (list) list.push(binding);
    else this.env.set(name, [binding]);
  }

  bindPattern(pattern: ts.BindingName, source: Binding['source'], path: readonly string[]): void {
    if (ts.isIdentifier(pattern)) {
      this.bind(pattern.text, { source, path });
      return;
    }
    if (!ts.isObjectBindingPattern(pattern)) return;
    const taken = new Set<string>();
    for (const element of pattern.elements) {
      if (element.dotDotDotToken) {
        if (ts.isIdentifier(element.name)) this.bind(element.name.text, { source, path, rest: new Set(taken) });
        continue;
      }
      const key = propertyNameText(element.propertyName ?? element.name);
      if (key === undefined) continue;
      taken.add(key);
      this.bindPattern(element.name, source, [...path, key]);
    }
  }

  /** Records locals (declarations and plain assignments) and the statements that can write into an object. */
  scanBody(body: ts.Node): void {
    const visit = (node: ts.Node, parent: ts.Node | undefined): void => {
      this.noteEmbeddedStatements(node);
      if (ts.isDeleteExpression(node)) this.noteDeletedKey(node.expression);
      else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken && isUndefined(node.right)) {
        this.noteDeletedKey(node.left);
      }
      if (ts.isVariableDeclaration(node) && node.initializer) {
        this.bindPattern(node.name, { expr: node.initializer }, []);
      } else if (ts.isBinaryExpression(node) && isAssignmentOperator(node.operatorToken.kind)) {
        const left = unwrap(node.left);
        if (ts.isIdentifier(left)) this.bind(left.text, { source: { expr: node.right }, path: [] });
        else if (ts.isPropertyAccessExpression(left) || ts.isElementAccessExpression(left)) this.assignments.push(node);
        this.noteStatement(node, parent);
      } else if (ts.isCallExpression(node) && calleeName(node.expression) === 'Object.assign' && node.arguments.length > 1) {
        this.assignCalls.push(node);
        this.noteStatement(node, parent);
      } else if (ts.isForInStatement(node) || ts.isForOfStatement(node)) {
        const name = loopVariable(node.initializer);
        if (name !== undefined) this.addKeyLoop(name, node.expression, ts.isForInStatement(node));
        else if (ts.isForOfStatement(node) && ts.isVariableDeclarationList(node.initializer) && node.initializer.declarations[0]) {
          this.bindEntries(node.initializer.declarations[0].name, node.expression);
        }
      } else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && ITERATING_METHODS.has(node.expression.name.text)) {
        const callback = node.arguments[0] && asFunction(node.arguments[0]);
        const first = callback?.parameters[0];
        if (first && ts.isIdentifier(first.name)) this.addKeyLoop(first.name.text, node.expression.expression, false);
        else if (first) this.bindEntries(first.name, node.expression.expression);
      }
      if (ts.isClassLike(node)) return;
      ts.forEachChild(node, (child) => visit(child, node));
    };
    visit(body, undefined);
  }

  /** What of the token / session `expression` may carry; [] (and the budget noted) past MAX_EVALUATION_DEPTH. */
  evalExpr(expression: ts.Expression): Val[] {
    if (this.outerDepth + this.evalDepth >= MAX_EVALUATION_DEPTH) {
      this.budget.note(expression.getStart(this.sourceFile), `expressions nested deeper than ${MAX_EVALUATION_DEPTH} levels`);
      return [];
    }
    this.evalDepth++;
    try {
      return this.evalExprUnchecked(expression);
    } finally {
      this.evalDepth--;
    }
  }

  private evalExprUnchecked(expression: ts.Expression): Val[] {
    const e = expression;
    switch (e.kind) {
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.AwaitExpression:
        return this.evalExpr((e as ts.ParenthesizedExpression).expression);
      case ts.SyntaxKind.Identifier:
        return this.evalIdentifier(e as ts.Identifier);
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression: {
        const access = e as ts.PropertyAccessExpression | ts.ElementAccessExpression;
        const name = accessedName(access);
        if (name === undefined) return ts.isElementAccessExpression(access) ? this.computedMember(access) : [];
        return this.member(this.evalExpr(access.expression), name, access);
      }
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.evalObjectLiteral(e as ts.ObjectLiteralExpression);
      case ts.SyntaxKind.ArrayLiteralExpression:
        return (e as ts.ArrayLiteralExpression).elements.flatMap((element) =>
          this.evalExpr(ts.isSpreadElement(element) ? element.expression : element),
        );
      case ts.SyntaxKind.ConditionalExpression: {
        const conditional = e as ts.ConditionalExpression;
        return [...this.evalExpr(conditional.whenTrue), ...this.evalExpr(conditional.whenFalse)];
      }
      case ts.SyntaxKind.BinaryExpression:
        return this.evalBinary(e as ts.BinaryExpression);
      case ts.SyntaxKind.TemplateExpression:
        // An interpolated refresh token is still the refresh token.
        return (e as ts.TemplateExpression).templateSpans.flatMap((span) => this.evalExpr(span.expression).filter(isScalar));
      case ts.SyntaxKind.CallExpression:
        return this.evalCall(e as ts.CallExpression);
      default:
        return [];
    }
  }

  private evalBinary(binary: ts.BinaryExpression): Val[] {
    switch (binary.operatorToken.kind) {
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.BarBarToken:
        return [...this.evalExpr(binary.left), ...this.evalExpr(binary.right)];
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.CommaToken:
      case ts.SyntaxKind.EqualsToken:
      case ts.SyntaxKind.QuestionQuestionEqualsToken:
      case ts.SyntaxKind.BarBarEqualsToken:
        return this.evalExpr(binary.right);
      case ts.SyntaxKind.PlusToken:
        // String concatenation carries a refresh token; concatenating the whole object yields "[object Object]".
        return [...this.evalExpr(binary.left), ...this.evalExpr(binary.right)].filter(isScalar);
      default:
        return [];
    }
  }

  private evalCall(call: ts.CallExpression): Val[] {
    const callee = call.expression;
    const name = calleeName(callee);
    if (name === 'Object.assign') return call.arguments.flatMap((a) => this.evalExpr(a));
    if (name !== undefined && (PASS_THROUGH_CALLS.has(name) || SIGNING_CALL.test(name))) return call.arguments.length ? this.evalExpr(call.arguments[0]) : [];
    const signed = signedPayload(callee);
    if (signed) return this.evalExpr(signed);
    if (ts.isPropertyAccessExpression(callee) && PASS_THROUGH_METHODS.has(callee.name.text)) {
      return this.evalExpr(callee.expression).filter(isScalar);
    }
    if (!ts.isIdentifier(callee) || this.depth >= MAX_HELPER_DEPTH) return [];
    const local = this.env.get(callee.text);
    // A helper declared inside the callback (`const toUser = (t) => ({ ...t })`), else one in the file.
    const helper = local
      ? local.length === 1 && 'expr' in local[0].source && local[0].path.length === 0
        ? asFunction(local[0].source.expr)
        : undefined
      : resolveFunction(callee.text, this.scopes);
    if (!helper || !helper.body) return [];
    return this.evalHelper(helper, call);
  }

  /** Same-file helper: bind its parameters to the arguments' values and evaluate what it returns. */
  private evalHelper(helper: FunctionLike, call: ts.CallExpression): Val[] {
    if (this.budget.treeTooDeep(helper, this.sourceFile)) return [];
    const flow = new FunctionFlow(this.sourceFile, this.names, this.scopes, this.depth + 1, this.budget, this.outerDepth + this.evalDepth);
    helper.parameters.forEach((parameter, index) => {
      const argument = call.arguments[index];
      if (argument) flow.bindPattern(parameter.name, { vals: this.evalExpr(argument) }, []);
    });
    if (helper.body) flow.scanBody(helper.body);
    const out: Val[] = [];
    for (const returned of returnExpressions(helper)) {
      for (const val of flow.evalExpr(returned)) {
        const core = toLeakCore(val, this.names);
        if (core) out.push({ t: 'leak', leak: { ...core, node: call, leaf: call, viaProperty: false, viaCall: true } });
        else if (val.t === 'session') out.push(val);
      }
    }
    return out;
  }

  private evalIdentifier(identifier: ts.Identifier): Val[] {
    const bindings = this.env.get(identifier.text);
    if (!bindings) {
      // A refresh-named free variable (module constant, import) is a refresh token whatever its source.
      return this.names.has(identifier.text) && identifier.text !== 'undefined' ? [{ t: 'field', name: identifier.text, node: identifier }] : [];
    }
    const deleted = this.deletedKeys.get(identifier.text);
    const out: Val[] = [];
    for (const binding of bindings) {
      for (const val of this.evalBinding(binding)) {
        if (val.t === 'token' || val.t === 'field') out.push({ ...val, node: identifier });
        else out.push(val);
      }
    }
    return dedupe(deleted ? out.map((v) => withoutKeys(v, deleted)) : out);
  }

  /**
   * The analysis is flow-insensitive, but a deleted key is gone whenever the object is serialized: the session is
   * sent after the callback returns, and `session.user = copy; delete copy.refreshToken` mutates what was assigned.
   */
  private noteDeletedKey(target: ts.Expression): void {
    const access = unwrap(target);
    if (!ts.isPropertyAccessExpression(access) && !ts.isElementAccessExpression(access)) return;
    const base = unwrap(access.expression);
    const key = accessedName(access);
    if (!ts.isIdentifier(base) || key === undefined) return;
    const keys = this.deletedKeys.get(base.text);
    if (keys) keys.add(key);
    else this.deletedKeys.set(base.text, new Set([key]));
  }

  /**
   * Values of one binding, computed once: without the memo, a variable reassigned from itself n times
   * (`x = { ...x, a }`) would be re-evaluated along every path, exponentially. A cycle contributes nothing.
   */
  private evalBinding(binding: Binding): Val[] {
    const known = this.memo.get(binding);
    if (known) return known;
    if (this.evaluating.has(binding)) return [];
    this.evaluating.add(binding);
    try {
      let vals: Val[] = 'expr' in binding.source ? this.evalExpr(binding.source.expr) : [...binding.source.vals];
      for (const key of binding.path) vals = this.member(vals, key, undefined);
      if (binding.rest) {
        const rest = binding.rest;
        vals = vals.map((v) => (v.t === 'token' ? { ...v, excluded: new Set([...v.excluded, ...rest]) } : v));
      }
      vals = dedupe(vals);
      this.memo.set(binding, vals);
      return vals;
    } finally {
      this.evaluating.delete(binding);
    }
  }

  /**
   * `token[key]` inside a loop over keys. Over a literal list (`for (const key of ["id", "name"])`, `FIELDS.forEach`)
   * it is each listed field; over the token's own keys (`for (const key in token)`, `Object.keys(token).forEach`) it
   * copies the whole token, one field at a time. Keys from anywhere else are not followed.
   */
  private computedMember(access: ts.ElementAccessExpression): Val[] {
    const argument = unwrap(access.argumentExpression);
    const loops = ts.isIdentifier(argument) ? this.keyLoops.get(argument.text) : undefined;
    if (!loops) return [];
    const base = this.evalExpr(access.expression);
    const out: Val[] = [];
    for (const loop of loops) {
      const keys = this.keysOf(loop.collection, loop.forIn, 0);
      if (!keys) continue;
      if (keys.literal) {
        for (const key of keys.literal) out.push(...this.member(base, key, access));
        continue;
      }
      if (!this.evalExpr(keys.ownKeysOf).some((v) => v.t === 'token')) continue;
      for (const v of base) {
        if (v.t !== 'token') continue;
        const core = toLeakCore({ ...v, node: access }, this.names);
        // No allow-list rewrite for `token[key]`: the fix would have to change the loop, not the expression.
        if (core) out.push({ t: 'leak', leak: { ...core, viaCall: true } });
      }
    }
    return dedupe(out);
  }

  /**
   * `if (token.refreshToken) session.refreshToken = token.refreshToken;`: deleting only the assignment would make the
   * `if` swallow the next statement, so the whole `if` (or loop) goes. With an `else`, nothing is deleted.
   */
  private noteEmbeddedStatements(node: ts.Node): void {
    if (ts.isIfStatement(node)) {
      this.embeddedIn.set(node.thenStatement, node.elseStatement ? undefined : node);
      if (node.elseStatement) this.embeddedIn.set(node.elseStatement, undefined);
    } else if (ts.isIterationStatement(node, false) || ts.isLabeledStatement(node) || ts.isWithStatement(node)) {
      this.embeddedIn.set(node.statement, node);
    }
  }

  private noteStatement(node: ts.Node, parent: ts.Node | undefined): void {
    if (!parent || !ts.isExpressionStatement(parent)) return;
    let statement: ts.Statement | undefined = parent;
    for (let hops = 0; statement && this.embeddedIn.has(statement) && hops < 8; hops++) statement = this.embeddedIn.get(statement);
    if (statement && !this.embeddedIn.has(statement)) this.statementOf.set(node, statement);
  }

  /**
   * `for (const [key, value] of Object.entries(token))` (or `.forEach(([key, value]) => …)`): `value` ranges over every
   * value of the token, so copying each one copies the whole token; `key` ranges over its keys.
   */
  private bindEntries(pattern: ts.BindingName, collection: ts.Expression): void {
    const e = unwrap(collection);
    if (!ts.isArrayBindingPattern(pattern) || !ts.isCallExpression(e) || calleeName(e.expression) !== 'Object.entries' || !e.arguments[0]) return;
    const [keyElement, valueElement] = pattern.elements;
    if (keyElement && ts.isBindingElement(keyElement) && ts.isIdentifier(keyElement.name)) this.addKeyLoop(keyElement.name.text, e.arguments[0], true);
    if (valueElement && ts.isBindingElement(valueElement) && ts.isIdentifier(valueElement.name)) {
      this.bind(valueElement.name.text, { source: { expr: e.arguments[0] }, path: [] });
    }
  }

  private addKeyLoop(name: string, collection: ts.Expression, forIn: boolean): void {
    const list = this.keyLoops.get(name);
    if (list) list.push({ collection, forIn });
    else this.keyLoops.set(name, [{ collection, forIn }]);
  }

  /** The keys a loop ranges over: listed string literals, or the own keys of an object (`in x`, `Object.keys(x)`). */
  private keysOf(collection: ts.Expression, forIn: boolean, depth: number): { literal: string[]; ownKeysOf?: undefined } | { literal?: undefined; ownKeysOf: ts.Expression } | undefined {
    const e = unwrap(collection);
    if (forIn) return { ownKeysOf: e };
    if (ts.isArrayLiteralExpression(e)) {
      const literal = e.elements.map((element) => (ts.isStringLiteralLike(element) ? element.text : undefined));
      return literal.every((k): k is string => k !== undefined) ? { literal } : undefined;
    }
    if (ts.isCallExpression(e) && (calleeName(e.expression) === 'Object.keys' || calleeName(e.expression) === 'Object.getOwnPropertyNames') && e.arguments[0]) {
      return { ownKeysOf: e.arguments[0] };
    }
    if (!ts.isIdentifier(e) || depth >= 3) return undefined;
    const local = this.env.get(e.text);
    if (local) return local.length === 1 && 'expr' in local[0].source && local[0].path.length === 0 ? this.keysOf(local[0].source.expr, false, depth + 1) : undefined;
    const outer = resolveVariableInitializer(e.text, this.scopes);
    return outer ? this.keysOf(outer, false, depth + 1) : undefined;
  }

  /** Value of `base.key`. A refresh-named key read from anything but the session is a refresh token. */
  private member(vals: readonly Val[], key: string, node: ts.Node | undefined): Val[] {
    const out: Val[] = [];
    let fromSession = false;
    let hasField = false;
    const at = node ?? this.sourceFile;
    for (const v of vals) {
      if (v.t === 'token') {
        if (!v.excluded.has(key)) {
          out.push({ t: 'field', name: key, node: at });
          hasField = true;
        }
      } else if (v.t === 'field') {
        out.push({ t: 'field', name: key, node: at });
        hasField = true;
      } else if (v.t === 'session') {
        fromSession = true;
        out.push(v);
      } else if (v.t === 'params') {
        if (key === 'token') out.push({ t: 'token', excluded: EMPTY, node: at });
        else if (key === 'session') out.push({ t: 'session' });
      }
    }
    if (!fromSession && !hasField && node && this.names.has(key)) out.push({ t: 'field', name: key, node });
    return out;
  }

  private evalObjectLiteral(objectLiteral: ts.ObjectLiteralExpression): Val[] {
    const out: Val[] = [];
    const properties = objectLiteral.properties;
    properties.forEach((property, index) => {
      let vals: Val[];
      if (ts.isPropertyAssignment(property)) vals = this.underKey(this.evalExpr(property.initializer), propertyNameText(property.name));
      else if (ts.isShorthandPropertyAssignment(property)) vals = this.evalIdentifier(property.name);
      else if (ts.isSpreadAssignment(property)) {
        // `{ ...token, refreshToken: undefined }`: keys written after the spread replace the token's.
        const overridden = properties.slice(index + 1).flatMap((p) => (ts.isSpreadAssignment(p) ? [] : [propertyNameText(p.name)]));
        const later = new Set(overridden.filter((k): k is string => k !== undefined));
        vals = this.evalExpr(property.expression).map((v) =>
          v.t === 'token' && later.size > 0 ? { ...v, excluded: new Set([...v.excluded, ...later]) } : v,
        );
      } else return;
      for (const val of vals) {
        if (val.t === 'leak') {
          out.push(val);
          continue;
        }
        const core = toLeakCore(val, this.names);
        if (core) out.push({ t: 'leak', leak: { ...core, node: property, viaProperty: true, container: objectLiteral } });
      }
    });
    return dedupe(out);
  }

  /**
   * A token field stored under a refresh-named key (`refreshToken: token.rt`) is a refresh token by the
   * author's own naming, whatever the token calls it.
   */
  underKey(vals: Val[], key: string | undefined): Val[] {
    // A bundle name (`tokens: [token.accessToken, …]`) names a container, not the value stored under it.
    if (key === undefined || !this.names.has(key) || this.names.reason(key) === 'bundle') return vals;
    return vals.map((v) => (v.t === 'field' && !this.names.has(v.name) ? { ...v, name: key } : v));
  }

  /** Whether the expression is (part of) the session object, e.g. `session.user`, an alias of it. */
  isSessionRooted(expression: ts.Expression): boolean {
    return this.evalExpr(expression).some((v) => v.t === 'session');
  }
}

/** Drops repeated values, so values flowing around a reassignment loop cannot multiply. */
function dedupe(vals: Val[]): Val[] {
  if (vals.length < 2) return vals;
  const seen = new Set<string>();
  return vals.filter((v) => {
    const key =
      v.t === 'token'
        ? `t${v.node.pos}:${v.node.end}:${[...v.excluded].join(',')}`
        : v.t === 'field'
          ? `f${v.node.pos}:${v.node.end}:${v.name}`
          : v.t === 'leak'
            ? `l${v.leak.kind}${v.leak.node.pos}:${v.leak.node.end}:${v.leak.leaf.pos}:${v.leak.viaCall}:${[...v.leak.excluded].join(',')}`
            : v.t;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The value with `keys` removed from the token it carries (whole-token values only). */
function withoutKeys(val: Val, keys: ReadonlySet<string>): Val {
  if (val.t === 'token') return { ...val, excluded: new Set([...val.excluded, ...keys]) };
  if (val.t === 'leak' && val.leak.kind === 'token') return { ...val, leak: { ...val.leak, excluded: new Set([...val.leak.excluded, ...keys]) } };
  return val;
}

function isUndefined(expression: ts.Expression): boolean {
  const e = unwrap(expression);
  return (ts.isIdentifier(e) && e.text === 'undefined') || ts.isVoidExpression(e);
}

function isScalar(val: Val): boolean {
  return val.t === 'field' || val.t === 'leak';
}

function toLeakCore(val: Val, names: SensitiveNames): LeakCore | undefined {
  if (val.t === 'leak') return val.leak;
  if (val.t === 'token') return { kind: 'token', excluded: val.excluded, node: val.node, leaf: val.node, viaProperty: false, viaCall: false };
  if (val.t === 'field' && names.has(val.name)) {
    return { kind: 'field', field: val.name, excluded: EMPTY, node: val.node, leaf: val.node, viaProperty: false, viaCall: false };
  }
  return undefined;
}

/**
 * A signed (not encrypted) JWT carries its payload in readable base64: `jwt.sign(token, secret)` (jsonwebtoken) hands
 * the browser every claim of `token`. next-auth's own `encode()` encrypts, so it is not listed.
 */
const SIGNING_CALL = /^(jwt|jsonwebtoken|jws|JWT)\.sign$/;

/** The payload of jose's `new SignJWT(payload).setProtectedHeader(…).sign(key)`, when `callee` ends such a chain. */
function signedPayload(callee: ts.Expression): ts.Expression | undefined {
  let e = unwrap(callee);
  for (let hops = 0; hops < 16; hops++) {
    if (ts.isPropertyAccessExpression(e) || ts.isCallExpression(e)) e = unwrap(e.expression);
    else if (ts.isNewExpression(e)) {
      return ts.isIdentifier(e.expression) && e.expression.text === 'SignJWT' ? e.arguments?.[0] : undefined;
    } else return undefined;
  }
  return undefined;
}

const ITERATING_METHODS = new Set(['forEach', 'map', 'filter', 'some', 'every', 'flatMap']);

/** `const key` / `let key` / `key` in a `for…in` / `for…of` head. */
function loopVariable(initializer: ts.ForInitializer): string | undefined {
  if (ts.isVariableDeclarationList(initializer)) {
    const [declaration] = initializer.declarations;
    return declaration && ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
  }
  return ts.isIdentifier(initializer) ? initializer.text : undefined;
}

function calleeName(callee: ts.Expression): string | undefined {
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression)) return `${callee.expression.text}.${callee.name.text}`;
  return undefined;
}

/** What the session callback's parameters are called, for fixes (`session`, `token`). */
export interface CallbackParameterNames {
  readonly session?: string;
  readonly token?: string;
}

/**
 * Follows token values into what a session callback returns: its return value, assignments into the session
 * (or a local object that is returned / put into the session), and `Object.assign` into them.
 */
export function findSessionLeaks(
  sourceFile: ts.SourceFile,
  fn: FunctionLike,
  scopes: readonly ts.Node[],
  names: SensitiveNames,
  budget: DepthBudget = new DepthBudget(),
): { leaks: Leak[]; parameters: CallbackParameterNames; flow: FunctionFlow } {
  const { flow, parameters } = sessionCallbackFlow(sourceFile, fn, scopes, names, budget);
  if (!fn.body) return { leaks: [], parameters, flow };

  const returns = returnExpressions(fn);
  const outputLocals = new Set<string>();
  const collectLocals = (expression: ts.Expression): void => {
    const e = unwrap(expression);
    if (ts.isIdentifier(e)) outputLocals.add(e.text);
    else if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p)) collectLocals(p.initializer);
        else if (ts.isShorthandPropertyAssignment(p)) outputLocals.add(p.name.text);
        else if (ts.isSpreadAssignment(p)) collectLocals(p.expression);
      }
    } else if (ts.isConditionalExpression(e)) {
      collectLocals(e.whenTrue);
      collectLocals(e.whenFalse);
    } else if (ts.isBinaryExpression(e)) {
      collectLocals(e.left);
      collectLocals(e.right);
    } else if (ts.isCallExpression(e) && calleeName(e.expression) === 'Object.assign') {
      e.arguments.forEach(collectLocals);
    }
  };
  returns.forEach(collectLocals);
  // What of the session the callback returns: a write into the session reaches the browser only when a return path
  // sends the object (or the part of it) written into (`return {} as Session` after `session.x = …` sends nothing).
  const reach = returnedSessionPaths(flow, fn, returns, parameters.session);
  const reaches = (target: ts.Expression): boolean => {
    if (reach === 'all') return true;
    const written = chainText(target);
    if (written === undefined) return true;
    return reach.some((p) => p === written || written.startsWith(`${p}.`) || p.startsWith(`${written}.`));
  };
  for (const assignment of flow.assignments) {
    const left = unwrap(assignment.left) as ts.PropertyAccessExpression | ts.ElementAccessExpression;
    if (flow.isSessionRooted(left.expression) && reaches(left)) collectLocals(assignment.right);
  }
  const isOutput = (expression: ts.Expression, written: ts.Expression = expression): boolean => {
    if (flow.isSessionRooted(expression)) return reaches(written);
    let root = unwrap(expression);
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = unwrap(root.expression);
    return ts.isIdentifier(root) && outputLocals.has(root.text);
  };

  const leaks: Leak[] = [];
  const add = (vals: readonly Val[], sink: Sink): void => {
    for (const val of vals) {
      const core = toLeakCore(val, names);
      if (core) leaks.push({ ...core, sink });
    }
  };
  for (const assignment of flow.assignments) {
    const left = unwrap(assignment.left) as ts.PropertyAccessExpression | ts.ElementAccessExpression;
    if (!isOutput(left.expression, left)) continue;
    const vals = flow.underKey(flow.evalExpr(assignment.right), accessedName(left));
    add(vals, { kind: 'assign', assignment, statement: flow.statementOf.get(assignment) });
  }
  for (const call of flow.assignCalls) {
    if (!isOutput(call.arguments[0])) continue;
    for (const argument of call.arguments.slice(1)) {
      add(flow.evalExpr(argument), { kind: 'assign-arg', call, argument, statement: flow.statementOf.get(call) });
    }
  }
  for (const returned of returns) add(flow.evalExpr(returned), { kind: 'return', expression: returned });

  const seen = new Set<string>();
  const unique = leaks.filter((leak) => {
    const key = `${leak.kind}:${leak.node.pos}:${leak.node.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  unique.sort((a, b) => a.node.pos - b.node.pos);
  return { leaks: unique, parameters, flow };
}

/** The flow of a session callback's body with its parameters bound (what findSessionLeaks and the session shape read). */
export function sessionCallbackFlow(
  sourceFile: ts.SourceFile,
  fn: FunctionLike,
  scopes: readonly ts.Node[],
  names: SensitiveNames,
  budget: DepthBudget,
): { flow: FunctionFlow; parameters: CallbackParameterNames } {
  const flow = new FunctionFlow(sourceFile, names, scopes, 0, budget);
  const parameters = bindCallbackParameters(flow, fn);
  if (fn.body) flow.scanBody(fn.body);
  return { flow, parameters };
}

/**
 * The session paths the callback's return paths send (`session`, `session.user`), as dotted text; 'all' when a
 * return sends the session in a way text cannot follow (an alias, a helper call) or the callback has no return.
 */
function returnedSessionPaths(flow: FunctionFlow, fn: FunctionLike, returns: readonly ts.Expression[], sessionName: string | undefined): string[] | 'all' {
  if (returns.length === 0 || sessionName === undefined || !fn.body) return 'all';
  const paths: string[] = [];
  let all = false;
  const visit = (expression: ts.Expression): void => {
    const e = unwrap(expression);
    if (ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) {
        if (ts.isPropertyAssignment(p)) visit(p.initializer);
        else if (ts.isSpreadAssignment(p)) visit(p.expression);
        else if (ts.isShorthandPropertyAssignment(p)) visit(p.name);
      }
      return;
    }
    if (ts.isConditionalExpression(e)) {
      visit(e.whenTrue);
      visit(e.whenFalse);
      return;
    }
    if (ts.isBinaryExpression(e) && (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken || e.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken)) {
      visit(e.left);
      visit(e.right);
      return;
    }
    if (!flow.isSessionRooted(e)) {
      // A fresh value (a literal, a local object) sends none of the session; anything else (`Promise.resolve(session)`,
      // a helper call) may send all of it.
      if (!(ts.isIdentifier(e) || ts.isLiteralExpression(e) || ts.isArrayLiteralExpression(e) || e.kind === ts.SyntaxKind.NullKeyword || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e))) all = true;
      return;
    }
    const text = chainText(e);
    if (text !== undefined && (text === sessionName || text.startsWith(`${sessionName}.`))) paths.push(text);
    else all = true;
  };
  returns.forEach(visit);
  return all ? 'all' : paths;
}

/** `a.b["c"]` -> `a.b.c`; undefined for anything but identifiers and static member accesses. */
function chainText(expression: ts.Expression): string | undefined {
  const e = unwrap(expression);
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) {
    const base = chainText(e.expression);
    const key = accessedName(e);
    return base === undefined || key === undefined ? undefined : `${base}.${key}`;
  }
  return undefined;
}

/**
 * `({ session, token })`, `({ session, token: { refreshToken } })`, `(params)` (then `params.token`), and the
 * NextAuth v3 positional `(session, token)`.
 */
function bindCallbackParameters(flow: FunctionFlow, fn: FunctionLike): CallbackParameterNames {
  const [first, second] = fn.parameters;
  if (!first) return {};
  if (ts.isIdentifier(first.name) && second && ts.isIdentifier(second.name)) {
    flow.bind(first.name.text, { source: { vals: [{ t: 'session' }] }, path: [] });
    flow.bind(second.name.text, { source: { vals: [{ t: 'token', excluded: EMPTY, node: second.name }] }, path: [] });
    return { session: first.name.text, token: second.name.text };
  }
  flow.bindPattern(first.name, { vals: [{ t: 'params' }] }, []);
  if (ts.isIdentifier(first.name)) return { session: `${first.name.text}.session`, token: `${first.name.text}.token` };
  const names: { session?: string; token?: string } = {};
  if (ts.isObjectBindingPattern(first.name)) {
    for (const element of first.name.elements) {
      const key = propertyNameText(element.propertyName ?? element.name);
      if (!ts.isIdentifier(element.name)) continue;
      if (key === 'session') names.session = element.name.text;
      if (key === 'token') names.token = element.name.text;
    }
  }
  return names;
}
