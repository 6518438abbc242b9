import type { AppProps } from "next/app";
import { SessionProvider, signOut, useSession } from "next-auth/react";
import { useEffect, useRef } from "react";

// SessionProvider makes useSession() work on every page; pages that fetch the session in
// getServerSideProps pass it as `pageProps.session` to skip the client round trip.
export default function App({ Component, pageProps }: AppProps) {
  return (
    <SessionProvider session={pageProps.session} basePath={{authBasePath}}>
      <EndSessionOnRefreshError />
      <Component {...pageProps} />
    </SessionProvider>
  );
}

{{> partials/session-ends-on-refresh-error.tsx}}
