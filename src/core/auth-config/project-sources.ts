import * as path from 'path';
import { ts } from 'ts-morph';
import type { ReadonlyFileSystem } from '../file-system';
import { type FunctionLike, asFunction, hasModifier, isFunctionLike, lineAt, memberName, propertyNameText, returnExpressions, scriptKindOf, unwrapExpression } from '../ts-syntax';
import { type ImportKind, ModuleResolver } from './module-resolver';

/** A node and the file it is in (its SourceFile is `sources.sourceFile(file)`). */
export interface Located<T extends ts.Node = ts.Node> {
  readonly file: string;
  readonly node: T;
}

/**
 * What an expression stands for once identifiers, imports, re-exports, `require()` and member accesses are
 * followed:
 * - `node`: a node of a project file — an object literal, a function, a call, a literal, or (when nothing
 *   more can be known) the declaration that introduced the name, such as a parameter;
 * - `module`: a whole project module (`import * as m`, `require("./m")`);
 * - `external`: something imported from a package outside the workspace, by module and export name
 *   (`import NextAuth from "next-auth"` → `{ module: 'next-auth', name: 'default' }`).
 */
export type Value =
  | { readonly kind: 'node'; readonly file: string; readonly node: ts.Node }
  | { readonly kind: 'module'; readonly file: string }
  | { readonly kind: 'external'; readonly module: string; readonly name: string };

const SOURCE_FILE = /\.(ts|tsx|js|jsx|mjs|cjs|mts|cts)$/;
/** Bound on the hops of one lookup (aliases, re-exports, spreads): configs are shallow; cycles must end. */
const MAX_DEPTH = 24;

/**
 * The project's source files as TypeScript syntax trees, parsed once per text (a file edited in the change
 * set is parsed again, the rest are not), and the cross-file facts every reader of the auth config needs:
 * where an import leads (see ModuleResolver), what a module exports (re-exports, `export *`, `export default`,
 * CommonJS `module.exports`/`exports.x`), and what a name or member access stands for (scopes resolved by
 * declaration, not by text). Syntax only: no type checker, no program.
 *
 * Example: for `import { authConfig } from "./auth.config"; NextAuth({ ...authConfig })`,
 * `sources.valueOf(spread.expression, '/app/auth.ts')` is the object literal in `/app/auth.config.ts`.
 */
export class ProjectSources {
  private readonly parsed = new Map<string, { text: string; sourceFile: ts.SourceFile }>();

  constructor(
    readonly fs: ReadonlyFileSystem,
    readonly resolver: ModuleResolver = new ModuleResolver(fs),
  ) {}

  /** Sources that hold one file only, as `text()` has it now (a merge's or a single-file reader's view). */
  static ofFile(file: string, text: () => string): ProjectSources {
    return new ProjectSources({
      readFile: (p) => (p === file ? text() : undefined),
      isFile: (p) => p === file,
      isDirectory: () => false,
      readDirectory: () => [],
    });
  }

