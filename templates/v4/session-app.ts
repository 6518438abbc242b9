import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
{{#optionsDefaultExport}}
import {{optionsName}} from {{authImport}};
{{/optionsDefaultExport}}
{{^optionsDefaultExport}}
import { {{optionsName}} } from {{authImport}};
{{/optionsDefaultExport}}

/**
 * The signed-in user's session for server components, route handlers and server actions. Signed-out
 * visitors, and sessions whose token refresh the backend refused, are redirected to the login page;
 * pass the current path to come back to it after signing in. Call it wherever protected data is read:
 * route protection in middleware alone is not authorization.
 *
 * @example
 * const session = await requireSession("/dashboard");
 */
export async function requireSession(callbackPath?: string) {
  const session = await getServerSession({{optionsName}});
  if (!session || (session as { error?: unknown }).error === "RefreshAccessTokenError") {
    redirect(callbackPath ? `/login?callbackUrl=${encodeURIComponent(callbackPath)}` : "/login");
  }
  return session;
}
