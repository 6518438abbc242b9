import { ts } from 'ts-morph';

/**
 * How to parse a file, by its name: `.tsx`, `.ts`/`.mts`/`.cts`, `.jsx`, and anything else as JavaScript
 * (TypeScript parses JSX in JavaScript too, as Next.js allows in `.js` files).
 */
export function scriptKindOf(fileName: string): ts.ScriptKind {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.tsx')) return ts.ScriptKind.TSX;
  if (/\.[mc]?ts$/.test(lower)) return ts.ScriptKind.TS;
  if (lower.endsWith('.jsx')) return ts.ScriptKind.JSX;
  return ts.ScriptKind.JS;
}

/**
 * The value under the wrappers that pass it through unchanged: parentheses (JSDoc casts included),
 * `as X`, `<X>`, `!` and `satisfies`; with `{ awaited: true }` also `await`.
 */
export function unwrapExpression(expression: ts.Expression, options: { awaited?: boolean } = {}): ts.Expression {
  let current = expression;
  while (
    ts.isParenthesizedExpression(current) ||
    ts.isAsExpression(current) ||
    ts.isTypeAssertionExpression(current) ||
    ts.isNonNullExpression(current) ||
    ts.isSatisfiesExpression(current) ||
    (options.awaited === true && ts.isAwaitExpression(current))
  ) {
    current = current.expression;
  }
  return current;
}

/** The function forms a NextAuth callback, `authorize()` or a helper can take. */
export type FunctionLike = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node);
}

/**
 * Whether a node opens a body of its own (a function, method, accessor or class): walks over a function's
 * statements stop there, since what happens inside runs at another time or not at all.
 */
export function opensOwnBody(node: ts.Node): boolean {
  return isFunctionLike(node) || ts.isClassLike(node) || ts.isGetAccessor(node) || ts.isSetAccessor(node) || ts.isConstructorDeclaration(node);
}

/** The callable an expression holds through the wrappers (`(async () => …) as X`), if it is one. */
export function asFunction(node: ts.Node | undefined): FunctionLike | undefined {
  if (!node) return undefined;
  const inner = ts.isExpression(node) ? unwrapExpression(node) : node;
  return isFunctionLike(inner) ? inner : undefined;
}

/**
 * The expressions a function returns, not those of functions or classes nested in it; an arrow's
 * expression body counts as its return.
 */
export function returnExpressions(fn: FunctionLike | ts.FunctionLikeDeclaration): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (opensOwnBody(node)) return;
    if (ts.isReturnStatement(node)) {
      if (node.expression) found.push(node.expression);
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** The static text of a property or binding name (`a`, `"a"`, `1`, `#a`, `["a"]`), or undefined when computed. */
export function propertyNameText(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name) && (ts.isStringLiteral(name.expression) || ts.isNoSubstitutionTemplateLiteral(name.expression))) return name.expression.text;
  return undefined;
}

/** The name of an object literal member (property, shorthand, method, accessor); undefined for a spread or a computed key. */
export function memberName(member: ts.ObjectLiteralElementLike): string | undefined {
  return ts.isSpreadAssignment(member) ? undefined : propertyNameText(member.name);
}

/** Whether a statement or declaration carries the modifier (`export`, `default`, `async` …). */
export function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === kind);
}

/** 1-based line of a character offset in a source file. */
export function lineAt(sourceFile: ts.SourceFile, position: number): number {
  return sourceFile.getLineAndCharacterOfPosition(position).line + 1;
}

/** The names a binding introduces: `a`, `{ a, b: c }` → a, c; `[x, ...rest]` → x, rest. */
export function boundNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  return name.elements.flatMap((element) => (ts.isOmittedExpression(element) ? [] : boundNames(element.name)));
}

/** The object type literal a type node is or holds: `{ … }`, `({ … })`, `{ … } & Other`. */
export function typeLiteralIn(type: ts.TypeNode): ts.TypeLiteralNode | undefined {
  if (ts.isTypeLiteralNode(type)) return type;
  if (ts.isParenthesizedTypeNode(type)) return typeLiteralIn(type.type);
  if (ts.isIntersectionTypeNode(type)) return type.types.map(typeLiteralIn).find((t) => t !== undefined);
  return undefined;
}