  /** The parsed file (parent pointers set), or undefined when it does not exist or is not JavaScript/TypeScript. */
  sourceFile(file: string): ts.SourceFile | undefined {
    if (!SOURCE_FILE.test(file) || /\.d\.[cm]?ts$/.test(file)) return undefined;
    const text = this.fs.readFile(file);
    if (text === undefined) return undefined;
    const cached = this.parsed.get(file);
    if (cached?.text === text) return cached.sourceFile;
    const sourceFile = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, scriptKindOf(file));
    this.parsed.set(file, { text, sourceFile });
    return sourceFile;
  }

  /** 1-based line where a located node starts. */
  lineOf(located: Located): number {
    const sourceFile = this.sourceFile(located.file);
    return sourceFile ? lineAt(sourceFile, located.node.getStart(sourceFile)) : 1;
  }

  /** The project file an import leads to (installed packages and declaration-only modules are not followed). */
  resolveModule(specifier: string, fromFile: string, kind: ImportKind = 'import'): string | undefined {
    const resolved = this.resolver.resolve(specifier, fromFile, kind);
    return resolved && !resolved.external && !resolved.declarationOnly ? resolved.file : undefined;
  }

  /** The value behind a module specifier: a project module, or a package export. */
  moduleValue(specifier: string, fromFile: string, kind: ImportKind, name: string | '*', depth = 0): Value | undefined {
    const file = this.resolveModule(specifier, fromFile, kind);
    if (file && name === '*' && kind === 'require') return this.requiredValue(file, depth + 1);
    if (file) return name === '*' ? { kind: 'module', file } : this.exportedValue(file, name, depth + 1);
    if (specifier.startsWith('.') || path.isAbsolute(specifier)) return undefined;
    return { kind: 'external', module: specifier, name };
  }

  /**
   * The declaration `identifier` refers to where it is used: the innermost enclosing scope (block, function
   * parameters, module) that declares the name — a variable or destructured binding, a function, class or
   * enum, an import. Undefined for globals and for names that are not declared.
   */
  declarationOf(identifier: ts.Identifier): ts.Declaration | undefined {
    const name = identifier.text;
    for (let scope: ts.Node | undefined = identifier.parent; scope; scope = scope.parent) {
      const found = declarationIn(scope, name, identifier);
      if (found) return found;
    }
    return undefined;
  }

  /** See Value. Undefined when the expression cannot be followed (a global, an unresolved import, a cycle). */
  valueOf(expression: ts.Expression, file: string, depth = 0): Value | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = unwrapExpression(expression, { awaited: true });
    if (ts.isIdentifier(e)) {
      const declaration = this.declarationOf(e);
      return declaration ? this.valueOfDeclaration(declaration, file, depth + 1) : undefined;
    }
    if (ts.isPropertyAccessExpression(e) || (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression))) {
      const name = ts.isPropertyAccessExpression(e) ? e.name.text : (e.argumentExpression as ts.StringLiteralLike).text;
      const required = requireCall(e.expression);
      const owner = required ? this.moduleValue(required, file, 'require', '*', depth + 1) : this.valueOf(e.expression, file, depth + 1);
      return owner ? this.memberOf(owner, name, depth + 1) : undefined;
    }
    const required = requireCall(e);
    if (required) return this.moduleValue(required, file, 'require', '*', depth + 1);
    if (ts.isCallExpression(e)) {
      // A project function that builds the object: `callbacks: buildCallbacks()`.
      const callee = this.valueOf(e.expression, file, depth + 1);
      const fn = callee?.kind === 'node' ? asFunction(callee.node) : undefined;
      if (callee?.kind === 'node' && fn) {
        const returned = returnExpressions(fn).filter((r) => !isUndefinedLiteral(r));
        if (returned.length === 1) return this.valueOf(returned[0], callee.file, depth + 1) ?? { kind: 'node', file: callee.file, node: returned[0] };
      }
    }
    return { kind: 'node', file, node: e };
  }

  /** What `value.name` is: an object literal's property (the last one wins, spreads followed), a module's export. */
  memberOf(value: Value, name: string, depth = 0): Value | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (value.kind === 'module') return this.exportedValue(value.file, name, depth + 1);
    if (value.kind === 'external') return { kind: 'external', module: value.module, name: value.name === '*' ? name : `${value.name}.${name}` };
    const node = value.node;
    if (!ts.isObjectLiteralExpression(node)) return undefined;
    for (let i = node.properties.length - 1; i >= 0; i--) {
      const member = node.properties[i];
      if (ts.isSpreadAssignment(member)) {
        const spread = this.valueOf(member.expression, value.file, depth + 1);
        const inner = spread && this.memberOf(spread, name, depth + 1);
        if (inner) return inner;
        continue;
      }
      if (memberName(member) !== name) continue;
      if (ts.isPropertyAssignment(member)) return this.valueOf(member.initializer, value.file, depth + 1);
      if (ts.isShorthandPropertyAssignment(member)) return this.valueOf(member.name, value.file, depth + 1);
      return { kind: 'node', file: value.file, node: member };
    }
    return undefined;
  }

  /**
   * What `file` exports as `name` (`'default'` for the default export): `export const`/`function`/`class`,
   * `export { a as name }`, re-exports (`export { a } from`, `export *`), `export default`, and CommonJS
   * (`module.exports = { name }`, `module.exports.name =`, `exports.name =`; the whole `module.exports` is
   * the default, as a bundler's interop sees it).
   */
  exportedValue(file: string, name: string, depth = 0): Value | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const sourceFile = this.sourceFile(file);
    if (!sourceFile) return undefined;
    const starSources: string[] = [];
    let commonJs: ts.Expression | undefined;
    for (const statement of sourceFile.statements) {
      const exported = hasModifier(statement, ts.SyntaxKind.ExportKeyword);
      const isDefault = hasModifier(statement, ts.SyntaxKind.DefaultKeyword);
      if (ts.isVariableStatement(statement) && exported) {
        for (const declaration of statement.declarationList.declarations) {
          const binding = findBinding(declaration.name, name);
          if (binding) return this.valueOfDeclaration(binding, file, depth + 1);
        }
      } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement)) && exported) {
        if ((isDefault && name === 'default') || (!isDefault && statement.name?.text === name)) return { kind: 'node', file, node: statement };
      } else if (ts.isExportAssignment(statement)) {
        if (name === 'default' || statement.isExportEquals) {
          const value = this.valueOf(statement.expression, file, depth + 1);
          return name === 'default' || !value ? value : this.memberOf(value, name, depth + 1);
        }
      } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
        const specifier = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
        const clause = statement.exportClause;
        if (!clause) {
          if (specifier && name !== 'default') starSources.push(specifier);
        } else if (ts.isNamespaceExport(clause)) {
          if (specifier && clause.name.text === name) return this.moduleValue(specifier, file, 'import', '*', depth + 1);
        } else {
          const element = clause.elements.find((e) => !e.isTypeOnly && e.name.text === name);
          if (element) {
            const local = element.propertyName ?? element.name;
            const localName = ts.isIdentifier(local) ? local.text : local.text;
            if (specifier) return this.moduleValue(specifier, file, 'import', localName, depth + 1);
            const declaration = ts.isIdentifier(local) ? declarationIn(sourceFile, localName, local) : undefined;
            return declaration ? this.valueOfDeclaration(declaration, file, depth + 1) : undefined;
          }
        }
      } else if (ts.isExpressionStatement(statement) && ts.isBinaryExpression(statement.expression) && statement.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        const { left, right } = statement.expression;
        if (isModuleExports(left)) commonJs = right;
        else if (commonJsExportName(left) === name) return this.valueOf(right, file, depth + 1);
      }
    }
    if (commonJs) {
      const whole = this.valueOf(commonJs, file, depth + 1);
      if (name === 'default') return whole;
      const member = whole && this.memberOf(whole, name, depth + 1);
      if (member) return member;
    }
    for (const specifier of starSources) {
      const target = this.resolveModule(specifier, file);
      const found = target && this.exportedValue(target, name, depth + 1);
      if (found) return found;
    }
    return undefined;
  }

  /** The value a declaration gives its name: an initializer, a destructured member, an import's target. */
  valueOfDeclaration(declaration: ts.Declaration, file: string, depth = 0): Value | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isVariableDeclaration(declaration)) {
      return declaration.initializer ? this.valueOf(declaration.initializer, file, depth + 1) : { kind: 'node', file, node: declaration };
    }
    if (ts.isBindingElement(declaration)) {
      const key = declaration.propertyName ? propertyNameText(declaration.propertyName) : ts.isIdentifier(declaration.name) ? declaration.name.text : undefined;
      const pattern = declaration.parent;
      const holder = pattern.parent;
      const owner =
        ts.isObjectBindingPattern(pattern) && key !== undefined
          ? ts.isVariableDeclaration(holder) && holder.initializer
            ? this.valueOf(holder.initializer, file, depth + 1)
            : ts.isBindingElement(holder)
              ? this.valueOfDeclaration(holder, file, depth + 1)
              : undefined
          : undefined;
      const member = owner && key !== undefined ? this.memberOf(owner, key, depth + 1) : undefined;
      return member ?? { kind: 'node', file, node: declaration };
    }
    if (ts.isImportClause(declaration)) return this.importValue(declaration.parent, 'default', file, depth);
    if (ts.isImportSpecifier(declaration)) {
      const imported = (declaration.propertyName ?? declaration.name).text;
      return this.importValue(declaration.parent.parent.parent, imported, file, depth);
    }
    if (ts.isNamespaceImport(declaration)) return this.importValue(declaration.parent.parent, '*', file, depth);
    if (ts.isImportEqualsDeclaration(declaration)) {
      const reference = declaration.moduleReference;
      return ts.isExternalModuleReference(reference) && ts.isStringLiteral(reference.expression) ? this.moduleValue(reference.expression.text, file, 'require', '*', depth + 1) : undefined;
    }
    return { kind: 'node', file, node: declaration };
  }

  private importValue(importDeclaration: ts.ImportDeclaration | ts.JSDocImportTag, name: string, file: string, depth: number): Value | undefined {
    const specifier = importDeclaration.moduleSpecifier;
    return ts.isStringLiteral(specifier) ? this.moduleValue(specifier.text, file, 'import', name, depth + 1) : undefined;
  }

  /** What `require(file)` returns: the value assigned to `module.exports` when the module assigns one, else the module. */
  private requiredValue(file: string, depth: number): Value | undefined {
    const sourceFile = this.sourceFile(file);
    const assigned = sourceFile?.statements.find(
      (s): s is ts.ExpressionStatement => ts.isExpressionStatement(s) && ts.isBinaryExpression(s.expression) && s.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken && isModuleExports(s.expression.left),
    );
    return assigned ? this.valueOf((assigned.expression as ts.BinaryExpression).right, file, depth + 1) : { kind: 'module', file };
  }

  /** The function a value is, when it is one (an arrow, a function expression or declaration, a method). */
  functionOf(value: Value | undefined): Located<FunctionLike> | undefined {
    if (value?.kind !== 'node') return undefined;
    const fn = isFunctionLike(value.node) ? value.node : ts.isExpression(value.node) ? asFunction(value.node) : undefined;
    return fn ? { file: value.file, node: fn } : undefined;
  }

  /** The object literal a value is, when it is one. */
  objectOf(value: Value | undefined): Located<ts.ObjectLiteralExpression> | undefined {
    return value?.kind === 'node' && ts.isObjectLiteralExpression(value.node) ? { file: value.file, node: value.node } : undefined;
  }
}

