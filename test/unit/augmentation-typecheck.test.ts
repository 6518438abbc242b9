import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ChangeSet } from '../../src/core/change-set';
import { detectProject } from '../../src/core/detect';
import { NodeFileSystem } from '../../src/core/file-system';
import type { ProjectInfo } from '../../src/core/project-info';
import { planScaffold, SCAFFOLD_PIECES, type ScaffoldRequest } from '../../src/core/scaffold';
import { ensureTypeAugmentation } from '../../src/core/scaffold/augmentation';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { linkTypes, typecheckApp } from '../support/typecheck';

// The generated next-auth.d.ts, checked with the real next-auth 4.24.x / 5.0.0-beta.x types, strict.
// The configs deliberately never import "next-auth/jwt": that is the v5 situation (#9571, #12094) the
// generated file has to handle on its own.

const TSCONFIG = JSON.stringify(
  {
    compilerOptions: {
      target: 'ES2017',
      lib: ['dom', 'dom.iterable', 'esnext'],
      strict: true,
      noEmit: true,
      esModuleInterop: true,
      module: 'esnext',
      moduleResolution: 'bundler',
      isolatedModules: true,
      jsx: 'preserve',
      // What create-next-app writes: it hides "Invalid module name in augmentation" in .d.ts files, so a
      // JWT augmentation that does not apply shows up only where the token is used.
      skipLibCheck: true,
    },
    include: ['next-env.d.ts', '**/*.ts', '**/*.tsx'],
    exclude: ['node_modules'],
  },
  null,
  2,
);

const SHARED = `
interface BackendLogin {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  user: { id: string; name: string; email: string };
}

async function refreshAccessToken(refreshToken: string): Promise<{ accessToken: string; refreshToken: string; accessTokenExpires: number } | null> {
  const response = await fetch(\`\${process.env.API_BASE_URL}/refresh\`, { method: "POST", body: JSON.stringify({ refreshToken }) });
  if (!response.ok) return null;
  const data = (await response.json()) as BackendLogin;
  return { accessToken: data.access_token, refreshToken: data.refresh_token ?? refreshToken, accessTokenExpires: Date.now() + data.expires_in * 1000 };
}
`;

const PROVIDER = `
      credentials: { email: {}, password: {} },
      async authorize(credentials) {
        const response = await fetch(\`\${process.env.API_BASE_URL}/login\`, { method: "POST", body: JSON.stringify(credentials) });
        if (!response.ok) return null;
        const data = (await response.json()) as BackendLogin;
        return {
          id: data.user.id,
          name: data.user.name,
          email: data.user.email,
          accessToken: data.access_token,
          refreshToken: data.refresh_token,
          accessTokenExpires: Date.now() + data.expires_in * 1000,
        };
      },`;

const CALLBACKS = `
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        token.accessToken = user.accessToken;
        token.refreshToken = user.refreshToken;
        token.accessTokenExpires = user.accessTokenExpires;
        return token;
      }
      if (typeof token.accessTokenExpires === "number" && Date.now() < token.accessTokenExpires) return token;
      if (!token.refreshToken) return { ...token, error: "RefreshAccessTokenError" as const };
      const refreshed = await refreshAccessToken(token.refreshToken);
      if (!refreshed) return { ...token, error: "RefreshAccessTokenError" as const };
      return { ...token, ...refreshed, error: undefined };
    },
    async session({ session, token }) {
      session.accessToken = token.accessToken;
      session.error = token.error;
      session.user.id = token.sub ?? "";
      return session;
    },
  },`;

const V4_CONFIG = `import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
${SHARED}
export const authOptions: NextAuthOptions = {
  session: { strategy: "jwt" },
  providers: [
    CredentialsProvider({${PROVIDER}
    }),
  ],${CALLBACKS}
};
`;

