import * as assert from 'assert';
import { ChangeSet } from '../../src/core/change-set';
import { readCompilerOptions } from '../../src/core/detect/read-tsconfig';
import { InMemoryFileSystem } from '../../src/core/file-system';
import type { ProjectInfo } from '../../src/core/project-info';
import { ensureTypeAugmentation, type DerivedField } from '../../src/core/scaffold/augmentation';
import { DEFAULT_SETTINGS } from '../../src/core/settings';
import { APP_MODULE_MARKER } from '../../src/core/scaffold/augmentation/derive-fields';
import { withModuleSpecifiers } from '../../src/core/scaffold/augmentation/ensure-type-augmentation';
import { deriveFromConfigAndImports } from '../../src/core/scaffold/augmentation/split-config';

// What next-auth.d.ts declares depends on every way a User is made (authorize(), other providers' profile(),
// an adapter's database users), on what the jwt callback copies into the token (spreads and assignments of
// user/account/profile), and on the app's own types (its modules and installed packages). Issue 11.5-11.7, 15.7.

const TSCONFIG = '{ "compilerOptions": { "strict": true, "baseUrl": ".", "paths": { "@/*": ["./*"] } } }\n';

function lines(fields: readonly DerivedField[]): string[] {
  return fields.map((f) => `${f.name}${f.optional ? '?' : ''}: ${f.type}`);
}

function derive(files: Record<string, string>, config = '/app/lib/auth.ts') {
  const fs = new InMemoryFileSystem({ '/app/package.json': '{ "name": "app" }', '/app/tsconfig.json': TSCONFIG, ...files });
  const compilerOptions = readCompilerOptions(fs, '/app/tsconfig.json');
  return deriveFromConfigAndImports(fs, config, { root: '/app', configFile: '/app/tsconfig.json', compilerOptions }).derived;
}

/** A v4 config with the given providers (and extra options), authorize() returning the backend's tokens. */
function config(providers: string, extra = ''): string {
  return `import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import GitHubProvider from "next-auth/providers/github";

async function login(email: string): Promise<{ id: string; accessToken: string; refreshToken: string } | null> {
  return email ? null : null;
}

export const authOptions: NextAuthOptions = {
  providers: [
    CredentialsProvider({
      credentials: { email: {}, password: {} },
      async authorize(credentials) {
        const data = await login(credentials?.email ?? "");
        if (!data) return null;
        return { id: data.id, accessToken: data.accessToken, refreshToken: data.refreshToken };
      },
    }),${providers}
  ],${extra}
};
`;
}

describe('type augmentation: who makes a User', function () {
  this.timeout(60_000);

  it('one Credentials provider that always sets a field: required', () => {
    assert.deepStrictEqual(lines(derive({ '/app/lib/auth.ts': config('') }).user), ['accessToken: string', 'refreshToken: string']);
  });

  it('a second provider on its default profile: every field optional (it makes Users without them)', () => {
    const derived = derive({ '/app/lib/auth.ts': config('\n    GitHubProvider({ clientId: "id", clientSecret: "secret" }),') });
    assert.deepStrictEqual(lines(derived.user), ['accessToken?: string', 'refreshToken?: string']);
  });

  it('an adapter: every field optional (its database users have none of them)', () => {
    const derived = derive({ '/app/lib/auth.ts': config('', '\n  adapter: PrismaAdapter(prisma),\n  session: { strategy: "jwt" },') });
    assert.deepStrictEqual(lines(derived.user), ['accessToken?: string', 'refreshToken?: string']);
  });

  it('a second authorize() and a custom profile(): their fields join, required only where all of them set it', () => {
    const derived = derive({
      '/app/lib/auth.ts': config(`
    CredentialsProvider({
      id: "otp",
      credentials: { code: {} },
      async authorize() {
        return { id: "otp-user", accessToken: "from-otp", tenant: "acme" };
      },
    }),`),
    });
    assert.deepStrictEqual(lines(derived.user), ['accessToken: string', 'refreshToken?: string', 'tenant?: string']);
    const withProfile = derive({
      '/app/lib/auth.ts': config(`
    GitHubProvider({
      clientId: "id",
      clientSecret: "secret",
      profile(profile: { id: number; login: string; name: string | null }) {
        return { id: String(profile.id), name: profile.name, login: profile.login };
      },
    }),`),
    });
    assert.deepStrictEqual(lines(withProfile.user), ['accessToken?: string', 'refreshToken?: string', 'login?: string']);
  });

  it('a field nobody can type is never required', () => {
    const derived = derive({
      '/app/lib/auth.ts': config('').replace('refreshToken: data.refreshToken }', 'refreshToken: data.refreshToken, extra: (data as any).extra }'),
    });
    assert.deepStrictEqual(lines(derived.user), ['accessToken: string', 'refreshToken: string', 'extra?: unknown']);
  });
});