/** The declaration of `name` a scope node itself introduces, as seen from `from` (inside it). */
function declarationIn(scope: ts.Node, name: string, from: ts.Node): ts.Declaration | undefined {
  if (isFunctionLike(scope) || ts.isConstructorDeclaration(scope) || ts.isGetAccessor(scope) || ts.isSetAccessor(scope)) {
    // Parameters are visible in the body (and in later parameters), not from the function's own name.
    for (const parameter of scope.parameters) {
      const binding = findBinding(parameter.name, name);
      if (binding) return binding;
    }
    if ((ts.isFunctionExpression(scope) || ts.isClassExpression(scope)) && scope.name?.text === name && from !== scope.name) return scope;
    return undefined;
  }
  if (ts.isCatchClause(scope)) return scope.variableDeclaration ? findBinding(scope.variableDeclaration.name, name) : undefined;
  if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
    for (const declaration of scope.initializer.declarations) {
      const binding = findBinding(declaration.name, name);
      if (binding) return binding;
    }
    return undefined;
  }
  const statements = ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope) ? scope.statements : undefined;
  if (!statements) return undefined;
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const binding = findBinding(declaration.name, name);
        if (binding) return binding;
      }
    } else if ((ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isEnumDeclaration(statement)) && statement.name?.text === name) {
      return statement;
    } else if (ts.isImportDeclaration(statement) && statement.importClause && !statement.importClause.isTypeOnly) {
      const clause = statement.importClause;
      if (clause.name?.text === name) return clause;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === name) return bindings;
      if (bindings && ts.isNamedImports(bindings)) {
        const element = bindings.elements.find((e) => e.name.text === name && !e.isTypeOnly);
        if (element) return element;
      }
    } else if (ts.isImportEqualsDeclaration(statement) && statement.name.text === name) {
      return statement;
    }
  }
  return undefined;
}

