import type { AppProps } from "next/app";
import { SessionProvider } from "next-auth/react";

// SessionProvider makes useSession() work on every page; pages that fetch the session in
// getServerSideProps pass it as `pageProps.session` to skip the client round trip.
export default function App({ Component, pageProps }: AppProps) {
  return (
    <SessionProvider session={pageProps.session}>
      <Component {...pageProps} />
    </SessionProvider>
  );
}
