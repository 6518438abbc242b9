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
