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
}

export const DEFAULT_SETTINGS: ScaffoldSettings = {
  apiBaseUrlEnv: 'API_BASE_URL',
  loginPath: '/login',
  refreshPath: '/refresh',
  usernameField: 'email',
  passwordField: 'password',
  exposeAccessToken: true,
};

/**
 * Checks user-supplied settings; returns one message per problem (empty when valid).
 * Plain data in, plain data out, so the CLI and the extension report the same words.
 */
export function validateSettings(settings: ScaffoldSettings): string[] {
  const problems: string[] = [];
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(settings.apiBaseUrlEnv)) {
    problems.push(`"${settings.apiBaseUrlEnv}" is not a valid environment variable name.`);
  }
  for (const [label, value] of [['login path', settings.loginPath], ['refresh path', settings.refreshPath]] as const) {
    if (!/^\/[A-Za-z0-9\-._~/:@!$&'()*+,;=%]*$/.test(value)) problems.push(`The ${label} "${value}" must start with "/" and be a URL path.`);
  }
  for (const [label, value] of [['username field', settings.usernameField], ['password field', settings.passwordField]] as const) {
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(value)) problems.push(`The ${label} "${value}" must be a plain identifier.`);
  }
  if (settings.usernameField === settings.passwordField) problems.push('The username and password fields must differ.');
  return problems;
}
