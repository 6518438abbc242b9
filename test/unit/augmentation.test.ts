import * as assert from 'assert';
import { ChangeSet } from '../../src/core/change-set';
import { ScaffoldError } from '../../src/core/errors';
import { readCompilerOptions } from '../../src/core/detect/read-tsconfig';
import { InMemoryFileSystem } from '../../src/core/file-system';
import type { ProjectInfo } from '../../src/core/project-info';
import { ensureTypeAugmentation } from '../../src/core/scaffold/augmentation';
import type { PlanNote } from '../../src/core/scaffold/types';
import { DEFAULT_SETTINGS } from '../../src/core/settings';

const TSCONFIG = `{
  "compilerOptions": { "strict": true }, // Next.js defaults trimmed
  "include": ["next-env.d.ts", "**/*.ts", "**/*.tsx"],
}
`;

const V4_CONFIG = `import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";

export const authOptions: NextAuthOptions = {
  providers: [
    CredentialsProvider({
      credentials: { email: {}, password: {} },
      async authorize(credentials) {
        const data = await login(credentials?.email ?? "");
        if (!data) return null;
        return { id: data.id, accessToken: data.accessToken, refreshToken: data.refreshToken, accessTokenExpires: data.expiresAt };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) return { ...token, accessToken: user.accessToken, refreshToken: user.refreshToken, accessTokenExpires: user.accessTokenExpires };
      return token;
    },
    async session({ session, token }) {
      return { ...session, accessToken: token.accessToken, user: { ...session.user, id: token.sub } };
    },
  },
};

async function login(email: string): Promise<{ id: string; accessToken: string; refreshToken: string; expiresAt: number } | null> {
  return email ? null : null;
}
`;

function project(overrides: Partial<ProjectInfo> = {}): ProjectInfo {
  return {
    root: '/app',
    name: 'app',
    packageManager: 'npm',
    language: 'ts',
    moduleType: 'commonjs',
    routers: ['app'],
    srcDir: false,
    configFile: '/app/tsconfig.json',
    nextAuth: { version: '4.24.15', major: 4, installed: false },
    ...overrides,
  };
}

/** The project as detection sees it: compiler options read from the tree's tsconfig. */
function detected(fs: InMemoryFileSystem, overrides: Partial<ProjectInfo> = {}): ProjectInfo {
  return project({ compilerOptions: readCompilerOptions(fs, '/app/tsconfig.json'), ...overrides });
}

function run(fs: InMemoryFileSystem, info: ProjectInfo, authFile: string, typesForJavaScript = false): { notes: PlanNote[]; changed: string[] } {
  const tree = new ChangeSet(fs);
  const notes = ensureTypeAugmentation(tree, { project: info, router: 'app', settings: DEFAULT_SETTINGS, pieces: ['types'], typesForJavaScript }, authFile);
  const changes = tree.listChanges();
  for (const change of changes) fs.writeFile(change.path, change.content);
  return { notes, changed: changes.map((c) => c.path) };
}

