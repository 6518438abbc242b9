import { ts } from 'ts-morph';
import type { PlanNote } from './types';
import type { EditableSource } from './editable-source';
import { findAuthOptions, objectValueOf, propertyNamed } from './auth-options';
import type { AuthTemplate } from './auth-template';
import { appendToList, indentLines } from './list-edit';
import { missingOptionsNote } from './ensure-credentials-provider';

/**
 * Get-or-add `pages: { signIn: "/login" }` in the auth options. An existing `pages.signIn` is kept
 * (with a note when it points elsewhere than the generated login page); other `pages` entries stay.
 */
export function ensurePagesSignIn(source: EditableSource, template: AuthTemplate, loginRoute = '/login'): PlanNote[] {
  const file = source.sourceFile.compilerNode;
  const options = findAuthOptions(file);
  if (!options) return [missingOptionsNote(source)];
  const pages = propertyNamed(options, 'pages');
  if (!pages) {
    appendToList(source, options, `pages: {\n${source.style.indent}${indentLines(template.pagesSignIn.text, source.style.indent)}${source.style.trailingCommas ? ',' : ''}\n}`);
    return [];
  }
  const object = objectValueOf(file, pages);
  if (!object) return [{ level: 'warning', message: `Set pages.signIn to "${loginRoute}" in ${source.path} to use the generated login page.`, file: source.path, line: source.lineOf(pages.getStart(file)) }];
  const signIn = propertyNamed(object, 'signIn');
  if (!signIn) {
    appendToList(source, object, template.pagesSignIn.text);
    return [];
  }
  const value = ts.isPropertyAssignment(signIn) && ts.isStringLiteralLike(signIn.initializer) ? signIn.initializer.text : undefined;
  if (value === loginRoute) return [];
  return [{ level: 'info', message: `Kept pages.signIn${value ? ` ("${value}")` : ''}; the generated login page is at ${loginRoute}.`, file: source.path, line: source.lineOf(signIn.getStart(file)) }];
}
