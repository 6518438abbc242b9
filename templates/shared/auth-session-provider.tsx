"use client";

import { SessionProvider } from "next-auth/react";
import type { ReactNode } from "react";

/** Makes useSession() work in client components; the root layout wraps the page in it. */
export function AuthSessionProvider({ children }: { children: ReactNode }) {
  return <SessionProvider>{children}</SessionProvider>;
}
