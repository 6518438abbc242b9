// Configs for the analyzer suites (rules table, quick fixes, fuzz). A line ending in `//!R` must get a
// `session-exposes-refresh-token` finding starting on it, `//!T` a `session-exposes-token` finding; every other
// line must get none. Markers are plain comments, so they do not change what is analyzed.

export interface AnalyzerCase {
  readonly name: string;
  readonly file: string;
  readonly code: string;
  readonly extraSensitiveNames?: readonly string[];
}

/** A v4 TypeScript options file whose authorize() returns a refresh token and whose jwt callback keeps it. */
export function v4WithRefresh(callbacks: string, extra = ''): string {
  return `import NextAuth, { type NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
${extra}
export const authOptions: NextAuthOptions = {
  providers: [
    CredentialsProvider({
      credentials: { email: {}, password: {} },
      async authorize(credentials) {
        const res = await fetch(process.env.API_BASE_URL + "/login", { method: "POST", body: JSON.stringify(credentials) });
        if (!res.ok) return null;
        const data = await res.json();
        return { id: data.id, email: data.email, accessToken: data.access_token, refreshToken: data.refresh_token };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) {
        const u = user as { id: string; accessToken?: string; refreshToken?: string };
        token.id = u.id;
        token.accessToken = u.accessToken;
        token.refreshToken = u.refreshToken;
      }
      return token;
    },
${callbacks}
  },
};

export default NextAuth(authOptions);
`;
}

/** The README's leak as a v5 route/auth file: the jwt callback stores the refresh token, the session callback hands over the whole token. */
export const LEAKING_V5_ROUTE = [
  'import NextAuth from "next-auth";',
  'export const { handlers } = NextAuth({',
  '  providers: [],',
  '  callbacks: {',
  '    async jwt({ token, account }) {',
  '      if (account) token.refreshToken = account.refresh_token;',
  '      return token;',
  '    },',
  '    async session({ session, token }) {',
  '      session.user = token as any;',
  '      return session;',
  '    },',
  '  },',
  '});',
  '',
].join('\n');

/** A file with no refresh token anywhere: whole-token exposures are `session-exposes-token`. */
export function v4WithoutRefresh(callbacks: string): string {
  return `import NextAuth from "next-auth";
import GitHub from "next-auth/providers/github";

export default NextAuth({
  providers: [GitHub({ clientId: "id", clientSecret: "secret" })],
  callbacks: {
    async jwt({ token, profile }) {
      if (profile) token.login = profile.login;
      return token;
    },
${callbacks}
  },
});
`;
}

/** The seed tutorial's own code, the motivating example. */
export const SEED_TUTORIAL = `import NextAuth, { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";

export const authOptions: NextAuthOptions = {
  providers: [
    CredentialsProvider({
      name: "Credentials",
      credentials: {
        email: { label: "Email", type: "email" },
        password: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const res = await fetch(\`\${process.env.API_BASE_URL}/login\`, {
          method: "POST",
          body: JSON.stringify(credentials),
          headers: { "Content-Type": "application/json" },
        });
        const user = await res.json();
        const userAccessToken = user.access;
        const userRefreshToken = user.refresh;
        if (res.ok && user) {
          return { ...user, accessToken: userAccessToken, refresh: userRefreshToken };
        }
        return null;
      },
    }),
  ],
  session: { strategy: "jwt" },
  callbacks: {
    async jwt({ token, user }) {
      return { ...token, ...user };
    },
    async session({ session, token }) {
      session.user = token as any; //!R
      return session;
    },
  },
};

const handler = NextAuth(authOptions);
export { handler as GET, handler as POST };
`;

