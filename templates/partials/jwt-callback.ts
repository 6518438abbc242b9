{{! The jwt callback of v4/auth-options.ts and v5/auth.ts: keeps the backend's tokens in the JWT and refreshes them. }}
// Sign-in with the Credentials provider: `user` is what authorize() returned.
if (account?.provider === "credentials" && user) {
  return {
    ...token,
    accessToken: user.accessToken,
    refreshToken: user.refreshToken,
    accessTokenExpires: user.accessTokenExpires,
  };
}
// The backend refused to refresh this session: it stays over (signed out) until the user signs in again.
if (token.error === "RefreshAccessTokenError") return token;
// Signed in some other way, or the backend gave no expiry: nothing to rotate.
if (typeof token.accessToken !== "string" || typeof token.accessTokenExpires !== "number") return token;
if (Date.now() < token.accessTokenExpires - REFRESH_MARGIN_MS) return token;
return refreshAccessToken(token);
