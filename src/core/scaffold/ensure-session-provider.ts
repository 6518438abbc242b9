import { ts } from 'ts-morph';
import type { PlanNote } from './types';
import type { EditableSource } from './editable-source';
import { ensureImport } from './ensure-import';
import { unwrapExpression as unwrap } from '../ts-syntax';

/** What wraps the page: our client component in an App Router layout, next-auth's SessionProvider in _app. */
export type SessionProviderTarget =
  | { readonly kind: 'layout'; readonly module: string; readonly component: string }
  /** `basePath`: NextAuth's base path when it is not `/api/auth` (a validated URL path), passed as the prop. */
  | { readonly kind: 'app'; readonly basePath?: string };

/**
 * Get-or-add the SessionProvider around what the root layout (App Router: inside `<body>`) or
 * `_app` (Pages Router: the returned element, with `session={pageProps.session}`) renders, so
 * useSession() works. Present already — next-auth's SessionProvider, our component, or an import
 * `wrapsSessionProvider` recognises (the app's own providers file) — means no change. The JSX is
 * wrapped in place; the lines inside move one indentation level in.
 */
export function ensureSessionProvider(source: EditableSource, target: SessionProviderTarget, wrapsSessionProvider: (specifier: string) => boolean = () => false): PlanNote[] {
  const file = source.sourceFile.compilerNode;
  for (const statement of file.statements) {
    if (!ts.isImportDeclaration(statement) || !ts.isStringLiteral(statement.moduleSpecifier)) continue;
    const specifier = statement.moduleSpecifier.text;
    const names = importedNames(statement);
    if (specifier === 'next-auth/react' && names.includes('SessionProvider')) return [];
    if (target.kind === 'layout' && specifier === target.module) return [];
    if (specifier !== 'next-auth/react' && wrapsSessionProvider(specifier)) return [];
  }
  const component = componentFunction(file);
  const returned = component && returnedJsx(component);
  if (!component || !returned) {
    return [{ level: 'warning', message: `Could not find the JSX ${source.path} renders; wrap it in <${target.kind === 'app' ? 'SessionProvider' : target.component}> yourself so useSession() works.`, file: source.path }];
  }
  const session = target.kind === 'app' ? sessionProp(component) + (target.basePath ? ` basePath=${JSON.stringify(target.basePath)}` : '') : '';
  if (target.kind === 'app' && sessionProp(component)) typeSessionPageProp(source, component);
  const name =
    target.kind === 'app'
      ? ensureImport(source, { module: 'next-auth/react', name: 'SessionProvider', localName: 'SessionProvider' })
      : ensureImport(source, { module: target.module, name: target.component, localName: target.component });
  // The import moved every position: find the JSX again.
  const fresh = source.sourceFile.compilerNode;
  const jsx = returnedJsx(componentFunction(fresh)!)!;
  const open = `<${name}${session}>`;
  const close = `</${name}>`;
  const body = target.kind === 'layout' ? findBody(jsx.node) : undefined;
  if (body) wrapChildren(source, body, open, close);
  else wrapNode(source, jsx.node, jsx.statement, open, close);
  return [];
}

function importedNames(statement: ts.ImportDeclaration): string[] {
  const clause = statement.importClause;
  if (!clause) return [];
  const names = clause.name ? ['default'] : [];
  if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) names.push(...clause.namedBindings.elements.map((e) => (e.propertyName ?? e.name).text));
  return names;
}

type ComponentFunction = ts.FunctionDeclaration | ts.ArrowFunction | ts.FunctionExpression;

/** The default-exported component: `export default function`, `export default Name`, `export default () => …`. */
function componentFunction(file: ts.SourceFile): ComponentFunction | undefined {
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && (ts.getModifiers(statement) ?? []).some((m) => m.kind === ts.SyntaxKind.DefaultKeyword)) return statement;
    if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
      const value = unwrap(statement.expression);
      if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return value;
      if (ts.isIdentifier(value)) return namedFunction(file, value.text);
    }
  }
  return undefined;
}

function namedFunction(file: ts.SourceFile, name: string): ComponentFunction | undefined {
  for (const statement of file.statements) {
    if (ts.isFunctionDeclaration(statement) && statement.name?.text === name) return statement;
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        const init = d.initializer && unwrap(d.initializer);
        if (ts.isIdentifier(d.name) && d.name.text === name && init && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) return init;
      }
    }
  }
  return undefined;
}

interface ReturnedJsx {
  readonly node: ts.Expression;
  /** The return statement (or arrow) whose expression `node` is. */
  readonly statement: ts.Node;
}

/** The one JSX expression the component returns (the last `return` of its own body). */
function returnedJsx(component: ComponentFunction): ReturnedJsx | undefined {
  const body = component.body;
  if (!body) return undefined;
  if (!ts.isBlock(body)) return isJsx(unwrap(body)) ? { node: unwrap(body), statement: component } : undefined;
  let found: ReturnedJsx | undefined;
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression && isJsx(unwrap(node.expression))) found = { node: unwrap(node.expression), statement: node };
    ts.forEachChild(node, visit);
  };
  body.statements.forEach(visit);
  return found;
}

function isJsx(node: ts.Node): boolean {
  return ts.isJsxElement(node) || ts.isJsxSelfClosingElement(node) || ts.isJsxFragment(node);
}

function findBody(node: ts.Node): ts.JsxElement | undefined {
  if (ts.isJsxElement(node) && node.openingElement.tagName.getText() === 'body') return node;
  let found: ts.JsxElement | undefined;
  ts.forEachChild(node, (child) => {
    found ??= findBody(child);
  });
  return found;
}

