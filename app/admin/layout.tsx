import type { ReactNode } from "react";
import { pageAdmin } from "@/lib/server/page-guards";

export const dynamic = "force-dynamic";

export default async function AdminLayout({ children }: { children: ReactNode }) {
  await pageAdmin();
  return (
    <>
      <nav className="muted" aria-label="Admin">
        <a href="/admin">Projects</a> · <a href="/admin/users">Reviewers</a> · <a href="/admin/export">Export</a>
      </nav>
      {children}
    </>
  );
}
