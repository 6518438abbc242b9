/** User choices shared by the extension settings and the CLI flags. */
export interface ScaffoldSettings {
  /** Name of the env var holding the backend base URL. */
  readonly apiBaseUrlEnv: string;
  /** Backend path of the login endpoint, appended to the base URL. */
  readonly loginPath: string;
  /** Backend path of the refresh endpoint. */
  readonly refreshPath: string;
  /** Credential field that identifies the user: usually `email` or `username`. */
  readonly usernameField: string;
  readonly passwordField: string;
  /** Whether the session sent to the browser carries the access token. */
  readonly exposeAccessToken: boolean;
  /**
   * Where token rotations are coordinated: `memory` (one server process) or `redis` (shared by every
   * instance through REDIS_URL; a generated store module next to the auth options).
   */
  readonly refreshStore: RefreshStoreKind;
}

/** The refresh stores the generated code can use (`--refresh-store`, `nextauthScaffold.refreshStore`). */
export const REFRESH_STORES = ['memory', 'redis'] as const;
export type RefreshStoreKind = (typeof REFRESH_STORES)[number];

export const DEFAULT_SETTINGS: ScaffoldSettings = {
  apiBaseUrlEnv: 'API_BASE_URL',
  loginPath: '/login',
  refreshPath: '/refresh',
  usernameField: 'email',
  passwordField: 'password',
  exposeAccessToken: true,
  refreshStore: 'memory',
};

/** The grammar a setting value must match; its id is printed with every refusal. */
export type SettingRule = 'env-name' | 'url-path' | 'field-name' | 'distinct-fields' | 'route-matcher' | 'refresh-store';

/** One refused value: which setting, the value, the rule it broke and a sentence saying so. */
export interface SettingProblem {
  readonly setting: keyof ScaffoldSettings | 'matcher';
  readonly value: string;
  readonly rule: SettingRule;
  readonly message: string;
}

/**
 * Names that are not safe own-property keys: `{ __proto__: x }` sets the prototype instead of a field,
 * and `credentials.toString` is always defined. Every Object.prototype member, plus `prototype`.
 */
const UNSAFE_KEYS: ReadonlySet<string> = new Set([...Object.getOwnPropertyNames(Object.prototype), 'prototype']);

const MAX_LENGTH = 100;
/** An environment variable name (POSIX portable: letters, digits, underscore; not a digit first). */
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** A JavaScript identifier of ASCII letters, digits, `_` and `$`. */
const FIELD_NAME = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
/** `/` then path segments of RFC 3986 unreserved characters or %XX escapes. */
const URL_PATH = /^\/(?:[A-Za-z0-9\-._~/]|%[0-9A-Fa-f]{2})*$/;
/** A Next.js matcher: `/` then printable ASCII without quotes, backslashes or spaces (`:param*`, `(.*)` …). */
const ROUTE_MATCHER = /^\/[!#-&(-[\]-_a-~]*$/;

/** A value shown in a message: quoted and escaped, so control characters cannot reach the terminal raw. */
function shown(value: string): string {
  const clipped = value.length > 60 ? `${value.slice(0, 60)}…` : value;
  return JSON.stringify(clipped);
}

/**
 * Checks user-supplied settings against their grammars (see SettingRule) and returns one problem per
 * broken rule (empty when valid). Only values that pass reach a template, and the templates emit them as
 * string literals (`JSON.stringify`); the env name also as `process.env.NAME`, which its grammar keeps an
 * identifier. Plain data in and out, so the CLI and the extension report the same words.
 */
export function settingProblems(settings: ScaffoldSettings): SettingProblem[] {
  const problems: SettingProblem[] = [];
  const refuse = (setting: SettingProblem['setting'], value: string, rule: SettingRule, message: string): void => {
    problems.push({ setting, value, rule, message: `${message} (rule ${rule}).` });
  };
  const env = settings.apiBaseUrlEnv;
  if (typeof env !== 'string' || env.length > MAX_LENGTH || !ENV_NAME.test(env) || UNSAFE_KEYS.has(env)) {
    refuse('apiBaseUrlEnv', String(env), 'env-name', `The API base URL env var ${shown(String(env))} is not a valid environment variable name: letters, digits and "_", not starting with a digit, at most ${MAX_LENGTH} characters, not an Object.prototype name`);
  }
  for (const [setting, label] of [['loginPath', 'login path'], ['refreshPath', 'refresh path']] as const) {
    const value = settings[setting];
    if (typeof value === 'string' && isSafeUrlPath(value)) continue;
    refuse(setting, String(value), 'url-path', `The ${label} ${shown(String(value))} must be a URL path: "/" followed by letters, digits, "-", ".", "_", "~", "/" or %XX escapes, without "." or ".." segments or "//", at most ${MAX_LENGTH} characters`);
  }
  for (const [setting, label] of [['usernameField', 'username field'], ['passwordField', 'password field']] as const) {
    const value = settings[setting];
    if (typeof value === 'string' && value.length <= MAX_LENGTH && FIELD_NAME.test(value) && !UNSAFE_KEYS.has(value)) continue;
    const why = typeof value === 'string' && UNSAFE_KEYS.has(value) ? 'is not a safe own-property key (an Object.prototype name)' : `must be a plain identifier: letters, digits, "_" or "$", not starting with a digit, at most ${MAX_LENGTH} characters`;
    refuse(setting, String(value), 'field-name', `The ${label} ${shown(String(value))} ${why}`);
  }
  if (settings.usernameField === settings.passwordField) {
    refuse('passwordField', settings.passwordField, 'distinct-fields', 'The username and password fields must differ');
  }
  if (!(REFRESH_STORES as readonly unknown[]).includes(settings.refreshStore)) {
    refuse('refreshStore', String(settings.refreshStore), 'refresh-store', `The refresh store ${shown(String(settings.refreshStore))} must be one of ${REFRESH_STORES.join(', ')}`);
  }
  return problems;
}

/**
 * Whether a value is a URL path safe to emit into generated code as a string literal (the `url-path` rule):
 * used for paths read from the app itself too (NextAuth's `basePath`, `pages.signIn`).
 */
export function isSafeUrlPath(value: string): boolean {
  return value.length <= MAX_LENGTH && URL_PATH.test(value) && !hasDotOrEmptySegment(value);
}

/** Like settingProblems, as the messages alone (what the CLI prints and the extension shows). */
export function validateSettings(settings: ScaffoldSettings): string[] {
  return settingProblems(settings).map((p) => p.message);
}

/**
 * Checks route-protection matchers: each must start with "/" and hold printable ASCII without quotes,
 * backslashes or spaces (Next.js matcher syntax, e.g. `/dashboard/:path*`). One problem per bad matcher.
 */
export function matcherProblems(matchers: readonly string[]): SettingProblem[] {
  return matchers
    .filter((m) => typeof m !== 'string' || m.length > 200 || !ROUTE_MATCHER.test(m))
    .map((m) => ({
      setting: 'matcher' as const,
      value: String(m),
      rule: 'route-matcher' as const,
      message: `The matcher ${shown(String(m))} must be a path matcher starting with "/", e.g. /dashboard/:path*, in printable ASCII without spaces, quotes or backslashes (rule route-matcher).`,
    }));
}

function hasDotOrEmptySegment(urlPath: string): boolean {
  const segments = urlPath.slice(1).split('/');
  // A trailing slash (empty last segment) is allowed; "//" inside is not.
  return segments.some((s, i) => s === '.' || s === '..' || (s === '' && i < segments.length - 1 && urlPath !== '/'));
}