const V4_USE = `import { getServerSession } from "next-auth";
import { authOptions } from "./lib/auth";

export async function backendHeaders(): Promise<Record<string, string>> {
  const session = await getServerSession(authOptions);
  const accessToken: string | undefined = session?.accessToken;
  const error: "RefreshAccessTokenError" | undefined = session?.error;
  const id: string | undefined = session?.user.id;
  return accessToken && !error && id ? { Authorization: \`Bearer \${accessToken}\` } : {};
}
`;

const V5_CONFIG = `import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
${SHARED}
export const { handlers, auth, signIn, signOut } = NextAuth({
  providers: [
    Credentials({${PROVIDER}
    }),
  ],${CALLBACKS}
});
`;

const V5_USE = `import { auth } from "./auth";

export async function backendHeaders(): Promise<Record<string, string>> {
  const session = await auth();
  const accessToken: string | undefined = session?.accessToken;
  const error: "RefreshAccessTokenError" | undefined = session?.error;
  const id: string | undefined = session?.user?.id;
  // @ts-expect-error the refresh token never reaches the session (v5 types Session.user from User otherwise)
  void session?.user?.refreshToken;
  return accessToken && !error && id ? { Authorization: \`Bearer \${accessToken}\` } : {};
}
`;

const JS_CONFIG = `const CredentialsProvider = require("next-auth/providers/credentials").default;

/** @type {import("next-auth").NextAuthOptions} */
const authOptions = {
  providers: [
    CredentialsProvider({
      credentials: { email: {}, password: {} },
      async authorize(credentials) {
        const response = await fetch(\`\${process.env.API_BASE_URL}/login\`, { method: "POST", body: JSON.stringify(credentials) });
        if (!response.ok) return null;
        /** @type {{ id: string, access_token: string, refresh_token: string }} */
        const data = await response.json();
        return { id: data.id, accessToken: data.access_token, refreshToken: data.refresh_token };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) return { ...token, accessToken: user.accessToken, refreshToken: user.refreshToken };
      return token;
    },
    async session({ session, token }) {
      return { ...session, accessToken: token.accessToken };
    },
  },
};

/** @param {import("next-auth").Session} session */
function bearer(session) {
  /** @type {string | undefined} */
  const accessToken = session.accessToken;
  return accessToken ? \`Bearer \${accessToken}\` : "";
}

module.exports = { authOptions, bearer };
`;

interface App {
  readonly dir: string;
  readonly project: ProjectInfo;
  readonly authFile: string;
}

function makeApp(major: 4 | 5, options: { hoistAuthCore?: boolean } = {}): App {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), `augmentation-v${major}-`));
  const authFile = path.join(dir, major === 4 ? 'lib/auth.ts' : 'auth.ts');
  fs.mkdirSync(path.dirname(authFile), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'app', dependencies: { next: '16.0.0', 'next-auth': major === 4 ? '4.24.15' : '5.0.0-beta.32' } }));
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), TSCONFIG);
  fs.writeFileSync(authFile, major === 4 ? V4_CONFIG : V5_CONFIG);
  fs.writeFileSync(path.join(dir, 'use-session.ts'), major === 4 ? V4_USE : V5_USE);
  linkTypes(dir, major);
  if (options.hoistAuthCore) {
    // npm/yarn layout: @auth/core next to next-auth (linkTypes gives the pnpm-like nested layout).
    const core = path.join(dir, 'node_modules', '@auth', 'core');
    fs.mkdirSync(path.dirname(core), { recursive: true });
    fs.symlinkSync(fs.realpathSync(path.join(dir, 'node_modules', 'next-auth', 'node_modules', '@auth', 'core')), core, 'dir');
  }
  const project: ProjectInfo = {
    root: dir,
    name: 'app',
    packageManager: 'npm',
    language: 'ts',
    moduleType: 'commonjs',
    routers: ['app'],
    srcDir: false,
    configFile: path.join(dir, 'tsconfig.json'),
    nextAuth: { version: major === 4 ? '4.24.15' : '5.0.0-beta.32', major, installed: true },
  };
  return { dir, project, authFile };
}

