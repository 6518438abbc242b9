"use client";

import { SessionProvider } from "next-auth/react";

/**
 * Makes useSession() work in client components; the root layout wraps the page in it.
 * @param {{ children: import("react").ReactNode }} props
 */
export function AuthSessionProvider({ children }) {
  return <SessionProvider>{children}</SessionProvider>;
}
