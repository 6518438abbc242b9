{{! Token refresh for v4/auth-options.ts and v5/auth.ts: one refresh per refresh token in the server process, remembered for a while. }}
/**
 * How one refresh ended: new tokens; refused by the backend (400/401/403: the refresh token is dead and
 * is never sent again); or failed (unreachable, timeout, 5xx, redirect, no tokens: tried again later).
 */
type RefreshOutcome = { kind: "rotated"; tokens: BackendTokens } | { kind: "refused" } | { kind: "failed" };

/**
 * Where refreshes are coordinated. `run(key, refresh)` calls `refresh` once per key (a hash of the
 * refresh token) and gives its outcome to every caller while it is in flight and for a while after.
 */
interface RefreshStore {
  run(key: string, refresh: () => Promise<RefreshOutcome>): Promise<RefreshOutcome>;
}

/**
 * How long a rotation is remembered: a request that still carries the cookie from before the rotation
 * gets the new tokens instead of sending the old refresh token again (a rotating backend refuses it).
 */
const ROTATION_GRACE_MS = 60_000;
/** How long a refused refresh token is remembered, so that no request sends it again. */
const REFUSAL_MEMORY_MS = 10 * 60_000;
/** After a failed refresh (backend unreachable), how long to wait before trying again. */
const RETRY_AFTER_MS = 10_000;
/** At most this many outcomes are remembered; the oldest are forgotten first. */
const MAX_REMEMBERED_REFRESHES = 10_000;

/**
 * Refreshes remembered in this server process's memory. ONE PROCESS ONLY: several server instances
 * (containers, serverless functions) each remember their own, and two of them can still send the same
 * refresh token; they need a shared store, or a backend that accepts a just-rotated token for a few
 * seconds.
 */
function inProcessRefreshStore(): RefreshStore {
  const remembered = new Map<string, { outcome: Promise<RefreshOutcome>; until: number }>();
  let nextSweep = 0;
  return {
    run(key, refresh) {
      const now = Date.now();
      const known = remembered.get(key);
      if (known && known.until > now) return known.outcome;
      // Forget expired outcomes (looking at most once a second), and the oldest ones beyond the cap.
      let excess = remembered.size + 1 - MAX_REMEMBERED_REFRESHES;
      if (now >= nextSweep || excess > 0) {
        nextSweep = now + 1_000;
        remembered.forEach((entry, k) => {
          if (entry.until > now && excess <= 0) return;
          remembered.delete(k);
          excess -= 1;
        });
      }
      const entry = {
        outcome: refresh().catch((): RefreshOutcome => ({ kind: "failed" })),
        until: Number.POSITIVE_INFINITY,
      };
      remembered.set(key, entry);
      void entry.outcome.then((outcome) => {
        entry.until = Date.now() + (outcome.kind === "rotated" ? ROTATION_GRACE_MS : outcome.kind === "refused" ? REFUSAL_MEMORY_MS : RETRY_AFTER_MS);
      });
      return entry.outcome;
    },
  };
}

{{#redisStore}}
/**
 * Rotations shared by every server instance through Redis (./refresh-store, REDIS_URL), with the
 * in-process store in front; one per server process: Next.js bundles this module separately for route
 * handlers, Server Components and middleware, so a module-level variable would be one store per bundle.
 */
const refreshStore: RefreshStore = ((globalThis as unknown as Record<symbol, RefreshStore | undefined>)[Symbol.for("nextauth-scaffold.refresh-store")] ??= redisRefreshStore(inProcessRefreshStore(), { rotated: ROTATION_GRACE_MS, refused: REFUSAL_MEMORY_MS, failed: RETRY_AFTER_MS }));
{{/redisStore}}
{{^redisStore}}
/**
 * One store for the whole server process: Next.js bundles this module separately for route handlers,
 * Server Components and middleware, so a module-level variable would be one store per bundle.
 */
const refreshStore: RefreshStore = ((globalThis as unknown as Record<symbol, RefreshStore | undefined>)[Symbol.for("nextauth-scaffold.refresh-store")] ??= inProcessRefreshStore());
{{/redisStore}}

/** The store key of a refresh token: its SHA-256, so the token itself is never a key or a log line. */
async function refreshTokenKey(refreshToken: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(refreshToken));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
}

/**
 * The token with fresh backend tokens. Concurrent requests, and requests that still carry the cookie
 * from before a rotation, share one backend call (next-auth issues #2071, #6851). When the backend
 * refuses the refresh token the token gets `error: "RefreshAccessTokenError"`: the session is over,
 * and the dead refresh token is never sent again. When the backend cannot be reached, the token is
 * returned unchanged and the refresh is tried again after RETRY_AFTER_MS.
 */
async function refreshAccessToken(token: JWT): Promise<JWT> {
  // Edge middleware (before Next.js 16) runs in a sandbox that shares no memory with
  // the rest of the server: a refresh there could race one in a route handler. The page or the
  // session endpoint refreshes instead.
  if (process.env.NEXT_RUNTIME === "edge") return token;
  const refreshToken = token.refreshToken;
  if (typeof refreshToken !== "string") return { ...token, error: "RefreshAccessTokenError" };
  const outcome = await refreshStore.run(await refreshTokenKey(refreshToken), () => requestTokenRefresh(refreshToken));
  if (outcome.kind === "failed") return token;
  if (outcome.kind === "refused") return { ...token, error: "RefreshAccessTokenError" };
  return {
    ...token,
    accessToken: outcome.tokens.accessToken,
    // Backends that do not rotate refresh tokens send none back: keep the one we have.
    refreshToken: outcome.tokens.refreshToken ?? refreshToken,
    accessTokenExpires: outcome.tokens.accessTokenExpires,
    error: undefined,
  };
}

/** One call to the backend's refresh endpoint; logs the status, never a token. */
async function requestTokenRefresh(refreshToken: string): Promise<RefreshOutcome> {
  const answer = await postToAuthBackend({{refreshPath}}, { refreshToken });
  if (!answer) return { kind: "failed" };
  if (!answer.ok) {
    console.error("[auth]", {{refreshPath}}, "answered", answer.status);
    return answer.status === 400 || answer.status === 401 || answer.status === 403 ? { kind: "refused" } : { kind: "failed" };
  }
  const tokens = readBackendTokens(answer.body);
  if (!tokens) {
    console.error("[auth]", {{refreshPath}}, "answered without an access token");
    return { kind: "failed" };
  }
  return { kind: "rotated", tokens };
}