/**
 * skipLibCheck (forced by typecheckApp, and in every Next.js tsconfig) hides errors inside .d.ts files, so
 * the augmentation is also checked as a .ts module: it must be free of errors itself.
 */
function typecheckAugmentationItself(app: App): string[] {
  const dts = path.join(app.dir, 'next-auth.d.ts');
  const asModule = path.join(app.dir, 'next-auth-augmentation.ts');
  fs.renameSync(dts, asModule);
  try {
    return typecheckApp(app.dir);
  } finally {
    fs.renameSync(asModule, dts);
  }
}

/** Runs the generator against the app on disk and writes its changes, as the CLI would. */
function generate(app: App): string {
  const tree = new ChangeSet(new NodeFileSystem());
  ensureTypeAugmentation(tree, { project: app.project, router: 'app', settings: DEFAULT_SETTINGS, pieces: ['types'] }, app.authFile);
  for (const change of tree.listChanges()) fs.writeFileSync(change.path, change.content);
  return fs.readFileSync(path.join(app.dir, 'next-auth.d.ts'), 'utf8');
}

describe('augmentation type-checks against the real next-auth', function () {
  this.timeout(120_000);
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('v4: session.accessToken, token.refreshToken and user.accessToken type-check', () => {
    const app = makeApp(4);
    dirs.push(app.dir);
    const before = typecheckApp(app.dir);
    assert.ok(before.length > 0, 'without the augmentation the app must not compile (else this test proves nothing)');
    const dts = generate(app);
    assert.match(dts, /declare module "next-auth\/jwt"/);
    assert.deepStrictEqual(typecheckApp(app.dir), []);
    assert.deepStrictEqual(typecheckAugmentationItself(app), []);
  });

  it('v4 JavaScript with checkJs, when asked for types: next-auth.d.ts types the JSDoc-typed callbacks', () => {
    const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), 'augmentation-js-'));
    dirs.push(dir);
    fs.mkdirSync(path.join(dir, 'lib'));
    fs.writeFileSync(path.join(dir, 'jsconfig.json'), JSON.stringify({ compilerOptions: { checkJs: true, module: 'commonjs', moduleResolution: 'node', target: 'ES2020', lib: ['dom', 'esnext'] } }));
    fs.writeFileSync(path.join(dir, 'lib', 'auth.js'), JS_CONFIG);
    linkTypes(dir, 4);
    assert.ok(typecheckApp(dir, { checkJs: true }).length > 0, 'without next-auth.d.ts session.accessToken must not type-check');
    const project: ProjectInfo = {
      root: dir,
      name: 'app',
      packageManager: 'npm',
      language: 'js',
      moduleType: 'commonjs',
      routers: ['pages'],
      srcDir: false,
      configFile: path.join(dir, 'jsconfig.json'),
      nextAuth: { version: '4.24.15', major: 4, installed: true },
    };
    const tree = new ChangeSet(new NodeFileSystem());
    ensureTypeAugmentation(tree, { project, router: 'pages', settings: DEFAULT_SETTINGS, pieces: ['types'], typesForJavaScript: true }, path.join(dir, 'lib', 'auth.js'));
    for (const change of tree.listChanges()) fs.writeFileSync(change.path, change.content);
    assert.match(fs.readFileSync(path.join(dir, 'next-auth.d.ts'), 'utf8'), /interface User \{\n    accessToken: string;\n    refreshToken: string;\n  \}/);
    assert.deepStrictEqual(typecheckApp(dir, { checkJs: true }), []);
  });

  it('v5 with @auth/core nested under next-auth (pnpm-like): the "next-auth/jwt" form plus its import type-checks', () => {
    const app = makeApp(5);
    dirs.push(app.dir);
    const dts = generate(app);
    assert.match(dts, /^import "next-auth\/jwt";$/m);
    assert.match(dts, /declare module "next-auth\/jwt"/);
    assert.deepStrictEqual(typecheckApp(app.dir), []);
    assert.deepStrictEqual(typecheckAugmentationItself(app), []);
  });

  it('v5 with @auth/core hoisted (npm): the same form type-checks', () => {
    const app = makeApp(5, { hoistAuthCore: true });
    dirs.push(app.dir);
    generate(app);
    assert.deepStrictEqual(typecheckApp(app.dir), []);
  });

  it('v5: without the "next-auth/jwt" import the JWT augmentation silently does not apply (next-auth #12094)', () => {
    const app = makeApp(5);
    dirs.push(app.dir);
    const dts = generate(app);
    fs.writeFileSync(path.join(app.dir, 'next-auth.d.ts'), dts.replace(/^import "next-auth\/jwt";\r?\n/m, ''));
    const errors = typecheckApp(app.dir);
    assert.ok(errors.some((e) => e.startsWith('auth.ts:') && /unknown/.test(e)), errors.join('\n'));
  });
});