export const LEAKING_CASES: readonly AnalyzerCase[] = [
  { name: "the seed tutorial's own code", file: '/app/app/api/auth/[...nextauth]/route.ts', code: SEED_TUTORIAL },
  {
    name: 'session.user = token',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      session.user = token; //!R
      return session;
    },`),
  },
  {
    name: 'session.user = token as any',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      session.user = token as any; //!R
      return session;
    },`),
  },
  {
    name: 'angle-bracket cast, non-null and parentheses',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).jwt = (<any>token)!; //!R
      return session;
    },`),
  },
  {
    name: 'satisfies',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      session.user = (token satisfies object) as never; //!R
      return session;
    },`),
  },
  {
    name: 'spread of the token into the returned session',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      return { ...session, ...token }; //!R
    },`),
  },
  {
    name: 'spread of the token into session.user',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      session.user = { ...token }; //!R
      return session;
    },`),
  },
  {
    name: 'token nested under another key',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      return {
        ...session,
        auth: { jwt: token }, //!R
      };
    },`),
  },
  {
    name: 'Object.assign(session, token)',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      Object.assign(session, token); //!R
      return session;
    },`),
  },
  {
    name: 'Object.assign({}, session, token) returned',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      return Object.assign({}, session, token); //!R
    },`),
  },
  {
    name: 'returning the token',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ token }) {
      return token as any; //!R
    },`),
  },
  {
    name: 'session.refreshToken = token.refreshToken',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      session.accessToken = token.accessToken as string;
      (session as any).refreshToken = token.refreshToken; //!R
      return session;
    },`),
  },
  {
    name: 'bracket access token["refresh_token"]',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any)["rt"] = token["refresh_token"]; //!R
      return session;
    },`),
  },
  {
    name: '?? default',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).rt = token.refreshToken ?? null; //!R
      return session;
    },`),
  },
  {
    name: '|| default and a ternary',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).a = token.refreshToken || ""; //!R
      (session as any).b = token.error ? null : token.refreshToken; //!R
      return session;
    },`),
  },
  {
    name: 'object literal nested at depth',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      return {
        ...session,
        user: {
          ...session.user,
          tokens: {
            access: token.accessToken,
            refresh: token.refreshToken, //!R
          },
        },
      };
    },`),
  },
  {
    name: 'Object.assign(target, { … })',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      Object.assign(session.user!, {
        id: token.id,
        refreshToken: token.refreshToken, //!R
      });
      return session;
    },`),
  },
  {
    name: 'destructured parameter ({ session, token: { refreshToken } })',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token: { refreshToken } }) {
      return { ...session, refreshToken }; //!R
    },`),
  },
  {
    name: 'renamed destructured parameter',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session: s, token: t }) {
      (s as any).rt = t.refreshToken; //!R
      return s;
    },`),
  },
  {
    name: 'local alias const t = token',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const t = token;
      session.user = t as any; //!R
      return session;
    },`),
  },
  {
    name: 'destructuring with rename in the body',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const { refreshToken: r, accessToken } = token;
      return { ...session, accessToken, r }; //!R
    },`),
  },
  {
    name: 'let x; x = token.refreshToken',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      let x;
      x = token.refreshToken;
      (session as any).x = x; //!R
      return session;
    },`),
  },
  {
    name: 'spread of a local object that contains it',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const extra = {
        refreshToken: token.refreshToken, //!R
      };
      return { ...session, ...extra };
    },`),
  },
  {
    name: 'local object returned and mutated',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const result: any = { ...session };
      result.refreshToken = token.refreshToken; //!R
      return result;
    },`),
  },
  {
    name: 'template literal carries the value',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).header = \`Bearer \${token.refreshToken}\`; //!R
      return session;
    },`),
  },
  {
    name: 'String() and concatenation carry the value',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).a = String(token.refreshToken); //!R
      (session as any).b = "rt:" + token.refreshToken; //!R
      return session;
    },`),
  },
  {
    name: 'optional chaining',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).rt = token?.refreshToken; //!R
      return session;
    },`),
  },
  {
    name: 'single params object: params.token',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session(params) {
      (params.session as any).rt = params.token.refreshToken; //!R
      return params.session;
    },`),
  },
  {
    name: 'arrow function property with expression body',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    session: ({ session, token }) => ({ ...session, user: { ...session.user, ...token } }), //!R`),
  },
  {
    name: 'session: fn referencing a named function',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(
      `    session: sessionCallback,`,
      `async function sessionCallback({ session, token }: any) {
  session.user = token; //!R
  return session;
}`,
    ),
  },
  {
    name: 'shorthand session referencing a const arrow',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(
      `    session,`,
      `const session = async ({ session, token }: any) => {
  session.refreshToken = token.refreshToken; //!R
  return session;
};`,
    ),
  },
  {
    name: 'same-file helper building the session user',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(
      `    async session({ session, token }) {
      session.user = toSessionUser(token); //!R
      return session;
    },`,
      `function toSessionUser(t: any) {
  return { id: t.id, refreshToken: t.refreshToken };
}`,
    ),
  },
  {
    name: 'v3 positional parameters (session, token)',
    file: '/app/lib/auth.js',
    code: `import NextAuth from "next-auth";
export default NextAuth({
  providers: [],
  callbacks: {
    async jwt(token, user) {
      if (user) token.refreshToken = user.refreshToken;
      return token;
    },
    async session(session, token) {
      session.refreshToken = token.refreshToken; //!R
      return session;
    },
  },
});
`,
  },
  {
    name: 'seed-style refresh field fills the allow-list evidence: token.rt = user.refresh',
    file: '/app/lib/auth.ts',
    code: `import NextAuth from "next-auth";
export const authOptions = {
  providers: [],
  callbacks: {
    async jwt({ token, user }: any) {
      if (user) token.rt = user.refresh;
      return token;
    },
    async session({ session, token }: any) {
      session.rt = token.rt; //!R
      return session;
    },
  },
};
`,
  },
  {
    name: 'derived field from a refresh helper response',
    file: '/app/lib/auth.ts',
    code: `import type { NextAuthOptions } from "next-auth";
async function refresh(token: any) {
  const res = await fetch("/refresh", { method: "POST", body: token.renew });
  const data = await res.json();
  return { ...token, renew: data.refresh_token ?? token.renew };
}
export const authOptions: NextAuthOptions = {
  providers: [],
  callbacks: {
    async jwt({ token }) {
      return refresh(token);
    },
    async session({ session, token }) {
      (session as any).renew = token.renew; //!R
      return session;
    },
  },
};
`,
  },
  {
    name: 'extra sensitive name from settings',
    file: '/app/lib/auth.ts',
    extraSensitiveNames: ['offlineGrant'],
    code: `import type { NextAuthOptions } from "next-auth";
export const authOptions: NextAuthOptions = {
  providers: [],
  callbacks: {
    async session({ session, token }) {
      (session as any).grant = token.offlineGrant; //!R
      return session;
    },
  },
};
`,
  },
  {
    name: 'upper-case REFRESH_TOKEN field',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).x = token.REFRESH_TOKEN; //!R
      return session;
    },`),
  },
  {
    name: 'whole token without refresh evidence',
    file: '/app/pages/api/auth/[...nextauth].js',
    code: v4WithoutRefresh(`    async session({ session, token }) {
      session.user = token; //!T
      return session;
    },`),
  },
  {
    name: 'whole token spread without refresh evidence',
    file: '/app/pages/api/auth/[...nextauth].js',
    code: v4WithoutRefresh(`    session: ({ session, token }) => ({ ...session, ...token }), //!T`),
  },
  {
    name: 'rest-destructure that keeps the refresh token in the rest',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const { accessToken, ...rest } = token;
      (session as any).accessToken = accessToken;
      (session as any).claims = rest; //!R
      return session;
    },`),
  },
  {
    name: 'JavaScript, CommonJS module.exports',
    file: '/app/lib/auth.cjs',
    code: `const CredentialsProvider = require("next-auth/providers/credentials").default;

