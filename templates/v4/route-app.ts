import NextAuth from "next-auth";
import { authOptions } from {{authImport}};

// Route files may only export handlers: the options live in the module imported above.
const handler = NextAuth(authOptions);

export { handler as GET, handler as POST };
