import { ts } from 'ts-morph';
import type { EditableSource } from './editable-source';
import type { PlanNote } from './types';
import { helpersNeeded } from './auth-template';
import type { AuthTemplate, Helper } from './auth-template';
import { ensureImport } from './ensure-import';

/**
 * Adds what inserted snippets refer to: the template's imports (merged into the file's own, under
 * the file's local names) and the helper declarations the file does not declare yet, appended at the
 * end of the file in template order. Returns the local names imports ended up under, so callers can
 * rename references (the file may import Credentials as `CredentialsProvider`). Safe to run twice.
 */
export function ensureSupport(source: EditableSource, template: AuthTemplate, refs: Iterable<string>): { localNames: Map<string, string>; notes: PlanNote[] } {
  const declared = topLevelNames(source.sourceFile.compilerNode);
  const helpers = helpersNeeded(template, refs, declared);
  const used = new Set(refs);
  for (const helper of helpers) helper.refs.forEach((r) => used.add(r));
  const localNames = new Map<string, string>();
  for (const [name, request] of template.imports) {
    if (!used.has(name)) continue;
    // JavaScript files take types from JSDoc `import()` and never need a type-only import.
    if (request.typeOnly && (source.isCommonJs || /\.[cm]?jsx?$/.test(source.path))) continue;
    localNames.set(name, ensureImport(source, request));
  }
  const notes = collisionNotes(source, helpersNeeded(template, refs, new Set()), declared, localNames);
  if (helpers.length > 0) {
    const text = source.text;
    const trimmedEnd = text.trimEnd().length;
    const body = helpers.map((h) => renameAll(h.text, localNames)).join('\n\n');
    source.replace(trimmedEnd, text.length, `\n\n${body}\n`);
  }
  return { localNames, notes };
}

/**
 * The generated code calls helpers by name; where the file already declares that name with other
 * code (its own `isRecord`, say), the generated code will call the user's version: say so.
 */
function collisionNotes(source: EditableSource, wanted: readonly Helper[], declared: ReadonlySet<string>, localNames: ReadonlyMap<string, string>): PlanNote[] {
  const file = source.sourceFile.compilerNode;
  const notes: PlanNote[] = [];
  for (const helper of wanted) {
    for (const name of helper.names.filter((n) => declared.has(n))) {
      const statement = file.statements.find((s) => declaredBy(s, name));
      const ours = renameAll(helper.text, localNames).replace(/^(\s*(\/\*[\s\S]*?\*\/|\/\/[^\n]*))*\s*/, '');
      if (!statement || sameCode(statement.getText(file), ours)) continue;
      notes.push({
        level: 'warning',
        message: `${source.path} already declares ${name}; the generated code uses it as is. Check it behaves like the generated helper (templates show the original).`,
        file: source.path,
        line: source.lineOf(statement.getStart(file)),
      });
    }
  }
  return notes;
}

function declaredBy(statement: ts.Statement, name: string): boolean {
  if (ts.isVariableStatement(statement)) return statement.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name);
  if (ts.isFunctionDeclaration(statement) || ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) return statement.name?.text === name;
  return false;
}

/** Replaces whole-word references to template names by the file's local names. */
export function renameAll(text: string, localNames: ReadonlyMap<string, string>): string {
  let out = text;
  for (const [from, to] of localNames) {
    if (from !== to) out = out.replace(new RegExp(`(?<![\\w$.])${from.replace(/\$/g, '\\$')}(?![\\w$])`, 'g'), to);
  }
  return out;
}

/**
 * Whether two pieces of code are the same up to formatting (whitespace, semicolons, quote kind,
 * trailing commas, the callee's local name when `a` ends with `b`): recognises what an earlier run
 * generated, so a second run neither adds it again nor reports it as the user's own.
 */
export function sameCode(a: string, b: string): boolean {
  const normalize = (code: string): string => code.replace(/\s+|;/g, '').replace(/'/g, '"').replace(/,([}\])])/g, '$1');
  const left = normalize(a);
  const right = normalize(b);
  return left === right || (right.length > 0 && left.endsWith(right));
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