describe('ensureTypeAugmentation', function () {
  this.timeout(30_000);

  it('creates next-auth.d.ts from the config, and a second run changes nothing', () => {
    const fs = new InMemoryFileSystem({ '/app/tsconfig.json': TSCONFIG, '/app/lib/auth.ts': V4_CONFIG });
    const first = run(fs, project(), '/app/lib/auth.ts');
    assert.deepStrictEqual(first.changed, ['/app/next-auth.d.ts']);
    const dts = fs.readFile('/app/next-auth.d.ts')!;
    assert.ok(dts.includes('import type { DefaultSession } from "next-auth";'), dts);
    assert.ok(
      dts.includes(
        [
          'declare module "next-auth" {',
          '  interface Session {',
          '    accessToken?: string;',
          '    user: {',
          '      id?: string;',
          '    } & DefaultSession["user"];',
          '  }',
          '',
          '  interface User {',
          '    accessToken: string;',
          '    refreshToken: string;',
          '    accessTokenExpires: number;',
          '  }',
          '}',
          '',
          'declare module "next-auth/jwt" {',
          '  interface JWT {',
          '    accessToken?: string;',
          '    refreshToken?: string;',
          '    accessTokenExpires?: number;',
          '  }',
          '}',
        ].join('\n'),
      ),
      dts,
    );
    assert.ok(!dts.includes('import "next-auth/jwt"'), 'v4 imports its own jwt module: no extra import');
    assert.match(first.notes.map((n) => n.message).join('\n'), /Created next-auth\.d\.ts declaring Session\.accessToken/);

    const second = run(fs, project(), '/app/lib/auth.ts');
    assert.deepStrictEqual(second.changed, []);
    assert.strictEqual(fs.readFile('/app/next-auth.d.ts'), dts);
  });

  it('re-running after the user adds a field to authorize() adds it, and updates a type the code changed', () => {
    const fs = new InMemoryFileSystem({ '/app/tsconfig.json': TSCONFIG, '/app/lib/auth.ts': V4_CONFIG });
    run(fs, project(), '/app/lib/auth.ts');
    const edited = V4_CONFIG.replace('accessTokenExpires: data.expiresAt };', 'accessTokenExpires: String(data.expiresAt), role: "admin" };').replace(
      'refreshToken: user.refreshToken,',
      'refreshToken: user.refreshToken, role: user.role,',
    );
    fs.writeFile('/app/lib/auth.ts', edited);
    const rerun = run(fs, project(), '/app/lib/auth.ts');
    assert.deepStrictEqual(rerun.changed, ['/app/next-auth.d.ts']);
    const dts = fs.readFile('/app/next-auth.d.ts')!;
    assert.match(dts, /interface User \{\n    accessToken: string;\n    refreshToken: string;\n    accessTokenExpires: string;\n    role: string;\n  \}/);
    assert.match(dts, /accessTokenExpires\?: string;\n    role\?: string;\n  \}/);
    const message = rerun.notes.map((n) => n.message).join('\n');
    assert.match(message, /added User\.role, JWT\.role/);
    assert.match(message, /changed User\.accessTokenExpires: number → string, JWT\.accessTokenExpires: number → string/);
    assert.deepStrictEqual(run(fs, project(), '/app/lib/auth.ts').changed, []);
  });

  it('updates an existing user augmentation in place: extra members, comments, quotes and semicolon style kept', () => {
    const existing = `import { DefaultSession } from 'next-auth'

/** Our own additions. */
declare module 'next-auth' {
  interface Session {
    // shown in the header
    tenant: Tenant
    user: {
      id: string
    } & DefaultSession['user']
  }
}

type Tenant = { slug: string }
`;
    const fs = new InMemoryFileSystem({ '/app/tsconfig.json': TSCONFIG, '/app/lib/auth.ts': V4_CONFIG, '/app/types/auth.d.ts': existing });
    const { changed } = run(fs, project(), '/app/lib/auth.ts');
    assert.deepStrictEqual(changed, ['/app/types/auth.d.ts'], 'the existing augmentation is updated, no second file');
    const dts = fs.readFile('/app/types/auth.d.ts')!;
    assert.strictEqual(
      dts,
      `import { DefaultSession } from 'next-auth'

/** Our own additions. */
declare module 'next-auth' {
  interface Session {
    // shown in the header
    tenant: Tenant
    user: {
      id: string
    } & DefaultSession['user']
    accessToken?: string
  }

  interface User {
    accessToken: string
    refreshToken: string
    accessTokenExpires: number
  }
}

type Tenant = { slug: string }

declare module 'next-auth/jwt' {
  interface JWT {
    accessToken?: string
    refreshToken?: string
    accessTokenExpires?: number
  }
}
`,
    );
    assert.deepStrictEqual(run(fs, project(), '/app/lib/auth.ts').changed, []);
  });

  it('adds each field once across several augmentation files, and keeps CRLF line endings', () => {
    const fs = new InMemoryFileSystem({
      '/app/tsconfig.json': TSCONFIG,
      '/app/lib/auth.ts': V4_CONFIG,
      '/app/types/session.d.ts': 'import "next-auth";\r\n\r\ndeclare module "next-auth" {\r\n  interface Session {\r\n    accessToken: string;\r\n  }\r\n}\r\n',
      '/app/types/jwt.d.ts': 'import "next-auth/jwt";\ndeclare module "next-auth/jwt" {\n  interface JWT {\n    accessToken: string;\n  }\n}\n',
    });
    assert.deepStrictEqual(run(fs, project(), '/app/lib/auth.ts').changed, ['/app/types/jwt.d.ts', '/app/types/session.d.ts']);
    const session = fs.readFile('/app/types/session.d.ts')!;
    assert.ok(!/[^\r]\n/.test(session), JSON.stringify(session));
    assert.strictEqual(session.match(/\baccessToken\??:/g)?.length, 2, 'Session.accessToken kept as declared, User.accessToken added');
    assert.match(session, /interface User \{\r\n    accessToken: string;\r\n    refreshToken: string;/);
    assert.match(session, /    user: \{\r\n      id\?: string;\r\n    \} & DefaultSession\["user"\];\r\n  \}/);
    assert.ok(session.startsWith('import "next-auth";\r\nimport type { DefaultSession } from "next-auth";\r\n'), session);
    const jwt = fs.readFile('/app/types/jwt.d.ts')!;
    assert.strictEqual(jwt, 'import "next-auth/jwt";\ndeclare module "next-auth/jwt" {\n  interface JWT {\n    accessToken: string;\n    refreshToken?: string;\n    accessTokenExpires?: number;\n  }\n}\n');
    assert.deepStrictEqual(run(fs, project(), '/app/lib/auth.ts').changed, []);
  });

  it('keeps a type the user declared wider or narrower on purpose, and never touches types it cannot have written', () => {
    const existing = `import type { DefaultSession } from "next-auth";
declare module "next-auth" {
  interface User {
    accessToken: string | null;
    refreshToken: Secret;
    accessTokenExpires: 60 | 3600;
  }
}
type Secret = string;
`;
    const fs = new InMemoryFileSystem({ '/app/tsconfig.json': TSCONFIG, '/app/lib/auth.ts': V4_CONFIG, '/app/next-auth.d.ts': existing });
    run(fs, project(), '/app/lib/auth.ts');
    const dts = fs.readFile('/app/next-auth.d.ts')!;
    assert.ok(dts.includes('    accessToken: string | null;\n    refreshToken: Secret;\n    accessTokenExpires: 60 | 3600;\n'), dts);
  });

  it('adds the file to tsconfig "include" when the config does not compile it', () => {
    const tsconfig = `{
  // only the app folder
  "compilerOptions": { "strict": true },
  "include": [
    "app/**/*.ts",
  ],
}
`;
    const fs = new InMemoryFileSystem({ '/app/tsconfig.json': tsconfig, '/app/app/auth.ts': V4_CONFIG });
    const { changed, notes } = run(fs, project(), '/app/app/auth.ts');
    assert.deepStrictEqual(changed, ['/app/next-auth.d.ts', '/app/tsconfig.json']);
    assert.strictEqual(fs.readFile('/app/tsconfig.json'), tsconfig.replace('"app/**/*.ts",', '"app/**/*.ts",\n    "next-auth.d.ts",'));
    assert.ok(notes.some((n) => /Added "next-auth\.d\.ts" to "include" in tsconfig\.json/.test(n.message)));
    assert.deepStrictEqual(run(fs, project(), '/app/app/auth.ts').changed, []);
  });

  it('puts the file where the tsconfig already looks: src/ when include is ["src"], types/ when the app keeps d.ts files there', () => {
    const srcOnly = new InMemoryFileSystem({ '/app/tsconfig.json': '{ "include": ["src"] }', '/app/src/lib/auth.ts': V4_CONFIG });
    assert.deepStrictEqual(run(srcOnly, project({ srcDir: true }), '/app/src/lib/auth.ts').changed, ['/app/src/next-auth.d.ts']);

    const typesDir = new InMemoryFileSystem({ '/app/tsconfig.json': TSCONFIG, '/app/lib/auth.ts': V4_CONFIG, '/app/types/env.d.ts': 'declare const x: 1;\n' });
    assert.deepStrictEqual(run(typesDir, project(), '/app/lib/auth.ts').changed, ['/app/types/next-auth.d.ts']);
  });

  it('never puts next-auth.d.ts where baseUrl makes "next-auth" resolve to it', () => {
    const tsconfig = '{ "compilerOptions": { "baseUrl": "." }, "include": ["**/*.ts"] }';
    const fs = new InMemoryFileSystem({ '/app/tsconfig.json': tsconfig, '/app/lib/auth.ts': V4_CONFIG });
    assert.deepStrictEqual(run(fs, detected(fs), '/app/lib/auth.ts').changed, ['/app/types/next-auth.d.ts']);

    const shadowed = new InMemoryFileSystem({ '/app/tsconfig.json': tsconfig, '/app/lib/auth.ts': V4_CONFIG, '/app/next-auth.d.ts': 'import "next-auth";\ndeclare module "next-auth" {}\n' });
    const { notes } = run(shadowed, detected(shadowed), '/app/lib/auth.ts');
    assert.ok(notes.some((n) => n.level === 'warning' && /resolve to it instead of the package/.test(n.message)), JSON.stringify(notes));
    // The empty one-line block is opened up, not broken.
    assert.match(shadowed.readFile('/app/next-auth.d.ts')!, /^declare module "next-auth" \{\n  interface Session \{\n/m);
  });

  it('also when the baseUrl (or a catch-all "*" path) comes from a config the tsconfig extends', () => {
    const tsconfig = '{\n  // shared options\n  "extends": "./tsconfig.base.json",\n  "include": ["**/*.ts"]\n}';
    const base = '{ "compilerOptions": { "baseUrl": ".", "strict": true } }';
    const fs = new InMemoryFileSystem({ '/app/tsconfig.json': tsconfig, '/app/tsconfig.base.json': base, '/app/lib/auth.ts': V4_CONFIG });
    assert.deepStrictEqual(run(fs, detected(fs), '/app/lib/auth.ts').changed, ['/app/types/next-auth.d.ts']);

    const catchAll = '{ "compilerOptions": { "paths": { "*": ["./*"] } } }';
    const viaPaths = new InMemoryFileSystem({ '/app/tsconfig.json': tsconfig, '/app/tsconfig.base.json': catchAll, '/app/lib/auth.ts': V4_CONFIG });
    assert.deepStrictEqual(run(viaPaths, detected(viaPaths), '/app/lib/auth.ts').changed, ['/app/types/next-auth.d.ts']);

    // An array `extends` applies every entry, the later winning: the baseUrl of the first still counts.
    const arrayExtends = new InMemoryFileSystem({
      '/app/tsconfig.json': '{ "extends": ["./tsconfig.base.json", "./strict.json"], "include": ["**/*.ts"] }',
      '/app/tsconfig.base.json': base,
      '/app/strict.json': '{ "compilerOptions": { "strict": true } }',
      '/app/lib/auth.ts': V4_CONFIG,
    });
    assert.deepStrictEqual(run(arrayExtends, detected(arrayExtends), '/app/lib/auth.ts').changed, ['/app/types/next-auth.d.ts']);
  });

  it('warns when "moduleResolution": "classic" (set in a config the tsconfig extends) keeps the augmentation from applying', () => {
    const fs = new InMemoryFileSystem({
      '/app/tsconfig.json': '{ "extends": "./tsconfig.base.json", "include": ["**/*.ts"] }',
      '/app/tsconfig.base.json': '{ "compilerOptions": { "moduleResolution": "classic" } }',
      '/app/lib/auth.ts': V4_CONFIG,
    });
    const { notes } = run(fs, detected(fs), '/app/lib/auth.ts');
    assert.ok(notes.some((n) => n.level === 'warning' && /"moduleResolution": "classic"/.test(n.message)), JSON.stringify(notes));
  });

  it('v5: declares JWT in "next-auth/jwt" and imports it, so the augmentation applies; adds that import to an existing file', () => {
    const v5Config = V4_CONFIG.replace('import type { NextAuthOptions } from "next-auth";', 'import NextAuth from "next-auth";').replace(
      'export const authOptions: NextAuthOptions = {',
      'export const { handlers, auth } = NextAuth({',
    ).replace(/\n};\n\nasync function login/, '\n});\n\nasync function login');
    const v5 = project({ nextAuth: { version: '5.0.0-beta.32', major: 5, installed: false } });
    const fresh = new InMemoryFileSystem({ '/app/tsconfig.json': TSCONFIG, '/app/auth.ts': v5Config });
    run(fresh, v5, '/app/auth.ts');
    const dts = fresh.readFile('/app/next-auth.d.ts')!;
    assert.match(dts, /\/\/ next-auth v5 never imports "next-auth\/jwt" itself[^\n]*\nimport "next-auth\/jwt";\n/);
    assert.match(dts, /declare module "next-auth\/jwt" \{\n  interface JWT \{\n    accessToken\?: string;/);

    const existing = new InMemoryFileSystem({
      '/app/tsconfig.json': TSCONFIG,
      '/app/auth.ts': v5Config,
      '/app/next-auth.d.ts': 'import type { DefaultSession } from "next-auth";\n\ndeclare module "next-auth/jwt" {\n  interface JWT {\n    accessToken?: string;\n  }\n}\n',
    });
    run(existing, v5, '/app/auth.ts');
    const updated = existing.readFile('/app/next-auth.d.ts')!;
    assert.ok(updated.startsWith('import type { DefaultSession } from "next-auth";\n// next-auth v5 never imports'), updated);
    assert.strictEqual(updated.match(/import "next-auth\/jwt";/g)?.length, 1);
    assert.deepStrictEqual(run(existing, v5, '/app/auth.ts').changed, []);
  });

  it('v5: a JWT block in "@auth/core/jwt" that does not resolve (pnpm) is reported, and the fields go where they apply', () => {
    const v5 = project({ nextAuth: { version: '5.0.0-beta.32', major: 5, installed: true } });
    const fs = new InMemoryFileSystem({
      '/app/tsconfig.json': TSCONFIG,
      '/app/lib/auth.ts': V4_CONFIG,
      '/app/node_modules/next-auth/package.json': '{ "name": "next-auth", "version": "5.0.0-beta.32" }',
      '/app/node_modules/next-auth/jwt.d.ts': 'export * from "@auth/core/jwt";\n',
      '/app/next-auth.d.ts': 'export {};\ndeclare module "@auth/core/jwt" {\n  interface JWT {\n    accessToken?: string;\n  }\n}\n',
    });
    const { notes } = run(fs, v5, '/app/lib/auth.ts');
    assert.ok(notes.some((n) => n.level === 'warning' && /augments JWT in "@auth\/core\/jwt", which does not resolve/.test(n.message)), JSON.stringify(notes));
    const dts = fs.readFile('/app/next-auth.d.ts')!;
    assert.match(dts, /declare module "next-auth\/jwt" \{\n  interface JWT \{\n    accessToken\?: string;\n    refreshToken\?: string;/);
    assert.match(dts, /declare module "@auth\/core\/jwt" \{\n  interface JWT \{\n    accessToken\?: string;\n  \}\n\}/, 'the user block is left as it was');
  });

  it('v5: uses "@auth/core/jwt" when the installed next-auth has no jwt entry point and @auth/core resolves', () => {
    const v5 = project({ nextAuth: { version: '5.0.0-beta.3', major: 5, installed: true } });
    const fs = new InMemoryFileSystem({
      '/app/tsconfig.json': TSCONFIG,
      '/app/lib/auth.ts': V4_CONFIG,
      '/app/node_modules/next-auth/package.json': '{ "name": "next-auth", "version": "5.0.0-beta.3" }',
      '/app/node_modules/@auth/core/package.json': '{ "name": "@auth/core" }',
      '/app/node_modules/@auth/core/jwt.d.ts': 'export interface JWT {}\n',
    });
    run(fs, v5, '/app/lib/auth.ts');
    const dts = fs.readFile('/app/next-auth.d.ts')!;
    assert.match(dts, /\/\/ This next-auth has no "next-auth\/jwt" entry point[^\n]*\ndeclare module "@auth\/core\/jwt"/);
    assert.ok(!dts.includes('import "next-auth/jwt"'), dts);
  });

  it('v5 split config: reads the callbacks from the auth.config.ts that auth.ts spreads in', () => {
    const v5 = project({ srcDir: true, nextAuth: { version: '5.0.0-beta.32', major: 5, installed: false }, pathAlias: { prefix: '@/', target: 'src' } });
    const fs = new InMemoryFileSystem({
      // The @/ alias the project info names is the tsconfig's: the model resolves imports through it.
      '/app/tsconfig.json': TSCONFIG.replace('"strict": true }', '"strict": true, "paths": { "@/*": ["./src/*"] } }'),
      '/app/src/auth.ts': `import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { authConfig } from "@/auth.config";
export const { handlers, auth } = NextAuth({
  ...authConfig,
  providers: [Credentials({ authorize: async () => ({ id: "1", accessToken: "a", role: "admin" as const }) })],
});
`,
      '/app/src/auth.config.ts': `import type { NextAuthConfig } from "next-auth";
export const authConfig = {
  providers: [],
  callbacks: {
    authorized: ({ auth }) => !!auth,
    jwt: ({ token, user }) => (user ? { ...token, role: user.role } : token),
    session: ({ session, token }) => ({ ...session, user: { ...session.user, role: token.role } }),
  },
} satisfies NextAuthConfig;
`,
    });
    run(fs, v5, '/app/src/auth.ts');
    const dts = fs.readFile('/app/next-auth.d.ts')!;
    // v5: User fields are optional, so Session.user can be User without them (DefaultSession["user"] is User there).
    assert.match(dts, /interface User \{\n    accessToken\?: string;\n    role\?: "admin";\n  \}/);
    assert.match(dts, /interface JWT \{\n    role\?: "admin";\n  \}/, "user.role typed from the User derived in auth.ts");
    assert.match(dts, /user: \{\n      role\?: "admin";\n    \} & Omit<NonNullable<DefaultSession\["user"\]>, "accessToken" \| "role">;/);

    // A field authorize() starts returning later is omitted from Session.user as well.
    fs.writeFile('/app/src/auth.ts', fs.readFile('/app/src/auth.ts')!.replace('role: "admin" as const', 'role: "admin" as const, refreshToken: "r"'));
    run(fs, v5, '/app/src/auth.ts');
    assert.match(fs.readFile('/app/next-auth.d.ts')!, /& Omit<NonNullable<DefaultSession\["user"\]>, "accessToken" \| "role" \| "refreshToken">;/);
    assert.deepStrictEqual(run(fs, v5, '/app/src/auth.ts').changed, []);
  });

  it('callbacks imported from their own modules: each is read where it lives, the session one typed from the jwt one', () => {
    const fs = new InMemoryFileSystem({
      '/app/tsconfig.json': TSCONFIG,
      '/app/lib/auth.ts': `import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { jwtCallback } from "./callbacks/jwt";
import sessionCallback from "./callbacks/session";
export const authOptions: NextAuthOptions = {
  providers: [CredentialsProvider({ credentials: {}, authorize: async () => ({ id: "1", tenant: "acme" }) })],
  callbacks: { jwt: jwtCallback, session: sessionCallback },
};
`,
      '/app/lib/callbacks/jwt.ts': 'export const jwtCallback = async ({ token, user }: any) => (user ? { ...token, tenantId: 42 } : token);\n',
      '/app/lib/callbacks/session.ts': 'export default async function session({ session, token }: any) {\n  session.tenantId = token.tenantId;\n  return session;\n}\n',
    });
    run(fs, project(), '/app/lib/auth.ts');
    const dts = fs.readFile('/app/next-auth.d.ts')!;
    assert.match(dts, /interface User \{\n    tenant: string;\n  \}/);
    assert.match(dts, /interface JWT \{\n    tenantId\?: number;\n  \}/);
    assert.match(dts, /interface Session \{\n    tenantId\?: number;/);
  });

  it('JavaScript projects get next-auth.d.ts only when asked', () => {
    const js = project({ language: 'js', configFile: '/app/jsconfig.json' });
    const config = `const CredentialsProvider = require("next-auth/providers/credentials").default;
/** @type {import("next-auth").NextAuthOptions} */
module.exports.authOptions = {
  providers: [CredentialsProvider({ async authorize() { return { id: "1", accessToken: "a" }; } })],
  callbacks: { jwt: ({ token, user }) => (user ? { ...token, accessToken: user.accessToken } : token) },
};
`;
    const fs = new InMemoryFileSystem({ '/app/jsconfig.json': '{ "compilerOptions": { "checkJs": true } }', '/app/lib/auth.js': config });
    const skipped = run(fs, js, '/app/lib/auth.js');
    assert.deepStrictEqual(skipped.changed, []);
    assert.match(skipped.notes[0].message, /JavaScript project: no next-auth\.d\.ts written/);
    assert.deepStrictEqual(run(fs, js, '/app/lib/auth.js', true).changed, ['/app/next-auth.d.ts']);
    assert.match(fs.readFile('/app/next-auth.d.ts')!, /interface User \{\n    accessToken: string;\n  \}[\s\S]*interface JWT \{\n    accessToken\?: string;\n  \}/);
  });

  it('says why when Session.user has no object type to add to', () => {
    const existing = 'import type { AdapterUser } from "next-auth/adapters";\ndeclare module "next-auth" {\n  interface Session {\n    user: AdapterUser;\n  }\n}\n';
    const fs = new InMemoryFileSystem({ '/app/tsconfig.json': TSCONFIG, '/app/lib/auth.ts': V4_CONFIG, '/app/next-auth.d.ts': existing });
    const { notes } = run(fs, project(), '/app/lib/auth.ts');
    assert.ok(notes.some((n) => n.level === 'warning' && /Session\.user is declared as `AdapterUser`.*add id to it by hand/.test(n.message)), JSON.stringify(notes));
    assert.ok(fs.readFile('/app/next-auth.d.ts')!.includes('    user: AdapterUser;\n    accessToken?: string;\n'));
  });

  it('refuses (nothing written) when the existing augmentation or the config does not parse', () => {
    const fs = new InMemoryFileSystem({ '/app/tsconfig.json': TSCONFIG, '/app/lib/auth.ts': V4_CONFIG, '/app/next-auth.d.ts': 'declare module "next-auth" {\n  interface Session {\n' });
    const tree = new ChangeSet(fs);
    assert.throws(
      () => ensureTypeAugmentation(tree, { project: project(), router: 'app', settings: DEFAULT_SETTINGS, pieces: ['types'] }, '/app/lib/auth.ts'),
      (error: unknown) => error instanceof ScaffoldError && error.file === '/app/next-auth.d.ts',
    );
    const missing = new ChangeSet(fs);
    assert.throws(
      () => ensureTypeAugmentation(missing, { project: project(), router: 'app', settings: DEFAULT_SETTINGS, pieces: ['types'] }, '/app/auth.ts'),
      (error: unknown) => error instanceof ScaffoldError && /does not exist/.test(error.message),
    );
  });

  it('writes nothing for a config that adds no fields', () => {
    const fs = new InMemoryFileSystem({
      '/app/tsconfig.json': TSCONFIG,
      '/app/auth.ts': 'import NextAuth from "next-auth";\nimport GitHub from "next-auth/providers/github";\nexport const { auth } = NextAuth({ providers: [GitHub] });\n',
    });
    const { changed, notes } = run(fs, project(), '/app/auth.ts');
    assert.deepStrictEqual(changed, []);
    assert.match(notes[0].message, /No next-auth\.d\.ts needed/);
  });
});
