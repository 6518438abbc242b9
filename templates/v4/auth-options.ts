import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";
{{#redisStore}}
import { redisRefreshStore } from "./refresh-store";
{{/redisStore}}

/**
 * NextAuth options, shared by the route handler and getServerSession(). Users sign in against the
 * backend's login endpoint; the backend's refresh token stays in the encrypted JWT cookie.
 */
export const authOptions: NextAuthOptions = {
  providers: [
    CredentialsProvider({
      name: "Credentials",
      credentials: {
        {{usernameField}}: { label: {{usernameLabel}}, type: {{usernameInputType}} },
        {{passwordField}}: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const username = credentials?.[{{usernameField}}];
        const password = credentials?.[{{passwordField}}];
        if (!username || !password) return null;

        const response = await postToAuthBackend({{loginPath}}, { {{usernameField}}: username, {{passwordField}}: password });
        if (!response?.ok) return null;
        {{> partials/authorize-user.js}}
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, account }) {
      {{> partials/jwt-callback.ts}}
    },
    async session({ session, token }) {
      {{> partials/session-callback.js}}
    },
  },
  pages: {
    signIn: "/login",
  },
};

{{> partials/auth-backend.ts}}

{{> partials/auth-refresh.ts}}

{{> partials/auth-records.ts}}