module.exports.authOptions = {
  providers: [
    CredentialsProvider({
      async authorize(credentials) {
        const r = await fetch("http://api/login", { method: "POST" });
        const body = await r.json();
        return { id: body.id, accessToken: body.access, refreshToken: body.refresh };
      },
    }),
  ],
  callbacks: {
    jwt: async function ({ token, user }) {
      if (user) Object.assign(token, user);
      return token;
    },
    session: async function ({ session, token }) {
      session.user = token; //!R
      return session;
    },
  },
};
`,
  },
  {
    name: 'JavaScript ESM with a JSDoc-typed options object',
    file: '/app/lib/auth.mjs',
    code: `/** @type {import("next-auth").NextAuthOptions} */
export const authOptions = {
  providers: [],
  callbacks: {
    async jwt({ token, account }) {
      if (account) token.refresh_token = account.refresh_token;
      return token;
    },
    async session({ session, token }) {
      session.refresh_token = token.refresh_token; //!R
      return session;
    },
  },
};
`,
  },
  {
    name: 'JSX file',
    file: '/app/lib/auth.jsx',
    code: `export const authOptions = {
  callbacks: {
    session({ session, token }) {
      return { ...session, refreshToken: token.refreshToken }; //!R
    },
  },
};
export const Badge = () => <span>signed in</span>;
`,
  },
  {
    name: 'next-auth v5: export const { handlers, auth } = NextAuth({...})',
    file: '/app/auth.ts',
    code: `import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";

export const { handlers, auth, signIn, signOut } = NextAuth({
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      authorize: async (credentials) => {
        const res = await fetch("https://api.example.com/login", { method: "POST", body: JSON.stringify(credentials) });
        if (!res.ok) return null;
        const json = await res.json();
        return { id: json.id, accessToken: json.accessToken, refreshToken: json.refreshToken };
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) return { ...token, ...user };
      return token;
    },
    session({ session, token }) {
      return { ...session, user: { ...session.user, ...token } }; //!R
    },
  },
});
`,
  },
  {
    name: 'next-auth v5 lazy init NextAuth((req) => ({...}))',
    file: '/app/auth.ts',
    code: `import NextAuth from "next-auth";
export const { handlers, auth } = NextAuth((req) => ({
  providers: [],
  callbacks: {
    jwt({ token, account }) {
      if (account) token.refreshToken = account.refresh_token;
      return token;
    },
    session({ session, token }) {
      (session as any).refreshToken = token.refreshToken; //!R
      return session;
    },
  },
}));
`,
  },
  {
    name: 'next-auth v5: options typed NextAuthConfig with satisfies',
    file: '/app/auth.config.ts',
    code: `import type { NextAuthConfig } from "next-auth";
