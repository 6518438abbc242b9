import Link from "next/link";

export function NavBar() {
  return (
    <nav>
      <Link href="/">Acme</Link> · <Link href="/dashboard">Dashboard</Link>
    </nav>
  );
}
