import type { ReactNode } from "react";
import { pageStaff } from "@/lib/server/page-guards";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  const actor = await pageStaff();
  return (
    <>
      <nav className="muted" aria-label="Admin">
        <a href="/admin">Projects</a>
        {actor.role === "admin" && (
          <>
            {" "}
            · <a href="/admin/users">Reviewers</a>
          </>
        )}{" "}
        · <a href="/admin/export">Export</a>
      </nav>
      {children}
    </>
  );
}