describe('type augmentation: what the jwt callback copies into the token', function () {
  this.timeout(60_000);

  const seed = (jwt: string) =>
    config('', `
  callbacks: {
    async jwt({ token, user, account, profile }) {
      ${jwt}
    },
  },`).replace(
      'return { id: data.id, accessToken: data.accessToken, refreshToken: data.refreshToken };',
      'return { id: data.id, name: "n", email: "e", role: "admin" as "admin" | "user", token: data.accessToken, refresh: data.refreshToken };',
    );

  it('{ ...token, ...user } (the seed tutorial): the JWT carries every field authorize() returns, each optional', () => {
    const derived = derive({ '/app/lib/auth.ts': seed('return { ...token, ...user };') });
    assert.deepStrictEqual(lines(derived.user), ['role: "admin" | "user"', 'token: string', 'refresh: string']);
    assert.deepStrictEqual(lines(derived.jwt), ['role?: "admin" | "user"', 'token?: string', 'refresh?: string', 'id?: string', 'image?: string | null']);
  });

  it('Object.assign(token, user), ...account and token.user = user', () => {
    assert.deepStrictEqual(lines(derive({ '/app/lib/auth.ts': seed('Object.assign(token, user);\n      return token;') }).jwt).slice(0, 3), [
      'role?: "admin" | "user"',
      'token?: string',
      'refresh?: string',
    ]);
    const account = derive({ '/app/lib/auth.ts': seed('if (account) return { ...token, ...account };\n      return token;') }).jwt;
    assert.ok(lines(account).includes('access_token?: string'), lines(account).join(', '));
    assert.ok(lines(account).includes('provider?: string'), lines(account).join(', '));
    const whole = derive({ '/app/lib/auth.ts': seed('if (user) token.user = user;\n      if (profile) token.profile = profile;\n      return token;') }).jwt;
    assert.deepStrictEqual(lines(whole), ['user?: import("next-auth").User', 'profile?: import("next-auth").Profile']);
  });
});

