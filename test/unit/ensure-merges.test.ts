import * as assert from 'assert';
import { analyzeSource } from '../../src/core/analyze';
import { ScaffoldError } from '../../src/core/errors';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { loadAuthTemplate } from '../../src/core/scaffold/auth-template';
import { EditableSource } from '../../src/core/scaffold/editable-source';
import { ensureAuthorizedCallback, ensureCallbacks } from '../../src/core/scaffold/ensure-callbacks';
import { ensureCredentialsProvider } from '../../src/core/scaffold/ensure-credentials-provider';
import { ensureImport } from '../../src/core/scaffold/ensure-import';
import { ensurePagesSignIn } from '../../src/core/scaffold/ensure-pages-sign-in';
import { ensureSessionProvider } from '../../src/core/scaffold/ensure-session-provider';
import type { PlanNote } from '../../src/core/scaffold/types';

type Merge = (source: EditableSource) => PlanNote[] | unknown;

/** Runs `merge` on `text`, then again on the result; the second run must change nothing. */
function twice(file: string, text: string, merge: Merge): { text: string; notes: PlanNote[] } {
  const first = new EditableSource(file, text);
  const result = merge(first);
  const second = new EditableSource(file, first.text);
  merge(second);
  assert.strictEqual(second.text, first.text, `second run of the merge changed ${file}`);
  assert.doesNotThrow(() => new EditableSource(file, first.text), 'merged text must parse');
  return { text: first.text, notes: Array.isArray(result) ? (result as PlanNote[]) : [] };
}

function template(major: 4 | 5, file: string, text: string) {
  const source = new EditableSource(file, text);
  return loadAuthTemplate(major, /\.[cm]?jsx?$/.test(file) ? 'js' : 'ts', DEFAULT_SETTINGS, source.style);
}

/** All three config merges, as "Scaffold Credentials Authentication" runs them. */
function allMerges(major: 4 | 5, file: string, text: string): Merge {
  const t = template(major, file, text);
  return (source) => [...ensureCredentialsProvider(source, t), ...ensureCallbacks(source, t), ...ensurePagesSignIn(source, t)];
}

function count(text: string, pattern: RegExp): number {
  return (text.match(new RegExp(pattern.source, 'g')) ?? []).length;
}

const V4_LIB = `import type { NextAuthOptions } from "next-auth";
import EmailProvider from "next-auth/providers/email";

/** Shared options. */
export const authOptions: NextAuthOptions = {
  providers: [
    EmailProvider({
      server: process.env.EMAIL_SERVER,
      from: "Billing <no-reply@example.com>",
    }),
  ],
  session: { strategy: "jwt" },
  theme: { colorScheme: "light" }, // light only for now
};
`;

