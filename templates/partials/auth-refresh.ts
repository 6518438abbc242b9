{{! Single-flight token refresh for v4/auth-options.ts and v5/auth.ts; v5 signs the user out (null) when the backend rejects the refresh token. }}
/**
 * Refreshes in flight, by refresh token: concurrent requests of one session share one backend call,
 * so a rotating backend never sees the same refresh token twice (next-auth issues #2071, #6851).
 */
{{#v5}}
const refreshesInFlight = new Map<string, Promise<BackendTokens | "rejected" | undefined>>();
{{/v5}}
{{^v5}}
const refreshesInFlight = new Map<string, Promise<BackendTokens | undefined>>();
{{/v5}}

{{#v5}}
/**
 * A token with a fresh access token; `null` (sign out) when the backend rejects the refresh token;
 * otherwise the token with `error` set, so the app can ask the user to sign in again.
 */
async function refreshAccessToken(token: JWT): Promise<JWT | null> {
{{/v5}}
{{^v5}}
/** A token with a fresh access token, or with `error` set so the app can send the user to sign in. */
async function refreshAccessToken(token: JWT): Promise<JWT> {
{{/v5}}
  const refreshToken = token.refreshToken;
  if (typeof refreshToken !== "string") return { ...token, error: "RefreshAccessTokenError" };
  let refresh = refreshesInFlight.get(refreshToken);
  if (!refresh) {
    refresh = requestTokenRefresh(refreshToken).finally(() => refreshesInFlight.delete(refreshToken));
    refreshesInFlight.set(refreshToken, refresh);
  }
  const tokens = await refresh;
{{#v5}}
  if (tokens === "rejected") return null;
{{/v5}}
  if (!tokens) return { ...token, error: "RefreshAccessTokenError" };
  return {
    ...token,
    accessToken: tokens.accessToken,
    // Backends that do not rotate refresh tokens send none back: keep the one we have.
    refreshToken: tokens.refreshToken ?? refreshToken,
    accessTokenExpires: tokens.accessTokenExpires,
    error: undefined,
  };
}

{{#v5}}
/** New tokens; "rejected" when the backend says the refresh token is invalid (400/401); undefined when unreachable. */
async function requestTokenRefresh(refreshToken: string): Promise<BackendTokens | "rejected" | undefined> {
{{/v5}}
{{^v5}}
async function requestTokenRefresh(refreshToken: string): Promise<BackendTokens | undefined> {
{{/v5}}
  const response = await postToAuthBackend({{refreshPath}}, { refreshToken });
  if (!response?.ok) {
    if (response) console.error("[auth]", {{refreshPath}}, "answered", response.status);
{{#v5}}
    return response?.status === 400 || response?.status === 401 ? "rejected" : undefined;
{{/v5}}
{{^v5}}
    return undefined;
{{/v5}}
  }
  return readBackendTokens(await readJsonBody(response));
}
