import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { currentActor } from "@/lib/server/auth";
import { SignOutButton } from "@/components/sign-out-button";

export const metadata: Metadata = { title: "Framewise", description: "Editorial-bias annotation workbench" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor().catch(() => null);
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <a href="/" className="brand">Framewise</a>
          {actor && (
            <nav aria-label="Main">
              <a href="/">Queue</a>
              {actor.role === "admin" && <a href="/admin">Admin</a>}
              <span className="who" data-testid="who">{actor.name} · {actor.role}</span>
              <SignOutButton />
            </nav>
          )}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
