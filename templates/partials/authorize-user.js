{{! The end of authorize() in every auth template: the user it returns, read from the backend's answer (response and username come from authorize()). }}
const body = response.body;
const tokens = readBackendTokens(body);
if (!tokens || !isRecord(body)) {
  console.error("[auth]", {{loginPath}}, "answered without an access token");
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
