import { redirect } from "next/navigation";
import { auth } from {{authImport}};

/**
 * The signed-in user's session for server components, route handlers and server actions; signed-out
 * visitors are redirected to the login page. Call it wherever protected data is read: route
 * protection in middleware alone is not authorization.
 */
export async function requireSession() {
  const session = await auth();
  if (!session) redirect("/login");
  return session;
}
