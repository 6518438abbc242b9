import type { PlanNote } from './types';
import type { EditableSource } from './editable-source';
import type { AuthTemplate } from './auth-template';
import { configOfSource, type ConfigReader } from './config-reader';
import { findImport } from './ensure-import';
import { appendToList, indentLines } from './list-edit';
import { ensureSupport, sameCode } from './ensure-support';

const CREDENTIALS_MODULE = 'next-auth/providers/credentials';

/**
 * Get-or-add the generated Credentials provider in the auth options `read` finds, editing `source` (the
 * file that holds the providers array, or the options when they have none). Never adds a second one: any
 * provider built from next-auth's credentials module (default or named import, any local name,
 * `require()`), a call whose name says Credentials, or an entry with `authorize()` counts as present,
 * wherever it is (an array spread into `providers` included). When the providers cannot all be read (a
 * spread or call it cannot follow), nothing is added and a note says where to add it. Other providers,
 * options and comments are untouched; the provider's helpers and imports are added.
 */
export function ensureCredentialsProvider(source: EditableSource, template: AuthTemplate, read: ConfigReader = configOfSource(source)): PlanNote[] {
  const config = read();
  if (!config) return [missingOptionsNote(source)];
  const existing = config.providers.find((p) => p.credentials);
  if (existing) {
    const ours = existing.element.file === source.path && sameCode(existing.element.node.getText(), template.provider.text.slice(template.providerCallee.length));
    return ours ? [] : [{ level: 'info', message: 'Kept the existing Credentials provider.', file: existing.element.file, line: config.lineOf(existing.element) }];
  }
  const lookup = config.option('providers');
  const array = config.providersArray;
  if (array && !config.providersComplete) {
    return [{ level: 'warning', message: `Could not read every provider in ${array.file} (a spread or call it cannot follow); add the Credentials provider there yourself if it is not among them.`, file: array.file, line: config.lineOf(array) }];
  }
  if (!array && lookup.found) {
    const where = lookup.found.member;
    return [{ level: 'warning', message: `The providers in ${where.file} are not an array literal here; add the Credentials provider to them yourself.`, file: where.file, line: config.lineOf(where) }];
  }
  if (!array && lookup.unread.length > 0) {
    const spread = lookup.unread[0];
    return [{ level: 'warning', message: `The options in ${spread.file} are spread from another object; add the Credentials provider where its providers are defined.`, file: spread.file, line: config.lineOf(spread) }];
  }
  const target = array ?? config.options;
  if (target.file !== source.path) {
    return [{ level: 'warning', message: `The providers are defined in ${target.file}; add the Credentials provider there.`, file: target.file, line: config.lineOf(target) }];
  }

  // The callee may already be imported under another name: use that name.
  const callee = findImport(source.sourceFile.compilerNode, { module: CREDENTIALS_MODULE, name: 'default' }) ?? template.providerCallee;
  const providerText = callee === template.providerCallee ? template.provider.text : `${callee}${template.provider.text.slice(template.providerCallee.length)}`;
  if (array) appendToList(source, array.node, providerText);
  else appendToList(source, config.options.node, `providers: [\n${source.style.indent}${indentLines(providerText, source.style.indent)},\n]`);
  const refs = new Set(template.provider.refs);
  if (callee !== template.providerCallee) refs.delete(template.providerCallee);
  return ensureSupport(source, template, refs).notes;
}

export function missingOptionsNote(source: EditableSource): PlanNote {
  return {
    level: 'warning',
    message: `No NextAuth options found in ${source.path} (looked for NextAuth({…}) and an object typed NextAuthOptions/NextAuthConfig).`,
    file: source.path,
  };
}
