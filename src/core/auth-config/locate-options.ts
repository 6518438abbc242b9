import { ts } from 'ts-morph';
import { asFunction, hasModifier, memberName, returnExpressions, unwrapExpression } from '../ts-syntax';
import { commonJsExportName, isModuleExports, requireCall } from './project-sources';

/** Type names that mark an object as NextAuth / Auth.js options (v4, v5, @auth/core). */
export const OPTIONS_TYPE_NAMES: ReadonlySet<string> = new Set(['NextAuthOptions', 'AuthOptions', 'NextAuthConfig', 'AuthConfig']);

/** Modules whose default export (or `NextAuth` export) is the NextAuth function. */
const NEXT_AUTH_MODULES = new Set(['next-auth', 'next-auth/next']);

/** The options object one file holds, as far as the file alone tells. */
export interface OptionsInFile {
  readonly object: ts.ObjectLiteralExpression;
  /**
   * - `nextauth-call`: inline in `NextAuth({…})`, or returned by the function passed to it (v5 lazy init);
   * - `passed`: a variable of this file passed to `NextAuth(options)`;
   * - `typed`: typed as options (annotation, `satisfies`, `as`, JSDoc `@type`);
   * - `providers`: untyped, with a `providers` member, in a file that imports next-auth (CommonJS configs).
   */
  readonly how: 'nextauth-call' | 'passed' | 'typed' | 'providers';
  /** The name other modules import it by (`authOptions`, `default`), when the file exports the object itself. */
  readonly exportName?: string;
}

/**
 * The NextAuth options held in one file, judged by its syntax alone: what `NextAuth(…)` is called with (an
 * object, a variable of the file, or a function returning an object), else an object typed as options, else
 * an untyped object with `providers` that the file exports or passes on and that sits in a file importing
 * next-auth. Options passed in from another module are found by `readAuthConfig`, which follows imports.
 *
 * Example: `export const authOptions: NextAuthOptions = { providers: [] }` →
 * `{ object, how: 'typed', exportName: 'authOptions' }`.
 */
export function locateOptionsInFile(sourceFile: ts.SourceFile): OptionsInFile | undefined {
  const calls = nextAuthCalls(sourceFile);
  for (const call of calls) {
    const argument = call.arguments[0];
    if (!argument) continue;
    const inner = unwrapExpression(argument);
    const object = objectLiteral(inner) ?? objectReturnedBy(inner);
    if (object) return { object, how: 'nextauth-call' };
    if (ts.isIdentifier(inner)) {
      const local = topLevelObject(sourceFile, inner.text);
      if (local) return { object: local, how: 'passed', exportName: exportNameOf(sourceFile, local) };
    }
  }
  let typed: ts.ObjectLiteralExpression | undefined;
  let withProviders: ts.ObjectLiteralExpression | undefined;
  const importsNextAuth = /from\s*['"](next-auth|@auth\/)|require\(\s*['"](next-auth|@auth\/)/.test(sourceFile.text);
  const visit = (node: ts.Node): void => {
    if (typed) return;
    let object: ts.ObjectLiteralExpression | undefined;
    let isTyped = false;
    if (ts.isVariableDeclaration(node) && node.initializer) {
      object = objectLiteral(node.initializer);
      isTyped = !!object && (isOptionsType(node.type) || isOptionsType(ts.getJSDocType(node)) || hasOptionsJsDoc(node) || hasOptionsAssertion(node.initializer));
    } else if (ts.isExportAssignment(node) || (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken)) {
      const value = ts.isExportAssignment(node) ? node.expression : node.right;
      object = objectLiteral(value);
      isTyped = !!object && hasOptionsAssertion(value);
    }
    if (object && isTyped) typed = object;
    else if (object && !withProviders && importsNextAuth && memberNamed(object, 'providers') && exportNameOf(sourceFile, object) !== undefined) withProviders = object;
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (typed) return { object: typed, how: 'typed', exportName: exportNameOf(sourceFile, typed) };
  if (withProviders) return { object: withProviders, how: 'providers', exportName: exportNameOf(sourceFile, withProviders) };
  return undefined;
}

/**
 * The `NextAuth(…)` calls of a file: the callee is next-auth's default export under any local name
 * (`import NextAuth from "next-auth"`, `require("next-auth")`, `NextAuth.default(…)`, compiled CommonJS's
 * `(0, next_auth_1.default)(…)`), or a global named `NextAuth`.
 */
export function nextAuthCalls(sourceFile: ts.SourceFile): ts.CallExpression[] {
  const names = nextAuthNames(sourceFile);
  const calls: ts.CallExpression[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isNextAuthCallee(node.expression, names)) calls.push(node);
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return calls;
}

/** `NextAuthOptions`, `NextAuth.NextAuthOptions`, `import("next-auth").NextAuthOptions`, `(NextAuthConfig)`. */
export function isOptionsType(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isTypeReferenceNode(type)) return OPTIONS_TYPE_NAMES.has(ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text);
  if (ts.isImportTypeNode(type) && type.qualifier) return OPTIONS_TYPE_NAMES.has(ts.isIdentifier(type.qualifier) ? type.qualifier.text : type.qualifier.right.text);
  if (ts.isJSDocTypeExpression(type) || ts.isParenthesizedTypeNode(type)) return isOptionsType(type.type);
  return false;
}

/** The member of an object literal named `name` (property, shorthand, method or accessor); the last one wins, as at run time. */
export function memberNamed(object: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  for (let i = object.properties.length - 1; i >= 0; i--) if (memberName(object.properties[i]) === name) return object.properties[i];
  return undefined;
}

/**
 * The name other modules import an object by, when the file exports the object itself: the variable that
 * holds it (`export const x`, `export { x as y }`, `module.exports = { x }`, `exports.y = x`,
 * `export default x`), `export default {…}`, `exports.y = {…}`.
 */
export function exportNameOf(sourceFile: ts.SourceFile, object: ts.ObjectLiteralExpression): string | undefined {
  let node: ts.Node = object;
  while (node.parent && (ts.isParenthesizedExpression(node.parent) || ts.isAsExpression(node.parent) || ts.isSatisfiesExpression(node.parent) || ts.isTypeAssertionExpression(node.parent))) node = node.parent;
  const holder = node.parent;
  if (!holder) return undefined;
  if (ts.isExportAssignment(holder)) return holder.isExportEquals ? 'default' : 'default';
  if (ts.isBinaryExpression(holder) && holder.right === node) {
    if (isModuleExports(holder.left)) return 'default';
    return commonJsExportName(holder.left);
  }
  if (!ts.isVariableDeclaration(holder) || !ts.isIdentifier(holder.name) || !ts.isVariableStatement(holder.parent.parent) || !ts.isSourceFile(holder.parent.parent.parent)) return undefined;
  const name = holder.name.text;
  if (hasModifier(holder.parent.parent, ts.SyntaxKind.ExportKeyword)) return name;
  for (const statement of sourceFile.statements) {
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      const element = statement.exportClause.elements.find((e) => (e.propertyName ?? e.name).text === name);
      if (element) return element.name.text;
    }
    if (ts.isExportAssignment(statement) && ts.isIdentifier(statement.expression) && statement.expression.text === name) return 'default';
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = statement.expression;
      const value = unwrapExpression(right);
      if (isModuleExports(left) && ts.isIdentifier(value) && value.text === name) return 'default';
      if (isModuleExports(left) && ts.isObjectLiteralExpression(value)) {
        for (const member of value.properties) {
          if (ts.isShorthandPropertyAssignment(member) && member.name.text === name) return name;
          if (ts.isPropertyAssignment(member) && ts.isIdentifier(member.initializer) && member.initializer.text === name) return memberName(member);
        }
      }
      const exportName = commonJsExportName(left);
      if (exportName && ts.isIdentifier(value) && value.text === name) return exportName;
    }
  }
  return undefined;
}