// Issue 11.5-11.7 and 15.7, in one app as people have it: the seed tutorial's callbacks kept (`{ ...token,
// ...user }`), a role decoded with the installed jwt-decode, a second Credentials provider returning the
// app's own UserDto, GitHub on its default profile, and an adapter that returns database rows (as Prisma's
// does). The generated next-auth.d.ts must type all of it: before, it declared `User.token: string` and
// friends as required (TS2322 in the adapter and in the second authorize()), no JWT fields for the spread
// (TS2339 on token.refresh) and `role: unknown` (TS18046 on token.role.toUpperCase()).
function realWorldApp(major: 4 | 5): { dir: string; authFile: string } {
  const dir = fs.mkdtempSync(path.join(fs.realpathSync(os.tmpdir()), `augmentation-real-v${major}-`));
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('package.json', JSON.stringify({ name: 'app', dependencies: { next: '16.0.0', 'next-auth': major === 4 ? '4.24.15' : '5.0.0-beta.32', 'jwt-decode': '4.0.0' } }));
  write('tsconfig.json', TSCONFIG.replace('"skipLibCheck": true', '"skipLibCheck": true,\n      "baseUrl": ".",\n      "paths": { "@/*": ["./*"] }'));
  write('lib/users.ts', `export interface UserDto {
  id: string;
  name?: string;
  email?: string;
  role?: string;
  team?: { id: string; name: string };
}

export async function fetchUserDto(ticket: string): Promise<UserDto | null> {
  const response = await fetch(\`\${process.env.API_BASE_URL}/sso\`, { method: "POST", body: JSON.stringify({ ticket }) });
  return response.ok ? ((await response.json()) as UserDto) : null;
}
`);
  write('lib/db-adapter.ts', `import type { Adapter, AdapterUser } from "next-auth/adapters";

/** A row of the users table, as an ORM returns it. */
interface UserRow {
  id: string;
  email: string;
  emailVerified: Date | null;
  name: string | null;
  image: string | null;
}

const users = new Map<string, UserRow>();

export function DbAdapter(): Adapter {
  return {
    async createUser(user: Omit<AdapterUser, "id">) {
      const row: UserRow = { id: String(users.size + 1), email: user.email, emailVerified: user.emailVerified, name: user.name ?? null, image: user.image ?? null };
      users.set(row.id, row);
      return row;
    },
    async getUser(id) {
      return users.get(id) ?? null;
    },
    async getUserByEmail(email) {
      return [...users.values()].find((row) => row.email === email) ?? null;
    },
  };
}
`);
  const providers = `
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials) {
        const response = await fetch(\`\${process.env.API_BASE_URL}/login\`, { method: "POST", body: JSON.stringify(credentials) });
        if (!response.ok) return null;
        const data = (await response.json()) as { user: { id: string; name: string; email: string }; token: string; refresh: string };
        const decoded = jwtDecode<Decoded>(data.token);
        return { id: data.user.id, name: data.user.name, email: data.user.email, role: decoded.role, token: data.token, refresh: data.refresh };
      },
    }),
    Credentials({
      id: "sso",
      credentials: { ticket: {} },
      async authorize(credentials) {
        return fetchUserDto(String(credentials?.ticket ?? ""));
      },
    }),
    GitHub({ clientId: process.env.GITHUB_ID ?? "", clientSecret: process.env.GITHUB_SECRET ?? "" }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      // What the app does with its token: typed only when next-auth.d.ts declares these.
      if (token.refresh && token.role) console.debug(token.role.toUpperCase(), token.refresh.length);
      return { ...token, ...user };
    },
    async session({ session, token }) {
      return { ...session, role: token.role };
    },
  },`;
  const imports = `import Credentials from "next-auth/providers/credentials";
import GitHub from "next-auth/providers/github";
import { jwtDecode } from "jwt-decode";
import { DbAdapter } from "@/lib/db-adapter";
import { fetchUserDto } from "@/lib/users";

interface Decoded {
  role: string;
  exp: number;
}
`;
  const authFile = major === 4 ? 'lib/auth.ts' : 'auth.ts';
  write(
    authFile,
    major === 4
      ? `import type { NextAuthOptions } from "next-auth";\n${imports}\nexport const authOptions: NextAuthOptions = {\n  adapter: DbAdapter(),\n  session: { strategy: "jwt" },\n  providers: [${providers}\n};\n`
      : `import NextAuth from "next-auth";\n${imports}\nexport const { handlers, auth, signIn, signOut } = NextAuth({\n  adapter: DbAdapter(),\n  session: { strategy: "jwt" },\n  providers: [${providers}\n});\n`,
  );
  linkTypes(dir, major);
  fs.symlinkSync(path.resolve(__dirname, '..', '..', 'node_modules', 'jwt-decode'), path.join(dir, 'node_modules', 'jwt-decode'), 'dir');
  return { dir, authFile: path.join(dir, authFile) };
}

