{{! callbackPath() of shared/login-page-app.tsx and shared/login-page-pages.tsx. }}
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