/** The object literal under the wrappers (`{…} satisfies NextAuthConfig`, `({…})`). */
function objectLiteral(expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const inner = unwrapExpression(expression);
  return ts.isObjectLiteralExpression(inner) ? inner : undefined;
}

/** v5 lazy initialization: `NextAuth((req) => ({…}))` or `NextAuth(async () => { …; return {…} })`. */
function objectReturnedBy(expression: ts.Expression): ts.ObjectLiteralExpression | undefined {
  const fn = asFunction(expression);
  if (!fn) return undefined;
  for (const returned of returnExpressions(fn)) {
    const object = objectLiteral(returned);
    if (object) return object;
  }
  return undefined;
}

function topLevelObject(sourceFile: ts.SourceFile, name: string): ts.ObjectLiteralExpression | undefined {
  for (const statement of sourceFile.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (ts.isIdentifier(declaration.name) && declaration.name.text === name && declaration.initializer) return objectLiteral(declaration.initializer);
    }
  }
  return undefined;
}

function hasOptionsAssertion(expression: ts.Expression): boolean {
  let current = expression;
  for (;;) {
    if ((ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) && isOptionsType(current.type)) return true;
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) current = current.expression;
    else return false;
  }
}

/** `/** @type {import("next-auth").AuthOptions} *\/` above the statement (JSDoc the parser did not attach). */
function hasOptionsJsDoc(declaration: ts.VariableDeclaration): boolean {
  const statement = declaration.parent.parent;
  const text = statement.getSourceFile().text;
  const comments = ts.getLeadingCommentRanges(text, statement.pos) ?? [];
  const names = [...OPTIONS_TYPE_NAMES].join('|');
  return comments.some((c) => new RegExp(`@type\\s*\\{[^}]*\\b(${names})\\b`).test(text.slice(c.pos, c.end)));
}

/** Local names bound to next-auth's default export. */
function nextAuthNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set(['NextAuth']);
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && NEXT_AUTH_MODULES.has(statement.moduleSpecifier.text)) {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const element of clause.namedBindings.elements) {
          const imported = (element.propertyName ?? element.name).text;
          if (imported === 'default' || imported === 'NextAuth') names.add(element.name.text);
        }
      }
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer && isNextAuthRequire(declaration.initializer)) names.add(declaration.name.text);
      }
    }
  }
  return names;
}

function isNextAuthRequire(node: ts.Expression): boolean {
  const value = ts.isPropertyAccessExpression(node) && node.name.text === 'default' ? node.expression : node;
  const module = requireCall(value);
  return module !== undefined && NEXT_AUTH_MODULES.has(module);
}

function isNextAuthCallee(callee: ts.Expression, names: ReadonlySet<string>): boolean {
  if (ts.isIdentifier(callee)) return names.has(callee.text);
  // `NextAuth.default(...)` and `(0, next_auth_1.default)(...)` as compiled CommonJS writes it.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'default') return isNextAuthCallee(callee.expression, names) || isNextAuthRequire(callee);
  if (ts.isParenthesizedExpression(callee)) return isNextAuthCallee(callee.expression, names);
  if (ts.isBinaryExpression(callee) && callee.operatorToken.kind === ts.SyntaxKind.CommaToken) return isNextAuthCallee(callee.right, names);
  return false;
}
