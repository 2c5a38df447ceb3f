import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: "Machine Agent Console",
  description: "Pair AI agents with your peaqOS machines and bound what they may spend and buy.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
