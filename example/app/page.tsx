import Link from "next/link";

export default function Home() {
  return (
    <section>
      <h1>Acme Portal</h1>
      <p>Your orders and invoices in one place.</p>
      <Link href="/dashboard">Go to your dashboard</Link>
    </section>
  );
}
