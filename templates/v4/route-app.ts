import NextAuth from "next-auth";
import { authOptions } from "{{authImport}}";

// Route files may only export handlers: the options live in {{authImport}}.
const handler = NextAuth(authOptions);

export { handler as GET, handler as POST };
