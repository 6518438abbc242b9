import type { Metadata } from "next";
import { NavBar } from "@/components/nav-bar";

export const metadata: Metadata = {
  title: "Acme Portal",
  description: "Orders, invoices and support for Acme customers",
};

export default function RootLayout({
  children,
}: Readonly<{
  children: React.ReactNode;
}>) {
  return (
    <html lang="en">
      <body>
        <NavBar />
        <main>{children}</main>
      </body>
    </html>
  );
}
