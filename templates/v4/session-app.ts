import { getServerSession } from "next-auth";
import { redirect } from "next/navigation";
{{#optionsDefaultExport}}
import {{optionsName}} from {{authImport}};
{{/optionsDefaultExport}}
{{^optionsDefaultExport}}
import { {{optionsName}} } from {{authImport}};
{{/optionsDefaultExport}}

/**
 * The signed-in user's session for server components, route handlers and server actions; signed-out
 * visitors are redirected to the login page. Call it wherever protected data is read: route
 * protection in middleware alone is not authorization.
 */
export async function requireSession() {
  const session = await getServerSession({{optionsName}});
  if (!session) redirect("/login");
  return session;
}
