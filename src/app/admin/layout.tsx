import type { ReactNode } from "react";
import { redirect } from "next/navigation";
import { currentActor } from "@/server/auth";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  if (actor.role !== "admin") return <p className="error">Only admins can open this page.</p>;
  return (
    <>
      <nav className="muted" aria-label="Admin">
        <a href="/admin">Projects</a> · <a href="/admin/users">Reviewers</a> · <a href="/admin/export">Export</a>
      </nav>
      {children}
    </>
  );
}