describe('augmentation of a real-world app (second provider, adapter, seed callbacks, installed types) type-checks', function () {
  this.timeout(180_000);
  const dirs: string[] = [];
  after(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const major of [4, 5] as const) {
    it(`next-auth ${major}: optional User fields, JWT fields from { ...token, ...user }, role typed string through jwt-decode`, () => {
      const app = realWorldApp(major);
      dirs.push(app.dir);
      const before = typecheckApp(app.dir);
      assert.ok(before.some((e) => /toUpperCase/.test(e)) && before.some((e) => /'length'/.test(e)), `without next-auth.d.ts the token fields must not type-check:\n${before.join('\n')}`);

      const nodeFs = new NodeFileSystem();
      const project = detectProject(nodeFs, app.dir);
      const tree = new ChangeSet(nodeFs);
      ensureTypeAugmentation(tree, { project, router: 'app', settings: DEFAULT_SETTINGS, pieces: ['types'] }, app.authFile);
      const changes = tree.listChanges();
      for (const change of changes) {
        fs.mkdirSync(path.dirname(change.path), { recursive: true });
        fs.writeFileSync(change.path, change.content);
      }
      // baseUrl "." would let a root next-auth.d.ts shadow the package: it goes to types/.
      const dtsFile = changes.find((c) => c.path.endsWith('next-auth.d.ts'))?.path ?? '';
      assert.strictEqual(path.relative(app.dir, dtsFile), path.join('types', 'next-auth.d.ts'));
      const dts = fs.readFileSync(dtsFile, 'utf8');

      const user = /interface User \{([^}]*)\}/.exec(dts)?.[1] ?? '';
      assert.match(user, /\n    role\?: string;/, dts);
      assert.match(user, /\n    token\?: string;\n    refresh\?: string;/, dts);
      assert.match(user, /\n    team\?: import\("\.\.\/lib\/users"\)\.UserDto\["team"\];/, dts);
      assert.doesNotMatch(dts, /\w: unknown/, 'no required unknown');
      assert.match(dts, /interface JWT \{[^}]*\n    refresh\?: string;/, dts);
      assert.deepStrictEqual(typecheckApp(app.dir), []);
      // Checked as a .ts module too: skipLibCheck hides errors inside .d.ts files.
      fs.renameSync(dtsFile, dtsFile.replace(/\.d\.ts$/, '-augmentation.ts'));
      assert.deepStrictEqual(typecheckApp(app.dir), []);
      fs.renameSync(dtsFile.replace(/\.d\.ts$/, '-augmentation.ts'), dtsFile);

      // A second run changes nothing.
      const again = new ChangeSet(nodeFs);
      ensureTypeAugmentation(again, { project, router: 'app', settings: DEFAULT_SETTINGS, pieces: ['types'] }, app.authFile);
      assert.deepStrictEqual(again.listChanges(), []);
    });
  }
});

