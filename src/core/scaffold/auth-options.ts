import { ts } from 'ts-morph';
import { unwrapExpression as unwrap } from '../ts-syntax';

/** Type names that mark an object as NextAuth/Auth.js options. */
const OPTIONS_TYPES = new Set(['NextAuthOptions', 'AuthOptions', 'NextAuthConfig', 'AuthConfig']);

/**
 * The object literal holding the NextAuth options in a file, or undefined. Looks, in order, at what
 * `NextAuth(…)` is called with (an object, a variable of this file, or a function returning an
 * object), then at objects typed `NextAuthOptions`/`NextAuthConfig` (annotation, `satisfies`, `as`,
 * JSDoc `@type`), then at a top-level object with a `providers` property (CommonJS configs).
 */
export function findAuthOptions(source: ts.SourceFile): ts.ObjectLiteralExpression | undefined {
  let fromCall: ts.ObjectLiteralExpression | undefined;
  let typed: ts.ObjectLiteralExpression | undefined;
  let withProviders: ts.ObjectLiteralExpression | undefined;
  const visit = (node: ts.Node): void => {
    if (fromCall) return;
    if (ts.isCallExpression(node) && isNextAuthCallee(node.expression) && node.arguments.length > 0) {
      fromCall = optionsFromExpression(source, node.arguments[0]);
    } else if (ts.isVariableDeclaration(node) && node.initializer) {
      const object = unwrapObject(node.initializer);
      if (object && !typed && (isOptionsType(node.type) || hasOptionsJsDoc(node) || isOptionsAssertion(node.initializer))) typed = object;
      if (object && !withProviders && propertyNamed(object, 'providers') && ts.isSourceFile(node.parent.parent.parent)) withProviders = object;
    } else if (ts.isExportAssignment(node) || (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken)) {
      const value = ts.isExportAssignment(node) ? node.expression : node.right;
      const object = unwrapObject(value);
      if (object && !typed && isOptionsAssertion(value)) typed = object;
      if (object && !withProviders && propertyNamed(object, 'providers')) withProviders = object;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return fromCall ?? typed ?? withProviders;
}

function isNextAuthCallee(callee: ts.Expression): boolean {
  return (ts.isIdentifier(callee) && callee.text === 'NextAuth') || (ts.isPropertyAccessExpression(callee) && callee.name.text === 'default' && ts.isIdentifier(callee.expression) && callee.expression.text === 'NextAuth');
}

function optionsFromExpression(source: ts.SourceFile, expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const object = unwrapObject(expression);
  if (object) return object;
  const inner = unwrap(expression);
  if (ts.isIdentifier(inner)) {
    const declaration = topLevelVariable(source, inner.text);
    return declaration?.initializer ? optionsFromExpression(source, declaration.initializer) : undefined;
  }
  if (ts.isArrowFunction(inner) || ts.isFunctionExpression(inner)) {
    if (!ts.isBlock(inner.body)) return unwrapObject(inner.body);
    for (const statement of inner.body.statements) {
      if (ts.isReturnStatement(statement) && statement.expression) return unwrapObject(statement.expression);
    }
  }
  return undefined;
}

export function unwrapObject(expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const inner = unwrap(expression);
  return ts.isObjectLiteralExpression(inner) ? inner : undefined;
}

function isOptionsType(type: ts.TypeNode | undefined): boolean {
  if (!type || !ts.isTypeReferenceNode(type)) return false;
  const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
  return OPTIONS_TYPES.has(name);
}

function isOptionsAssertion(expression: ts.Expression): boolean {
  let current = expression;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) {
    if ((ts.isAsExpression(current) || ts.isSatisfiesExpression(current)) && isOptionsType(current.type)) return true;
    current = current.expression;
  }
  return false;
}

function hasOptionsJsDoc(declaration: ts.VariableDeclaration): boolean {
  const statement = declaration.parent.parent;
  const text = statement.getSourceFile().text;
  const comments = ts.getLeadingCommentRanges(text, statement.pos) ?? [];
  return comments.some((c) => /@type\s*\{[^}]*\b(NextAuthOptions|AuthOptions|NextAuthConfig|AuthConfig)\b/.test(text.slice(c.pos, c.end)));
}

/** A top-level `const|let|var name = …` of the file. */
export function topLevelVariable(source: ts.SourceFile, name: string): ts.VariableDeclaration | undefined {
  for (const statement of source.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name) return declaration;
    }
  }
  return undefined;
}

