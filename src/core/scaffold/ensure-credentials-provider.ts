import { ts } from 'ts-morph';
import type { PlanNote } from './types';
import type { EditableSource } from './editable-source';
import { arrayValueOf, findAuthOptions, propertyNamed } from './auth-options';
import type { AuthTemplate } from './auth-template';
import { findImport, requiredModule } from './ensure-import';
import { appendToList, indentLines } from './list-edit';
import { ensureSupport, sameCode } from './ensure-support';

const CREDENTIALS_MODULE = 'next-auth/providers/credentials';

export interface MergeOptions {
  /**
   * The caller has read every object spread into the options and none defines the property being
   * added, so adding it beside the spreads overrides nothing. Without it, a spread means "refuse".
   */
  readonly besideSpread?: boolean;
}

/**
 * Get-or-add the generated Credentials provider in the file's auth options. Never adds a second one:
 * any provider built from `next-auth/providers/credentials` (default or named import, any local name,
 * `require()`), or a call whose name says Credentials, counts as present and is left alone. Other
 * providers, options and comments are untouched; the provider's helpers and imports are added.
 */
export function ensureCredentialsProvider(source: EditableSource, template: AuthTemplate, options: MergeOptions = {}): PlanNote[] {
  const file = source.sourceFile.compilerNode;
  const authOptions = findAuthOptions(file);
  if (!authOptions) return [missingOptionsNote(source)];
  const providers = propertyNamed(authOptions, 'providers');
  if (providers) {
    const array = arrayValueOf(file, providers);
    if (!array) {
      return [{ level: 'warning', message: `The providers in ${source.path} are not an array literal here; add the Credentials provider to them yourself.`, file: source.path, line: source.lineOf(providers.getStart(file)) }];
    }
    const existing = array.elements.find((element) => isCredentialsProvider(file, element));
    if (existing) {
      return sameCode(existing.getText(file), template.provider.text.slice(template.providerCallee.length)) ? [] : [{ level: 'info', message: 'Kept the existing Credentials provider.', file: source.path, line: source.lineOf(existing.getStart(file)) }];
    }
  } else if (!options.besideSpread && authOptions.properties.some(ts.isSpreadAssignment)) {
    return [{ level: 'warning', message: `The options in ${source.path} are spread from another object; add the Credentials provider where its providers are defined.`, file: source.path, line: source.lineOf(authOptions.getStart(file)) }];
  }

  // The callee may already be imported under another name: use that name.
  const callee = findImport(file, { module: CREDENTIALS_MODULE, name: 'default' }) ?? template.providerCallee;
  const providerText = callee === template.providerCallee ? template.provider.text : `${callee}${template.provider.text.slice(template.providerCallee.length)}`;
  insertProvider(source, providerText);
  const refs = new Set(template.provider.refs);
  if (callee !== template.providerCallee) refs.delete(template.providerCallee);
  return ensureSupport(source, template, refs).notes;
}

function insertProvider(source: EditableSource, providerText: string): void {
  const file = source.sourceFile.compilerNode;
  const options = findAuthOptions(file)!;
  const providers = propertyNamed(options, 'providers');
  const array = providers && arrayValueOf(file, providers);
  if (array) appendToList(source, array, providerText);
  else appendToList(source, options, `providers: [\n${source.style.indent}${indentLines(providerText, source.style.indent)},\n]`);
}

/** Whether a providers entry is a Credentials provider, however it was imported or named. */
export function isCredentialsProvider(file: ts.SourceFile, element: ts.Expression): boolean {
  const credentialsNames = new Set<string>();
  for (const statement of file.statements) {
    if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier) && statement.moduleSpecifier.text === CREDENTIALS_MODULE && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name) credentialsNames.add(clause.name.text);
      if (clause.namedBindings && ts.isNamespaceImport(clause.namedBindings)) credentialsNames.add(`${clause.namedBindings.name.text}.default`);
      if (clause.namedBindings && ts.isNamedImports(clause.namedBindings)) clause.namedBindings.elements.forEach((e) => credentialsNames.add(e.name.text));
    }
    if (ts.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        const required = d.initializer && requiredModule(d.initializer);
        if (required?.module === CREDENTIALS_MODULE && ts.isIdentifier(d.name)) credentialsNames.add(required.property ? d.name.text : `${d.name.text}.default`);
      }
    }
  }
  let target = element;
  while (ts.isParenthesizedExpression(target)) target = target.expression;
  if (ts.isCallExpression(target)) {
    const callee = target.expression.getText(file);
    if (credentialsNames.has(callee) || /credentials/i.test(callee)) return true;
    // `require("next-auth/providers/credentials").default({...})` inline.
    const required = requiredModule(target.expression);
    return required?.module === CREDENTIALS_MODULE;
  }
  // A provider object written by hand: `{ id: "credentials", type: "credentials", … }`.
  if (ts.isObjectLiteralExpression(target)) {
    const type = propertyNamed(target, 'type');
    return !!type && ts.isPropertyAssignment(type) && ts.isStringLiteral(type.initializer) && type.initializer.text === 'credentials';
  }
  return ts.isIdentifier(target) && /credentials/i.test(target.text);
}

export function missingOptionsNote(source: EditableSource): PlanNote {
  return {
    level: 'warning',
    message: `No NextAuth options found in ${source.path} (looked for NextAuth({…}) and an object typed NextAuthOptions/NextAuthConfig).`,
    file: source.path,
  };
}
