"use client";

import { SessionProvider, signOut, useSession } from "next-auth/react";
import { useEffect, useRef } from "react";
import type { ReactNode } from "react";

/**
 * How often the browser asks the server for the session, in seconds. Each check refreshes the
 * backend tokens when they are due and stores them in the session cookie. Server Components cannot
 * set cookies: a refresh made while one renders is remembered by the server for a minute only, and
 * this check (every 30 s, and when the page loads or regains focus) writes it to the cookie in time.
 */
const SESSION_CHECK_SECONDS = 30;

/** Makes useSession() work in client components; the root layout wraps the page in it. */
export function AuthSessionProvider({ children }: { children: ReactNode }) {
  return (
    <SessionProvider basePath={{authBasePath}} refetchInterval={SESSION_CHECK_SECONDS}>
      <EndSessionOnRefreshError />
      {children}
    </SessionProvider>
  );
}

{{> partials/session-ends-on-refresh-error.tsx}}
