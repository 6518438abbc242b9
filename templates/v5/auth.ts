import NextAuth, { CredentialsSignin } from "next-auth";
import type { NextAuthConfig } from "next-auth";
import type { JWT } from "next-auth/jwt";
import Credentials from "next-auth/providers/credentials";
{{#redisStore}}
import { redisRefreshStore } from "./refresh-store";
{{/redisStore}}

/**
 * Auth.js configuration. Users sign in against the backend's login endpoint; the backend's
 * refresh token stays in the encrypted JWT cookie. `auth()` reads the session on the server.
 */
const authConfig: NextAuthConfig = {
  providers: [
    Credentials({
      name: "Credentials",
      credentials: {
        {{usernameField}}: { label: {{usernameLabel}}, type: {{usernameInputType}} },
        {{passwordField}}: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const username = credentials[{{usernameField}}];
        const password = credentials[{{passwordField}}];
        if (typeof username !== "string" || typeof password !== "string" || !username || !password) {
          throw new InvalidCredentialsError();
        }

        const response = await postToAuthBackend({{loginPath}}, { {{usernameField}}: username, {{passwordField}}: password });
        if (!response) return null;
        // A definitive "wrong credentials" from the backend: the login page shows the code.
        if (response.status === 400 || response.status === 401) throw new InvalidCredentialsError();
        if (!response.ok) return null;
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

export const { handlers, auth, signIn, signOut } = NextAuth(authConfig);

/** Wrong username or password. `code` reaches the login page (keep it vague on purpose). */
class InvalidCredentialsError extends CredentialsSignin {
  code = "invalid_credentials";
}

{{> partials/auth-backend.ts}}

{{> partials/auth-refresh.ts}}

{{> partials/auth-records.ts}}
