"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import type { FormEvent } from "react";

export default function LoginPage() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [pending, setPending] = useState(false);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    try {
      const result = await signIn("credentials", {
        redirect: false,
        {{usernameField}}: form.get("{{usernameField}}"),
        {{passwordField}}: form.get("{{passwordField}}"),
      });
      // A failed sign-in still answers 200: the error is in `result.error`.
      if (!result?.ok || result.error) {
{{#v5}}
        setError(result?.code === "invalid_credentials" ? "Wrong {{usernameLabelLower}} or password." : `Sign-in failed (${result?.code ?? result?.error ?? "unknown error"}).`);
{{/v5}}
{{^v5}}
        setError(result?.error === "CredentialsSignin" ? "Wrong {{usernameLabelLower}} or password." : "Sign-in failed. Please try again.");
{{/v5}}
        return;
      }
      router.push(callbackPath());
      router.refresh();
    } catch {
      setError("Sign-in failed. Please try again.");
    } finally {
      setPending(false);
    }
  }

  return (
    <main>
      <h1>Sign in</h1>
      <form onSubmit={handleSubmit}>
        <label>
          {{usernameLabel}}
          <input name="{{usernameField}}" type="{{usernameInputType}}" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="{{passwordField}}" type="password" autoComplete="current-password" required />
        </label>
        {error && <p role="alert">{error}</p>}
        <button type="submit" disabled={pending}>
          {pending ? "Signing in…" : "Sign in"}
        </button>
      </form>
    </main>
  );
}

/** Where to go after signing in: `callbackUrl` when it stays on this site (no open redirect), else "/". */
function callbackPath(): string {
  const requested = new URLSearchParams(window.location.search).get("callbackUrl");
  if (!requested) return "/";
  try {
    const url = new URL(requested, window.location.origin);
    return url.origin === window.location.origin ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}
