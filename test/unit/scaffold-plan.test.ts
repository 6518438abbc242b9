import * as assert from 'assert';
import { InMemoryFileSystem } from '../../src/core/file-system';
import { ScaffoldError } from '../../src/core/errors';
import type { ProjectInfo, Router } from '../../src/core/project-info';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { planScaffold, SCAFFOLD_PIECES } from '../../src/core/scaffold';
import type { ScaffoldPiece, ScaffoldPlan, ScaffoldRequest } from '../../src/core/scaffold';

const ROOT = '/work/app';

interface AppShape {
  major: 4 | 5;
  router: Router;
  language: 'ts' | 'js';
  src?: boolean;
  nextMajor?: number;
}

/** A minimal Next.js app in memory, and what detection would say about it. */
function app(shape: AppShape, extra: Record<string, string> = {}): { fs: InMemoryFileSystem; project: ProjectInfo } {
  const base = shape.src ? `${ROOT}/src` : ROOT;
  const tsx = shape.language === 'ts' ? 'tsx' : 'jsx';
  const files: Record<string, string> = {
    [`${ROOT}/package.json`]: JSON.stringify({ name: 'app', dependencies: { next: `${shape.nextMajor ?? 15}.0.0`, 'next-auth': shape.major === 5 ? '5.0.0-beta.32' : '4.24.15' } }),
    [`${ROOT}/${shape.language === 'ts' ? 'tsconfig' : 'jsconfig'}.json`]: JSON.stringify({ compilerOptions: { paths: { '@/*': [shape.src ? './src/*' : './*'] } } }),
  };
  if (shape.router === 'app') {
    files[`${base}/app/layout.${tsx}`] = `export default function RootLayout({ children }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n`;
    files[`${base}/app/page.${tsx}`] = `export default function Home() {\n  return <h1>Home</h1>;\n}\n`;
  } else {
    files[`${base}/pages/index.${tsx}`] = `export default function Home() {\n  return <h1>Home</h1>;\n}\n`;
  }
  const fs = new InMemoryFileSystem({ ...files, ...extra });
  const project: ProjectInfo = {
    root: ROOT,
    name: 'app',
    packageManager: 'npm',
    language: shape.language,
    moduleType: 'commonjs',
    routers: [shape.router],
    srcDir: !!shape.src,
    configFile: `${ROOT}/${shape.language === 'ts' ? 'tsconfig' : 'jsconfig'}.json`,
    pathAlias: { prefix: '@/', target: shape.src ? 'src' : '' },
    nextVersion: `${shape.nextMajor ?? 15}.0.0`,
    nextMajor: shape.nextMajor ?? 15,
    nextAuth: { version: shape.major === 5 ? '5.0.0-beta.32' : '4.24.15', major: shape.major, installed: true },
  };
  return { fs, project };
}

function request(project: ProjectInfo, router: Router, pieces: readonly ScaffoldPiece[] = SCAFFOLD_PIECES, more: Partial<ScaffoldRequest> = {}): ScaffoldRequest {
  return { project, router, settings: DEFAULT_SETTINGS, pieces, ...more };
}

/** The file system after applying `plan`. */
function applied(fs: InMemoryFileSystem, plan: ScaffoldPlan): InMemoryFileSystem {
  const next = new InMemoryFileSystem(Object.fromEntries(fs.entries()));
  for (const change of plan.changes) next.writeFile(change.path, change.content);
  return next;
}

function paths(plan: ScaffoldPlan): string[] {
  return plan.changes.map((c) => c.path.slice(ROOT.length + 1)).sort();
}

function content(plan: ScaffoldPlan, relative: string): string {
  const change = plan.changes.find((c) => c.path === `${ROOT}/${relative}`);
  assert.ok(change, `no change for ${relative} in ${paths(plan).join(', ')}`);
  return change.content;
}

