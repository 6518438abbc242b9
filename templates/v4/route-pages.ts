import NextAuth from "next-auth";
{{#optionsDefaultExport}}
import {{optionsName}} from {{authImport}};
{{/optionsDefaultExport}}
{{^optionsDefaultExport}}
import { {{optionsName}} } from {{authImport}};
{{/optionsDefaultExport}}

export default NextAuth({{optionsName}});