describe('ensureImport', () => {
  it('adds a default import after the last import, once', () => {
    const { text } = twice('/a/auth.ts', V4_LIB, (s) => ensureImport(s, { module: 'next-auth/providers/credentials', name: 'default', localName: 'CredentialsProvider' }));
    assert.match(text, /import EmailProvider from "next-auth\/providers\/email";\nimport CredentialsProvider from "next-auth\/providers\/credentials";\n/);
  });

  it('reuses an existing binding under its local name', () => {
    const text = `import Creds from 'next-auth/providers/credentials'\n`;
    const source = new EditableSource('/a/auth.ts', text);
    assert.strictEqual(ensureImport(source, { module: 'next-auth/providers/credentials', name: 'default', localName: 'CredentialsProvider' }), 'Creds');
    assert.strictEqual(source.text, text);
  });

  it('joins a named import to the module\'s default import', () => {
    const { text } = twice('/a/auth.ts', `import NextAuth from "next-auth"\n\nexport default NextAuth({ providers: [] })\n`, (s) =>
      ensureImport(s, { module: 'next-auth', name: 'CredentialsSignin', localName: 'CredentialsSignin' }),
    );
    assert.match(text, /^import NextAuth, \{ CredentialsSignin \} from "next-auth"\n/);
  });

  it('adds a type-only import separately from value imports, in the file\'s quotes and without semicolons', () => {
    const { text } = twice('/a/auth.ts', `import NextAuth from 'next-auth'\nimport GitHub from 'next-auth/providers/github'\n`, (s) =>
      ensureImport(s, { module: 'next-auth/jwt', name: 'JWT', localName: 'JWT', typeOnly: true }),
    );
    assert.match(text, /\nimport type \{ JWT \} from 'next-auth\/jwt'\n/);
  });

  it('writes require() in CommonJS files', () => {
    const { text } = twice('/a/auth.js', `const GitHub = require("next-auth/providers/github").default;\n\nmodule.exports = { providers: [GitHub({})] };\n`, (s) =>
      ensureImport(s, { module: 'next-auth/providers/credentials', name: 'default', localName: 'CredentialsProvider' }),
    );
    assert.match(text, /\nconst CredentialsProvider = require\("next-auth\/providers\/credentials"\)\.default;\n/);
  });

  it('keeps @ts-check and "use client" first', () => {
    const checked = twice('/a/auth.js', `// @ts-check\nexport const x = 1;\n`, (s) => ensureImport(s, { module: 'm', name: 'y', localName: 'y' })).text;
    assert.match(checked, /^\/\/ @ts-check\nimport \{ y \} from "m";\n/);
    const client = twice('/a/p.tsx', `"use client";\n\nexport default function P() { return null; }\n`, (s) => ensureImport(s, { module: 'm', name: 'y', localName: 'y' })).text;
    assert.match(client, /^"use client";\n\nimport \{ y \} from "m";\n/);
  });
});