describe('planScaffold on fresh apps', () => {
  const cases: Array<AppShape & { expected: string[] }> = [
    { major: 4, router: 'app', language: 'ts', expected: ['.env.local', '.gitignore', 'app/api/auth/[...nextauth]/route.ts', 'app/layout.tsx', 'app/login/page.tsx', 'components/auth-session-provider.tsx', 'lib/auth.ts'] },
    { major: 4, router: 'pages', language: 'ts', expected: ['.env.local', '.gitignore', 'lib/auth.ts', 'pages/_app.tsx', 'pages/api/auth/[...nextauth].ts', 'pages/login.tsx'] },
    { major: 4, router: 'app', language: 'js', src: true, expected: ['.env.local', '.gitignore', 'src/app/api/auth/[...nextauth]/route.js', 'src/app/layout.jsx', 'src/app/login/page.jsx', 'src/components/auth-session-provider.jsx', 'src/lib/auth.js'] },
    { major: 4, router: 'pages', language: 'js', expected: ['.env.local', '.gitignore', 'lib/auth.js', 'pages/_app.jsx', 'pages/api/auth/[...nextauth].js', 'pages/login.jsx'] },
    { major: 5, router: 'app', language: 'ts', src: true, expected: ['.env.local', '.gitignore', 'src/app/api/auth/[...nextauth]/route.ts', 'src/app/layout.tsx', 'src/app/login/page.tsx', 'src/auth.ts', 'src/components/auth-session-provider.tsx'] },
    { major: 5, router: 'pages', language: 'ts', expected: ['.env.local', '.gitignore', 'app/api/auth/[...nextauth]/route.ts', 'auth.ts', 'pages/_app.tsx', 'pages/login.tsx'] },
    { major: 5, router: 'app', language: 'js', expected: ['.env.local', '.gitignore', 'app/api/auth/[...nextauth]/route.js', 'app/layout.jsx', 'app/login/page.jsx', 'auth.js', 'components/auth-session-provider.jsx'] },
    { major: 5, router: 'pages', language: 'js', expected: ['.env.local', '.gitignore', 'app/api/auth/[...nextauth]/route.js', 'auth.js', 'pages/_app.jsx', 'pages/login.jsx'] },
  ];
  for (const shape of cases) {
    const label = `v${shape.major} ${shape.router} router ${shape.language}${shape.src ? ' with src/' : ''}`;
    it(`${label}: writes every piece, and a second run changes nothing`, () => {
      const { fs, project } = app(shape);
      const plan = planScaffold(fs, request(project, shape.router));
      const written = paths(plan).filter((p) => !p.endsWith('next-auth.d.ts') && !/^ts|jsconfig/.test(p));
      assert.deepStrictEqual(written, shape.expected);
      const authFile = shape.expected.find((p) => /(^|\/)(lib\/)?auth\.[jt]s$/.test(p))!;
      assert.strictEqual(plan.primaryFile, `${ROOT}/${authFile}`);
      assert.ok(plan.notes.some((n) => /Added \.env\.local to \.gitignore/.test(n.message)));
      if (shape.language === 'ts') assert.ok(paths(plan).some((p) => p.endsWith('next-auth.d.ts')), 'TypeScript apps get the augmentation');
      else assert.ok(plan.notes.some((n) => /JavaScript project: no next-auth\.d\.ts/.test(n.message)));
      const again = planScaffold(applied(fs, plan), request(project, shape.router));
      assert.deepStrictEqual(paths(again), []);
    });
  }

  it('v4 App Router route exports only GET and POST and imports the options through the alias', () => {
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts', src: true });
    const route = content(planScaffold(fs, request(project, 'app')), 'src/app/api/auth/[...nextauth]/route.ts');
    assert.match(route, /import \{ authOptions \} from "@\/lib\/auth";/);
    assert.match(route, /export \{ handler as GET, handler as POST \};/);
    assert.strictEqual((route.match(/^export /gm) ?? []).length, 1);
  });

  it('without a path alias, imports are relative', () => {
    const { fs, project } = app({ major: 4, router: 'pages', language: 'js' });
    const route = content(planScaffold(fs, request({ ...project, pathAlias: undefined }, 'pages')), 'pages/api/auth/[...nextauth].js');
    assert.match(route, /import \{ authOptions \} from "\.\.\/\.\.\/\.\.\/lib\/auth";\n\nexport default NextAuth\(authOptions\);/);
  });

  it('v5 route re-exports the handlers of auth.ts', () => {
    const { fs, project } = app({ major: 5, router: 'app', language: 'ts' });
    const plan = planScaffold(fs, request(project, 'app'));
    assert.strictEqual(content(plan, 'app/api/auth/[...nextauth]/route.ts'), 'import { handlers } from "@/auth";\n\nexport const { GET, POST } = handlers;\n');
    assert.match(content(plan, 'auth.ts'), /export const \{ handlers, auth, signIn, signOut \} = NextAuth\(authConfig\);/);
  });

  it('new files follow the style of the app (no semicolons, single quotes)', () => {
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts' }, { [`${ROOT}/app/layout.tsx`]: "import './globals.css'\n\nexport default function RootLayout({ children }) {\n  return <html lang='en'><body>{children}</body></html>\n}\n" });
    const plan = planScaffold(fs, request(project, 'app'));
    const auth = content(plan, 'lib/auth.ts');
    assert.match(auth, /^import type \{ NextAuthOptions \} from 'next-auth'\n/);
    assert.ok(!/;\n/.test(auth));
    assert.match(content(plan, 'app/layout.tsx'), /<body><AuthSessionProvider>\{children\}<\/AuthSessionProvider><\/body>/);
  });
});

