import type { Metadata } from "next";
import type { ReactNode } from "react";
import "./globals.css";
import { currentActor } from "@/lib/server/auth";
import { SignOutButton } from "@/components/sign-out-button";

// Each page names itself; the template adds the product name ("Sign in · Framewise").
export const metadata: Metadata = {
  title: { default: "Framewise", template: "%s · Framewise" },
  description: "Editorial-bias annotation workbench",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor().catch(() => null);
  return (
    <html lang="en">
      <body>
        <header className="topbar">
          <a href="/" className="brand">
            Framewise
          </a>
          {actor && (
            <nav aria-label="Main">
              <a href="/">Queue</a>
              {actor.role === "admin" && <a href="/admin">Admin</a>}
              <a href="/account" className="who" data-testid="who">
                {actor.name} · {actor.role}
              </a>
              <SignOutButton />
            </nav>
          )}
        </header>
        <main>{children}</main>
      </body>
    </html>
  );
}
