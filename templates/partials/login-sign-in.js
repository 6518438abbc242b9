{{! The login pages' sign-in request, inside handleSubmit's try block (form and setError come from there); returns early on failure. }}
const result = await signIn("credentials", {
  redirect: false,
  {{usernameField}}: form.get({{usernameField}}),
  {{passwordField}}: form.get({{passwordField}}),
});
// A failed sign-in still answers 200: the error is in `result.error`.
if (!result?.ok || result.error) {
{{#v5}}
  setError(result?.code === "invalid_credentials" ? {{wrongCredentialsMessage}} : `Sign-in failed (${result?.code ?? result?.error ?? "unknown error"}).`);
{{/v5}}
{{^v5}}
  setError(result?.error === "CredentialsSignin" ? {{wrongCredentialsMessage}} : "Sign-in failed. Please try again.");
{{/v5}}
  return;
}