describe('planScaffold on existing setups', () => {
  const LIB_AUTH = `import type { NextAuthOptions } from "next-auth";\nimport GitHub from "next-auth/providers/github";\n\nexport const options: NextAuthOptions = {\n  providers: [GitHub({ clientId: "", clientSecret: "" })],\n};\n`;

  it('merges into the configured file and wires the route to its export name', () => {
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts' }, { [`${ROOT}/lib/auth.ts`]: LIB_AUTH });
    const plan = planScaffold(fs, request({ ...project, authConfig: { file: `${ROOT}/lib/auth.ts`, form: 'options-object', exportName: 'options' } }, 'app'));
    const auth = content(plan, 'lib/auth.ts');
    assert.ok(auth.startsWith('import type { NextAuthOptions } from "next-auth";\nimport GitHub from "next-auth/providers/github";\n'));
    assert.match(auth, /providers: \[\n    GitHub\(\{ clientId: "", clientSecret: "" \}\),\n    CredentialsProvider\(\{/);
    assert.match(content(plan, 'app/api/auth/[...nextauth]/route.ts'), /import \{ options \} from "@\/lib\/auth";\n[\s\S]*NextAuth\(options\)/);
  });

  it('follows a route file that imports its options to the file that holds them', () => {
    const route = `import NextAuth from "next-auth";\nimport { options } from "@/lib/auth";\n\nconst handler = NextAuth(options);\n\nexport { handler as GET, handler as POST };\n`;
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts' }, { [`${ROOT}/lib/auth.ts`]: LIB_AUTH, [`${ROOT}/app/api/auth/[...nextauth]/route.ts`]: route });
    const plan = planScaffold(fs, request(project, 'app', ['callbacks'], { authConfigFile: `${ROOT}/app/api/auth/[...nextauth]/route.ts` }));
    assert.deepStrictEqual(paths(plan), ['lib/auth.ts']);
    assert.strictEqual(plan.primaryFile, `${ROOT}/lib/auth.ts`);
  });

  it('refuses an auth config that does not parse, naming file and line', () => {
    const broken = `import NextAuth from "next-auth";\n\nexport default NextAuth({\n  providers: [\n});\n`;
    const { fs, project } = app({ major: 4, router: 'pages', language: 'ts' }, { [`${ROOT}/pages/api/auth/[...nextauth].ts`]: broken });
    const withConfig = { ...project, authConfig: { file: `${ROOT}/pages/api/auth/[...nextauth].ts`, form: 'nextauth-call' as const } };
    assert.throws(() => planScaffold(fs, request(withConfig, 'pages')), (e: unknown) => e instanceof ScaffoldError && e.line === 5 && e.file === `${ROOT}/pages/api/auth/[...nextauth].ts`);
  });

  it('refuses "Add JWT and Session Callbacks" when there is no config, saying what it looked for', () => {
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts' });
    assert.throws(() => planScaffold(fs, request(project, 'app', ['callbacks'])), (e: unknown) => e instanceof ScaffoldError && /No NextAuth configuration found/.test(e.message));
  });

  it('refuses invalid settings and route protection without a matcher', () => {
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts' });
    assert.throws(() => planScaffold(fs, { ...request(project, 'app'), settings: { ...DEFAULT_SETTINGS, loginPath: 'login' } }), ScaffoldError);
    assert.throws(() => planScaffold(fs, request(project, 'app', ['middleware'])), /at least one path/);
    assert.throws(() => planScaffold(fs, request(project, 'app', ['middleware'], { routeProtection: { matcher: ['dashboard'] } })), /matcher "dashboard" must be a path matcher starting with "\/".*rule route-matcher/);
  });

  it('keeps every existing .env.local line and adds only what is missing', () => {
    const env = '# mine\r\nAPI_BASE_URL=https://api.example.com\r\nNEXTAUTH_URL=https://app.example.com';
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts' }, { [`${ROOT}/.env.local`]: env, [`${ROOT}/.gitignore`]: '.env*.local\n' });
    const plan = planScaffold(fs, request(project, 'app', ['env']));
    const text = content(plan, '.env.local');
    assert.ok(text.startsWith(env));
    assert.match(text, /NEXTAUTH_SECRET=\S{40,}/);
    assert.strictEqual((text.match(/API_BASE_URL=/g) ?? []).length, 1);
    assert.deepStrictEqual(paths(plan), ['.env.local'], '.gitignore already covers .env.local');
  });

  it('v5 keeps a NEXTAUTH_SECRET the user has instead of adding AUTH_SECRET', () => {
    const { fs, project } = app({ major: 5, router: 'app', language: 'ts' }, { [`${ROOT}/.env.local`]: 'NEXTAUTH_SECRET=abc\n' });
    const text = content(planScaffold(fs, request(project, 'app', ['env'])), '.env.local');
    assert.ok(!/^AUTH_SECRET=/m.test(text), 'no second secret');
    assert.ok(text.startsWith('NEXTAUTH_SECRET=abc\n'));
    assert.match(text, /API_BASE_URL=http:\/\/localhost:4000/);
  });

  it('a .gitignore above the app (monorepo) that ignores .env.local is enough', () => {
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts' }, { '/work/.gitignore': '.env*.local\n', '/work/.git/HEAD': 'ref: main' });
    assert.deepStrictEqual(paths(planScaffold(fs, request(project, 'app', ['env']))), ['.env.local']);
  });

  it('JavaScript apps get next-auth.d.ts only when asked', () => {
    const { fs, project } = app({ major: 4, router: 'app', language: 'js' });
    const plan = planScaffold(fs, request(project, 'app', SCAFFOLD_PIECES, { typesForJavaScript: true }));
    assert.ok(paths(plan).some((p) => p.endsWith('next-auth.d.ts')));
  });
});

describe('planScaffold route protection', () => {
  const protect = { routeProtection: { matcher: ['/dashboard/:path*', '/account/:path*'] } };

  it('v4: next-auth/middleware with the matcher, and requireSession() on getServerSession', () => {
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts', src: true });
    const plan = planScaffold(fs, request(project, 'app', [...SCAFFOLD_PIECES, 'middleware'], protect));
    const middleware = content(plan, 'src/middleware.ts');
    // A function export (Next.js 16's proxy.ts rejects a re-export), the login page, and refused refreshes count as signed out.
    assert.match(middleware, /^import \{ withAuth \} from "next-auth\/middleware";/);
    assert.match(middleware, /export default withAuth\(\{\n  callbacks: \{\n    authorized: \(\{ token \}\) => !!token && token\.error !== "RefreshAccessTokenError",\n  \},\n  pages: \{ signIn: "\/login" \},\n\}\);/);
    assert.match(middleware, /matcher: \["\/dashboard\/:path\*", "\/account\/:path\*"\]/);
    assert.match(middleware, /not authorization/);
    assert.match(content(plan, 'src/lib/require-session.ts'), /getServerSession\(authOptions\);\n  if \(!session \|\| \(session as \{ error\?: unknown \}\)\.error === "RefreshAccessTokenError"\) \{\n    redirect\(callbackPath \? `\/login\?callbackUrl=\$\{encodeURIComponent\(callbackPath\)\}` : "\/login"\);/);
  });

  it('v5 on Next.js 16: proxy.ts exporting auth as proxy, and an authorized() callback', () => {
    const { fs, project } = app({ major: 5, router: 'app', language: 'ts', nextMajor: 16 });
    const plan = planScaffold(fs, request(project, 'app', [...SCAFFOLD_PIECES, 'middleware'], protect));
    assert.match(content(plan, 'proxy.ts'), /export \{ auth as proxy \} from "@\/auth";/);
    assert.ok(!paths(plan).includes('middleware.ts'));
    // A session whose refresh the backend refused counts as signed out.
    assert.match(content(plan, 'auth.ts'), /authorized\(\{ auth \}\) \{\n      return !!auth && \(auth as \{ error\?: unknown \}\)\.error !== "RefreshAccessTokenError";\n    \},/);
    assert.match(content(plan, 'lib/require-session.ts'), /await auth\(\)/);
    assert.deepStrictEqual(paths(planScaffold(applied(fs, plan), request(project, 'app', [...SCAFFOLD_PIECES, 'middleware'], protect))), []);
  });

  it('v5 before Next.js 16: middleware.ts exporting auth as middleware', () => {
    const { fs, project } = app({ major: 5, router: 'pages', language: 'js', nextMajor: 15 });
    const plan = planScaffold(fs, request(project, 'pages', [...SCAFFOLD_PIECES, 'middleware'], protect));
    assert.match(content(plan, 'middleware.js'), /export \{ auth as middleware \} from "@\/auth";/);
    assert.match(content(plan, 'lib/require-session.js'), /await auth\(context\)/);
  });

  it('keeps a middleware the user wrote and says what to add', () => {
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts' }, { [`${ROOT}/middleware.ts`]: 'export function middleware() {}\n' });
    const plan = planScaffold(fs, request(project, 'app', [...SCAFFOLD_PIECES, 'middleware'], protect));
    assert.ok(!paths(plan).includes('middleware.ts'));
    assert.ok(plan.notes.some((n) => n.level === 'warning' && /Kept your middleware\.ts/.test(n.message)));
  });
});

describe('planScaffold with options inline in an App Router route', () => {
  it('merges in place, keeps the route exports, and says why getServerSession cannot import them', () => {
    const route = `import NextAuth from "next-auth";\n\nconst handler = NextAuth({\n  providers: [],\n});\n\nexport { handler as GET, handler as POST };\n`;
    const file = `${ROOT}/app/api/auth/[...nextauth]/route.ts`;
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts' }, { [file]: route });
    const plan = planScaffold(fs, request({ ...project, authConfig: { file, form: 'nextauth-call' } }, 'app'));
    const merged = content(plan, 'app/api/auth/[...nextauth]/route.ts');
    assert.match(merged, /export \{ handler as GET, handler as POST \};/);
    assert.match(merged, /CredentialsProvider\(\{/);
    assert.ok(!paths(plan).includes('lib/auth.ts'), 'no second config is created');
    assert.ok(plan.notes.some((n) => /Route files may export only handlers/.test(n.message)));
  });

  it('warns, with the line, when the route exports its options (`next build` rejects the route), and keeps them', () => {
    const route = `import NextAuth, { type NextAuthOptions } from "next-auth";\n\nexport const authOptions: NextAuthOptions = {\n  providers: [],\n};\n\nconst handler = NextAuth(authOptions);\nexport { handler as GET, handler as POST };\nexport const dynamic = "force-dynamic";\nexport type Unused = string;\n`;
    const file = `${ROOT}/app/api/auth/[...nextauth]/route.ts`;
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts' }, { [file]: route });
    const plan = planScaffold(fs, request({ ...project, authConfig: { file, form: 'options-object', exportName: 'authOptions' } }, 'app'));
    const merged = content(plan, 'app/api/auth/[...nextauth]/route.ts');
    assert.match(merged, /export const authOptions: NextAuthOptions = \{/);
    const warnings = plan.notes.filter((n) => n.level === 'warning' && /not a valid Route export field/.test(n.message));
    assert.strictEqual(warnings.length, 1, JSON.stringify(plan.notes));
    assert.match(warnings[0].message, /exports "authOptions", but/);
    assert.match(warnings[0].message, /Move the options to lib\/auth\.ts/);
    // The line in the file as written (the merge adds imports above it).
    assert.strictEqual(warnings[0].line, merged.split('\n').findIndex((l) => l.startsWith('export const authOptions')) + 1);
    // Still said on a re-run, where nothing else changes.
    const again = planScaffold(applied(fs, plan), request({ ...project, authConfig: { file, form: 'options-object', exportName: 'authOptions' } }, 'app'));
    assert.deepStrictEqual(again.changes, []);
    assert.ok(again.notes.some((n) => /not a valid Route export field/.test(n.message)));
  });

  it('says nothing about route exports when the route exports only handlers, or the options live in lib/', () => {
    const route = `import NextAuth from "next-auth";\n\nconst handler = NextAuth({\n  providers: [],\n});\n\nexport { handler as GET, handler as POST };\n`;
    const file = `${ROOT}/app/api/auth/[...nextauth]/route.ts`;
    const { fs, project } = app({ major: 4, router: 'app', language: 'ts' }, { [file]: route });
    const plan = planScaffold(fs, request({ ...project, authConfig: { file, form: 'nextauth-call' } }, 'app'));
    assert.ok(!plan.notes.some((n) => /valid Route export/.test(n.message)));
    const fresh = app({ major: 4, router: 'app', language: 'ts' });
    assert.ok(!planScaffold(fresh.fs, request(fresh.project, 'app')).notes.some((n) => /valid Route export/.test(n.message)));
  });
});

describe('planScaffold with an Auth.js split config (auth.config.ts spread into auth.ts)', () => {
  const authConfig = `import type { NextAuthConfig } from "next-auth"\nimport GitHub from "next-auth/providers/github"\n\nexport default {\n  providers: [GitHub],\n  callbacks: {\n    authorized({ auth }) {\n      return !!auth\n    },\n  },\n} satisfies NextAuthConfig\n`;
  const auth = `import NextAuth from "next-auth"\nimport authConfig from "./auth.config"\n\nexport const { handlers, auth, signIn, signOut } = NextAuth({\n  ...authConfig,\n  session: { strategy: "jwt" },\n})\n`;

  it('puts the provider and the callbacks where the spread config defines them, overriding nothing', () => {
    const { fs, project } = app({ major: 5, router: 'app', language: 'ts' }, { [`${ROOT}/auth.config.ts`]: authConfig, [`${ROOT}/auth.ts`]: auth });
    const request5 = request({ ...project, authConfig: { file: `${ROOT}/auth.ts`, form: 'nextauth-call' } }, 'app');
    const plan = planScaffold(fs, request5);
    const config = content(plan, 'auth.config.ts');
    assert.match(config, /providers: \[\n    GitHub,\n    Credentials\(\{/);
    assert.match(config, /authorized\(\{ auth \}\) \{\n      return !!auth\n    \},\n    async jwt\(/);
    // pages is defined nowhere: it goes beside the spread, which cannot override it.
    assert.match(content(plan, 'auth.ts'), /session: \{ strategy: "jwt" \},\n  pages: \{\n    signIn: "\/login",\n  \},\n\}\)/);
    assert.ok(!/providers:|callbacks:/.test(content(plan, 'auth.ts')));
    assert.deepStrictEqual(paths(planScaffold(applied(fs, plan), request5)), []);
  });

  it('route protection: authorized() joins the spread callbacks, the middleware imports auth.ts', () => {
    const { fs, project } = app({ major: 5, router: 'app', language: 'ts' }, { [`${ROOT}/auth.config.ts`]: authConfig, [`${ROOT}/auth.ts`]: auth });
    for (const configFile of [`${ROOT}/auth.ts`, `${ROOT}/auth.config.ts`]) {
      const plan = planScaffold(fs, request({ ...project, authConfig: { file: configFile, form: 'options-object' } }, 'app', ['middleware'], { routeProtection: { matcher: ['/admin/:path*'] } }));
      assert.ok(!paths(plan).includes('auth.config.ts'), 'the existing authorized() callback is kept');
      assert.ok(!paths(plan).includes('auth.ts'));
      assert.match(content(plan, 'middleware.ts'), /export \{ auth as middleware \} from "@\/auth"/);
      assert.match(content(plan, 'lib/require-session.ts'), /import \{ auth \} from "@\/auth"/);
    }
  });

  it('adds callbacks beside the spread when the spread config has none', () => {
    const noCallbacks = `export default { providers: [] }\n`;
    const { fs, project } = app({ major: 5, router: 'app', language: 'ts' }, { [`${ROOT}/auth.config.ts`]: noCallbacks, [`${ROOT}/auth.ts`]: auth });
    const plan = planScaffold(fs, request({ ...project, authConfig: { file: `${ROOT}/auth.ts`, form: 'nextauth-call' } }, 'app', ['callbacks']));
    assert.match(content(plan, 'auth.ts'), /\.\.\.authConfig,\n  session: \{ strategy: "jwt" \},\n  callbacks: \{\n    async jwt\(/);
  });
});

describe('planScaffold without app/layout (root layouts in [locale] or route groups)', () => {
  const rootLayout = `export default function LocaleLayout({ children }: { children: React.ReactNode }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n`;
  const nested = `export default function Nested({ children }: { children: React.ReactNode }) {\n  return <section>{children}</section>;\n}\n`;

  function withoutTopLayout(extra: Record<string, string>): { fs: InMemoryFileSystem; project: ProjectInfo } {
    const made = app({ major: 4, router: 'app', language: 'ts' }, extra);
    made.fs.deleteFile(`${ROOT}/app/layout.tsx`);
    made.fs.deleteFile(`${ROOT}/app/page.tsx`);
    return made;
  }

  it('next-intl [locale]: wraps the [locale] root layout and puts the login page under it, saying where it is served', () => {
    const { fs, project } = withoutTopLayout({ [`${ROOT}/app/[locale]/layout.tsx`]: rootLayout, [`${ROOT}/app/[locale]/dashboard/layout.tsx`]: nested });
    const plan = planScaffold(fs, request(project, 'app'));
    assert.match(content(plan, 'app/[locale]/layout.tsx'), /      <body>\n        <AuthSessionProvider>\{children\}<\/AuthSessionProvider>\n      <\/body>/);
    assert.ok(paths(plan).includes('app/[locale]/login/page.tsx'), paths(plan).join(', '));
    assert.ok(!paths(plan).includes('app/login/page.tsx'), 'no login page outside every root layout');
    assert.ok(!paths(plan).includes('app/[locale]/dashboard/layout.tsx'), 'a nested layout is not a root layout');
    assert.ok(!plan.notes.some((n) => /No root layout/.test(n.message)));
    assert.ok(plan.notes.some((n) => n.level === 'warning' && /served at \/\[locale\]\/login/.test(n.message)));
    assert.deepStrictEqual(planScaffold(applied(fs, plan), request(project, 'app')).changes, []);
  });

  it('multiple root layouts in route groups: wraps each, and the login page keeps the /login URL', () => {
    const { fs, project } = withoutTopLayout({ [`${ROOT}/app/(site)/layout.tsx`]: rootLayout, [`${ROOT}/app/(admin)/layout.tsx`]: rootLayout });
    const plan = planScaffold(fs, request(project, 'app'));
    for (const group of ['(admin)', '(site)']) assert.match(content(plan, `app/${group}/layout.tsx`), /<AuthSessionProvider>/);
    assert.ok(paths(plan).includes('app/(admin)/login/page.tsx'), paths(plan).join(', '));
    assert.ok(!plan.notes.some((n) => /served at/.test(n.message)));
    assert.deepStrictEqual(planScaffold(applied(fs, plan), request(project, 'app')).changes, []);
  });
});

describe('planScaffold with an existing route handler', () => {
  const route = `${ROOT}/app/api/auth/[...nextauth]/route.ts`;
  const authTs = `import NextAuth from "next-auth";\n\nexport const {\n  handlers: { GET, POST },\n  auth,\n} = NextAuth({\n  providers: [],\n});\n`;

  it('a route that re-exports GET and POST from auth.ts (v5 early docs) is wired: no warning, no change', () => {
    for (const specifier of ['@/auth', '../../../../auth']) {
      const { fs, project } = app({ major: 5, router: 'app', language: 'ts' }, { [`${ROOT}/auth.ts`]: authTs, [route]: `export { GET, POST } from "${specifier}";\n` });
      const plan = planScaffold(fs, request({ ...project, authConfig: { file: `${ROOT}/auth.ts`, form: 'nextauth-call' } }, 'app'));
      assert.ok(!plan.notes.some((n) => /does not use NextAuth/.test(n.message)), `${specifier}: ${JSON.stringify(plan.notes)}`);
      assert.ok(!paths(plan).includes('app/api/auth/[...nextauth]/route.ts'));
    }
  });

  it('a NextAuth route under another catch-all name (app/api/auth/[...auth]) is the route: no second one', () => {
    const other = `${ROOT}/app/api/auth/[...auth]/route.ts`;
    const { fs, project } = app({ major: 5, router: 'app', language: 'ts' }, { [`${ROOT}/auth.ts`]: authTs, [other]: 'import { handlers } from "@/auth";\nexport const { GET, POST } = handlers;\n' });
    const plan = planScaffold(fs, request({ ...project, authConfig: { file: `${ROOT}/auth.ts`, form: 'nextauth-call' } }, 'app'));
    assert.ok(!paths(plan).some((p) => p.startsWith('app/api/auth/')), paths(plan).join(', '));
    assert.ok(!plan.notes.some((n) => /does not use NextAuth|serves NextAuth at/.test(n.message)), JSON.stringify(plan.notes));
  });

  it('still warns about a route file that has nothing to do with the auth config', () => {
    const { fs, project } = app({ major: 5, router: 'app', language: 'ts' }, { [`${ROOT}/auth.ts`]: authTs, [route]: `export { GET, POST } from "@/lib/other";\n`, [`${ROOT}/lib/other.ts`]: 'export const GET = () => new Response("x");\nexport const POST = GET;\n' });
    const plan = planScaffold(fs, request({ ...project, authConfig: { file: `${ROOT}/auth.ts`, form: 'nextauth-call' } }, 'app'));
    assert.ok(plan.notes.some((n) => n.level === 'warning' && /does not use NextAuth/.test(n.message)), JSON.stringify(plan.notes));
  });
});
