import NextAuth from "next-auth";
import {{optionsImport}} from "{{authImport}}";

export default NextAuth({{optionsName}});