export default {
  providers: [],
  callbacks: {
    async session({ session, token }) {
      session.user = token as any; //!R
      return session;
    },
    async jwt({ token, account }) {
      if (account) token.refreshToken = account.refresh_token;
      return token;
    },
  },
} satisfies NextAuthConfig;
`,
  },
  {
    name: 'separate callbacks object referenced as callbacks: x',
    file: '/app/lib/auth.ts',
    code: `import type { NextAuthOptions } from "next-auth";
const cb = {
  async jwt({ token, account }: any) {
    if (account) token.refreshToken = account.refresh_token;
    return token;
  },
  async session({ session, token }: any) {
    session.token = token; //!R
    return session;
  },
};
export const authOptions: NextAuthOptions = { providers: [], callbacks: cb };
`,
  },
  {
    name: "separate callbacks object typed NextAuthOptions['callbacks']",
    file: '/app/lib/callbacks.ts',
    code: `import type { NextAuthOptions } from "next-auth";
export const authCallbacks: NextAuthOptions["callbacks"] = {
  async session({ session, token }) {
    session.user = token as any; //!T
    return session;
  },
};
`,
  },
  {
    name: 'callbacks assigned after the options object',
    file: '/app/lib/auth.ts',
    code: `import type { NextAuthOptions } from "next-auth";
export const authOptions: NextAuthOptions = { providers: [], callbacks: {} };
authOptions.callbacks!.session = async ({ session, token }) => {
  (session as any).refreshToken = token.refreshToken; //!R
  return session;
};
`,
  },
  {
    name: 'two leaks in one callback, each on its own line',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).rt = token.refreshToken; //!R
      (session as any).all = token; //!R
      return session;
    },`),
  },
  {
    name: 'refresh token passed through a ternary into the returned object',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const keep = true;
      return { ...session, t: keep ? token : undefined }; //!R
    },`),
  },
  {
    name: 'database strategy: user.refreshToken copied',
    file: '/app/lib/auth.ts',
    code: `import type { NextAuthOptions } from "next-auth";
export const authOptions: NextAuthOptions = {
  providers: [],
  callbacks: {
    async session({ session, user, token }) {
      (session as any).rt = (user as any).refreshToken; //!R
      return session;
    },
  },
};
`,
  },
  {
    name: 'jwt stores the whole authorize() user (with its refresh token) under token.user',
    file: '/app/lib/auth.ts',
    code: `import NextAuth, { type NextAuthOptions } from "next-auth";
