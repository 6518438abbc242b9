import NextAuth, { CredentialsSignin } from "next-auth";
import type { NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";

/**
 * Auth.js configuration. Users sign in against the backend's {{loginPath}} endpoint; the backend's
 * refresh token stays in the encrypted JWT cookie. `auth()` reads the session on the server.
 */
const authConfig: NextAuthConfig = {
  providers: [
    Credentials({
      name: "Credentials",
      credentials: {
        {{usernameField}}: { label: "{{usernameLabel}}", type: "{{usernameInputType}}" },
        {{passwordField}}: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const username = credentials.{{usernameField}};
        const password = credentials.{{passwordField}};
        if (typeof username !== "string" || typeof password !== "string" || !username || !password) {
          throw new InvalidCredentialsError();
        }

        const response = await postToAuthBackend("{{loginPath}}", {{credentialsBody}});
        if (!response) return null;
        // A definitive "wrong credentials" from the backend: the login page shows the code.
        if (response.status === 400 || response.status === 401) throw new InvalidCredentialsError();
        if (!response.ok) return null;
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
        return {
          ...token,
          accessToken: user.accessToken,
          refreshToken: user.refreshToken,
          accessTokenExpires: user.accessTokenExpires,
        };
      }
      // Signed in some other way, or the backend gave no expiry: nothing to rotate.
      if (typeof token.accessToken !== "string" || typeof token.accessTokenExpires !== "number") return token;
      if (Date.now() < token.accessTokenExpires - REFRESH_MARGIN_MS) return token;
      // Resolves to null, which signs the user out, when the backend rejects the refresh token.
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

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);

/** Wrong username or password. `code` reaches the login page (keep it vague on purpose). */
class InvalidCredentialsError extends CredentialsSignin {
  code = "invalid_credentials";
}

/** Give up on the backend after this long, so a hung API cannot hang sign-in. */
const BACKEND_TIMEOUT_MS = 10_000;

/** Refresh this long before the access token expires, to absorb clock skew and request time. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * POSTs JSON to the backend. A network error or timeout resolves to `undefined`; the log line names
 * the endpoint only, never the body (it holds a password or a token).
 */
async function postToAuthBackend(path: string, body: Record<string, string>): Promise<Response | undefined> {
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

async function readJsonBody(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

interface BackendTokens {
  accessToken: string;
  refreshToken?: string;
  accessTokenExpires?: number;
}

/** Reads `{ accessToken | access_token, refreshToken | refresh_token, expires_in | expiresAt }`. */
function readBackendTokens(body: unknown): BackendTokens | undefined {
  if (!isRecord(body)) return undefined;
  const accessToken = stringField(body, "accessToken") ?? stringField(body, "access_token");
  if (!accessToken) return undefined;
  return {
    accessToken,
    refreshToken: stringField(body, "refreshToken") ?? stringField(body, "refresh_token"),
    accessTokenExpires: accessTokenExpiry(body, accessToken),
  };
}

/** When the access token expires (ms since epoch): from the response, else from the token's `exp` claim. */
function accessTokenExpiry(body: Record<string, unknown>, accessToken: string): number | undefined {
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
 */
function expiryClaim(accessToken: string): number | undefined {
  const payload = accessToken.split(".")[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const claims: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, "=")));
    return isRecord(claims) && typeof claims.exp === "number" ? claims.exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Refreshes in flight, by refresh token: concurrent requests of one session share one backend call,
 * so a rotating backend never sees the same refresh token twice (next-auth issues #2071, #6851).
 */
const refreshesInFlight = new Map<string, Promise<BackendTokens | "rejected" | undefined>>();

/**
 * A token with a fresh access token; `null` (sign out) when the backend rejects the refresh token;
 * otherwise the token with `error` set, so the app can ask the user to sign in again.
 */
async function refreshAccessToken(token: JWT): Promise<JWT | null> {
  const refreshToken = token.refreshToken;
  if (typeof refreshToken !== "string") return { ...token, error: "RefreshAccessTokenError" };
  let refresh = refreshesInFlight.get(refreshToken);
  if (!refresh) {
    refresh = requestTokenRefresh(refreshToken).finally(() => refreshesInFlight.delete(refreshToken));
    refreshesInFlight.set(refreshToken, refresh);
  }
  const tokens = await refresh;
  if (tokens === "rejected") return null;
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

/** New tokens; "rejected" when the backend says the refresh token is invalid (400/401); undefined when unreachable. */
async function requestTokenRefresh(refreshToken: string): Promise<BackendTokens | "rejected" | undefined> {
  const response = await postToAuthBackend("{{refreshPath}}", { refreshToken });
  if (!response?.ok) {
    if (response) console.error(`[auth] {{refreshPath}} answered ${response.status}`);
    return response?.status === 400 || response?.status === 401 ? "rejected" : undefined;
  }
  return readBackendTokens(await readJsonBody(response));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function stringField(record: Record<string, unknown>, key: string): string | undefined {
  const value = record[key];
  if (typeof value === "string" && value !== "") return value;
  return typeof value === "number" ? String(value) : undefined;
}
