import * as path from 'path';
import { ts } from 'ts-morph';
import { scriptKindOf, unwrapExpression as unwrap } from '../ts-syntax';
import type { ReadonlyFileSystem } from '../file-system';
import type { ExistingAuthConfig } from '../project-info';
import { childFolders } from './walk';

/** Type names that mark an object as NextAuth / Auth.js options. */
const OPTIONS_TYPE_NAMES = new Set(['NextAuthOptions', 'AuthOptions', 'NextAuthConfig']);
const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
/** Cheap pre-filter: a file that mentions none of these cannot hold an auth config. */
const MENTIONS_NEXT_AUTH = /next-auth|NextAuth|AuthOptions|@auth\//;
/** Folders that hold no app source besides the generic skip list (tests and mocks configure fakes). */
const NON_SOURCE_FOLDERS = new Set(['public', 'coverage', '__tests__', '__mocks__']);
const TEST_FILE = /\.(test|spec|stories)\.[cm]?[jt]sx?$/;
const MAX_DEPTH = 12;
const MAX_FILES = 20000;

/**
 * Every NextAuth / Auth.js configuration in the app's own source (node_modules, build output, hidden folders,
 * tests and mocks skipped), the most canonical first: `lib/auth`, `auth` (root or `src/`), then the route files, then
 * the rest; an exported options object before an inline `NextAuth({...})` call. One entry per file.
 * Recognised: an object typed (annotation, `satisfies`, `as`, JSDoc `@type`) NextAuthOptions / AuthOptions /
 * NextAuthConfig; an object passed to `NextAuth(...)`; options inline in a `NextAuth({...})` call (v4 route,
 * v5 `auth.ts`); CommonJS `module.exports = { authOptions }` / `exports.authOptions = {...}`; and an untyped
 * object with a `providers` array in a file that imports next-auth. Never throws: a file that does not parse
 * cleanly is still searched as far as TypeScript can read it.
 */
export function findAuthConfigs(fs: ReadonlyFileSystem, appRoot: string): ExistingAuthConfig[] {
  const root = path.resolve(appRoot);
  const found: ExistingAuthConfig[] = [];
  for (const file of sourceFiles(fs, root)) {
    const text = fs.readFile(file);
    if (text === undefined || !MENTIONS_NEXT_AUTH.test(text)) continue;
    const config = findAuthConfigInText(file, text);
    if (config) found.push(config);
  }
  return found.sort((a, b) => rank(root, a) - rank(root, b) || a.file.localeCompare(b.file));
}

/** The auth configuration held in one file's text, or `undefined`. Exported for the editor's active-file case. */
export function findAuthConfigInText(file: string, text: string): ExistingAuthConfig | undefined {
  const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file));
  const importsNextAuth = /from\s*['"](next-auth|@auth\/)|require\(\s*['"]next-auth/.test(text);
  const nextAuthNames = collectNextAuthNames(sourceFile);
  const exportNames = collectExportNames(sourceFile);
  const passedToNextAuth = new Set<string>();
  let inlineCall = false;
  const objects: Array<{ name: string; strong: boolean }> = [];
  // Set by `exports.x = {...}`, `module.exports.x = {...}` or `export default {...}`: an export with no variable.
  let assignedExport: string | undefined;

  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && isNextAuthCallee(node.expression, nextAuthNames)) {
      const arg = node.arguments[0] ? unwrap(node.arguments[0]) : undefined;
      if (arg && ts.isIdentifier(arg)) passedToNextAuth.add(arg.text);
      else if (arg && (ts.isObjectLiteralExpression(arg) || ts.isArrowFunction(arg) || ts.isFunctionExpression(arg))) inlineCall = true;
    }
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
      const init = node.initializer;
      if (ts.isObjectLiteralExpression(unwrap(init))) {
        const typed = isOptionsType(node.type) || hasOptionsAssertion(init) || isOptionsType(ts.getJSDocType(node));
        const untyped = importsNextAuth && hasProvidersArray(unwrap(init) as ts.ObjectLiteralExpression);
        if (typed || untyped) objects.push({ name: node.name.text, strong: typed });
      }
    }
    if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const target = commonJsExportName(node.left);
      const value = unwrap(node.right);
      if (target && ts.isObjectLiteralExpression(value) && (hasOptionsAssertion(node.right) || (importsNextAuth && hasProvidersArray(value)))) {
        assignedExport = target;
      }
    }
    if (ts.isExportAssignment(node) && !node.isExportEquals) {
      const value = unwrap(node.expression);
      if (ts.isObjectLiteralExpression(value) && (hasOptionsAssertion(node.expression) || (importsNextAuth && hasProvidersArray(value)))) {
        assignedExport = 'default';
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);

  const candidates = objects.filter((o) => o.strong || passedToNextAuth.has(o.name) || exportNames.has(o.name));
  const exported = candidates.find((o) => exportNames.has(o.name));
  if (exported) return { file, form: 'options-object', exportName: exportNames.get(exported.name) };
  if (assignedExport) return { file, form: 'options-object', exportName: assignedExport };
  if (inlineCall) return { file, form: 'nextauth-call' };
  const local = candidates.find((o) => o.strong || passedToNextAuth.has(o.name));
  if (local) return { file, form: 'options-object' };
  return undefined;
}

