import { getServerSession } from "next-auth";
{{#optionsDefaultExport}}
import {{optionsName}} from {{authImport}};
{{/optionsDefaultExport}}
{{^optionsDefaultExport}}
import { {{optionsName}} } from {{authImport}};
{{/optionsDefaultExport}}

/**
 * For getServerSideProps: `{ session }` when signed in, else a redirect to the login page (and back
 * here after signing in) to return as is; a session whose token refresh the backend refused counts as
 * signed out. Check it wherever protected data is read: route protection in middleware alone is not
 * authorization.
 *
 * @example
 * const result = await requireSession(context);
 * if ("redirect" in result) return result;
 * return { props: { session: result.session } };
 *
 * @param {Pick<import("next").GetServerSidePropsContext, "req" | "res" | "resolvedUrl">} context
 */
export async function requireSession(context) {
  const session = await getServerSession(context.req, context.res, {{optionsName}});
  if (!session || /** @type {{ error?: unknown }} */ (session).error === "RefreshAccessTokenError") {
    const destination = `/login?callbackUrl=${encodeURIComponent(context.resolvedUrl)}`;
    return { redirect: { destination, permanent: false } };
  }
  return { session };
}
