import * as fs from 'fs';
import * as path from 'path';
import type { DependencySet } from './dependencies';

/** One test app: what `create-next-app` would give, plus the few pages of "the user's app" the scenarios visit. */
export interface AppSpec {
  /** Folder name and label in the report. */
  readonly name: string;
  readonly dependencies: DependencySet;
  readonly nextAuth: 4 | 5;
  readonly router: 'app' | 'pages';
  readonly language: 'ts' | 'js';
  /** `init --protect /dashboard/:path*`: route protection and requireSession(). */
  readonly protect: boolean;
  /** `init --refresh-store redis`: the app of the multi-instance scenarios (and only those). */
  readonly refreshStore?: 'redis';
}

/** The protected page every app has; it calls the backend's /me with the session's access token. */
export const DASHBOARD = '/dashboard';
export const PROTECT_MATCHER = '/dashboard/:path*';

/**
 * Writes the app the user has before running `init`: package.json, tsconfig/jsconfig, a root layout or
 * nothing (Pages Router: init writes _app), a home page showing useSession()'s state with a sign-out button,
 * a dashboard page that reads the session on the server (requireSession() when the app asks for route
 * protection, else getServerSession()/auth() as the README shows) and calls the backend with the access
 * token, and a static blank page for raw requests. Nothing is written after init.
 */
export function writeSkeleton(dir: string, spec: AppSpec): void {
  const write = (relative: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(dir, relative)), { recursive: true });
    fs.writeFileSync(path.join(dir, relative), text.replace(/^\n/, ''));
  };
  // The install has the Redis client for the multi-instance apps; the app before init does not: init adds it.
  const { redis: _installedForInit, ...dependencies } = spec.dependencies.dependencies as Record<string, string>;
  const { devDependencies } = spec.dependencies;
  write('package.json', `${JSON.stringify({ name: spec.name, version: '0.1.0', private: true, scripts: { dev: 'next dev', build: 'next build', start: 'next start' }, dependencies, devDependencies: spec.language === 'ts' ? devDependencies : {} }, null, 2)}\n`);
  const ts = spec.language === 'ts';
  const x = ts ? 'tsx' : 'jsx';
  if (ts) {
    write('tsconfig.json', `${JSON.stringify({ compilerOptions: { target: 'ES2017', lib: ['dom', 'dom.iterable', 'esnext'], allowJs: true, skipLibCheck: true, strict: true, noEmit: true, esModuleInterop: true, module: 'esnext', moduleResolution: 'bundler', resolveJsonModule: true, isolatedModules: true, jsx: 'react-jsx', incremental: true, plugins: [{ name: 'next' }], paths: { '@/*': ['./*'] } }, include: ['next-env.d.ts', '**/*.ts', '**/*.tsx', '.next/types/**/*.ts', '.next/dev/types/**/*.ts'], exclude: ['node_modules'] }, null, 2)}\n`);
  } else {
    write('jsconfig.json', `${JSON.stringify({ compilerOptions: { paths: { '@/*': ['./*'] } } }, null, 2)}\n`);
  }
  write('public/blank.html', '<!doctype html>\n<title>blank</title>\n');
  const signOut = spec.nextAuth === 5 ? 'signOut({ redirectTo: "/" })' : 'signOut({ callbackUrl: "/" })';
  write(`components/session-status.${x}`, `
"use client";

import { signOut, useSession } from "next-auth/react";

export function SessionStatus() {
  const { data, status } = useSession();
  return (
    <section>
      <p id="status">{status}</p>
      <p id="user">{data?.user?.email ?? ""}</p>
      <button id="sign-out" type="button" onClick={() => void ${signOut}}>
        Sign out
      </button>
    </section>
  );
}
`);
  const meCall = `const response = await fetch(\`\${process.env.API_BASE_URL}/me\`, { headers: { Authorization: \`Bearer \${session.accessToken}\` }, cache: "no-store" });`;
  if (spec.router === 'app') {
    write(`app/layout.${x}`, `
export default function RootLayout({ children }${ts ? ': Readonly<{ children: React.ReactNode }>' : ''}) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
`);
    write(`app/page.${x}`, `
import { SessionStatus } from "@/components/session-status";

export default function Home() {
  return (
    <main>
      <h1>Home</h1>
      <SessionStatus />
    </main>
  );
}
`);
    const read = spec.protect
      ? { imports: 'import { requireSession } from "@/lib/require-session";', get: `const session = await requireSession(${JSON.stringify(DASHBOARD)});` }
      : spec.nextAuth === 5
        ? { imports: 'import { redirect } from "next/navigation";\nimport { auth } from "@/auth";', get: `const session = await auth();\n  if (!session || session.error) redirect("/login?callbackUrl=${encodeURIComponent(DASHBOARD)}");` }
        : { imports: 'import { getServerSession } from "next-auth";\nimport { redirect } from "next/navigation";\nimport { authOptions } from "@/lib/auth";', get: `const session = await getServerSession(authOptions);\n  if (!session || session.error) redirect("/login?callbackUrl=${encodeURIComponent(DASHBOARD)}");` };
    write(`app/dashboard/page.${x}`, `
${read.imports}

export const dynamic = "force-dynamic";

export default async function Dashboard() {
  ${read.get}
  ${meCall}
  const me = response.ok ? await response.json() : undefined;
  return (
    <main>
      <h1>Dashboard</h1>
      {me ? <p id="me">{me.email}</p> : <p id="me-failed">{response.status}</p>}
    </main>
  );
}
`);
    return;
  }
  write(`pages/index.${x}`, `
import { SessionStatus } from "@/components/session-status";

export default function Home() {
  return (
    <main>
      <h1>Home</h1>
      <SessionStatus />
    </main>
  );
}
`);
  const gssp = spec.protect
    ? { imports: 'import { requireSession } from "@/lib/require-session";', get: 'const result = await requireSession(context);\n  if ("redirect" in result) return result;\n  const { session } = result;' }
    : {
        imports: 'import { getServerSession } from "next-auth";\nimport { authOptions } from "@/lib/auth";',
        get: `const session = await getServerSession(context.req, context.res, authOptions);\n  if (!session || session.error) return { redirect: { destination: "/login?callbackUrl=${encodeURIComponent(DASHBOARD)}", permanent: false } };`,
      };
  write(`pages/dashboard.${x}`, `
${ts ? 'import type { GetServerSidePropsContext } from "next";\n' : ''}${gssp.imports}

export async function getServerSideProps(context${ts ? ': GetServerSidePropsContext' : ''}) {
  ${gssp.get}
  ${meCall}
  const me = response.ok ? await response.json() : null;
  return { props: { me, status: response.status } };
}

export default function Dashboard({ me, status }${ts ? ': { me: { email: string } | null; status: number }' : ''}) {
  return (
    <main>
      <h1>Dashboard</h1>
      {me ? <p id="me">{me.email}</p> : <p id="me-failed">{status}</p>}
    </main>
  );
}
`);
}
