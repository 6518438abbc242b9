import * as path from 'path';
import type { AuthConfig } from '../auth-config';
import type { ReadonlyFileSystem } from '../file-system';

/** Where NextAuth answers when nothing says otherwise. */
export const DEFAULT_AUTH_BASE_PATH = '/api/auth';

/** The dotenv files Next.js loads in development, in the order it lets them win. */
const ENV_FILES = ['.env.development.local', '.env.local', '.env.development', '.env'];

/**
 * The URL path NextAuth's endpoints answer at: v5's `basePath` option, else the path of `AUTH_URL` (v5) or
 * `NEXTAUTH_URL` (v4, which has no option for it) from the app's dotenv files, else `/api/auth`. The route
 * handler, the SessionProvider (`basePath` prop, which `useSession()` and `signIn()` read) and route
 * protection must all agree with it, or the client calls `/api/auth/*` and gets 400 `UnknownAction`.
 */
export function authBasePath(fs: ReadonlyFileSystem, appRoot: string, major: 4 | 5, config: AuthConfig | undefined): string {
  if (major === 5 && config?.basePath) return normalizePath(config.basePath);
  for (const key of major === 5 ? ['AUTH_URL', 'NEXTAUTH_URL'] : ['NEXTAUTH_URL']) {
    const url = envValue(fs, appRoot, key);
    const pathname = url && urlPath(url);
    if (pathname && pathname !== '/') return normalizePath(pathname);
  }
  return DEFAULT_AUTH_BASE_PATH;
}

/** The value of `key` in the first dotenv file that sets it (quotes and an inline comment removed). */
export function envValue(fs: ReadonlyFileSystem, appRoot: string, key: string): string | undefined {
  for (const name of ENV_FILES) {
    const text = fs.readFile(path.join(appRoot, name));
    if (text === undefined) continue;
    for (const line of text.split(/\r?\n/)) {
      const match = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(line);
      if (!match || match[1] !== key) continue;
      const raw = match[2].trim();
      const quoted = /^(['"`])(.*)\1$/.exec(raw);
      return quoted ? quoted[2] : raw.replace(/\s+#.*$/, '');
    }
  }
  return undefined;
}

function urlPath(url: string): string | undefined {
  try {
    return new URL(url).pathname;
  } catch {
    return undefined;
  }
}

function normalizePath(value: string): string {
  const trimmed = `/${value.replace(/^\/+|\/+$/g, '')}`;
  return trimmed === '/' ? DEFAULT_AUTH_BASE_PATH : trimmed;
}
