import { analyzeSource } from '../analyze';
import { ScaffoldError } from '../errors';
import type { AuthConfig, CallbackEntry } from '../auth-config';
import type { PlanNote } from './types';
import type { EditableSource } from './editable-source';
import type { AuthTemplate } from './auth-template';
import { configOfSource, type ConfigReader } from './config-reader';
import { appendToList } from './list-edit';
import { ensureSupport, sameCode } from './ensure-support';
import { missingOptionsNote } from './ensure-credentials-provider';

type GeneratedCallback = 'jwt' | 'session';

/**
 * Get-or-add the generated `jwt` and `session` callbacks (and the refresh helpers they use) in the auth
 * options `read` finds, editing `source` (the file that holds the callbacks object, or the options when
 * they have none). A callback the app already defines — in this object, in an object spread into it
 * (`callbacks: { ...authConfig.callbacks }`), or imported from another module — is kept as written and a
 * note says where; when the analyzer finds a kept `session` callback in this file leaking the refresh token
 * or the whole JWT, the note says that too, with the line. When a spread that could define a callback
 * cannot be read, nothing is added (it could be shadowed) and a note says where to add it. A leak this plan
 * would create in a kept session callback is rewritten or refused (see leakNotes); `originalText` is the
 * file before the plan touched it (other merges, such as the provider's authorize(), may run first).
 * Other callbacks and options are untouched.
 */
export function ensureCallbacks(source: EditableSource, template: AuthTemplate, read: ConfigReader = configOfSource(source), originalText?: string): PlanNote[] {
  const config = read();
  if (!config) return [missingOptionsNote(source)];
  const before = originalText ?? source.text;
  const missing: GeneratedCallback[] = [];
  const kept: GeneratedCallback[] = [];
  for (const name of ['jwt', 'session'] as const) {
    const lookup = config.callback(name);
    if (lookup.found) {
      const ours = lookup.found.member.file === source.path && sameCode(lookup.found.member.node.getText(), template.callbacks.get(name)!.text);
      if (!ours) kept.push(name);
    } else if (lookup.unread.length > 0) {
      const spread = lookup.unread[0];
      return [{ level: 'warning', message: `The callbacks in ${spread.file} are spread from an object that cannot be read here; add the jwt and session callbacks where its callbacks are defined (adding them here could replace yours).`, file: spread.file, line: config.lineOf(spread) }];
    } else {
      missing.push(name);
    }
  }
  const notes: PlanNote[] = [];
  const refs = new Set<string>();
  const callbacks = config.callbacksObject;
  const target = callbacks ?? config.options;
  if (missing.length > 0 && target.file !== source.path) {
    return [{ level: 'warning', message: `The callbacks are defined in ${target.file}; add the missing ${missing.join(' and ')} callback there.`, file: target.file, line: config.lineOf(target) }];
  }
  if (missing.length > 0 && !callbacks) {
    const property = config.option('callbacks').found;
    if (property) {
      return [{ level: 'warning', message: `The callbacks in ${property.member.file} are not an object literal here; add the jwt and session callbacks to them yourself.`, file: property.member.file, line: config.lineOf(property.member) }];
    }
    appendToList(source, config.options.node, template.callbacksProperty.text);
    template.callbacksProperty.refs.forEach((r) => refs.add(r));
  } else {
    for (const name of missing) {
      // Read the config again after each edit: earlier nodes are stale.
      appendToList(source, read()!.callbacksObject!.node, template.callbacks.get(name)!.text);
      template.callbacks.get(name)!.refs.forEach((r) => refs.add(r));
    }
  }
  if (refs.size > 0) notes.push(...ensureSupport(source, template, refs).notes);
  // Lines are those of the merged text, which is what the user will see.
  const merged = read()!;
  for (const name of kept) notes.push(keptNote(name, merged, merged.callback(name).found!));
  if (missing.length === 1) notes.push(halfNote(source, missing[0]));
  if (kept.includes('session') && merged.callback('session').found?.member.file === source.path) notes.push(...leakNotes(source, before));
  return notes;
}

function keptNote(name: GeneratedCallback, config: AuthConfig, existing: CallbackEntry): PlanNote {
  const why =
    name === 'jwt'
      ? 'It must copy accessToken, refreshToken and accessTokenExpires from `user` at sign-in for the generated session callback and type augmentation to match.'
      : 'It decides what reaches the browser: it must never return the refresh token or the whole token.';
  return { level: 'info', message: `Kept your existing ${name} callback. ${why}`, file: existing.member.file, line: config.lineOf(existing.member) };
}

function halfNote(source: EditableSource, added: GeneratedCallback): PlanNote {
  const message =
    added === 'session'
      ? 'Added a session callback that exposes accessToken and error from the token; your jwt callback decides what they hold.'
      : 'Added a jwt callback that stores and refreshes the backend tokens; your session callback decides what reaches the browser.';
  return { level: 'info', message, file: source.path };
}