// Issue 11.5 as it shows after scaffolding: an app that already signs in with GitHub (its own profile()) and
// keeps users in a database (an adapter returning rows) gets the Credentials provider. Before, the generated
// next-auth.d.ts required `User.accessToken` & co., so the GitHub profile() and the adapter failed with TS2322.
describe('scaffolding an app with a second provider and an adapter leaves it compiling', function () {
  this.timeout(240_000);
  const disk = new NodeFileSystem();
  for (const major of [4, 5] as const) {
    it(`next-auth ${major}: GitHub with its own profile(), a database adapter, then the whole scaffold`, () => {
      const { dir } = realWorldApp(major);
      try {
        const authFile = path.join(dir, major === 4 ? 'lib/auth.ts' : 'auth.ts');
        const options = `  adapter: DbAdapter(),
  session: { strategy: "jwt" },
  providers: [
    GitHub({
      clientId: process.env.GITHUB_ID ?? "",
      clientSecret: process.env.GITHUB_SECRET ?? "",
      profile(profile) {
        return { id: String(profile.id), name: profile.name ?? profile.login, email: profile.email, image: profile.avatar_url };
      },
    }),
  ],`;
        const imports = 'import GitHub from "next-auth/providers/github";\nimport { DbAdapter } from "@/lib/db-adapter";\n';
        fs.writeFileSync(
          authFile,
          major === 4
            ? `import type { NextAuthOptions } from "next-auth";\n${imports}\nexport const authOptions: NextAuthOptions = {\n${options}\n};\n`
            : `import NextAuth from "next-auth";\n${imports}\nexport const { handlers, auth, signIn, signOut } = NextAuth({\n${options}\n});\n`,
        );
        fs.mkdirSync(path.join(dir, 'app'), { recursive: true });
        fs.writeFileSync(path.join(dir, 'app', 'layout.tsx'), 'export default function RootLayout({ children }: { children: React.ReactNode }) {\n  return (\n    <html lang="en">\n      <body>{children}</body>\n    </html>\n  );\n}\n');
        assert.deepStrictEqual(typecheckApp(dir), [], 'the app compiles before scaffolding');

        const project = detectProject(disk, dir);
        const request: ScaffoldRequest = { project, router: 'app', settings: DEFAULT_SETTINGS, pieces: [...SCAFFOLD_PIECES] };
        const plan = planScaffold(disk, request);
        for (const change of plan.changes) {
          fs.mkdirSync(path.dirname(change.path), { recursive: true });
          fs.writeFileSync(change.path, change.content);
        }
        const dts = plan.changes.find((c) => c.path.endsWith('next-auth.d.ts'))?.content ?? '';
        assert.match(dts, /interface User \{\n    accessToken\?: string;/, dts);
        assert.deepStrictEqual(typecheckApp(dir), []);
        assert.deepStrictEqual(planScaffold(disk, { ...request, project: detectProject(disk, dir) }).changes.map((c) => c.path), [], 'a second run changes nothing');
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
