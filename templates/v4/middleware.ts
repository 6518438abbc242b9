// Signed-out visitors of the matched paths are sent to the login page.
// This is not authorization on its own: middleware can be bypassed (see the Next.js middleware
// advisories), so check the session again where protected data is read, e.g. with the
// requireSession() helper written next to your auth options.
export { default } from "next-auth/middleware";

export const config = {
  matcher: {{matcher}},
};