describe('ensureCredentialsProvider', () => {
  it('adds one provider next to the existing one and keeps the rest byte-for-byte', () => {
    const t = template(4, '/a/lib/auth.ts', V4_LIB);
    const { text } = twice('/a/lib/auth.ts', V4_LIB, (s) => ensureCredentialsProvider(s, t));
    assert.strictEqual(count(text, /CredentialsProvider\(/), 1);
    assert.ok(text.includes('    EmailProvider({\n      server: process.env.EMAIL_SERVER,\n      from: "Billing <no-reply@example.com>",\n    }),\n    CredentialsProvider({\n'));
    assert.ok(text.includes('  theme: { colorScheme: "light" }, // light only for now\n'));
    assert.ok(text.includes('/** Shared options. */'));
    for (const helper of ['async function postToAuthBackend', 'function readBackendTokens', 'function expiryClaim', 'function isRecord']) assert.ok(text.includes(helper), helper);
    // The refresh helper belongs to the jwt callback, not to the provider.
    assert.ok(!text.includes('refreshStore'));
  });

  it('never adds a second Credentials provider, whatever it is called', () => {
    const cases: Array<[string, string]> = [
      ['/a/auth.ts', `import NextAuth from "next-auth"\nimport Creds from "next-auth/providers/credentials"\nexport default NextAuth({ providers: [Creds({ credentials: {}, authorize: async () => null })] })\n`],
      ['/a/auth.ts', `import NextAuth from "next-auth"\nimport { default as Login } from "next-auth/providers/credentials"\nexport default NextAuth({ providers: [Login({ credentials: {}, authorize: async () => null })] })\n`],
      ['/a/auth.js', `const NextAuth = require("next-auth").default\nconst C = require("next-auth/providers/credentials")\nmodule.exports = NextAuth({ providers: [C.default({ credentials: {}, authorize: async () => null })] })\n`],
    ];
    for (const [file, text] of cases) {
      const result = twice(file, text, (s) => ensureCredentialsProvider(s, template(4, file, text)));
      assert.strictEqual(result.text, text, `changed ${text}`);
      assert.match(result.notes[0].message, /Kept the existing Credentials provider/);
    }
  });

  it('merges into a v5 `providers: [GitHub]` one entry per line', () => {
    const text = `import NextAuth from "next-auth"\nimport GitHub from "next-auth/providers/github"\n\nexport const { handlers, auth, signIn, signOut } = NextAuth({\n  providers: [GitHub],\n})\n`;
    const { text: merged } = twice('/a/auth.ts', text, (s) => ensureCredentialsProvider(s, template(5, '/a/auth.ts', text)));
    assert.match(merged, /providers: \[\n    GitHub,\n    Credentials\(\{\n      name: "Credentials",/);
    assert.match(merged, /^import NextAuth, \{ CredentialsSignin \} from "next-auth"\n/);
    assert.match(merged, /import Credentials from "next-auth\/providers\/credentials"\n/);
    assert.match(merged, /class InvalidCredentialsError extends CredentialsSignin \{\n  code = "invalid_credentials"\n\}/);
    assert.ok(!/;\n/.test(merged), 'no semicolons were added to a file without them');
  });

  it('respects single quotes, no semicolons and tab indentation', () => {
    const text = "import NextAuth from 'next-auth'\n\nexport default NextAuth({\n\tproviders: [],\n})\n";
    const { text: merged } = twice('/a/pages/api/auth/[...nextauth].ts', text, allMerges(4, '/a/pages/api/auth/[...nextauth].ts', text));
    assert.match(merged, /\n\tproviders: \[\n\t\tCredentialsProvider\(\{\n\t\t\tname: 'Credentials',\n/);
    assert.match(merged, /import CredentialsProvider from 'next-auth\/providers\/credentials'\n/);
    assert.ok(!merged.includes('"Credentials"'));
    assert.ok(!/^ +\S/m.test(merged.split('\n').filter((l) => !/^\s*\*/.test(l)).join('\n')), 'every indented line uses tabs');
    assert.ok(!/;\n/.test(merged), 'no statement semicolons');
  });

  it('merges into CommonJS with require()', () => {
    const text = `const GitHubProvider = require("next-auth/providers/github").default;\n\n/** @type {import("next-auth").NextAuthOptions} */\nconst authOptions = {\n  providers: [\n    GitHubProvider({ clientId: "", clientSecret: "" }),\n  ],\n};\n\nmodule.exports = { authOptions };\n`;
    const { text: merged } = twice('/a/lib/auth.js', text, allMerges(4, '/a/lib/auth.js', text));
    assert.match(merged, /const CredentialsProvider = require\("next-auth\/providers\/credentials"\)\.default;/);
    assert.ok(!/^import /m.test(merged), 'no ESM import in a CommonJS file');
    assert.ok(merged.trimEnd().includes('module.exports = { authOptions };'));
    assert.ok(merged.includes('const signedIn = /** @type {BackendUser} */ (user);'));
  });

  it('merges inline NextAuth({...}) in an App Router route in place and keeps its exports', () => {
    const text = `import NextAuth from "next-auth";\n\nconst handler = NextAuth({\n  providers: [],\n});\n\nexport { handler as GET, handler as POST };\n`;
    const file = '/a/app/api/auth/[...nextauth]/route.ts';
    const { text: merged } = twice(file, text, allMerges(4, file, text));
    assert.match(merged, /const handler = NextAuth\(\{\n  providers: \[\n    CredentialsProvider\(/);
    assert.ok(merged.includes('export { handler as GET, handler as POST };'));
    assert.ok(merged.includes('async jwt({ token, user, account })'));
    assert.ok(merged.includes('signIn: "/login"'));
  });

  it('adds a providers array when the options have none', () => {
    const text = `import NextAuth from "next-auth";\nexport default NextAuth({ secret: process.env.SECRET });\n`;
    const { text: merged } = twice('/a/auth.ts', text, (s) => ensureCredentialsProvider(s, template(4, '/a/auth.ts', text)));
    assert.match(merged, /NextAuth\(\{\n  secret: process\.env\.SECRET,\n  providers: \[\n    CredentialsProvider\(\{\n      name: "Credentials",/);
  });
});

describe('ensureCallbacks', () => {
  it('adds jwt and session with the refresh helpers, and the second run keeps them silently', () => {
    const t = template(4, '/a/lib/auth.ts', V4_LIB);
    const { text, notes } = twice('/a/lib/auth.ts', V4_LIB, (s) => ensureCallbacks(s, t));
    assert.deepStrictEqual(notes, []);
    assert.match(text, /\n  callbacks: \{\n    async jwt\(\{ token, user, account \}\) \{/);
    assert.ok(text.includes('const refreshStore: RefreshStore = '), 'the shared refresh store comes with the jwt callback');
    assert.ok(text.includes('function inProcessRefreshStore(): RefreshStore {'));
    const again = new EditableSource('/a/lib/auth.ts', text);
    assert.deepStrictEqual(ensureCallbacks(again, t), []);
  });

  it('keeps a user callback, says so, and rewrites the leak the added jwt callback would create (issue 9 item 4)', () => {
    const text = [
      'import type { NextAuthOptions } from "next-auth";',
      'export const authOptions: NextAuthOptions = {',
      '  providers: [],',
      '  callbacks: {',
      '    async session({ session, token }) {',
      '      session.user = token as any;',
      '      return session;',
      '    },',
      '  },',
      '};',
      '',
    ].join('\n');
    const t = template(4, '/a/lib/auth.ts', text);
    const { text: merged, notes } = twice('/a/lib/auth.ts', text, (s) => ensureCallbacks(s, t));
    // The whole token leaked no refresh token until the added jwt callback put one there: the analyzer's
    // allow-list fix is applied as part of the plan, and a warning says so with the line.
    // Past 100 columns the allow-list is laid out one field per line (issue 10).
    assert.deepStrictEqual(merged.split('\n').slice(6, 12).map((l) => l.trim()), [
      'session.user = {',
      '...session.user,',
      'accessToken: token.accessToken,',
      'accessTokenExpires: token.accessTokenExpires,',
      'error: token.error,',
      '} as any;',
    ]);
    assert.strictEqual(count(merged, /async session\(/), 1);
    assert.strictEqual(count(merged, /async jwt\(/), 1, 'the missing jwt callback is added');
    // Lines are those of the merged file (one import was added above).
    assert.ok(notes.some((n) => /Kept your existing session callback/.test(n.message) && n.line === 6), JSON.stringify(notes));
    const rewrite = notes.find((n) => n.level === 'warning' && /Rewrote your session callback/.test(n.message));
    assert.ok(rewrite, `expected a rewrite note in ${JSON.stringify(notes)}`);
    assert.strictEqual(rewrite!.line, 7);
    assert.match(rewrite!.message, /\/a\/lib\/auth\.ts:7 \(Expose only accessToken, accessTokenExpires, error from the JWT\)/);
    assert.deepStrictEqual(analyzeSource('/a/lib/auth.ts', merged), [], 'the merged file leaks nothing');
  });

  it('never leaves a whole-token session callback leaking the refresh token the added jwt callback stores', () => {
    const spread = ['import type { NextAuthOptions } from "next-auth";', 'export const authOptions: NextAuthOptions = {', '  providers: [],', '  callbacks: {', '    async session({ session, token }) {', '      return { ...session, ...token };', '    },', '  },', '};', ''].join('\n');
    const { text: merged, notes } = twice('/a/lib/auth.ts', spread, (s) => ensureCallbacks(s, template(4, '/a/lib/auth.ts', spread)));
    assert.ok(notes.some((n) => n.level === 'warning' && /Rewrote your session callback/.test(n.message)), JSON.stringify(notes));
    assert.deepStrictEqual(analyzeSource('/a/lib/auth.ts', merged), []);
    assert.match(merged, /return \{ \.\.\.session, \.\.\.\(\{\n +accessToken: token\.accessToken,\n +accessTokenExpires: token\.accessTokenExpires,\n +error: token\.error,\n +\} as Partial<typeof token>\) \};/);

    // When no fix applies (the token goes out through a helper), the callbacks piece is refused, named.
    const helper = spread.replace('      return { ...session, ...token };', '      return expose(session, token);') + 'function expose(session: any, token: any) {\n  return { ...session, ...token };\n}\n';
    assert.throws(() => ensureCallbacks(new EditableSource('/a/lib/auth.ts', helper), template(4, '/a/lib/auth.ts', helper)), (e: unknown) => e instanceof ScaffoldError && /Not adding the jwt and session callbacks/.test(e.message) && e.file === '/a/lib/auth.ts');

    // The user's own jwt callback already stored the refresh token: the leak is theirs, nothing added.
    const own = spread.replace('  callbacks: {\n', '  callbacks: {\n    async jwt({ token, user }) {\n      return { ...token, ...user, refreshToken: (user as any)?.refreshToken };\n    },\n');
    const { notes: ownNotes } = twice('/a/lib/auth.ts', own, (s) => ensureCallbacks(s, template(4, '/a/lib/auth.ts', own)));
    const ownLeak = ownNotes.find((n) => n.level === 'warning' && /leaks/.test(n.message));
    assert.ok(ownLeak, JSON.stringify(ownNotes));
    assert.ok(!/added here/.test(ownLeak!.message), ownLeak!.message);
  });

  it('adds authorized() for v5 middleware once, keeping an existing one', () => {
    const text = `import NextAuth from "next-auth"\nexport const { auth } = NextAuth({ providers: [], callbacks: { authorized: () => true } })\n`;
    assert.strictEqual(twice('/a/auth.ts', text, ensureAuthorizedCallback).text, text);
    const fresh = `import NextAuth from "next-auth"\nexport const { auth } = NextAuth({\n  providers: [],\n})\n`;
    const { text: merged } = twice('/a/auth.ts', fresh, ensureAuthorizedCallback);
    assert.match(merged, /callbacks: \{\n    \/\/ The middleware asks this[^\n]*\n    \/\/ [^\n]*\n    authorized\(\{ auth \}\) \{\n      return !!auth && \(auth as \{ error\?: unknown \}\)\.error !== "RefreshAccessTokenError"\n    \},\n  \},/);
  });
});

describe('ensurePagesSignIn', () => {
  it('adds pages.signIn, or signIn into an existing pages object, once', () => {
    const t = template(4, '/a/lib/auth.ts', V4_LIB);
    assert.match(twice('/a/lib/auth.ts', V4_LIB, (s) => ensurePagesSignIn(s, t)).text, /\n  pages: \{\n    signIn: "\/login",\n  \},\n\};\n$/);
    const withPages = V4_LIB.replace('  session:', '  pages: { error: "/oops" },\n  session:');
    assert.match(twice('/a/lib/auth.ts', withPages, (s) => ensurePagesSignIn(s, t)).text, /pages: \{ error: "\/oops", signIn: "\/login" \}/);
  });

  it('keeps a signIn page the user chose and says where ours is', () => {
    const text = V4_LIB.replace('  session:', '  pages: { signIn: "/auth/sign-in" },\n  session:');
    const { text: merged, notes } = twice('/a/lib/auth.ts', text, (s) => ensurePagesSignIn(s, template(4, '/a/lib/auth.ts', text)));
    assert.strictEqual(merged, text);
    assert.match(notes[0].message, /Kept pages\.signIn \("\/auth\/sign-in"\)/);
  });
});

describe('ensureSessionProvider', () => {
  const layout = `import "./globals.css";\n\nexport default function RootLayout({ children }: { children: React.ReactNode }) {\n  return (\n    <html lang="en">\n      <body>\n        <Header />\n        <main>{children}</main>\n      </body>\n    </html>\n  );\n}\n`;
  const target = { kind: 'layout' as const, module: '@/components/auth-session-provider', component: 'AuthSessionProvider' };

  it('wraps the body of the root layout, once', () => {
    const { text } = twice('/a/app/layout.tsx', layout, (s) => ensureSessionProvider(s, target));
    assert.ok(text.includes('      <body>\n        <AuthSessionProvider>\n          <Header />\n          <main>{children}</main>\n        </AuthSessionProvider>\n      </body>\n'));
    assert.match(text, /import \{ AuthSessionProvider \} from "@\/components\/auth-session-provider";/);
  });

  it('breaks a one-line <body> as Prettier would: the wrapper on its own line, indented like the file', () => {
    const oneLine = `export default function RootLayout({ children }: { children: React.ReactNode }) {\n  return (\n    <html lang="en">\n      <body className={inter.className}>{children}</body>\n    </html>\n  );\n}\n`;
    const { text } = twice('/a/app/layout.tsx', oneLine, (s) => ensureSessionProvider(s, target));
    assert.ok(text.includes('      <body className={inter.className}>\n        <AuthSessionProvider>{children}</AuthSessionProvider>\n      </body>\n    </html>'), text);
    // Tabs and CRLF are the file's own; several children go one per line.
    const tabs = `export default function L({ children }) {\r\n\treturn (\r\n\t\t<html>\r\n\t\t\t<body><Header />{children}</body>\r\n\t\t</html>\r\n\t);\r\n}\r\n`;
    const merged = twice('/a/app/layout.jsx', tabs, (s) => ensureSessionProvider(s, target)).text;
    assert.ok(merged.includes('\t\t\t<body>\r\n\t\t\t\t<AuthSessionProvider>\r\n\t\t\t\t\t<Header />\r\n\t\t\t\t\t{children}\r\n\t\t\t\t</AuthSessionProvider>\r\n\t\t\t</body>\r\n'), JSON.stringify(merged));
  });

  it('keeps a <body> that shares its line with other JSX inline', () => {
    const inline = `export default function L({ children }) { return <html><body>{children}</body></html>; }\n`;
    const { text } = twice('/a/app/layout.jsx', inline, (s) => ensureSessionProvider(s, target));
    assert.ok(text.includes('return <html><body><AuthSessionProvider>{children}</AuthSessionProvider></body></html>;'), text);
  });

  it('leaves a layout alone when its own providers file already renders SessionProvider', () => {
    const text = `import { Providers } from "./providers";\nexport default function L({ children }) { return <html><body><Providers>{children}</Providers></body></html>; }\n`;
    assert.strictEqual(twice('/a/app/layout.jsx', text, (s) => ensureSessionProvider(s, target, (m) => m === './providers')).text, text);
  });

  it('wraps the element _app returns and passes pageProps.session', () => {
    const app = `import type { AppProps } from "next/app"\n\nexport default function App({ Component, pageProps }: AppProps) {\n  return <Component {...pageProps} />\n}\n`;
    const { text } = twice('/a/pages/_app.tsx', app, (s) => ensureSessionProvider(s, { kind: 'app' }));
    assert.ok(text.includes('  return (\n    <SessionProvider session={pageProps.session}>\n      <Component {...pageProps} />\n    </SessionProvider>\n  )\n'));
    assert.match(text, /import \{ SessionProvider \} from "next-auth\/react"\n/);
  });

  it('passes the session _app already destructures from pageProps (next-auth docs pattern)', () => {
    const app = `import type { AppProps } from "next/app";\nimport type { Session } from "next-auth";\n\nexport default function App({\n  Component,\n  pageProps: { session: initialSession, ...pageProps },\n}: AppProps<{ session: Session }>) {\n  return <Component {...pageProps} />;\n}\n`;
    const { text } = twice('/a/pages/_app.tsx', app, (s) => ensureSessionProvider(s, { kind: 'app' }));
    assert.ok(text.includes('<SessionProvider session={initialSession}>'), text);
  });

  it('types AppType (pageProps: {}) with the session it now reads, as in T3 apps', () => {
    const app = `import { type AppType } from "next/app";\n\nconst MyApp: AppType = ({ Component, pageProps }) => {\n  return <Component {...pageProps} />;\n};\n\nexport default MyApp;\n`;
    const { text } = twice('/a/src/pages/_app.tsx', app, (s) => ensureSessionProvider(s, { kind: 'app' }));
    assert.ok(text.includes('const MyApp: AppType<{ session: Session | null }> = ({ Component, pageProps }) => {\n  return (\n    <SessionProvider session={pageProps.session}>\n'), text);
    assert.match(text, /import type \{ Session \} from "next-auth";\n|import \{ type Session \} from "next-auth";\n/);
  });

  it('leaves AppType that already has page props, and JavaScript _app files, untyped by us', () => {
    const typed = `import type { AppType } from "next/app";\nimport type { Session } from "next-auth";\n\nconst MyApp: AppType<{ session: Session | null }> = ({ Component, pageProps }) => <Component {...pageProps} />;\nexport default MyApp;\n`;
    const { text } = twice('/a/pages/_app.tsx', typed, (s) => ensureSessionProvider(s, { kind: 'app' }));
    assert.strictEqual(text.match(/AppType</g)?.length, 1);
    const js = `const MyApp = ({ Component, pageProps }) => <Component {...pageProps} />;\nexport default MyApp;\n`;
    assert.ok(!twice('/a/pages/_app.jsx', js, (s) => ensureSessionProvider(s, { kind: 'app' })).text.includes('Session |'));
  });
});

describe('merges refuse what does not parse', () => {
  it('throws a ScaffoldError naming the file and line', () => {
    const text = `import NextAuth from "next-auth";\n\nexport default NextAuth({\n  providers: [\n});\n`;
    assert.throws(
      () => new EditableSource('/a/auth.ts', text),
      (error: unknown) => error instanceof ScaffoldError && error.file === '/a/auth.ts' && error.line === 5 && /^The file does not parse: /.test(error.message),
    );
  });

  it('keeps CRLF line endings in inserted code', () => {
    const text = V4_LIB.replace(/\n/g, '\r\n');
    const { text: merged } = twice('/a/lib/auth.ts', text, allMerges(4, '/a/lib/auth.ts', text));
    assert.ok(!/[^\r]\n/.test(merged), 'every line ends with CRLF');
  });
});

describe('generated helpers and the names a file already uses', () => {
  it('reuses a same-named declaration of the file and warns when its code differs from ours', () => {
    const text = `${V4_LIB}\nfunction isRecord(value: unknown): boolean {\n  return !!value;\n}\n`;
    const t = template(4, '/a/lib/auth.ts', text);
    const { text: merged, notes } = twice('/a/lib/auth.ts', text, (s) => ensureCredentialsProvider(s, t));
    assert.strictEqual(count(merged, /function isRecord\(/), 1);
    const warning = notes.find((n) => /already declares isRecord/.test(n.message));
    assert.ok(warning, JSON.stringify(notes));
    assert.strictEqual(merged.split('\n')[warning!.line! - 1], 'function isRecord(value: unknown): boolean {');
  });

  it('says nothing about its own helpers on a second run (TS, JS, CommonJS)', () => {
    const cases: Array<[4 | 5, string, string]> = [
      [4, '/a/lib/auth.ts', V4_LIB],
      [5, '/a/auth.js', `import NextAuth from "next-auth";\nexport const { handlers, auth } = NextAuth({ providers: [] });\n`],
      [4, '/a/lib/auth.js', `const NextAuth = require("next-auth");\nmodule.exports = NextAuth.default({ providers: [] });\n`],
    ];
    for (const [major, file, text] of cases) {
      const merge = allMerges(major, file, text);
      const first = new EditableSource(file, text);
      merge(first);
      const second = new EditableSource(file, first.text);
      assert.deepStrictEqual(merge(second), [], file);
    }
  });
});
