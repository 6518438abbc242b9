import NextAuth from "next-auth";
import {{optionsImport}} from "{{authImport}}";

// Route files may only export handlers: the options live in {{authImport}}.
const handler = NextAuth({{optionsName}});

export { handler as GET, handler as POST };