/** The member of an object literal named `name` (property, shorthand or method), if any. */
export function propertyNamed(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  return object.properties.find((p) => p.name !== undefined && propertyNameText(p.name) === name);
}

export function propertyNameText(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return undefined;
}

/**
 * The object literal a property's value is, following one identifier to a top-level variable of
 * the same file (`callbacks: callbacks`). Undefined for anything else (calls, imports).
 */
export function objectValueOf(source: ts.SourceFile, property: ts.ObjectLiteralElementLike): ts.ObjectLiteralExpression | undefined {
  const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
  if (!value) return undefined;
  const object = unwrapObject(value);
  if (object) return object;
  const inner = unwrap(value);
  if (ts.isIdentifier(inner)) {
    const initializer = topLevelVariable(source, inner.text)?.initializer;
    return initializer ? unwrapObject(initializer) : undefined;
  }
  return undefined;
}

/** Same as objectValueOf, for array values (`providers: providers`). */
export function arrayValueOf(source: ts.SourceFile, property: ts.ObjectLiteralElementLike): ts.ArrayLiteralExpression | undefined {
  const value = ts.isPropertyAssignment(property) ? property.initializer : ts.isShorthandPropertyAssignment(property) ? property.name : undefined;
  if (!value) return undefined;
  const inner = unwrap(value);
  if (ts.isArrayLiteralExpression(inner)) return inner;
  if (ts.isIdentifier(inner)) {
    const initializer = topLevelVariable(source, inner.text)?.initializer;
    const array = initializer ? unwrap(initializer) : undefined;
    return array && ts.isArrayLiteralExpression(array) ? array : undefined;
  }
  return undefined;
}

/**
 * The name other modules import the options object by: the exported variable holding it
 * (`export const authOptions`, `export { authOptions }`, `module.exports = { authOptions }`).
 */
export function exportedOptionsName(source: ts.SourceFile, options: ts.ObjectLiteralExpression): string | undefined {
  // Only a variable whose value IS the object counts (`const handler = NextAuth({…})` exports a handler).
  let node: ts.Node = options;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent))) node = node.parent;
  node = node.parent;
  if (!node || !ts.isVariableDeclaration(node) || !ts.isIdentifier(node.name) || !ts.isSourceFile(node.parent.parent.parent)) return undefined;
  const name = node.name.text;
  const statement = node.parent.parent as ts.VariableStatement;
  if ((ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) return name;
  for (const s of source.statements) {
    if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) {
      const element = s.exportClause.elements.find((e) => (e.propertyName ?? e.name).getText(source) === name);
      if (element) return element.name.text;
    }
  }
  return new RegExp(`\\b(module\\.)?exports\\b[^\\n]*\\b${name}\\b`).test(source.text) ? name : undefined;
}

/** Every name declared at the top level of a file (imports included), for collision checks. */
export function topLevelNames(source: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const addBinding = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) addBinding(element.name);
  };
  for (const statement of source.statements) {
    if (ts.isVariableStatement(statement)) statement.declarationList.declarations.forEach((d) => addBinding(d.name));
    else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name) names.add(statement.name.text);
    else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) names.add(clause.name.text);
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) names.add(clause.namedBindings.name.text);
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) clause.namedBindings.elements.forEach((e) => names.add(e.name.text));
    }
  }
  for (const match of source.text.matchAll(/@typedef\s+(?:\{[^}]*\}\s*)?([A-Za-z_$][\w$]*)/g)) names.add(match[1]);
  return names;
}