import Credentials from "next-auth/providers/credentials";
export const authOptions: NextAuthOptions = {
  providers: [
    Credentials({
      credentials: {},
      async authorize() {
        const res = await fetch("https://api/login", { method: "POST" });
        const json = await res.json();
        return { id: json.id, refreshToken: json.refresh_token };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.user = user;
      return token;
    },
    async session({ session, token }) {
      session.user = token.user as any; //!R
      return session;
    },
  },
};
`,
  },
  {
    name: 'jwt returns { ...token, user } and the session spreads token.user',
    file: '/app/auth.js',
    code: `import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
export const { handlers, auth } = NextAuth({
  providers: [Credentials({ authorize: async () => ({ id: "1", refresh: "r" }) })],
  callbacks: {
    jwt: ({ token, user }) => (user ? { ...token, user } : token),
    session: ({ session, token }) => ({
      ...session,
      user: { ...session.user, ...token.user }, //!R
    }),
  },
});
`,
  },
  {
    name: 'a session callback written on its own in callbacks.ts (imported by the config)',
    file: '/app/lib/callbacks.ts',
    code: `import type { Session } from "next-auth";
import type { JWT } from "next-auth/jwt";

export async function sessionCallback({ session, token }: { session: Session; token: JWT }) {
  return { ...session, token }; //!T
}
`,
  },
  {
    name: 'a standalone const arrow named session in a JavaScript module',
    file: '/app/lib/callbacks.cjs',
    code: `const { refreshAccessToken } = require("./refresh");
const session = async ({ session, token }) => {
  session.refreshToken = token.refreshToken; //!R
  return session;
};
module.exports = { session, refreshAccessToken, lib: "next-auth" };
`,
  },
  {
    name: 'a helper declared inside the callback',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const toUser = (t: typeof token) => ({ ...session.user, ...t });
      session.user = toUser(token); //!R
      return session;
    },`),
  },
  {
    name: 'a variable rebuilt from itself many times',
    file: '/app/lib/auth.js',
    code: `export const authOptions = {
  callbacks: {
    session({ session, token }) {
      let out = { ...session };
${Array.from({ length: 40 }, (_, i) => `      out = { ...out, f${i}: out.f${i} ?? ${i} };`).join('\n')}
      out = { ...out, rt: token.refreshToken }; //!R
      return out;
    },
  },
};
`,
  },
  {
    name: 'a token field stored under a refresh-named key in the session',
    file: '/app/lib/auth.js',
    code: `export const authOptions = {
  callbacks: {
    session({ session, token }) {
      session.refresh_token = token.rt; //!R
      return { ...session, refreshToken: token.backendRt }; //!R
    },
  },
};
`,
  },
  {
    name: 'callbacks returned by a factory function',
    file: '/app/lib/auth.ts',
    code: `import type { NextAuthOptions } from "next-auth";
function buildCallbacks(): NextAuthOptions["callbacks"] {
  return {
    async session({ session, token }) {
      session.user = token as any; //!T
      return session;
    },
  };
}
const makeCallbacks = () => ({
  session: ({ session, token }: any) => ({ ...session, rt: token.refreshToken }), //!R
});
export const authOptions: NextAuthOptions = { providers: [], callbacks: { ...buildCallbacks(), ...makeCallbacks() } };
`,
  },
  {
    name: 'export default of a callbacks module',
    file: '/app/lib/auth-callbacks.js',
    code: `/** @type {import("next-auth").NextAuthOptions["callbacks"]} */
export default {
  async session({ session, token }) {
    return { ...session, ...token }; //!T
  },
};
`,
  },
  {
    name: 'return Object.assign(session, { user: token })',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      return Object.assign(session, { user: token }); //!R
    },`),
  },
  {
    name: 'awaited same-file async helper spread into the user',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(
      `    async session({ session, token }) {
      session.user = { ...session.user, ...(await enrich(token)) }; //!R
      return session;
    },`,
      `async function enrich(t: Record<string, unknown>) {
  const extra = await Promise.resolve({ plan: "pro" });
  return { ...extra, ...t };
}`,
    ),
  },
  {
    name: 'deep copies: JSON round trip and structuredClone',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).a = JSON.parse(JSON.stringify(token)); //!R
      (session as any).b = structuredClone(token.refreshToken); //!R
      return session;
    },`),
  },
  {
    name: 'array of tokens',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).tokens = [token.accessToken, token.refreshToken]; //!R
      return session;
    },`),
  },
  {
    name: 'inside try/catch and if blocks',
    file: '/app/lib/auth.js',
    code: `export const authOptions = {
  callbacks: {
    async session({ session, token }) {
      try {
        if (token) {
          session.user.refresh = token.refresh; //!R
        }
      } catch (error) {
        console.error(error);
      }
      return session;
    },
  },
};
`,
  },
  {
    name: 'Object.entries / Object.fromEntries / Object.values / Array.from copies of the token',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).claims = Object.fromEntries(Object.entries(token)); //!R
      (session as any).values = Object.values(token); //!R
      (session as any).list = Array.from([token.refreshToken]); //!R
      return session;
    },`),
  },
  {
    name: 'callbacks as methods of a same-file class, referenced as instance.session',
    file: '/app/lib/auth.ts',
    code: `import NextAuth, { type NextAuthOptions } from "next-auth";
class AuthCallbacks {
  async jwt({ token, account }: any) {
    if (account) token.refreshToken = account.refresh_token;
    return token;
  }
  async session({ session, token }: any) {
    session.user = token; //!R
    return session;
  }
}
const handlers = new AuthCallbacks();
export const authOptions: NextAuthOptions = { providers: [], callbacks: { jwt: handlers.jwt, session: handlers.session.bind(handlers) } };
export default NextAuth(authOptions);
`,
  },
  {
    name: 'callbacks as static class methods and as members of a same-file object',
    file: '/app/auth.ts',
    code: `import NextAuth from "next-auth";
class Callbacks {
  static session = ({ session, token }: any) => ({ ...session, user: { ...session.user, ...token } }); //!T
}
const more = {
  async session({ session, token }: any) {
    return { ...session, refreshToken: token.refreshToken }; //!R
  },
};
export const a = NextAuth({ providers: [], callbacks: { session: Callbacks.session } });
export const b = NextAuth({ providers: [], callbacks: { session: more.session } });
`,
  },
  {
    name: 'export default of a callbacks module that never says "callbacks" or next-auth',
    file: '/app/lib/auth-callbacks.ts',
    code: `export default {
  async jwt({ token, account }: any) {
    if (account) token.refreshToken = account.refresh_token;
    return token;
  },
  async session({ session, token }: any) {
    return { ...session, token }; //!R
  },
};
`,
  },
  {
    name: 'copying the token key by key: for…in, Object.keys(token).forEach, a for…of over Object.keys(token), a listed refresh key',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }: any) {
      Object.keys(token).forEach((key) => {
        session.user[key] = token[key]; //!R
      });
      for (const k in token) session[k] = token[k]; //!R
      const claimKeys = Object.keys(token);
      for (let name of claimKeys) {
        if (name !== "picture") session.user[name] = token[name]; //!R
      }
      for (const p of ["id", "refreshToken"]) session.user[p] = token[p]; //!R
      return session;
    },`),
  },
  {
    name: 'the token signed (not encrypted) into the session: jsonwebtoken jwt.sign and jose SignJWT',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }: any) {
      const signed = jwt.sign(token, process.env.NEXTAUTH_SECRET ?? "", { algorithm: "HS256" });
      session.apiToken = signed; //!R
      session.other = await new SignJWT({ ...token }).setProtectedHeader({ alg: "HS256" }).sign(key); //!R
      session.own = jwt.sign({ sub: token.sub }, "s");
      return session;
    },`, 'import jwt from "jsonwebtoken";\nimport { SignJWT } from "jose";\nconst key = new Uint8Array(32);'),
  },
  {
    name: 'deleting another key from a copy of the token still leaves the refresh token in it',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }: any) {
      const claims = { ...token }; //!R
      delete claims.accessToken;
      session.user = claims;
      return session;
    },`),
  },
  {
    name: 'jwt nests the refresh token under a token field (per-provider map, token.x = { refresh_token }), session copies that field',
    file: '/app/auth.ts',
    code: `import NextAuth from "next-auth";
