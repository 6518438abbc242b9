{{! callbackPath() of shared/login-page-app.jsx and shared/login-page-pages.jsx. }}
/**
 * Where to go after signing in: `callbackUrl` when it stays on this site (no open redirect), else "/".
 * @returns {string}
 */
function callbackPath() {
  const requested = new URLSearchParams(window.location.search).get("callbackUrl");
  if (!requested) return "/";
  try {
    const url = new URL(requested, window.location.origin);
    return url.origin === window.location.origin ? `${url.pathname}${url.search}${url.hash}` : "/";
  } catch {
    return "/";
  }
}