function* sourceFiles(fs: ReadonlyFileSystem, root: string): Generator<string> {
  let count = 0;
  const stack: Array<[string, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [dir, depth] = stack.pop() as [string, number];
    for (const name of fs.readDirectory(dir).sort()) {
      const full = path.join(dir, name);
      if (SOURCE_FILE.test(name) && !/\.d\.[cm]?ts$/.test(name) && !TEST_FILE.test(name) && fs.isFile(full)) {
        if (++count > MAX_FILES) return;
        yield full;
      }
    }
    if (depth >= MAX_DEPTH) continue;
    for (const child of childFolders(fs, dir).reverse()) {
      if (!NON_SOURCE_FOLDERS.has(child)) stack.push([path.join(dir, child), depth + 1]);
    }
  }
}

function hasOptionsAssertion(node: ts.Expression): boolean {
  let current = node;
  for (;;) {
    if ((ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) && isOptionsType(current.type)) {
      return true;
    }
    if (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isTypeAssertionExpression(current)) {
      current = current.expression;
    } else {
      return false;
    }
  }
}

/** `NextAuthOptions`, `NextAuth.NextAuthOptions`, `import("next-auth").NextAuthOptions`. */
function isOptionsType(type: ts.TypeNode | undefined): boolean {
  if (!type) return false;
  if (ts.isTypeReferenceNode(type)) {
    const name = ts.isIdentifier(type.typeName) ? type.typeName.text : type.typeName.right.text;
    return OPTIONS_TYPE_NAMES.has(name);
  }
  if (ts.isImportTypeNode(type) && type.qualifier) {
    const name = ts.isIdentifier(type.qualifier) ? type.qualifier.text : type.qualifier.right.text;
    return OPTIONS_TYPE_NAMES.has(name);
  }
  if (ts.isJSDocTypeExpression(type)) return isOptionsType(type.type);
  if (ts.isParenthesizedTypeNode(type)) return isOptionsType(type.type);
  return false;
}

function hasProvidersArray(object: ts.ObjectLiteralExpression): boolean {
  return object.properties.some(
    (p) =>
      (ts.isPropertyAssignment(p) && propertyName(p.name) === 'providers' && ts.isArrayLiteralExpression(unwrap(p.initializer))) ||
      (ts.isShorthandPropertyAssignment(p) && p.name.text === 'providers'),
  );
}

function propertyName(name: ts.PropertyName): string | undefined {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : undefined;
}

/** Local names bound to next-auth's default export (`import NextAuth from "next-auth"`, `require("next-auth").default`). */
function collectNextAuthNames(sourceFile: ts.SourceFile): Set<string> {
  const names = new Set(['NextAuth']);
  for (const statement of sourceFile.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === 'next-auth') {
      const clause = statement.importClause;
      if (clause?.name) names.add(clause.name.text);
      if (clause?.namedBindings && ts.isNamedImports(clause.namedBindings)) {
        for (const element of clause.namedBindings.elements) {
          if ((element.propertyName?.text ?? element.name.text) === 'default') names.add(element.name.text);
        }
      }
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name) && declaration.initializer && isNextAuthRequire(declaration.initializer)) {
          names.add(declaration.name.text);
        }
      }
    }
  }
  return names;
}

