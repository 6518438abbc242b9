import { ts } from 'ts-morph';
import { analyzeSource } from '../analyze';
import type { PlanNote } from './types';
import type { EditableSource } from './editable-source';
import { findAuthOptions, objectValueOf, propertyNamed } from './auth-options';
import type { AuthTemplate } from './auth-template';
import { appendToList } from './list-edit';
import { ensureSupport, sameCode } from './ensure-support';
import { missingOptionsNote } from './ensure-credentials-provider';
import type { MergeOptions } from './ensure-credentials-provider';

type CallbackName = 'jwt' | 'session';

/**
 * Get-or-add the generated `jwt` and `session` callbacks (and the refresh helpers they use). A
 * callback the file already has is kept as written, and a note says so; when the analyzer finds the
 * kept `session` callback leaking the refresh token or the whole JWT, the note says that too, with the
 * line. Other callbacks and options are untouched.
 */
export function ensureCallbacks(source: EditableSource, template: AuthTemplate, options: MergeOptions = {}): PlanNote[] {
  const file = source.sourceFile.compilerNode;
  const authOptions = findAuthOptions(file);
  if (!authOptions) return [missingOptionsNote(source)];
  const notes: PlanNote[] = [];
  const before = source.text;
  const property = propertyNamed(authOptions, 'callbacks');
  const refs = new Set<string>();
  if (!property) {
    if (!options.besideSpread && authOptions.properties.some(ts.isSpreadAssignment)) {
      return [{ level: 'warning', message: `The options in ${source.path} are spread from another object; add the jwt and session callbacks where its callbacks are defined.`, file: source.path, line: source.lineOf(authOptions.getStart(file)) }];
    }
    appendToList(source, authOptions, template.callbacksProperty.text);
    template.callbacksProperty.refs.forEach((r) => refs.add(r));
  } else {
    const callbacks = objectValueOf(file, property);
    if (!callbacks) {
      return [{ level: 'warning', message: `The callbacks in ${source.path} are not an object literal here; add the jwt and session callbacks to them yourself.`, file: source.path, line: source.lineOf(property.getStart(file)) }];
    }
    const missing: CallbackName[] = [];
    const kept: CallbackName[] = [];
    for (const name of ['jwt', 'session'] as const) {
      const existing = propertyNamed(callbacks, name);
      if (!existing) missing.push(name);
      else if (!sameCode(existing.getText(file), template.callbacks.get(name)!.text)) kept.push(name);
    }
    for (const name of missing) {
      // Re-find the object after each edit: earlier nodes are stale.
      appendToList(source, currentCallbacks(source)!, template.callbacks.get(name)!.text);
      template.callbacks.get(name)!.refs.forEach((r) => refs.add(r));
    }
    if (refs.size > 0) notes.push(...ensureSupport(source, template, refs).notes);
    // Lines are those of the merged text, which is what the user will see.
    for (const name of kept) notes.push(keptNote(source, name, propertyNamed(currentCallbacks(source)!, name)!));
    if (missing.length === 1) notes.push(halfNote(source, missing[0]));
    notes.push(...leakNotes(source, kept, before));
    return notes;
  }
  notes.push(...ensureSupport(source, template, refs).notes);
  return notes;
}

function currentCallbacks(source: EditableSource): ts.ObjectLiteralExpression | undefined {
  const file = source.sourceFile.compilerNode;
  const options = findAuthOptions(file);
  const property = options && propertyNamed(options, 'callbacks');
  return property && objectValueOf(file, property);
}

function keptNote(source: EditableSource, name: CallbackName, existing: ts.Node): PlanNote {
  const why =
    name === 'jwt'
      ? 'It must copy accessToken, refreshToken and accessTokenExpires from `user` at sign-in for the generated session callback and type augmentation to match.'
      : 'It decides what reaches the browser: it must never return the refresh token or the whole token.';
  return { level: 'info', message: `Kept your existing ${name} callback. ${why}`, file: source.path, line: source.lineOf(existing.getStart(source.sourceFile.compilerNode)) };
}

function halfNote(source: EditableSource, added: CallbackName): PlanNote {
  const message =
    added === 'session'
      ? 'Added a session callback that exposes accessToken and error from the token; your jwt callback decides what they hold.'
      : 'Added a jwt callback that stores and refreshes the backend tokens; your session callback decides what reaches the browser.';
  return { level: 'info', message, file: source.path };
}

/** Warnings for every leak the analyzer finds in the file (only user code can leak: ours does not). */
function leakNotes(source: EditableSource, kept: readonly CallbackName[], before: string): PlanNote[] {
  if (!kept.includes('session')) return [];
  const refreshLeak = 'session-exposes-refresh-token';
  // A session callback that hands out the whole JWT leaked no refresh token until the jwt callback we
  // added put one there: say that this merge makes it worse, and what to do before deploying.
  const weMadeItWorse = !analyzeSource(source.path, before).some((f) => f.rule === refreshLeak);
  return analyzeSource(source.path, source.text).map((finding) => ({
    level: 'warning' as const,
    message:
      `Your session callback leaks to the browser (${finding.rule}) at ${source.path}:${finding.range.start.line + 1}: ${finding.message}` +
      (weMadeItWorse && finding.rule === refreshLeak
        ? ' The jwt callback added here keeps the backend refresh token in the JWT, so fix this session callback before you deploy: return only public fields (e.g. { ...session, accessToken: token.accessToken, error: token.error }).'
        : ''),
    file: source.path,
    line: finding.range.start.line + 1,
  }));
}

/**
 * Get-or-add the `authorized` callback Auth.js (v5) middleware consults: without one, `auth` as
 * middleware lets everybody through. Returning false sends signed-out visitors of the matched paths
 * to `pages.signIn`. An existing `authorized` callback is the user's own rule and is kept.
 */
export function ensureAuthorizedCallback(source: EditableSource): PlanNote[] {
  const file = source.sourceFile.compilerNode;
  const options = findAuthOptions(file);
  if (!options) return [missingOptionsNote(source)];
  const { indent, semicolons, trailingCommas, quote } = source.style;
  // A session whose refresh the backend refused carries `error`: it counts as signed out. It is read
  // through a cast, so the check type-checks whether or not Session declares `error`.
  const error = /\.[cm]?jsx?$/.test(source.path) ? '/** @type {{ error?: unknown }} */ (auth).error' : '(auth as { error?: unknown }).error';
  const member = `// The middleware asks this for its matched paths: signed-out visitors, and sessions whose token refresh\n// the backend refused, go to the login page.\nauthorized({ auth }) {\n${indent}return !!auth && ${error} !== ${quote}RefreshAccessTokenError${quote}${semicolons ? ';' : ''}\n}`;
  const property = propertyNamed(options, 'callbacks');
  if (!property) {
    appendToList(source, options, `callbacks: {\n${indent}${member.split('\n').join(`\n${indent}`)}${trailingCommas ? ',' : ''}\n}`);
    return [];
  }
  const callbacks = objectValueOf(file, property);
  if (!callbacks) return [{ level: 'warning', message: `Add an authorized callback (return !!auth && auth.error !== "RefreshAccessTokenError") to the callbacks in ${source.path}: without it the middleware protects nothing.`, file: source.path }];
  if (propertyNamed(callbacks, 'authorized')) return [];
  appendToList(source, callbacks, member);
  return [];
}
