{{! The login pages' form, returned by LoginPage (app and pages router, TypeScript and JavaScript). }}
<main>
  <h1>Sign in</h1>
  <form onSubmit={handleSubmit}>
    <label>
      {{{usernameLabel}}}
      <input name={{usernameField}} type={{usernameInputType}} autoComplete="username" required />
    </label>
    <label>
      Password
      <input name={{passwordField}} type="password" autoComplete="current-password" required />
    </label>
    {error && <p role="alert">{error}</p>}
    <button type="submit" disabled={pending}>
      {pending ? "Signing in…" : "Sign in"}
    </button>
  </form>
</main>
