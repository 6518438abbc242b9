/** `nextauth-scaffold --help`: every command, flag and exit code. */
export const HELP_TEXT = `nextauth-scaffold: scaffold NextAuth.js / Auth.js credentials auth against your own backend API,
and check that no session callback hands a refresh token to the browser.

Usage:
  nextauth-scaffold init [dir] [options]
  nextauth-scaffold check [paths...] [--format text|json]
  nextauth-scaffold --help | --version

init [dir]
  Detects the Next.js app in dir (default: the current folder; when dir holds several apps, pass one),
  plans the Credentials provider, jwt/session callbacks with token rotation, next-auth.d.ts, route handler,
  .env.local entries, login page and SessionProvider, merged into what is already there, then shows the
  plan and applies it. A second run changes nothing.
  --dry-run                    Print the changes as a unified diff; write nothing.
  --yes, -y                    Apply without asking (required when not on a terminal).
  --router app|pages           Router to generate for (needed when the app has both app/ and pages/
                               and there is no terminal to ask on).
  --api-base-url-env NAME      Env var holding the backend base URL (default: API_BASE_URL).
  --login-path PATH            Backend login endpoint, appended to the base URL (default: /login).
  --refresh-path PATH          Backend refresh endpoint (default: /refresh).
  --username-field NAME        Credential field that identifies the user (default: email).
  --password-field NAME        Password credential field (default: password).
  --no-session-access-token    Keep the access token out of the browser session (for apps that call
                               their API server-side only).
  --protect MATCHER            Add route protection for a Next.js matcher such as /dashboard/:path*:
                               middleware.ts (Next.js 14/15) or proxy.ts (Next.js 16), next-auth v4
                               and v5, plus a requireSession() helper. Repeat for several matchers.
  --types                      Also write next-auth.d.ts in a JavaScript project.

check [paths...]
  Reports session callbacks that expose a refresh token or the whole JWT to the browser. Paths are
  files or folders (default: the current folder); folders are searched recursively, skipping
  node_modules, .next, dist, build, out and .git. Honours
  // nextauth-scaffold-ignore-next-line <rule>.
  --format text|json, -f       text (default): file:line:column per finding; json: one JSON array of
                               {file, line, column, endLine, endColumn, rule, severity, message},
                               1-based lines and columns.
  --severity warning|error     Severity reported for findings (default: warning).
  --sensitive-field NAME       Also treat this token field as a refresh token. Repeatable.

Exit codes:
  init    0 done, or nothing to change; 1 refused (reason printed; nothing written); 2 usage error.
  check   0 no findings; 1 findings; 2 usage error or an unreadable/missing path (named).
`;
