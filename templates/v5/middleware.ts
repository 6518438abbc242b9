// Signed-out visitors of the matched paths, and sessions whose token refresh the backend refused, are
// sent to the login page (the authorized callback in your auth options decides).
// This is not authorization on its own: middleware can be bypassed (see the Next.js middleware
// advisories), so check the session again where protected data is read, e.g. with the
// requireSession() helper written next to your auth options.
export { auth as {{middlewareExport}} } from {{authImport}};

export const config = {
  matcher: {{matcher}},
};
