import { ts } from 'ts-morph';
import { ProjectSources, memberNamed, readAuthConfig, type AuthConfig, type Located } from '../auth-config';
import { LineMap } from './line-map';
import type { Finding, QuickFix, SourceRange, TextEdit } from './types';

export const CREDENTIALS_NEEDS_JWT = 'credentials-needs-jwt-strategy' as const;

/**
 * Cheap text test for the config rules: an options object with an adapter and a Credentials provider names both.
 * False means configRuleFindings finds nothing.
 */
export function mightNeedJwtStrategy(text: string): boolean {
  return text.includes('dapter') && /credentials/i.test(text);
}

/**
 * `credentials-needs-jwt-strategy`: the options of this file have a Credentials provider and an `adapter`, and do
 * not set `session: { strategy: "jwt" }`. With an adapter NextAuth (v4, and Auth.js) defaults to database sessions,
 * which a Credentials sign-in never creates: sign-in "succeeds" and the user stays signed out. Reported on the
 * Credentials provider (or the adapter, when the provider is written elsewhere); silent when an unreadable spread
 * may set the session strategy or the adapter. The quick fix (adds `strategy: "jwt"`) is offered only where it is
 * safe: the session option is missing or an object literal of this file without a strategy. An explicit
 * `strategy: "database"` is the user's choice (database sessions for OAuth users): reported, with no automatic fix.
 */
export function credentialsNeedsJwtStrategy(file: string, text: string): Finding[] {
  if (!mightNeedJwtStrategy(text)) return [];
  const sources = ProjectSources.ofFile(file, () => text);
  const config = readAuthConfig(sources, file);
  if (!config || config.options.file !== file) return [];
  if (!config.hasAdapter || config.sessionStrategy === 'jwt') return [];
  const credentials = config.providers.find((p) => p.credentials);
  if (!credentials) return [];
  const session = config.option('session');
  // A spread we cannot read may set `session` (or hold the strategy): say nothing rather than guess.
  if (session.unread.length > 0) return [];
  const sessionObject = session.found ? sources.objectOf(session.found.value) : undefined;
  if (session.found && !sessionObject) return []; // `session: sessionOptions` we cannot follow
  const unknownStrategy = sessionObject && config.sessionStrategy === undefined && sessionObject.node.properties.some((p) => ts.isSpreadAssignment(p) || memberNamed(sessionObject.node, 'strategy') === p);
  if (unknownStrategy) return []; // `strategy: someVariable`, `{ ...defaults }`: not a literal, cannot tell
  const adapter = config.option('adapter').found;
  const lines = new LineMap(text);
  const at: Located | undefined = credentials.element.file === file ? credentials.element : adapter?.member.file === file ? adapter.member : undefined;
  if (!at) return [];
  const explicitDatabase = config.sessionStrategy === 'database';
  const message = explicitDatabase
    ? 'This config signs in with a Credentials provider but sets session: { strategy: "database" }. NextAuth does not create database sessions for Credentials sign-ins, so signing in with credentials fails. Use session: { strategy: "jwt" } (the adapter still stores users and OAuth accounts).'
    : 'This config has a Credentials provider and an adapter but does not set session: { strategy: "jwt" }. With an adapter NextAuth defaults to database sessions, which a Credentials sign-in never creates, so sign-in silently fails (the user stays signed out). Add session: { strategy: "jwt" } (the adapter still stores users and OAuth accounts).';
  const related = adapter && adapter.member.file === file && at !== adapter.member
    ? [{ file, range: rangeOf(lines, adapter.member.node), message: 'The adapter is set here, so NextAuth defaults to database sessions.' }]
    : [];
  const fixes: QuickFix[] = [];
  const edit = explicitDatabase ? undefined : strategyEdit(config, sessionObject, file, text);
  if (edit) fixes.push({ title: 'Add session: { strategy: "jwt" }', kind: 'configure', edits: [edit], preferred: true });
  fixes.push(ignoreFix(lines, text, at.node));
  return [{ rule: CREDENTIALS_NEEDS_JWT, message, file, range: rangeOf(lines, at.node), related, fixes }];
}

/** Where `strategy: "jwt"` goes: into the session object literal of this file, or a new `session` member of the options. */
function strategyEdit(config: AuthConfig, sessionObject: Located<ts.ObjectLiteralExpression> | undefined, file: string, text: string): TextEdit | undefined {
  if (sessionObject) {
    if (sessionObject.file !== file) return undefined;
    const object = sessionObject.node;
    const open = object.getStart() + 1;
    if (object.properties.length === 0) return { start: open, end: object.end - 1, newText: ' strategy: "jwt" ' };
    const first = object.properties[0];
    const between = text.slice(open, first.getStart());
    if (between.includes('\n')) {
      const indent = /[ \t]*$/.exec(between)?.[0] ?? '';
      return { start: first.getStart(), end: first.getStart(), newText: `strategy: "jwt",${newlineOf(text)}${indent}` };
    }
    return { start: first.getStart(), end: first.getStart(), newText: 'strategy: "jwt", ' };
  }
  const options = config.options;
  if (options.file !== file) return undefined;
  const members = options.node.properties;
  const last = members[members.length - 1];
  if (!last) return undefined; // has an adapter member, so never empty
  const lineStart = text.lastIndexOf('\n', last.getStart()) + 1;
  const beforeLast = text.slice(lineStart, last.getStart());
  const multiline = /^[ \t]*$/.test(beforeLast);
  const separator = multiline ? `${newlineOf(text)}${beforeLast}` : ' ';
  const trailing = /^\s*,/.exec(text.slice(last.end));
  if (trailing) {
    const at = last.end + trailing[0].length;
    return { start: at, end: at, newText: `${separator}session: { strategy: "jwt" },` };
  }
  return { start: last.end, end: last.end, newText: `,${separator}session: { strategy: "jwt" }` };
}

function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function ignoreFix(lines: LineMap, text: string, node: ts.Node): QuickFix {
  const { line } = lines.position(node.getStart());
  const lineStart = lines.lineStart(line);
  const indent = /^[ \t]*/.exec(lines.lineText(line))?.[0] ?? '';
  return {
    title: `Ignore ${CREDENTIALS_NEEDS_JWT} on this line`,
    kind: 'ignore',
    edits: [{ start: lineStart, end: lineStart, newText: `${indent}// nextauth-scaffold-ignore-next-line ${CREDENTIALS_NEEDS_JWT}${newlineOf(text)}` }],
  };
}

function rangeOf(lines: LineMap, node: ts.Node): SourceRange {
  return { start: lines.position(node.getStart()), end: lines.position(node.end) };
}
