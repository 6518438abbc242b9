{{! callbackPath() of shared/login-page-app.jsx and shared/login-page-pages.jsx. }}
/**
 * Where to go after signing in: `callbackUrl` when it is a path on this site, else "/". The value is
 * resolved against this page's origin and must come out as a same-origin path: "/.//evil.com" or
 * "/%2e//evil.com" resolve to the path "//evil.com", which a browser would open as another site.
 * @returns {string}
 */
function callbackPath() {
  const requested = new URLSearchParams(window.location.search).get("callbackUrl");
  if (!requested) return "/";
  try {
    const { origin } = window.location;
    const url = new URL(requested, origin);
    const path = `${url.pathname}${url.search}${url.hash}`;
    const samePlace = url.origin === origin && path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\");
    return samePlace && new URL(path, origin).origin === origin ? path : "/";
  } catch {
    return "/";
  }
}
