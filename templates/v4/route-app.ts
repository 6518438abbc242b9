import NextAuth from "next-auth";
{{#optionsDefaultExport}}
import {{optionsName}} from {{authImport}};
{{/optionsDefaultExport}}
{{^optionsDefaultExport}}
import { {{optionsName}} } from {{authImport}};
{{/optionsDefaultExport}}

// Route files may only export handlers: the options live in the module imported above.
const handler = NextAuth({{optionsName}});

export { handler as GET, handler as POST };
