import { SessionProvider, signOut, useSession } from "next-auth/react";
import { useEffect, useRef } from "react";

// SessionProvider makes useSession() work on every page; pages that fetch the session in
// getServerSideProps pass it as `pageProps.session` to skip the client round trip.
/** @param {import("next/app").AppProps} props */
export default function App({ Component, pageProps }) {
  return (
    <SessionProvider session={pageProps.session} basePath={{authBasePath}}>
      <EndSessionOnRefreshError />
      <Component {...pageProps} />
    </SessionProvider>
  );
}

{{> partials/session-ends-on-refresh-error.jsx}}
