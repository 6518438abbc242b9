import { ts } from 'ts-morph';
import type { EditableSource } from './editable-source';

/** One binding a generated snippet needs from a module. */
export interface ImportRequest {
  readonly module: string;
  /** `default`, or the exported name. */
  readonly name: string;
  /** The local name to use when the import has to be added. */
  readonly localName: string;
  readonly typeOnly?: boolean;
}

/**
 * Makes `request` available in the file and returns the expression to refer to it by: the local
 * name of an existing import/require of that binding (under any name), else a newly added one
 * (merged into an existing import of the module when there is one). ES modules get `import`,
 * CommonJS files `require()` (a default export as `require("m").default`). Safe to run twice.
 */
export function ensureImport(source: EditableSource, request: ImportRequest): string {
  const existing = findImport(source.sourceFile.compilerNode, request);
  if (existing) return existing;
  if (source.isCommonJs) addRequire(source, request);
  else addImport(source, request);
  return request.localName;
}

/** The local expression an existing import or require of `request` is bound to, if any. */
export function findImport(file: ts.SourceFile, request: Pick<ImportRequest, 'module' | 'name' | 'typeOnly'>): string | undefined {
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === request.module) {
      const clause = statement.importClause;
      if (!clause || (clause.isTypeOnly && !request.typeOnly)) continue;
      if (request.name === 'default' && clause.name) return clause.name.text;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) return `${bindings.name.text}.${request.name}`;
      if (bindings && ts.isNamedImports(bindings)) {
        const element = bindings.elements.find((e) => (e.propertyName ?? e.name).text === request.name && (request.typeOnly || !e.isTypeOnly));
        if (element) return element.name.text;
      }
    }
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const required = declaration.initializer && requiredModule(declaration.initializer);
        if (!required || required.module !== request.module) continue;
        if (ts.isIdentifier(declaration.name)) {
          if (required.property === request.name) return declaration.name.text;
          if (required.property === undefined) return `${declaration.name.text}.${request.name}`;
        } else if (ts.isObjectBindingPattern(declaration.name) && required.property === undefined) {
          const element = declaration.name.elements.find((e) => (e.propertyName ? e.propertyName.getText(file) : e.name.getText(file)) === request.name);
          if (element && ts.isIdentifier(element.name)) return element.name.text;
        }
      }
    }
  }
  return undefined;
}

/** `require("m")` → { module: "m" }; `require("m").x` → { module: "m", property: "x" }. */
export function requiredModule(expression: ts.Expression): { module: string; property?: string } | undefined {
  if (ts.isPropertyAccessExpression(expression)) {
    const inner = requiredModule(expression.expression);
    return inner && inner.property === undefined ? { module: inner.module, property: expression.name.text } : undefined;
  }
  if (ts.isCallExpression(expression) && ts.isIdentifier(expression.expression) && expression.expression.text === 'require') {
    const [argument] = expression.arguments;
    if (argument && ts.isStringLiteral(argument)) return { module: argument.text };
  }
  return undefined;
}

function addImport(source: EditableSource, request: ImportRequest): void {
  const file = source.sourceFile.compilerNode;
  const { quote, semicolons } = source.style;
  const semi = semicolons ? ';' : '';
  const sameModule = file.statements.filter(
    (s): s is ts.ImportDeclaration => ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === request.module && !!s.importClause,
  );
  if (request.name !== 'default') {
    // Join an existing `{ … }` of the module (a type-only one only for a type).
    const withNamed = sameModule.find((s) => s.importClause!.namedBindings && ts.isNamedImports(s.importClause!.namedBindings) && (!s.importClause!.isTypeOnly || request.typeOnly));
    if (withNamed) {
      const named = withNamed.importClause!.namedBindings as ts.NamedImports;
      const spec = `${request.typeOnly && !withNamed.importClause!.isTypeOnly ? 'type ' : ''}${specifier(request)}`;
      const last = named.elements[named.elements.length - 1];
      if (last) source.insert(last.end, `, ${spec}`);
      else source.replace(named.getStart(file), named.end, `{ ${spec} }`);
      return;
    }
    // `import NextAuth from "next-auth"` + a value → `import NextAuth, { X } from "next-auth"`.
    const defaultOnly = sameModule.find((s) => s.importClause!.name && !s.importClause!.namedBindings && !s.importClause!.isTypeOnly);
    if (defaultOnly && !request.typeOnly) {
      source.insert(defaultOnly.importClause!.name!.end, `, { ${specifier(request)} }`);
      return;
    }
  }
  const clause = request.name === 'default' ? request.localName : `{ ${specifier(request)} }`;
  const statement = `import ${request.typeOnly ? 'type ' : ''}${clause} from ${quote}${request.module}${quote}${semi}`;
  insertTopLevel(source, statement, (s) => ts.isImportDeclaration(s));
}

function specifier(request: ImportRequest): string {
  return request.localName === request.name ? request.name : `${request.name} as ${request.localName}`;
}

function addRequire(source: EditableSource, request: ImportRequest): void {
  const { quote, semicolons } = source.style;
  const call = `require(${quote}${request.module}${quote})`;
  const binding = request.name === 'default' ? `${request.localName} = ${call}.default` : `{ ${request.localName === request.name ? request.name : `${request.name}: ${request.localName}`} } = ${call}`;
  insertTopLevel(source, `const ${binding}${semicolons ? ';' : ''}`, (s) => ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => !!d.initializer && !!requiredModule(d.initializer)));
}

/**
 * Inserts a statement after the last top-level statement matching `isImportLike`; with none, at the
 * top of the file, after directives ("use client") and a detached header comment (license, @ts-check).
 */
function insertTopLevel(source: EditableSource, statement: string, isImportLike: (s: ts.Statement) => boolean): void {
  const file = source.sourceFile.compilerNode;
  const imports = file.statements.filter(isImportLike);
  const last = imports[imports.length - 1];
  if (last) {
    source.insert(last.end, `\n${statement}`);
    return;
  }
  let position = 0;
  for (const s of file.statements) {
    if (ts.isExpressionStatement(s) && ts.isStringLiteral(s.expression)) position = s.end;
    else break;
  }
  if (position > 0) {
    source.insert(position, `\n\n${statement}`);
    return;
  }
  const text = file.text;
  const comments = ts.getLeadingCommentRanges(text, 0) ?? [];
  const lastComment = comments[comments.length - 1];
  if (lastComment) {
    const between = text.slice(lastComment.end, file.statements[0]?.getStart(file) ?? text.length);
    const pragma = comments.some((c) => /@ts-(no)?check|eslint-disable|@jsx/.test(text.slice(c.pos, c.end)));
    if (pragma || /\n[ \t]*\r?\n/.test(between)) {
      source.insert(lastComment.end, `\n${statement}`);
      return;
    }
  }
  source.insert(0, `${statement}\n${file.statements.length > 0 ? '\n' : ''}`);
}
