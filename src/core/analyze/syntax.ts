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

/**
 * Whether `identifier`, somewhere inside `fn`, names one of `fn`'s own parameters rather than a local that shadows it:
 * a `let` / `const` / class / function declared in an enclosing block, a loop or catch variable, a nested function's
 * parameter, or a `var` anywhere in `fn` (it rebinds the name). Resolution by lexical scope, as the binder does, on
 * the path from `fn` down to the identifier; no type checker.
 */
export function refersToParameter(fn: FunctionLike, identifier: ts.Identifier): boolean {
  const name = identifier.text;
  if (!fn.parameters.some((p) => bindingNames(p.name).includes(name)) || !fn.body) return false;
  if (declaresVar(fn.body, name)) return false;
  let current: ts.Node = fn.body;
  while (current !== identifier) {
    if (current !== fn.body || ts.isBlock(current)) {
      if (scopeDeclares(current, name, fn)) return false;
    }
    let next: ts.Node | undefined;
    ts.forEachChild(current, (child) => {
      if (!next && identifier.pos >= child.pos && identifier.end <= child.end) next = child;
    });
    if (!next) return false;
    current = next;
  }
  return true;
}

/** The names a parameter or declaration binds (`a`, `{ a, b: c, ...d }`, `[e, f = 1]`). */
function bindingNames(name: ts.BindingName): string[] {
  if (ts.isIdentifier(name)) return [name.text];
  const out: string[] = [];
  for (const element of name.elements) if (!ts.isOmittedExpression(element)) out.push(...bindingNames(element.name));
  return out;
}

function scopeDeclares(node: ts.Node, name: string, fn: FunctionLike): boolean {
  if (node !== fn && isFunctionLike(node)) {
    return node.parameters.some((p) => bindingNames(p.name).includes(name)) || ((ts.isFunctionExpression(node) && node.name?.text === name) ?? false);
  }
  if (ts.isCatchClause(node)) return node.variableDeclaration !== undefined && bindingNames(node.variableDeclaration.name).includes(name);
  if ((ts.isForStatement(node) || ts.isForInStatement(node) || ts.isForOfStatement(node)) && node.initializer && ts.isVariableDeclarationList(node.initializer)) {
    return node.initializer.declarations.some((d) => bindingNames(d.name).includes(name));
  }
  const statements = ts.isBlock(node) || ts.isCaseClause(node) || ts.isDefaultClause(node) || ts.isModuleBlock(node) ? node.statements : undefined;
  for (const statement of statements ?? []) {
    if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && statement.name?.text === name) return true;
    if (ts.isVariableStatement(statement) && statement.declarationList.declarations.some((d) => bindingNames(d.name).includes(name))) return true;
  }
  return false;
}

/** A `var name` anywhere in `body`, outside nested functions (it is hoisted to the function). */
function declaresVar(body: ts.Node, name: string): boolean {
  let found = false;
  const stack: ts.Node[] = [body];
  while (stack.length > 0 && !found) {
    const node = stack.pop()!;
    if (ts.isVariableDeclarationList(node) && !(node.flags & ts.NodeFlags.BlockScoped) && node.declarations.some((d) => bindingNames(d.name).includes(name))) found = true;
    if (node === body || !(isFunctionLike(node) || ts.isClassLike(node))) ts.forEachChild(node, (child) => void stack.push(child));
  }
  return found;
}
