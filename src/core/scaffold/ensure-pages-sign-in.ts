import { ts } from 'ts-morph';
import { memberNamed } from '../auth-config';
import type { PlanNote } from './types';
import type { EditableSource } from './editable-source';
import type { AuthTemplate } from './auth-template';
import { configOfSource, type ConfigReader } from './config-reader';
import { appendToList, indentLines } from './list-edit';
import { missingOptionsNote } from './ensure-credentials-provider';

/**
 * Get-or-add `pages: { signIn: "/login" }` in the auth options `read` finds, editing `source` (the file that
 * holds the `pages` object, or the options when they have none). An existing `pages.signIn` is kept (with a
 * note when it points elsewhere than the generated login page); other `pages` entries stay.
 */
export function ensurePagesSignIn(source: EditableSource, template: AuthTemplate, loginRoute = '/login', read: ConfigReader = configOfSource(source)): PlanNote[] {
  const config = read();
  if (!config) return [missingOptionsNote(source)];
  const pages = config.option('pages');
  const object = pages.found && config.sources.objectOf(pages.found.value);
  const askUser = (where: { file: string; node: ts.Node }): PlanNote[] => [
    { level: 'warning', message: `Set pages.signIn to "${loginRoute}" in ${where.file} to use the generated login page.`, file: where.file, line: config.lineOf(where) },
  ];
  if (pages.found && !object) return askUser(pages.found.member);
  if (!pages.found && pages.unread.length > 0) return askUser(pages.unread[0]);
  if (!object) {
    if (config.options.file !== source.path) return askUser(config.options);
    appendToList(source, config.options.node, `pages: {\n${source.style.indent}${indentLines(template.pagesSignIn.text, source.style.indent)}${source.style.trailingCommas ? ',' : ''}\n}`);
    return [];
  }
  const signIn = config.sources.memberOf({ kind: 'node', ...object }, 'signIn');
  if (!signIn) {
    if (object.file !== source.path) return askUser(object);
    appendToList(source, object.node, template.pagesSignIn.text);
    return [];
  }
  const value = signIn.kind === 'node' && ts.isStringLiteralLike(signIn.node) ? signIn.node.text : undefined;
  if (value === loginRoute) return [];
  const member = memberNamed(object.node, 'signIn');
  return [
    {
      level: 'info',
      message: `Kept pages.signIn${value ? ` ("${value}")` : ''}; the generated login page is at ${loginRoute}.`,
      file: object.file,
      line: config.lineOf(member ? { file: object.file, node: member } : object),
    },
  ];
}