describe("type augmentation: types from the app's own modules and installed packages", function () {
  this.timeout(60_000);

  const jwtDecodePackage = {
    '/app/node_modules/jwt-decode/package.json': '{ "name": "jwt-decode", "version": "4.0.0", "types": "./build/esm/index.d.ts", "main": "./build/cjs/index.js" }',
    '/app/node_modules/jwt-decode/build/esm/index.d.ts':
      'export interface JwtPayload { iss?: string; sub?: string; exp?: number }\nexport declare function jwtDecode<T = JwtPayload>(token: string): T;\n',
  };

  it('role: decoded.role, where decoded = jwtDecode<Decoded>(…) from the installed package, is a string', () => {
    const derived = derive({
      ...jwtDecodePackage,
      '/app/lib/auth.ts': config('').replace(
        'return { id: data.id, accessToken: data.accessToken, refreshToken: data.refreshToken };',
        'const decoded = jwtDecode<Decoded>(data.accessToken);\n        return { id: data.id, role: decoded.role, expires: decoded.exp, accessToken: data.accessToken };',
      ).replace('import GitHubProvider from "next-auth/providers/github";', 'import { jwtDecode } from "jwt-decode";\n\ninterface Decoded { role: string; exp: number }'),
    });
    assert.deepStrictEqual(lines(derived.user), ['role: string', 'expires: number', 'accessToken: string']);
  });

  it("authorize() returning a UserDto declared in another module: its fields, optional where the DTO says so, typed as declared", () => {
    const derived = derive({
      '/app/types/user.ts': 'export interface UserDto {\n  id: string;\n  name?: string;\n  plan?: "free" | "pro";\n  accessToken: string;\n  refreshToken?: string;\n  teams: string[];\n  settings?: { theme: string };\n  greet(): string;\n}\n',
      '/app/lib/auth.ts': config('')
        .replace('import GitHubProvider from "next-auth/providers/github";', 'import type { UserDto } from "@/types/user";\n\ndeclare function fetchUser(email: string): Promise<UserDto | null>;')
        .replace(
          'const data = await login(credentials?.email ?? "");\n        if (!data) return null;\n        return { id: data.id, accessToken: data.accessToken, refreshToken: data.refreshToken };',
          'const user = await fetchUser(credentials?.email ?? "");\n        return user;',
        ),
    });
    assert.deepStrictEqual(lines(derived.user), [
      'plan?: "free" | "pro"',
      'accessToken: string',
      'refreshToken?: string',
      'teams: string[]',
      `settings?: import("${APP_MODULE_MARKER}/app/types/user.ts").UserDto["settings"]`,
    ]);
    // As next-auth.d.ts (at the app root) writes it:
    assert.deepStrictEqual(lines(withModuleSpecifiers(derived.user, '/app/next-auth.d.ts')).pop(), 'settings?: import("./types/user").UserDto["settings"]');
  });
});

describe('type augmentation: an older next-auth.d.ts with required User fields', function () {
  this.timeout(60_000);

  it('is made optional where not every producer sets the field, said in the note; Session/JWT stay as declared', () => {
    const old = 'import "next-auth";\n\ndeclare module "next-auth" {\n  interface User {\n    accessToken: string;\n    refreshToken: string;\n  }\n}\n\ndeclare module "next-auth/jwt" {\n  interface JWT {\n    accessToken: string;\n  }\n}\n';
    const fs = new InMemoryFileSystem({
      '/app/package.json': '{ "name": "app" }',
      '/app/tsconfig.json': TSCONFIG,
      '/app/next-auth.d.ts': old,
      '/app/lib/auth.ts': config('\n    GitHubProvider({ clientId: "id", clientSecret: "secret" }),', `
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.accessToken = user.accessToken;
      return token;
    },
  },`),
    });
    const project: ProjectInfo = {
      root: '/app', name: 'app', packageManager: 'npm', language: 'ts', moduleType: 'commonjs', routers: ['app'], srcDir: false,
      configFile: '/app/tsconfig.json', compilerOptions: readCompilerOptions(fs, '/app/tsconfig.json'), nextAuth: { version: '4.24.15', major: 4, installed: false },
    };
    const run = () => {
      const tree = new ChangeSet(fs);
      const notes = ensureTypeAugmentation(tree, { project, router: 'app', settings: DEFAULT_SETTINGS, pieces: ['types'] }, '/app/lib/auth.ts');
      for (const change of tree.listChanges()) fs.writeFile(change.path, change.content);
      return { notes, changed: tree.listChanges().length };
    };
    const first = run();
    const dts = fs.readFile('/app/next-auth.d.ts')!;
    assert.match(dts, /interface User \{\n    accessToken\?: string;\n    refreshToken\?: string;\n  \}/, dts);
    assert.match(dts, /interface JWT \{\n    accessToken: string;\n  \}/, 'JWT keeps what the user declared');
    assert.match(first.notes.map((n) => n.message).join('\n'), /User\.accessToken: required → optional, User\.refreshToken: required → optional/);
    assert.strictEqual(run().changed, 0, 'a second run changes nothing');
  });
});