export const { handlers, auth } = NextAuth({
  providers: [],
  callbacks: {
    jwt: async ({ token, account }) => {
      if (!account) return token;
      if (account.provider === "google") token.google = { access: account.access_token, refresh_token: account.refresh_token };
      const res = await fetch("https://example.com", { method: "POST", body: JSON.stringify({ refresh_token: account.refresh_token }) });
      token.meta = { status: res.status };
      return {
        ...token,
        linked: {
          ...((token.linked as object) ?? {}),
          [account.provider]: { accessToken: account.access_token, refreshToken: account.refresh_token },
        },
      };
    },
    session: async ({ session, token }) => ({
      ...session,
      user: { ...session.user, linked: token.linked }, //!R
      google: token.google, //!R
      meta: token.meta,
    }),
  },
});
`,
  },
  {
    name: 'authorize() nests the refresh token under user.account and jwt keeps user.account in the token',
    file: '/app/pages/api/auth/[...nextauth].js',
    code: `import NextAuth from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
const options = (req) => ({
  providers: [
    CredentialsProvider({
      async authorize(credentials) {
        const data = await fetch("https://api.example.com/login", { method: "POST", body: JSON.stringify(credentials) }).then((r) => r.json());
        return { id: data.id, account: { name: data.name, refreshToken: data.refresh_token }, profile: { name: data.name } };
      },
    }),
  ],
  callbacks: {
    jwt: ({ token, user }) => {
      if (user) {
        token.account = user.account;
        token.profile = user.profile;
      }
      return token;
    },
    session: ({ session, token }) => {
      session.account = token.account; //!R
      session.profile = token.profile;
      return session;
    },
  },
});
export default (req, res) => NextAuth(req, res, options(req));
`,
  },
  {
    name: 'copying the values of Object.entries(token) in a for…of or forEach',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }: any) {
      for (const [key, value] of Object.entries(token)) {
        session.user[key] = value; //!R
      }
      Object.entries(token).forEach(([k, v]) => {
        session[k] = v; //!R
      });
      Object.entries(DEFAULTS).forEach(([name, fallback]) => {
        session[name] = fallback;
      });
      return session;
    },`, 'const DEFAULTS: Record<string, string> = { theme: "light" };'),
  },
  {
    name: 'jwt keeps a spread copy of the authorize() user (with its refresh token) under token.user',
    file: '/app/auth.ts',
    code: `import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
export const { handlers, auth } = NextAuth({
  providers: [
    Credentials({
      credentials: {},
      async authorize() {
        const data = await fetch("https://api.example.com/login").then((r) => r.json());
        return { id: data.id, accessToken: data.access, refreshToken: data.refresh };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.user = { ...user, role: "member" };
      return token;
    },
    async session({ session, token }) {
      session.user = token.user as any; //!R
      return session;
    },
  },
});
`,
  },
];

