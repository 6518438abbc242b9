import type { NextAuthOptions } from "next-auth";
import type { JWT } from "next-auth/jwt";
import CredentialsProvider from "next-auth/providers/credentials";

/**
 * NextAuth options, shared by the route handler and getServerSession(). Users sign in against the
 * backend's {{loginPath}} endpoint; the backend's refresh token stays in the encrypted JWT cookie.
 */
export const authOptions: NextAuthOptions = {
  providers: [
    CredentialsProvider({
      name: "Credentials",
      credentials: {
        {{usernameField}}: { label: "{{usernameLabel}}", type: "{{usernameInputType}}" },
        {{passwordField}}: { label: "Password", type: "password" },
      },
      async authorize(credentials) {
        const username = credentials?.{{usernameField}};
        const password = credentials?.{{passwordField}};
        if (!username || !password) return null;

        const response = await postToAuthBackend("{{loginPath}}", {{credentialsBody}});
        if (!response?.ok) return null;
        {{> partials/authorize-user.js}}
      },
    }),
  ],
  callbacks: {
    async jwt({ token, user, account }) {
      // Sign-in with the Credentials provider: `user` is what authorize() returned.
      if (account?.provider === "credentials" && user) {
        return {
          ...token,
          accessToken: user.accessToken,
          refreshToken: user.refreshToken,
          accessTokenExpires: user.accessTokenExpires,
        };
      }
      // Signed in some other way, or the backend gave no expiry: nothing to rotate.
      if (typeof token.accessToken !== "string" || typeof token.accessTokenExpires !== "number") return token;
      if (Date.now() < token.accessTokenExpires - REFRESH_MARGIN_MS) return token;
      return refreshAccessToken(token);
    },
    async session({ session, token }) {
      // Everything returned here reaches the browser: public fields only, never the refresh token.
      return {
        ...session,
        user: { ...session.user, id: token.sub },
{{#exposeAccessToken}}
        accessToken: token.accessToken,
{{/exposeAccessToken}}
        error: token.error,
      };
    },
  },
  pages: {
    signIn: "/login",
  },
};

{{> partials/auth-backend.ts}}

{{> partials/auth-refresh.ts}}

{{> partials/auth-records.ts}}
