{{! A client component of shared/auth-session-provider.jsx and shared/app.jsx; needs signOut, useSession (next-auth/react), useEffect and useRef (react). }}
/**
 * A session whose token refresh the backend refused is over: sign it out and go to the login page,
 * then back here after signing in. Once: after the sign-out there is no session left to act on. A
 * session request already in flight can set the old cookie again, so a session that still shows the
 * refusal afterwards is signed out again (three tries at most).
 */
function EndSessionOnRefreshError() {
  const { data: session } = useSession();
  const refused = /** @type {{ error?: unknown } | null} */ (session)?.error === "RefreshAccessTokenError";
  const tries = useRef(0);
  useEffect(() => {
    if (!refused || tries.current >= 3) return;
    tries.current += 1;
    const { pathname, search } = window.location;
    if (pathname === "/login") {
      void signOut({ redirect: false });
      return;
    }
{{#v5}}
    void signOut({ redirectTo: `/login?callbackUrl=${encodeURIComponent(pathname + search)}` });
{{/v5}}
{{^v5}}
    void signOut({ callbackUrl: `/login?callbackUrl=${encodeURIComponent(pathname + search)}` });
{{/v5}}
  }, [refused, session]);
  return null;
}