export const SAFE_CASES: readonly AnalyzerCase[] = [
  {
    name: 'the recommended session callback',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      session.user = { ...session.user, id: token.id as string };
      (session as any).accessToken = token.accessToken;
      (session as any).error = token.error;
      return session;
    },`),
  },
  {
    name: 'jwt callback storing the refresh token',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session }) {
      return session;
    },`),
  },
  {
    name: 'refresh helper returning { ...token, refreshToken } to the jwt callback',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(
      `    async session({ session, token }) {
      (session as any).accessToken = token.accessToken;
      return session;
    },`,
      `async function refreshAccessToken(token: any) {
  const res = await fetch("/refresh", { method: "POST", body: JSON.stringify({ refresh: token.refreshToken }) });
  const refreshed = await res.json();
  return { ...token, accessToken: refreshed.access, refreshToken: refreshed.refresh ?? token.refreshToken };
}`,
    ),
  },
  {
    name: 'derived values: Boolean, !!, length, typeof, comparisons',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const s = session as any;
      s.hasRefresh = Boolean(token.refreshToken);
      s.canRefresh = !!token.refreshToken;
      s.rtLength = (token.refreshToken as string).length;
      s.kind = typeof token.refreshToken;
      s.same = token.refreshToken === token.accessToken;
      s.missing = token.refreshToken == null;
      s.present = "refreshToken" in token;
      return session;
    },`),
  },
  {
    name: 'rest-destructure removing the refresh field',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const { refreshToken, ...rest } = token;
      session.user = rest as any;
      return session;
    },`),
  },
  {
    name: 'rest-destructure in the parameter',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token: { refreshToken, ...publicFields } }) {
      return { ...session, user: { ...session.user, ...publicFields } };
    },`),
  },
  {
    name: 'mentions in comments and strings',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      // never do: session.user = token; or session.refreshToken = token.refreshToken
      (session as any).note = "session.refreshToken = token.refreshToken";
      (session as any).accessToken = token.accessToken;
      return session;
    },`),
  },
  {
    name: 'express-session and req.session',
    file: '/server/app.ts',
    code: `import express from "express";
import session from "express-session";
const app = express();
app.use(session({ secret: "keyboard cat", resave: false, saveUninitialized: true }));
app.post("/login", (req: any, res: any) => {
  req.session.token = req.body.token;
  req.session.refreshToken = req.body.refreshToken;
  res.json({ callbacks: [] });
});
`,
  },
  {
    name: 'server-only getToken() use',
    file: '/app/pages/api/proxy.ts',
    code: `import { getToken } from "next-auth/jwt";
import type { NextApiRequest, NextApiResponse } from "next";
export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const token = await getToken({ req });
  const session = { callbacks: true };
  const upstream = await fetch("https://api/refresh", { method: "POST", body: String(token?.refreshToken) });
  res.status(upstream.status).json({ ok: upstream.ok, session });
}
`,
  },
  {
    name: 'events.session is not the session callback',
    file: '/app/lib/auth.ts',
    code: `import type { NextAuthOptions } from "next-auth";
export const authOptions: NextAuthOptions = {
  providers: [],
  callbacks: {},
  events: {
    async session({ session, token }) {
      console.log("session", { session, token });
    },
  },
};
`,
  },
  {
    name: 'session options object (strategy), not a callback',
    file: '/app/lib/auth.ts',
    code: `import type { NextAuthOptions } from "next-auth";
export const authOptions: NextAuthOptions = {
  providers: [],
  session: { strategy: "jwt", maxAge: 3600 },
  callbacks: { async redirect({ baseUrl }) { return baseUrl; } },
};
`,
  },
  {
    name: 'session callback returning the session unchanged',
    file: '/app/auth.ts',
    code: `import NextAuth from "next-auth";
export const { handlers, auth } = NextAuth({
  providers: [],
  callbacks: { session: ({ session }) => session },
});
`,
  },
  {
    name: 'access token and error only (the generated shape)',
    file: '/app/auth.ts',
    code: `import NextAuth from "next-auth";
export const { handlers, auth } = NextAuth({
  providers: [],
  callbacks: {
    async jwt({ token, account }) {
      if (account) return { ...token, accessToken: account.access_token, refreshToken: account.refresh_token };
      return token;
    },
    async session({ session, token }) {
      return {
        ...session,
        accessToken: token.accessToken as string,
        error: token.error as string | undefined,
        user: { ...session.user, id: token.sub ?? "" },
      };
    },
  },
});
`,
  },
  {
    name: 'refreshTokenExpires and hasRefreshToken are not secrets',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      (session as any).refreshTokenExpires = token.refreshTokenExpires;
      (session as any).hasRefreshToken = token.hasRefreshToken;
      return session;
    },`),
  },
  {
    name: 'a local copy of the refresh token that is never exposed',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const rt = token.refreshToken;
      if (rt) console.log("user has a refresh token");
      const local = { rt };
      void local;
      return session;
    },`),
  },
  {
    name: 'refresh token only passed to a server-side call inside the callback',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const profile = await fetch("https://api/me", { headers: { Authorization: \`Bearer \${token.refreshToken}\` } });
      (session as any).profileOk = profile.ok;
      return session;
    },`),
  },
  {
    name: 'a non-NextAuth object with a session method and no callbacks context',
    file: '/app/lib/store.ts',
    code: `export const store = {
  session({ session, token }: any) {
    return { ...session, token };
  },
};
export const callbacks = [1, 2, 3];
`,
  },
  {
    name: 'a file without session callbacks',
    file: '/app/lib/util.ts',
    code: `export function refreshToken(token: string) { return token; }
export const callbacks = { onRefresh: refreshToken };
`,
  },
  {
    name: 'the jwt callback alone exposing nothing',
    file: '/app/auth.ts',
    code: `import NextAuth from "next-auth";
export const { auth } = NextAuth({
  callbacks: {
    jwt({ token, account }) {
      return { ...token, refreshToken: account?.refresh_token, session: "x" };
    },
  },
});
`,
  },
  {
    name: 'an explicit allow-list built from destructured fields',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const { id, accessToken, error } = token;
      return { ...session, user: { ...session.user, id }, accessToken, error };
    },`),
  },
  {
    name: 'jwt stores the user under token.user, but authorize() returns no refresh token',
    file: '/app/auth.js',
    code: `import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
export const { handlers, auth } = NextAuth({
  providers: [Credentials({ authorize: async () => ({ id: "1", name: "Ada" }) })],
  callbacks: {
    jwt: ({ token, user }) => (user ? { ...token, user } : token),
    session: ({ session, token }) => ({ ...session, user: { ...session.user, ...token.user } }),
  },
});
`,
  },
  {
    name: 'spread of the token with the refresh field overridden afterwards',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      return { ...session, user: { ...session.user, ...token, refreshToken: undefined } };
    },`),
  },
  {
    name: 'filtering the refresh field out with Object.fromEntries',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      const publicClaims = Object.fromEntries(Object.entries(token).filter(([key]) => key !== "refreshToken"));
      return { ...session, claims: publicClaims };
    },`),
  },
  {
    name: 'ignored with the ignore comment',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      // nextauth-scaffold-ignore-next-line session-exposes-refresh-token
      session.user = token as any;
      return session;
    },`),
  },
  {
    name: 'ignored above a multi-line return',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }) {
      // nextauth-scaffold-ignore-next-line
      return {
        ...session,
        refreshToken: token.refreshToken,
      };
    },`),
  },
  {
    name: 'a Map of the token serializes to {} and a user copy without the refresh token',
    file: '/app/auth.ts',
    code: `import NextAuth from "next-auth";