function isNextAuthRequire(node: ts.Expression): boolean {
  const value = ts.isPropertyAccessExpression(node) && node.name.text === 'default' ? node.expression : node;
  return (
    ts.isCallExpression(value) &&
    ts.isIdentifier(value.expression) &&
    value.expression.text === 'require' &&
    value.arguments.length === 1 &&
    ts.isStringLiteral(value.arguments[0]) &&
    value.arguments[0].text === 'next-auth'
  );
}

function isNextAuthCallee(callee: ts.Expression, names: Set<string>): boolean {
  if (ts.isIdentifier(callee)) return names.has(callee.text);
  // `NextAuth.default(...)` and `(0, next_auth_1.default)(...)` as compiled CommonJS writes it.
  if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'default') return isNextAuthCallee(callee.expression, names) || isNextAuthRequire(callee);
  if (ts.isParenthesizedExpression(callee)) return isNextAuthCallee(callee.expression, names);
  return false;
}

/** Local variable name → exported name, from `export const`, `export { a as b }`, `export default a`, `module.exports = { a }`. */
function collectExportNames(sourceFile: ts.SourceFile): Map<string, string> {
  const exported = new Map<string, string>();
  for (const statement of sourceFile.statements) {
    if (ts.isVariableStatement(statement) && statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword)) {
      for (const declaration of statement.declarationList.declarations) {
        if (ts.isIdentifier(declaration.name)) exported.set(declaration.name.text, declaration.name.text);
      }
    }
    if (ts.isExportDeclaration(statement) && !statement.moduleSpecifier && statement.exportClause && ts.isNamedExports(statement.exportClause)) {
      for (const element of statement.exportClause.elements) {
        exported.set(element.propertyName?.text ?? element.name.text, element.name.text);
      }
    }
    if (ts.isExportAssignment(statement) && !statement.isExportEquals && ts.isIdentifier(statement.expression)) {
      exported.set(statement.expression.text, 'default');
    }
    if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const { left, right } = statement.expression;
      if (isModuleExports(left) && ts.isObjectLiteralExpression(right)) {
        for (const p of right.properties) {
          if (ts.isShorthandPropertyAssignment(p)) exported.set(p.name.text, p.name.text);
          else if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.initializer)) {
            const name = propertyName(p.name);
            if (name) exported.set(p.initializer.text, name);
          }
        }
      } else if (isModuleExports(left) && ts.isIdentifier(right)) {
        exported.set(right.text, 'default');
      } else {
        const name = commonJsExportName(left);
        if (name && ts.isIdentifier(right)) exported.set(right.text, name);
      }
    }
  }
  return exported;
}

function isModuleExports(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
}

/** `module.exports.x` or `exports.x` → `x`. */
function commonJsExportName(node: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(node)) return undefined;
  const target = node.expression;
  if (isModuleExports(target) || (ts.isIdentifier(target) && target.text === 'exports')) return node.name.text;
  return undefined;
}

/** 0: lib/auth, auth (root or src); 1: the [...nextauth] route; 2: anything else. */
function rank(root: string, config: ExistingAuthConfig): number {
  const relative = path.relative(root, config.file).split(path.sep).join('/').replace(/^src\//, '');
  const withoutExt = relative.replace(/\.[^./]+$/, '');
  let score = 2;
  if (withoutExt === 'lib/auth' || withoutExt === 'auth' || withoutExt === 'server/auth') score = 0;
  else if (/^(app\/api\/auth\/\[\.\.\.nextauth\]\/route|pages\/api\/auth\/\[\.\.\.nextauth\])$/.test(withoutExt)) score = 1;
  // Within a rank, a named options object is easier to merge into than an inline call.
  return score * 2 + (config.form === 'options-object' ? 0 : 1);
}