/** The declaration of `name` inside a binding name: the variable itself, or the destructured element. */
function findBinding(binding: ts.BindingName, name: string): ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement | undefined {
  if (ts.isIdentifier(binding)) {
    return binding.text === name && (ts.isVariableDeclaration(binding.parent) || ts.isParameter(binding.parent) || ts.isBindingElement(binding.parent)) ? binding.parent : undefined;
  }
  for (const element of binding.elements) {
    if (ts.isOmittedExpression(element)) continue;
    const found = findBinding(element.name, name);
    if (found) return found;
  }
  return undefined;
}

/** `require("m")` → `"m"`. */
export function requireCall(expression: ts.Expression): string | undefined {
  const e = unwrapExpression(expression);
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1 && ts.isStringLiteralLike(e.arguments[0])) {
    return e.arguments[0].text;
  }
  return undefined;
}

export function isModuleExports(node: ts.Expression): boolean {
  return ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'module' && node.name.text === 'exports';
}

/** `module.exports.x` or `exports.x` → `x`. */
export function commonJsExportName(node: ts.Expression): string | undefined {
  if (!ts.isPropertyAccessExpression(node)) return undefined;
  const target = node.expression;
  return isModuleExports(target) || (ts.isIdentifier(target) && target.text === 'exports') ? node.name.text : undefined;
}

function isUndefinedLiteral(expression: ts.Expression): boolean {
  const e = unwrapExpression(expression);
  return (ts.isIdentifier(e) && e.text === 'undefined') || e.kind === ts.SyntaxKind.NullKeyword;
}
