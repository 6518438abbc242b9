import { withAuth } from "next-auth/middleware";

// Signed-out visitors of the matched paths, and sessions whose token refresh the backend refused, are
// sent to the login page (and back here after signing in). Next.js needs a function export here.
// This is not authorization on its own: middleware can be bypassed (see the Next.js middleware
// advisories), so check the session again where protected data is read, e.g. with the
// requireSession() helper written next to your auth options.
export default withAuth({
  callbacks: {
    authorized: ({ token }) => !!token && token.error !== "RefreshAccessTokenError",
  },
  pages: { signIn: "/login" },
});

export const config = {
  matcher: {{matcher}},
};
