/**
 * Which field names hold a refresh token. A name is sensitive when, ignoring case and `_`/`-`/`$`, it is
 * `refresh`, or ends in `refreshtoken(s)` (optionally followed by `value`/`string`/`raw`/`jwt`) with a prefix
 * that is not a boolean-ish `has`/`is`/`should`/`can`/`needs`/`no`. So `refreshToken`, `refresh_token`,
 * `REFRESH_TOKEN`, `userRefreshToken` are sensitive, while `refreshAccessToken` (a function that refreshes the
 * access token), `refreshTokenExpires` (a timestamp) and `hasRefreshToken` (a flag) are not.
 */
export function isRefreshName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[_\-$]/g, '');
  if (normalized === 'refresh') return true;
  const match = /^(.*)refreshtokens?(value|string|raw|jwt)?$/.exec(normalized);
  if (!match) return false;
  return !/^(has|is|should|can|needs|no)/.test(match[1]);
}

/**
 * A bundle of tokens kept under one field (`backendTokens`, `tokens`, `authTokens`, `oauth_tokens`): the shape
 * backend tutorials and starters use for `{ accessToken, refreshToken, expiresIn }`. Such a field is treated as
 * holding the refresh token even when the file never names it, unless its name says it holds access or id tokens
 * only (`accessTokens`, `idTokens`).
 */
export function isTokenBundleName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[_\-$]/g, '');
  return normalized.endsWith('tokens') && !/(access|id|csrf|push|fcm|device|api)tokens$/.test(normalized);
}

/** The set of names the analyzer treats as refresh tokens for one file: the rule, settings, and derived fields. */
export class SensitiveNames {
  private readonly extra: Set<string>;
  private readonly derived = new Set<string>();

  constructor(extraNames: readonly string[] | undefined) {
    this.extra = new Set((extraNames ?? []).map((n) => n.toLowerCase()).filter((n) => n.length > 0));
  }

  /** Lower-cased extra names, for the text pre-scan. */
  get extraNames(): readonly string[] {
    return [...this.extra];
  }

  /** Records a field that the file fills from a refresh-named value (e.g. `token.rt = user.refresh`). */
  addDerived(name: string): void {
    if (!this.has(name)) this.derived.add(name);
  }

  get derivedNames(): readonly string[] {
    return [...this.derived];
  }

  /** Why a name is sensitive: by the naming rule, from the settings, or derived from the file's own code. */
  reason(name: string): 'refresh-name' | 'setting' | 'derived' | 'bundle' | undefined {
    if (isRefreshName(name)) return 'refresh-name';
    if (this.extra.has(name.toLowerCase())) return 'setting';
    if (this.derived.has(name)) return 'derived';
    return isTokenBundleName(name) ? 'bundle' : undefined;
  }

  has(name: string): boolean {
    return isRefreshName(name) || this.extra.has(name.toLowerCase()) || this.derived.has(name) || isTokenBundleName(name);
  }
}

/** A password or password hash field (`password`, `passwordHash`, `hashed_password`, `encryptedPassword`), not a flag or date. */
export function isPasswordName(name: string): boolean {
  return /^(hashed|encrypted)?(password|passwd)(hash|hashed|digest)?$/.test(name.toLowerCase().replace(/[_\-$]/g, ''));
}

/** An OpenID Connect ID token field (`id_token`, `idToken`). */
export function isIdTokenName(name: string): boolean {
  return name.toLowerCase().replace(/[_\-$]/g, '') === 'idtoken';
}

/**
 * The names the hygiene rules follow into the session (password / password hash, ID token), run through the same
 * flow analysis as refresh tokens.
 */
export class HygieneNames extends SensitiveNames {
  constructor() {
    super(undefined);
  }

  override addDerived(): void {}

  override reason(name: string): 'refresh-name' | undefined {
    return this.has(name) ? 'refresh-name' : undefined;
  }

  override has(name: string): boolean {
    return isPasswordName(name) || isIdTokenName(name);
  }
}
