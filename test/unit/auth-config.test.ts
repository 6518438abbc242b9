import * as assert from 'assert';
import { ts } from 'ts-morph';
import { ProjectSources, readAuthConfig, type Located } from '../../src/core/auth-config';
import { InMemoryFileSystem } from '../../src/core/file-system';

const sourcesOf = (files: Record<string, string>) => new ProjectSources(new InMemoryFileSystem(files));
/** `file:line` of a located node, for readable assertions. */
const where = (located: Located | undefined, sources: ProjectSources): string | undefined => {
  if (!located) return undefined;
  const sourceFile = sources.sourceFile(located.file)!;
  return `${located.file}:${sourceFile.getLineAndCharacterOfPosition(located.node.getStart(sourceFile)).line + 1}`;
};

describe('auth-config model: readAuthConfig', () => {
  it('v4: follows NextAuth(authOptions) in the route to the options exported from lib/auth through the @/ alias', () => {
    const sources = sourcesOf({
      '/app/tsconfig.json': '{ "compilerOptions": { "paths": { "@/*": ["./*"] } } }',
      '/app/lib/auth.ts': [
        'import type { NextAuthOptions } from "next-auth";',
        'import CredentialsProvider from "next-auth/providers/credentials";',
        'export const authOptions: NextAuthOptions = {',
        '  providers: [CredentialsProvider({ credentials: {}, async authorize(c) { return null; } })],',
        '  callbacks: { async jwt({ token }) { return token; } },',
        '};',
      ].join('\n'),
      '/app/app/api/auth/[...nextauth]/route.ts': 'import NextAuth from "next-auth";\nimport { authOptions } from "@/lib/auth";\nconst handler = NextAuth(authOptions);\nexport { handler as GET, handler as POST };\n',
    });
    const config = readAuthConfig(sources, '/app/app/api/auth/[...nextauth]/route.ts');
    assert.ok(config);
    assert.strictEqual(config.options.file, '/app/lib/auth.ts');
    assert.strictEqual(config.form, 'options-object');
    assert.strictEqual(config.exportName, 'authOptions');
    assert.strictEqual(config.nextAuthCall?.file, '/app/app/api/auth/[...nextauth]/route.ts');
    assert.strictEqual(where(config.callback('jwt').found?.fn, sources), '/app/lib/auth.ts:5');
    assert.strictEqual(config.callback('session').found, undefined);
    assert.deepStrictEqual(config.callback('session').unread, []);
    assert.strictEqual(config.providers.length, 1);
    assert.strictEqual(config.providers[0].credentials, true);
    assert.strictEqual(where(config.providers[0].authorize, sources), '/app/lib/auth.ts:4');
    assert.strictEqual(config.providersComplete, true);
  });

  it('v5 split config: callbacks spread from auth.config are found where they live, the own ones where they are', () => {
    const sources = sourcesOf({
      '/app/auth.config.ts': [
        'import type { NextAuthConfig } from "next-auth";',
        'export const authConfig = {',
        '  pages: { signIn: "/login" },',
        '  callbacks: {',
        '    authorized({ auth }) { return !!auth; },',
        '    jwt({ token, user }) { if (user) token.isAdmin = user.isAdmin; return token; },',
        '  },',
        '  providers: [],',
        '} satisfies NextAuthConfig;',
      ].join('\n'),
      '/app/auth.ts': [
        'import NextAuth from "next-auth";',
        'import Credentials from "next-auth/providers/credentials";',
        'import { authConfig } from "./auth.config";',
        'export const { handlers, auth, signIn, signOut } = NextAuth({',
        '  ...authConfig,',
        '  providers: [Credentials({ authorize: async () => null })],',
        '  callbacks: {',
        '    ...authConfig.callbacks,',
        '    session({ session }) { return session; },',
        '  },',
        '});',
      ].join('\n'),
    });
    const config = readAuthConfig(sources, '/app/auth.ts')!;
    assert.strictEqual(config.form, 'nextauth-call');
    assert.strictEqual(config.exportName, undefined);
    assert.strictEqual(where(config.callback('jwt').found?.fn, sources), '/app/auth.config.ts:6');
    assert.strictEqual(where(config.callback('authorized').found?.fn, sources), '/app/auth.config.ts:5');
    assert.strictEqual(where(config.callback('session').found?.fn, sources), '/app/auth.ts:9');
    assert.strictEqual(config.callback('signIn').found, undefined);
    assert.deepStrictEqual(config.callback('signIn').unread, []);
    // New callbacks go into the callbacks object of auth.ts, after the spread: they override nothing.
    assert.strictEqual(where(config.callbacksObject, sources), '/app/auth.ts:7');
    assert.strictEqual(where(config.option('pages').found?.holder, sources), '/app/auth.config.ts:2');
    assert.strictEqual(config.providers.length, 1, 'the own providers replace the spread empty list');
  });

  it('callbacks wired from other modules: named imports, re-exports through an index, export default, require', () => {
    const sources = sourcesOf({
      '/app/lib/auth/callbacks/session.ts': 'export async function sessionCallback({ session, token }) { return session; }\n',
      '/app/lib/auth/callbacks/jwt.js': 'module.exports = async function jwt({ token }) { return token; };\n',
      '/app/lib/auth/callbacks/index.ts': 'export * from "./session";\nexport { default as signInCallback } from "./sign-in";\n',
      '/app/lib/auth/callbacks/sign-in.ts': 'export default () => true;\n',
      '/app/lib/auth/options.js': [
        'const { sessionCallback, signInCallback } = require("./callbacks");',
        'const jwt = require("./callbacks/jwt.js");',
        'const authOptions = { providers: [], callbacks: { session: sessionCallback, jwt, signIn: signInCallback } };',
        'module.exports = { authOptions };',
      ].join('\n'),
      '/app/pages/api/auth/[...nextauth].js': 'import NextAuth from "next-auth";\nimport { authOptions } from "../../../lib/auth/options";\nexport default NextAuth(authOptions);\n',
    });
    const config = readAuthConfig(sources, '/app/pages/api/auth/[...nextauth].js')!;
    assert.strictEqual(config.options.file, '/app/lib/auth/options.js');
    assert.strictEqual(config.exportName, 'authOptions');
    assert.strictEqual(where(config.callback('session').found?.fn, sources), '/app/lib/auth/callbacks/session.ts:1');
    assert.strictEqual(where(config.callback('jwt').found?.fn, sources), '/app/lib/auth/callbacks/jwt.js:1');
    assert.strictEqual(where(config.callback('signIn').found?.fn, sources), '/app/lib/auth/callbacks/sign-in.ts:1');
  });

  it('a spread it cannot read makes the lookup inconclusive instead of "absent"', () => {
    const sources = sourcesOf({
      '/app/auth.ts': 'import NextAuth from "next-auth";\nimport { makeCallbacks } from "some-package";\nexport const { auth } = NextAuth({ providers: [], callbacks: { ...makeCallbacks() } });\n',
    });
    const config = readAuthConfig(sources, '/app/auth.ts')!;
    assert.strictEqual(config.callback('jwt').found, undefined);
    assert.strictEqual(config.callback('jwt').unread.length, 1);
    assert.strictEqual(where(config.callback('jwt').unread[0], sources), '/app/auth.ts:3');
  });

  it('monorepo: a route that re-exports the handlers of a workspace package leads to that package\'s config', () => {
    const sources = sourcesOf({
      '/repo/package.json': JSON.stringify({ name: 'repo', workspaces: ['apps/*', 'packages/*'] }),
      '/repo/apps/web/package.json': JSON.stringify({ name: 'web', dependencies: { '@acme/auth': '*' } }),
      '/repo/apps/web/app/api/auth/[...nextauth]/route.ts': 'export { GET, POST } from "@acme/auth";\n',
      '/repo/packages/auth/package.json': JSON.stringify({ name: '@acme/auth', exports: { '.': './src/index.ts' } }),
      '/repo/packages/auth/src/index.ts': 'import NextAuth from "next-auth";\nimport { authConfig } from "./config";\nexport const { handlers: { GET, POST }, auth } = NextAuth(authConfig);\n',
      '/repo/packages/auth/src/config.ts': 'import type { NextAuthConfig } from "next-auth";\nimport { PrismaAdapter } from "@auth/prisma-adapter";\nexport const authConfig = {\n  adapter: PrismaAdapter(db),\n  providers: [],\n} satisfies NextAuthConfig;\n',
    });
    const config = readAuthConfig(sources, '/repo/apps/web/app/api/auth/[...nextauth]/route.ts')!;
    assert.strictEqual(config.options.file, '/repo/packages/auth/src/config.ts');
    assert.strictEqual(config.nextAuthCall?.file, '/repo/packages/auth/src/index.ts');
    assert.strictEqual(config.hasAdapter, true);
    assert.strictEqual(config.sessionStrategy, undefined);
  });

  it('reads basePath, session.strategy, and v5 lazy initialization', () => {
    const sources = sourcesOf({
      '/app/auth.ts': [
        'import NextAuth from "next-auth";',
        'const session = { strategy: "jwt" as const };',
        'export const { handlers, auth } = NextAuth((req) => ({ basePath: "/auth", session, providers: [] }));',
      ].join('\n'),
    });
    const config = readAuthConfig(sources, '/app/auth.ts')!;
    assert.strictEqual(config.form, 'nextauth-call');
    assert.strictEqual(config.basePath, '/auth');
    assert.strictEqual(config.sessionStrategy, 'jwt');
    assert.strictEqual(config.hasAdapter, false);
  });

  it('callbacks assigned after the fact, and a name shadowed inside a function resolves to the inner binding', () => {
    const sources = sourcesOf({
      '/app/lib/auth.ts': [
        'import type { AuthOptions } from "next-auth";',
        'import { session as importedSession } from "./other";',
        'export const authOptions: AuthOptions = { providers: [], callbacks: {} };',
        'authOptions.callbacks.session = async ({ session }) => session;',
        'function build() {',
        '  const importedSession = () => 1;',
        '  return importedSession;',
        '}',
      ].join('\n'),
      '/app/lib/other.ts': 'export const session = 2;\n',
    });
    const config = readAuthConfig(sources, '/app/lib/auth.ts')!;
    assert.strictEqual(where(config.callback('session').found?.fn, sources), '/app/lib/auth.ts:4');
    const sourceFile = sources.sourceFile('/app/lib/auth.ts')!;
    const build = sourceFile.statements.find(ts.isFunctionDeclaration)!;
    const returned = (build.body!.statements[1] as ts.ReturnStatement).expression!;
    const value = sources.valueOf(returned, '/app/lib/auth.ts');
    assert.ok(value?.kind === 'node' && ts.isArrowFunction(value.node), 'the local arrow, not the import');
  });

  it('finds nothing where there is no config, and survives import cycles', () => {
    const sources = sourcesOf({
      '/app/a.ts': 'import { b } from "./b";\nexport const a = b;\n',
      '/app/b.ts': 'import { a } from "./a";\nexport const b = a;\n',
    });
    assert.strictEqual(readAuthConfig(sources, '/app/a.ts'), undefined);
    const sourceFile = sources.sourceFile('/app/a.ts')!;
    const statement = sourceFile.statements[1] as ts.VariableStatement;
    assert.strictEqual(sources.valueOf(statement.declarationList.declarations[0].initializer!, '/app/a.ts'), undefined);
  });
});
