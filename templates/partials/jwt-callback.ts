{{! The jwt callback of v4/auth-options.ts and v5/auth.ts: keeps the backend's tokens in the JWT and refreshes them. }}
{{! TypeScript reads the token fields off the augmented User (next-auth.d.ts); JavaScript casts to BackendUser. }}
// Sign-in with the Credentials provider: `user` is what authorize() returned.
if (account?.provider === "credentials" && user) {
{{#js}}
  const signedIn = /** @type {BackendUser} */ (user);
  return {
    ...token,
    accessToken: signedIn.accessToken,
    refreshToken: signedIn.refreshToken,
    accessTokenExpires: signedIn.accessTokenExpires,
  };
{{/js}}
{{^js}}
  return {
    ...token,
    accessToken: user.accessToken,
    refreshToken: user.refreshToken,
    accessTokenExpires: user.accessTokenExpires,
  };
{{/js}}
}
// The backend refused to refresh this session: it stays over (signed out) until the user signs in again.
if (token.error === "RefreshAccessTokenError") return token;
// Signed in some other way, or the backend gave no expiry: nothing to rotate.
if (typeof token.accessToken !== "string" || typeof token.accessTokenExpires !== "number") return token;
if (Date.now() < token.accessTokenExpires - REFRESH_MARGIN_MS) return token;
return refreshAccessToken(token);
