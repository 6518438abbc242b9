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
// Signed in some other way, or the backend gave no expiry: nothing to rotate.
if (typeof token.accessToken !== "string" || typeof token.accessTokenExpires !== "number") return token;
if (Date.now() < token.accessTokenExpires - REFRESH_MARGIN_MS) return token;
{{#v5}}
// Resolves to null, which signs the user out, when the backend rejects the refresh token.
{{/v5}}
return refreshAccessToken(token);
