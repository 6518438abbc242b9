import { ts } from 'ts-morph';
import type { AuthTemplate, Helper } from './auth-template';
import type { EditableSource } from './editable-source';
import { sameCode } from './ensure-support';
import { ensureImport, findImport } from './ensure-import';
import type { PlanNote } from './types';

/** The name of the generated declaration that picks the refresh store, and the import the Redis one needs. */
export const REFRESH_STORE_NAME = 'refreshStore';
export const REDIS_STORE_FACTORY = 'redisRefreshStore';

/** Which generated refresh store `source` declares now: ours for a template, or `other` (the user's own code). */
export type DeclaredStore = 'template' | 'alternative' | 'other' | 'none';

/**
 * Get-or-switch the `refreshStore` declaration the generated refresh logic reads: when `source` holds the
 * one another store's template generated (`alternatives`), it is replaced by `template`'s, and the import of
 * redisRefreshStore is added (Redis) or removed when nothing else uses it (memory). A declaration the user
 * changed is kept, with a warning saying what to change. Nothing happens when the file declares none (the
 * callbacks are the user's own). Safe to run twice; returns the notes and what the file declares after it.
 */
export function ensureRefreshStore(source: EditableSource, template: AuthTemplate, alternatives: readonly AuthTemplate[]): { notes: PlanNote[]; declared: DeclaredStore } {
  const statement = declarationOf(source.sourceFile.compilerNode);
  if (!statement) return { notes: [], declared: 'none' };
  const file = source.sourceFile.compilerNode;
  const ours = storeHelper(template);
  const current = statement.getText(file);
  const redis = template.imports.get(REDIS_STORE_FACTORY);
  if (sameCode(current, withoutLeadingComments(ours.text))) {
    if (redis) ensureImport(source, redis);
    return { notes: [], declared: 'template' };
  }
  const switched = alternatives.find((alternative) => sameCode(current, withoutLeadingComments(storeHelper(alternative).text)));
  if (!switched) {
    return {
      notes: [
        {
          level: 'warning',
          message: `Kept your refreshStore declaration in ${source.path}: it is not one the scaffold generated, so it was not switched to the ${redis ? 'Redis' : 'in-process'} store. ${redis ? 'Use redisRefreshStore(inProcessRefreshStore(), …) from ./refresh-store there' : 'Use inProcessRefreshStore() there'} to switch.`,
          file: source.path,
          line: source.lineOf(statement.getStart(file)),
        },
      ],
      declared: 'other',
    };
  }
  const start = statement.getFullStart() + /^\s*/.exec(file.text.slice(statement.getFullStart()))![0].length;
  source.replace(start, statement.end, ours.text);
  if (redis) {
    ensureImport(source, redis);
  } else {
    const factory = storeHelper(switched).refs.has(REDIS_STORE_FACTORY) ? switched.imports.get(REDIS_STORE_FACTORY) : undefined;
    if (factory) removeUnusedImport(source, factory.module, factory.name);
  }
  return { notes: [], declared: 'template' };
}

/**
 * Which of `candidates` (the generated templates of each store) declares the `refreshStore` that `source`
 * holds now; undefined when the file declares none or one the user changed.
 */
export function declaringTemplate<T extends AuthTemplate>(source: EditableSource, candidates: readonly T[]): T | undefined {
  const statement = declarationOf(source.sourceFile.compilerNode);
  if (!statement) return undefined;
  const current = statement.getText(source.sourceFile.compilerNode);
  return candidates.find((candidate) => sameCode(current, withoutLeadingComments(storeHelper(candidate).text)));
}

/** The top-level `const refreshStore = …` statement of a file. */
function declarationOf(file: ts.SourceFile): ts.VariableStatement | undefined {
  return file.statements.find((s): s is ts.VariableStatement => ts.isVariableStatement(s) && s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === REFRESH_STORE_NAME));
}

function storeHelper(template: AuthTemplate): Helper {
  const helper = template.helpers.find((h) => h.names.includes(REFRESH_STORE_NAME));
  if (!helper) throw new Error(`The ${template.major}/${template.language} auth template declares no ${REFRESH_STORE_NAME}.`);
  return helper;
}

function withoutLeadingComments(text: string): string {
  return text.replace(/^(\s*(\/\*[\s\S]*?\*\/|\/\/[^\n]*))*\s*/, '');
}

/**
 * Removes `import { name } from "module"` (the line the Redis store added) when the file no longer refers
 * to `name`. An import that brings other names too is the user's, and stays.
 */
function removeUnusedImport(source: EditableSource, module: string, name: string): void {
  const file = source.sourceFile.compilerNode;
  const local = findImport(file, { module, name, typeOnly: false });
  if (!local || countIdentifiers(file, local) > 1) return;
  const statement = file.statements.find((s) => {
    const bindings = ts.isImportDeclaration(s) && ts.isStringLiteral(s.moduleSpecifier) && s.moduleSpecifier.text === module ? s.importClause?.namedBindings : undefined;
    return !!bindings && ts.isNamedImports(bindings) && bindings.elements.length === 1 && bindings.elements[0].name.text === local && !(s as ts.ImportDeclaration).importClause?.name;
  });
  if (!statement) return;
  const lineEnd = /^[ \t]*\r?\n/.exec(file.text.slice(statement.end));
  source.replace(statement.getStart(file), statement.end + (lineEnd ? lineEnd[0].length : 0), '');
}

function countIdentifiers(file: ts.SourceFile, name: string): number {
  let count = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name) count++;
    ts.forEachChild(node, visit);
  };
  visit(file);
  return count;
}
