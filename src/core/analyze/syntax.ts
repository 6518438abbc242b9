import { ts } from 'ts-morph';
import { unwrapExpression } from '../ts-syntax';

/** The function forms a NextAuth callback, `authorize()` or a same-file helper can take. */
export type FunctionLike = ts.ArrowFunction | ts.FunctionExpression | ts.FunctionDeclaration | ts.MethodDeclaration;

export function isFunctionLike(node: ts.Node): node is FunctionLike {
  return (
    ts.isArrowFunction(node) || ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node)
  );
}

/** Strips parentheses, casts, `!`, `satisfies` and `await`: wrappers that pass the value through unchanged. */
export function unwrap(expression: ts.Expression): ts.Expression {
  return unwrapExpression(expression, { awaited: true });
}

/** The static name of a property/member name node (`a`, `"a"`, `['a']`), or undefined when computed. */
export function propertyNameText(name: ts.PropertyName | ts.BindingName | undefined): string | undefined {
  if (!name) return undefined;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  if (ts.isComputedPropertyName(name)) {
    const inner = name.expression;
    if (ts.isStringLiteral(inner) || ts.isNoSubstitutionTemplateLiteral(inner)) return inner.text;
  }
  return undefined;
}

/** The key read by `a.b` or `a["b"]`, when static. */
export function accessedName(node: ts.PropertyAccessExpression | ts.ElementAccessExpression): string | undefined {
  if (ts.isPropertyAccessExpression(node)) return node.name.text;
  const argument = node.argumentExpression;
  if (ts.isStringLiteral(argument) || ts.isNoSubstitutionTemplateLiteral(argument)) return argument.text;
  return undefined;
}

export function isAssignmentOperator(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken ||
    kind === ts.SyntaxKind.AmpersandAmpersandEqualsToken
  );
}

/** The callable a property value or declaration initializer holds (through wrappers), if it is one. */
export function asFunction(node: ts.Node | undefined): FunctionLike | undefined {
  if (!node) return undefined;
  const inner = ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isSatisfiesExpression(node) ? unwrap(node) : node;
  return isFunctionLike(inner) ? inner : undefined;
}

/**
 * Finds a function named `name` declared in the given scopes (innermost first): `function name() {}` or
 * `const name = () => {}` / `function () {}`, following one `const a = b` alias. Statements only, so it is cheap.
 */
export function resolveFunction(name: string, scopes: readonly ts.Node[], hops = 0): FunctionLike | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const statements = statementsOf(scopes[i]);
    if (!statements) continue;
    for (const statement of statements) {
      if (ts.isFunctionDeclaration(statement) && statement.name?.text === name && statement.body) return statement;
      if (ts.isVariableStatement(statement)) {
        for (const declaration of statement.declarationList.declarations) {
          if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name || !declaration.initializer) continue;
          const fn = asFunction(declaration.initializer);
          if (fn) return fn;
          const init = unwrap(declaration.initializer);
          if (ts.isIdentifier(init) && hops < 3) return resolveFunction(init.text, scopes.slice(0, i + 1), hops + 1);
        }
      }
    }
  }
  return undefined;
}

/** Finds `const name = <initializer>` in the given scopes (innermost first). */
export function resolveVariableInitializer(name: string, scopes: readonly ts.Node[]): ts.Expression | undefined {
  for (let i = scopes.length - 1; i >= 0; i--) {
    const statements = statementsOf(scopes[i]);
    if (!statements) continue;
    for (const statement of statements) {
      if (!ts.isVariableStatement(statement)) continue;
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) return declaration.initializer;
      }
    }
  }
  return undefined;
}

function statementsOf(node: ts.Node): ts.NodeArray<ts.Statement> | undefined {
  if (ts.isSourceFile(node) || ts.isBlock(node) || ts.isModuleBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node)) {
    return node.statements;
  }
  return undefined;
}

/** Top-level return expressions of a function (not those of nested functions); an arrow's expression body counts. */
export function returnExpressions(fn: FunctionLike): ts.Expression[] {
  const body = fn.body;
  if (!body) return [];
  if (!ts.isBlock(body)) return [body];
  const found: ts.Expression[] = [];
  const visit = (node: ts.Node): void => {
    if (isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node)) {
      if (node.expression) found.push(node.expression);
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}
