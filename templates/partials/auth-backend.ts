{{! Backend calls and token parsing, shared by v4/auth-options.ts and v5/auth.ts. }}
/** Give up on the backend after this long, so a hung API cannot hang sign-in. */
const BACKEND_TIMEOUT_MS = 10_000;

/** Refresh this long before the access token expires, to absorb clock skew and request time. */
const REFRESH_MARGIN_MS = 60_000;

/** The backend's answer: its status and its JSON body (undefined when the body is not JSON). */
interface BackendAnswer {
  readonly ok: boolean;
  readonly status: number;
  readonly body: unknown;
}

/**
 * POSTs JSON to the backend and reads the JSON answer, within BACKEND_TIMEOUT_MS. A network error, a
 * timeout or a redirect resolves to `undefined`; the log line names the endpoint only, never the body
 * (it holds a password or a token).
 */
async function postToAuthBackend(path: string, body: Record<string, string>): Promise<BackendAnswer | undefined> {
  const baseUrl = process.env.{{apiBaseUrlEnvName}};
  if (!baseUrl) {
    console.error("[auth]", {{apiBaseUrlEnv}}, "is not set");
    return undefined;
  }
  // A controller and a timer rather than AbortSignal.timeout(), which older TypeScript libs lack.
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), BACKEND_TIMEOUT_MS);
  try {
    const response = await fetch(`${baseUrl.replace(/\/+$/, "")}${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify(body),
      // Following a redirect would send the password or the refresh token on to wherever it points.
      redirect: "manual",
      signal: controller.signal,
      cache: "no-store",
    });
    if (response.type === "opaqueredirect" || (response.status >= 300 && response.status < 400)) {
      console.error(`[auth] POST ${path} answered with a redirect (${response.status}), not followed`);
      return undefined;
    }
    return { ok: response.ok, status: response.status, body: await readJsonBody(response) };
  } catch (error) {
    console.error(`[auth] POST ${path} failed: ${error instanceof Error ? error.name : "network error"}`);
    return undefined;
  } finally {
    clearTimeout(timer);
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

{{#js}}
/**
 * What authorize() returns: the user plus the backend's tokens.
 * @typedef {import("next-auth").User & BackendTokens} BackendUser
 */

{{/js}}
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
