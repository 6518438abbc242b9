import * as assert from 'assert';
import { ScaffoldError } from '../../src/core/errors';
import { deriveAuthFields, type DerivedField } from '../../src/core/scaffold/augmentation';

/** `name?: type` lines, the way they end up in next-auth.d.ts: easy to read in a failing assertion. */
function lines(fields: readonly DerivedField[]): string[] {
  return fields.map((f) => `${f.name}${f.optional ? '?' : ''}: ${f.type}`);
}

describe('deriveAuthFields', function () {
  this.timeout(30_000);

  it('reads a v4 options object: authorize() -> User, jwt writes -> JWT, session writes -> Session and Session.user', () => {
    const derived = deriveAuthFields(
      '/app/lib/auth.ts',
      `import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";

interface BackendTokens { accessToken: string; refreshToken?: string; accessTokenExpires?: number }

export const authOptions: NextAuthOptions = {
  providers: [
    CredentialsProvider({
      credentials: { email: {}, password: {} },
      async authorize(credentials) {
        if (!credentials?.email) return null;
        const tokens: BackendTokens | undefined = await login(credentials.email);
        if (!tokens) return null;
        return { id: "1", name: null, email: credentials.email, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, accessTokenExpires: tokens.accessTokenExpires };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, account }) {
      if (account?.provider === "credentials" && user) {
        return { ...token, accessToken: user.accessToken, refreshToken: user.refreshToken, accessTokenExpires: user.accessTokenExpires };
      }
      if (Date.now() < (token.accessTokenExpires as number)) return token;
      return refreshAccessToken(token);
    },
    async session({ session, token }) {
      return { ...session, user: { ...session.user, id: token.sub }, accessToken: token.accessToken, error: token.error };
    },
  },
};

async function login(email: string): Promise<BackendTokens | undefined> { return undefined; }

async function refreshAccessToken(token: JWT): Promise<JWT> {
  const refreshToken = token.refreshToken;
  if (typeof refreshToken !== "string") return { ...token, error: "RefreshAccessTokenError" };
  const tokens = await login(refreshToken);
  if (!tokens) return { ...token, error: "RefreshAccessTokenError" };
  return { ...token, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken ?? refreshToken, accessTokenExpires: tokens.accessTokenExpires, error: undefined };
}
`,
    );
    assert.deepStrictEqual(lines(derived.user), ['accessToken: string', 'refreshToken?: string', 'accessTokenExpires?: number']);
    assert.deepStrictEqual(lines(derived.jwt), ['accessToken?: string', 'refreshToken?: string', 'accessTokenExpires?: number', 'error?: "RefreshAccessTokenError"']);
    assert.deepStrictEqual(lines(derived.session), ['accessToken?: string', 'error?: "RefreshAccessTokenError"']);
    assert.deepStrictEqual(lines(derived.sessionUser), ['id?: string']);
    assert.deepStrictEqual(derived.found, { authorize: true, jwt: true, session: true });
  });

  it('unions every authorize() return, through a local variable, later writes and a mapping helper; null is not a shape', () => {
    const derived = deriveAuthFields(
      '/app/auth.ts',
      `import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";

type Role = "admin" | "member";
function toUser(data: { id: string; token: string; roles: string[] }) {
  return { id: data.id, accessToken: data.token, roles: data.roles };
}

export const { handlers, auth } = NextAuth({
  providers: [
    Credentials({
      authorize: async (credentials) => {
        const data = await fetch("x").then((r) => r.json());
        if (credentials.kind === "sso") return toUser(data);
        if (!data) return null;
        const user = { id: "u", accessToken: "a", isAdmin: false };
        user.role = "admin" as Role;
        return user;
      },
    }),
  ],
});
`,
    );
    assert.deepStrictEqual(lines(derived.user), ['accessToken: string', 'roles?: string[]', 'isAdmin?: boolean', 'role?: "admin" | "member"']);
  });

  it('follows callbacks written as arrows, referenced functions and a params object; conditional writes are optional', () => {
    const derived = deriveAuthFields(
      '/app/auth.js',
      `const NextAuth = require("next-auth").default;
const CredentialsProvider = require("next-auth/providers/credentials").default;

async function jwtCallback(params) {
  const { token, user } = params;
  token.plan = "free";
  if (user) {
    token.accessToken = user.accessToken;
    token.expiresAt = user.expiresAt;
  }
  return token;
}

const sessionCallback = ({ session, token }) => {
  session.accessToken = token.accessToken;
  session.user.id = token.sub;
  session.user.plan = token.plan;
  return session;
};

module.exports = {
  providers: [CredentialsProvider({ async authorize() { return { id: "1", accessToken: "t", expiresAt: Date.now() }; } })],
  callbacks: { jwt: jwtCallback, session: sessionCallback },
};
`,
    );
    assert.deepStrictEqual(lines(derived.user), ['accessToken: string', 'expiresAt: number']);
    // `plan` is written on every path before `return token`; the others only at sign-in.
    assert.deepStrictEqual(lines(derived.jwt), ['plan: string', 'accessToken?: string', 'expiresAt?: number']);
    assert.deepStrictEqual(lines(derived.session), ['accessToken?: string']);
    assert.deepStrictEqual(lines(derived.sessionUser), ['id?: string', 'plan: string']);
  });

  it('finds callbacks in a typed callbacks object and in later assignments; reads destructured token fields; keeps stated literals', () => {
    const derived = deriveAuthFields(
      '/app/lib/auth.ts',
      `import type { NextAuthOptions } from "next-auth";
export const callbacks: NextAuthOptions["callbacks"] = {
  async session({ session, token }) {
    const { accessToken, tier } = token;
    return { ...session, accessToken, tier, provider: "credentials" };
  },
};
export const authOptions: NextAuthOptions = { providers: [] };
authOptions.callbacks = {};
authOptions.callbacks.jwt = async ({ token, account }) => {
  if (account) return { ...token, accessToken: account.access_token, tier: "pro" as const };
  return token;
};
`,
    );
    assert.deepStrictEqual(lines(derived.jwt), ['accessToken?: string', 'tier?: "pro"']);
    assert.deepStrictEqual(lines(derived.session), ['accessToken?: string', 'tier?: "pro"', 'provider: string']);
  });

  it('falls back to names when the checker cannot see a type, and to unknown when nothing says', () => {
    const derived = deriveAuthFields(
      '/app/auth.ts',
      `import NextAuth from "next-auth";
export const { auth } = NextAuth({
  providers: [],
  callbacks: {
    jwt({ token, account, profile }) {
      if (account) {
        token.idToken = account.id_token;
        token.providerExpires = account.expires_at;
        token.org = profile?.org;
      }
      return token;
    },
  },
});
`,
    );
    assert.deepStrictEqual(lines(derived.jwt), ['idToken?: string', 'providerExpires?: number', 'org?: unknown']);
    assert.strictEqual(derived.jwt[2].known, false);
  });

  it('warns when authorize() returns a value whose fields cannot be read', () => {
    const derived = deriveAuthFields(
      '/app/auth.ts',
      `import Credentials from "next-auth/providers/credentials";
export const provider = Credentials({
  async authorize() {
    const res = await fetch("/login");
    const user = await res.json();
    return user;
  },
});
`,
    );
    assert.deepStrictEqual(derived.user, []);
    assert.strictEqual(derived.warnings.length, 1);
    assert.match(derived.warnings[0].message, /authorize\(\) returns `user`/);
    assert.strictEqual(derived.warnings[0].line, 6);
  });

  it('refuses a config that does not parse, naming the line', () => {
    assert.throws(
      () => deriveAuthFields('/app/lib/auth.ts', 'export const authOptions = {\n  providers: [\n};\n'),
      (error: unknown) => error instanceof ScaffoldError && error.file === '/app/lib/auth.ts' && error.line === 3,
    );
  });

  it('ignores `session: { strategy }` and finds nothing in an OAuth-only config', () => {
    const derived = deriveAuthFields(
      '/app/auth.ts',
      `import NextAuth from "next-auth";
import GitHub from "next-auth/providers/github";
export const { handlers, auth } = NextAuth({ providers: [GitHub], session: { strategy: "jwt" } });
`,
    );
    assert.deepStrictEqual([derived.user, derived.jwt, derived.session, derived.sessionUser], [[], [], [], []]);
    assert.deepStrictEqual(derived.found, { authorize: false, jwt: false, session: false });
  });
});
