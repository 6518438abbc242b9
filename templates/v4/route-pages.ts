import NextAuth from "next-auth";
import { authOptions } from {{authImport}};

export default NextAuth(authOptions);