/**
 * `const MyApp: AppType = …` (T3 and others) types pageProps as `{}`, so `pageProps.session` would not
 * compile: give AppType the page props next-auth's SessionProvider reads, as next-auth's own docs do.
 */
function typeSessionPageProp(source: EditableSource, component: ComponentFunction): void {
  if (!/\.(ts|tsx|mts|cts)$/.test(source.path)) return;
  const declaration = component.parent;
  if (!declaration || !ts.isVariableDeclaration(declaration) || !declaration.type || !ts.isTypeReferenceNode(declaration.type)) return;
  const reference = declaration.type;
  const typeName = ts.isQualifiedName(reference.typeName) ? reference.typeName.right.text : reference.typeName.text;
  if (typeName !== 'AppType' || reference.typeArguments) return;
  const at = reference.typeName.end;
  const sessionType = ensureImport(source, { module: 'next-auth', name: 'Session', localName: 'Session', typeOnly: true });
  // The import moved every position: the type name ends `shift` characters later.
  const shift = source.sourceFile.compilerNode.text.length - component.getSourceFile().text.length;
  source.insert(at + shift, `<{ session: ${sessionType} | null }>`);
}

/** ` session={pageProps.session}` when the _app component receives pageProps under a name we can see. */
function sessionProp(component: ComponentFunction): string {
  const [parameter] = component.parameters;
  if (!parameter) return '';
  if (ts.isIdentifier(parameter.name)) return ` session={${parameter.name.text}.pageProps.session}`;
  if (ts.isObjectBindingPattern(parameter.name)) {
    const element = parameter.name.elements.find((e) => (e.propertyName ?? e.name).getText() === 'pageProps');
    if (element && ts.isIdentifier(element.name)) return ` session={${element.name.text}.session}`;
    // `pageProps: { session, ...pageProps }` (next-auth's docs): pass the session it already took out.
    if (element && ts.isObjectBindingPattern(element.name)) {
      const session = element.name.elements.find((e) => !e.dotDotDotToken && (e.propertyName ?? e.name).getText() === 'session');
      if (session && ts.isIdentifier(session.name)) return ` session={${session.name.text}}`;
    }
  }
  return '';
}

/**
 * `<body>…</body>` → `<body><Open>…</Open></body>`, formatted as Prettier would and as the file is
 * indented: the wrapper on its own line inside `<body>`, the children one level deeper, one element per
 * line. A `<body>` that shares its line with other JSX (`<html><body>…</body></html>`) stays inline.
 */
function wrapChildren(source: EditableSource, element: ts.JsxElement, open: string, close: string): void {
  const file = source.sourceFile.compilerNode;
  const start = element.openingElement.end;
  const end = element.closingElement.getStart(file);
  const inner = file.text.slice(start, end);
  const unit = source.style.indent;
  const outer = source.indentAt(element.getStart(file));
  const childIndent = outer + unit;
  if (!inner.includes('\n')) {
    const elementStart = element.getStart(file);
    const ownsLine = file.text.slice(file.text.lastIndexOf('\n', elementStart - 1) + 1, elementStart).trim() === '';
    if (!ownsLine) {
      source.replace(start, end, `${open}${inner}${close}`);
      return;
    }
    const children = element.children.filter((child) => !(ts.isJsxText(child) && child.containsOnlyTriviaWhiteSpaces));
    const onePerLine = children.length > 1 && children.every((child) => !ts.isJsxText(child));
    const wrapped = onePerLine
      ? `${open}\n${children.map((child) => `${childIndent}${unit}${child.getText(file)}`).join('\n')}\n${childIndent}${close}`
      : `${open}${inner.trim()}${close}`;
    source.replace(start, end, `\n${childIndent}${wrapped}\n${outer}`);
    return;
  }
  const startsOnNewLine = /^[ \t]*\r?\n/.test(inner);
  const lines = inner.replace(/^[ \t]*\r?\n/, '').trimEnd().split('\n');
  const moved = lines.map((line, i) => (line.trim() === '' ? line : i === 0 && !startsOnNewLine ? childIndent + unit + line.trimStart() : unit + line));
  source.replace(start, end, `\n${childIndent}${open}\n${moved.join('\n')}\n${childIndent}${close}\n${outer}`);
}

/** Wraps one JSX expression; after `return ` it becomes a parenthesized multi-line block. */
function wrapNode(source: EditableSource, node: ts.Expression, statement: ts.Node, open: string, close: string): void {
  const file = source.sourceFile.compilerNode;
  const unit = source.style.indent;
  const start = node.getStart(file);
  const text = file.text.slice(start, node.end);
  const deeper = (by: string): string => text.split('\n').map((line, i) => (i === 0 || line.trim() === '' ? line : by + line)).join('\n');
  const lineStart = file.text.lastIndexOf('\n', start - 1) + 1;
  if (file.text.slice(lineStart, start).trim() === '') {
    const indent = source.indentAt(start);
    source.replace(start, node.end, `${open}\n${indent}${unit}${deeper(unit)}\n${indent}${close}`);
    return;
  }
  // `return <X />` or `=> <X />`: replace the whole (possibly parenthesized) expression.
  let outer: ts.Node = node;
  while (outer.parent && ts.isParenthesizedExpression(outer.parent)) outer = outer.parent;
  const indent = source.indentAt(statement.getStart(file));
  source.replace(outer.getStart(file), outer.end, `(\n${indent}${unit}${open}\n${indent}${unit}${unit}${deeper(unit + unit)}\n${indent}${unit}${close}\n${indent})`);
}