/**
 * Never leave a leak this merge created: when the kept session callback hands the whole token to the
 * browser and only the jwt callback added here puts the refresh token in it, the analyzer's own preferred
 * quick fix (the allow-list of public fields, else removing the exposure) is applied to that callback as part
 * of the plan, and a warning says so; when no fix applies, the callbacks piece is refused (ScaffoldError,
 * nothing written). Leaks that were there before are the user's: reported with their line, left as written.
 */
function leakNotes(source: EditableSource, before: string): PlanNote[] {
  const refreshLeak = 'session-exposes-refresh-token';
  const notes: PlanNote[] = [];
  const leakedBefore = analyzeSource(source.path, before).some((f) => f.rule === refreshLeak);
  if (!leakedBefore) {
    for (let round = 0; round < 10; round++) {
      const leak = analyzeSource(source.path, source.text).find((f) => f.rule === refreshLeak);
      if (!leak) break;
      const line = leak.range.start.line + 1;
      const fix = leak.fixes.find((f) => f.kind === 'allow-list') ?? leak.fixes.find((f) => f.kind === 'remove');
      if (!fix) {
        throw new ScaffoldError(
          `Not adding the jwt and session callbacks: your session callback hands the token to the browser (${source.path}:${line}), and the jwt callback this would add stores the backend refresh token in that token. Make the session callback return only public fields (e.g. { ...session, accessToken: token.accessToken, error: token.error }), then run again; nothing was written.`,
          source.path,
          line,
        );
      }
      for (const edit of [...fix.edits].sort((a, b) => b.start - a.start)) source.replace(edit.start, edit.end, edit.newText);
      notes.push({
        level: 'warning',
        message: `Rewrote your session callback at ${source.path}:${line} (${fix.title}): it handed the whole token to the browser, and the jwt callback added here keeps the backend refresh token in the token. Check that it exposes what your client needs.`,
        file: source.path,
        line,
      });
    }
    if (analyzeSource(source.path, source.text).some((f) => f.rule === refreshLeak)) {
      throw new ScaffoldError(`Not adding the jwt and session callbacks: your session callback would hand the backend refresh token the added jwt callback stores to the browser, and it could not be rewritten safely. Make it return only public fields, then run again; nothing was written.`, source.path);
    }
  }
  for (const finding of analyzeSource(source.path, source.text)) {
    if (finding.rule === 'analysis-incomplete') continue; // the plan refuses a file that does not parse on its own
    notes.push({
      level: 'warning' as const,
      message: `${finding.rule === 'credentials-needs-jwt-strategy' ? 'Credentials sign-in cannot work with your auth config' : 'Your session callback leaks to the browser'} (${finding.rule}) at ${source.path}:${finding.range.start.line + 1}: ${finding.message}`,
      file: source.path,
      line: finding.range.start.line + 1,
    });
  }
  return notes;
}

/**
 * Get-or-add the `authorized` callback Auth.js (v5) middleware consults: without one, `auth` as
 * middleware lets everybody through. Returning false sends signed-out visitors of the matched paths
 * to `pages.signIn`. An existing `authorized` callback, wherever the config defines it, is the user's own
 * rule and is kept.
 */
export function ensureAuthorizedCallback(source: EditableSource, read: ConfigReader = configOfSource(source)): PlanNote[] {
  const config = read();
  if (!config) return [missingOptionsNote(source)];
  const lookup = config.callback('authorized');
  if (lookup.found) return [];
  const { indent, semicolons, trailingCommas, quote } = source.style;
  // A session whose refresh the backend refused carries `error`: it counts as signed out. It is read
  // through a cast, so the check type-checks whether or not Session declares `error`.
  const error = /\.[cm]?jsx?$/.test(source.path) ? '/** @type {{ error?: unknown }} */ (auth).error' : '(auth as { error?: unknown }).error';
  const member = `// The middleware asks this for its matched paths: signed-out visitors, and sessions whose token refresh\n// the backend refused, go to the login page.\nauthorized({ auth }) {\n${indent}return !!auth && ${error} !== ${quote}RefreshAccessTokenError${quote}${semicolons ? ';' : ''}\n}`;
  const callbacks = config.callbacksObject;
  const target = callbacks ?? config.options;
  const property = config.option('callbacks').found;
  if (lookup.unread.length > 0 || target.file !== source.path || (!callbacks && property)) {
    const where = lookup.unread[0] ?? property?.member ?? target;
    return [{ level: 'warning', message: `Add an authorized callback (return !!auth && auth.error !== "RefreshAccessTokenError") to the callbacks in ${where.file}: without it the middleware protects nothing.`, file: where.file, line: config.lineOf(where) }];
  }
  if (callbacks) appendToList(source, callbacks.node, member);
  else appendToList(source, config.options.node, `callbacks: {\n${indent}${member.split('\n').join(`\n${indent}`)}${trailingCommas ? ',' : ''}\n}`);
  return [];
}
