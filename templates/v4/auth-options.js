import CredentialsProvider from "next-auth/providers/credentials";

/**
 * NextAuth options, shared by the route handler and getServerSession(). Users sign in against the
 * backend's {{loginPath}} endpoint; the backend's refresh token stays in the encrypted JWT cookie.
 */
/** @type {import("next-auth").NextAuthOptions} */
export const authOptions = {
  providers: [
    CredentialsProvider({
      name: "Credentials",
      credentials: {
        {{usernameField}}: { label: "{{usernameLabel}}", type: "{{usernameInputType}}" },
        {{passwordField}}: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const username = credentials?.{{usernameField}};
        const password = credentials?.{{passwordField}};
        if (!username || !password) return null;

        const response = await postToAuthBackend("{{loginPath}}", {{credentialsBody}});
        if (!response?.ok) return null;
        const body = await readJsonBody(response);
        const tokens = readBackendTokens(body);
        if (!tokens || !isRecord(body)) {
          console.error("[auth] {{loginPath}} answered without an access token");
          return null;
        }
        const profile = isRecord(body.user) ? body.user : body;
        return {
          id: stringField(profile, "id") ?? stringField(profile, "sub") ?? username,
          name: stringField(profile, "name") ?? null,
          email: stringField(profile, "email") ?? null,
          accessToken: tokens.accessToken,
          refreshToken: tokens.refreshToken,
          accessTokenExpires: tokens.accessTokenExpires,
        };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, account }) {
      // Sign-in with the Credentials provider: `user` is what authorize() returned.
      if (account?.provider === "credentials" && user) {
        const signedIn = /** @type {BackendUser} */ (user);
        return {
          ...token,
          accessToken: signedIn.accessToken,
          refreshToken: signedIn.refreshToken,
          accessTokenExpires: signedIn.accessTokenExpires,
        };
      }
      // Signed in some other way, or the backend gave no expiry: nothing to rotate.
      if (typeof token.accessToken !== "string" || typeof token.accessTokenExpires !== "number") return token;
      if (Date.now() < token.accessTokenExpires - REFRESH_MARGIN_MS) return token;
      return refreshAccessToken(token);
    },
    async session({ session, token }) {
      // Everything returned here reaches the browser: public fields only, never the refresh token.
      return {
        ...session,
        user: { ...session.user, id: token.sub },
{{#exposeAccessToken}}
        accessToken: token.accessToken,
{{/exposeAccessToken}}
        error: token.error,
      };
    },
  },
  pages: {
    signIn: "/login",
  },
};

/** Give up on the backend after this long, so a hung API cannot hang sign-in. */
const BACKEND_TIMEOUT_MS = 10_000;

/** Refresh this long before the access token expires, to absorb clock skew and request time. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * POSTs JSON to the backend. A network error or timeout resolves to `undefined`; the log line names
 * the endpoint only, never the body (it holds a password or a token).
 * @param {string} path
 * @param {Record<string, string>} body
 * @returns {Promise<Response | undefined>}
 */
async function postToAuthBackend(path, body) {
  const baseUrl = process.env.{{apiBaseUrlEnv}};
  if (!baseUrl) {
    console.error("[auth] {{apiBaseUrlEnv}} is not set");
    return undefined;
  }
  try {
    return await fetch(`${baseUrl.replace(/\/+$/, "")}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(BACKEND_TIMEOUT_MS),
      cache: "no-store",
    });
  } catch (error) {
    console.error(`[auth] POST ${path} failed: ${error instanceof Error ? error.name : "network error"}`);
    return undefined;
  }
}

/**
 * @param {Response} response
 * @returns {Promise<unknown>}
 */
async function readJsonBody(response) {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/**
 * @typedef {object} BackendTokens
 * @property {string} accessToken
 * @property {string} [refreshToken]
 * @property {number} [accessTokenExpires]
 */

/**
 * What authorize() returns: the user plus the backend's tokens.
 * @typedef {import("next-auth").User & BackendTokens} BackendUser
 */

/**
 * Reads `{ accessToken | access_token, refreshToken | refresh_token, expires_in | expiresAt }`.
 * @param {unknown} body
 * @returns {BackendTokens | undefined}
 */
function readBackendTokens(body) {
  if (!isRecord(body)) return undefined;
  const accessToken = stringField(body, "accessToken") ?? stringField(body, "access_token");
  if (!accessToken) return undefined;
  return {
    accessToken,
    refreshToken: stringField(body, "refreshToken") ?? stringField(body, "refresh_token"),
    accessTokenExpires: accessTokenExpiry(body, accessToken),
  };
}

/**
 * When the access token expires (ms since epoch): from the response, else from the token's `exp` claim.
 * @param {Record<string, unknown>} body
 * @param {string} accessToken
 * @returns {number | undefined}
 */
function accessTokenExpiry(body, accessToken) {
  const expiresIn = body.expires_in ?? body.expiresIn;
  if (typeof expiresIn === "number") return Date.now() + expiresIn * 1000;
  const expiresAt = body.expiresAt ?? body.expires_at;
  // Seconds or milliseconds since the epoch, or an ISO date.
  if (typeof expiresAt === "number") return expiresAt < 1e12 ? expiresAt * 1000 : expiresAt;
  if (typeof expiresAt === "string" && !Number.isNaN(Date.parse(expiresAt))) return Date.parse(expiresAt);
  return expiryClaim(accessToken);
}

/**
 * The `exp` claim of a JWT access token, in ms. Decoded only to schedule the refresh: the signature
 * is NOT verified here, so nothing else may trust it (the backend verifies its own tokens).
 * @param {string} accessToken
 * @returns {number | undefined}
 */
function expiryClaim(accessToken) {
  const payload = accessToken.split(".")[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const claims = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")));
    return isRecord(claims) && typeof claims.exp === "number" ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refreshes in flight, by refresh token: concurrent requests of one session share one backend call,
 * so a rotating backend never sees the same refresh token twice (next-auth issues #2071, #6851).
 * @type {Map<string, Promise<BackendTokens | undefined>>}
 */
const refreshesInFlight = new Map();

/**
 * A token with a fresh access token, or with `error` set so the app can send the user to sign in.
 * @param {import("next-auth/jwt").JWT} token
 * @returns {Promise<import("next-auth/jwt").JWT>}
 */
async function refreshAccessToken(token) {
  const refreshToken = token.refreshToken;
  if (typeof refreshToken !== "string") return { ...token, error: "RefreshAccessTokenError" };
  let refresh = refreshesInFlight.get(refreshToken);
  if (!refresh) {
    refresh = requestTokenRefresh(refreshToken).finally(() => refreshesInFlight.delete(refreshToken));
    refreshesInFlight.set(refreshToken, refresh);
  }
  const tokens = await refresh;
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

/**
 * @param {string} refreshToken
 * @returns {Promise<BackendTokens | undefined>}
 */
async function requestTokenRefresh(refreshToken) {
  const response = await postToAuthBackend("{{refreshPath}}", { refreshToken });
  if (!response?.ok) {
    if (response) console.error(`[auth] {{refreshPath}} answered ${response.status}`);
    return undefined;
  }
  return readBackendTokens(await readJsonBody(response));
}

/**
 * @param {unknown} value
 * @returns {value is Record<string, unknown>}
 */
function isRecord(value) {
  return typeof value === "object" && value !== null;
}

/**
 * @param {Record<string, unknown>} record
 * @param {string} key
 * @returns {string | undefined}
 */
function stringField(record, key) {
  const value = record[key];
  if (typeof value === "string" && value !== "") return value;
  return typeof value === "number" ? String(value) : undefined;
}
