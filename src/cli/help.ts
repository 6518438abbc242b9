import { CHECK_OPTIONS, INIT_OPTIONS, optionsHelp } from './args';

/** `nextauth-scaffold --help`: every command, flag and exit code; the flags come from the option tables. */
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
${optionsHelp(INIT_OPTIONS)}

check [paths...]
  Reports session callbacks that expose a refresh token or the whole JWT to the browser. Paths are
  files or folders (default: the current folder); folders are searched recursively, skipping
  node_modules, .next, dist, build, out and .git. Honours
  // nextauth-scaffold-ignore-next-line <rule>.
${optionsHelp(CHECK_OPTIONS)}

  Put paths that start with "-" after "--": nextauth-scaffold check -- -odd-folder

Exit codes:
  init    0 done, or nothing to change; 1 refused (reason printed; nothing written); 2 usage error.
  check   0 no findings; 1 findings; 2 usage error or an unreadable/missing path (named).
`;
