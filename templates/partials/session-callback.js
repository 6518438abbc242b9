{{! The body of the session callback in every auth template (v4 and v5, TypeScript and JavaScript). }}
// Everything returned here reaches the browser: public fields only, never the refresh token.
return {
  ...session,
  user: { ...session.user, id: token.sub },
{{#exposeAccessToken}}
  accessToken: token.accessToken,
{{/exposeAccessToken}}
  error: token.error,
};
