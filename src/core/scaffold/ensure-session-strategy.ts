import { ts } from 'ts-morph';
import { memberNamed, type CallbackEntry } from '../auth-config';
import { asFunction, unwrapExpression } from '../ts-syntax';
import type { ConfigReader } from './config-reader';
import type { EditableSource } from './editable-source';
import { appendToList } from './list-edit';
import type { PlanNote } from './types';

/**
 * Get-or-add `session: { strategy: "jwt" }` in the auth options `read` finds, editing `source` (the file that
 * holds the `session` object, or the options): Credentials sign-ins only ever produce JWT sessions. Adds
 * `strategy` to an existing `session` object, else a `session` member; returns a warning and changes nothing
 * when the place cannot be read or lies in another file.
 */
export function ensureJwtSessionStrategy(source: EditableSource, read: ConfigReader): PlanNote[] {
  const config = read();
  if (!config || config.sessionStrategy === 'jwt') return [];
  const session = config.option('session');
  const object = config.sources.objectOf(session.found?.value);
  const { quote } = source.style;
  const ask = (where: { file: string; node: ts.Node }): PlanNote[] => [
    { level: 'warning', message: `Set session: { strategy: "jwt" } in ${where.file}: Credentials sign-ins need JWT sessions.`, file: where.file, line: config.lineOf(where) },
  ];
  if (object) {
    if (object.file !== source.path || memberNamed(object.node, 'strategy')) return ask(object);
    appendToList(source, object.node, `strategy: ${quote}jwt${quote}`);
    return [];
  }
  if (session.found) return ask(session.found.member);
  if (session.unread.length > 0) return ask(session.unread[0]);
  if (config.options.file !== source.path) return ask(config.options);
  appendToList(source, config.options.node, `session: { strategy: ${quote}jwt${quote} }`);
  return [];
}

/**
 * Whether a session callback reads what only database sessions pass it: the `user` parameter
 * (`({ session, user })`, `params.user`, `"user" in params`). Under JWT sessions it gets `token` instead.
 */
export function readsDatabaseUser(callback: CallbackEntry | undefined): boolean {
  const fn = callback?.fn?.node ?? asFunction(callback?.member.node);
  const first = fn?.parameters[0];
  if (!fn || !first) return false;
  if (ts.isObjectBindingPattern(first.name)) return first.name.elements.some((e) => (e.propertyName ?? e.name).getText() === 'user');
  if (!ts.isIdentifier(first.name) || !fn.body) return false;
  const name = first.name.text;
  let reads = false;
  const visit = (node: ts.Node): void => {
    if (reads) return;
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'user' && ts.isIdentifier(unwrapExpression(node.expression)) && (unwrapExpression(node.expression) as ts.Identifier).text === name) reads = true;
    else if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.InKeyword && ts.isStringLiteral(node.left) && node.left.text === 'user') reads = true;
    else if (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer && ts.isIdentifier(node.initializer) && node.initializer.text === name) {
      reads ||= node.name.elements.some((e) => (e.propertyName ?? e.name).getText() === 'user');
    }
    ts.forEachChild(node, visit);
  };
  visit(fn.body);
  return reads;
}