import Credentials from "next-auth/providers/credentials";
export const { handlers, auth } = NextAuth({
  providers: [
    Credentials({
      credentials: {},
      async authorize() {
        const data = await fetch("https://api.example.com/login").then((r) => r.json());
        return { id: data.id, accessToken: data.access, refreshToken: data.refresh };
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user }) {
      if (user) token.user = { ...user, refreshToken: undefined };
      return token;
    },
    async session({ session, token }) {
      session.user = token.user as any;
      (session as any).cache = new Map(Object.entries(token));
      return session;
    },
  },
});
`,
  },
  {
    name: 'class callbacks that expose only public fields',
    file: '/app/lib/auth.ts',
    code: `import NextAuth, { type NextAuthOptions } from "next-auth";
class AuthCallbacks {
  async jwt({ token, account }: any) {
    if (account) token.refreshToken = account.refresh_token;
    return token;
  }
  async session({ session, token }: any) {
    return { ...session, user: { ...session.user, id: token.sub }, error: token.error };
  }
}
const handlers = new AuthCallbacks();
export const authOptions: NextAuthOptions = { providers: [], callbacks: { jwt: handlers.jwt, session: handlers.session } };
export default NextAuth(authOptions);
`,
  },
  {
    name: 'copying listed public keys of the token in a loop, and keys of another object',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }: any) {
      ["id", "name", "role"].forEach((key) => {
        session.user[key] = token[key];
      });
      for (const key of PUBLIC_FIELDS) session.user[key] = token[key];
      for (const key of Object.keys(PROFILE_DEFAULTS)) session[key] = token[key];
      return session;
    },`, 'const PUBLIC_FIELDS = ["id", "email"] as const;\nconst PROFILE_DEFAULTS = { theme: "light", locale: "en" };'),
  },
  {
    name: 'the refresh token deleted (or set to undefined) before the token or its copy is sent',
    file: '/app/lib/auth.ts',
    code: v4WithRefresh(`    async session({ session, token }: any) {
      const user = { ...token };
      delete user.refreshToken;
      session.user = user;
      const extra = { ...token };
      extra["refreshToken"] = undefined;
      session.extra = extra;
      delete token.refreshToken;
      return { ...session, claims: token };
    },`),
  },
];
