import type { Metadata } from "next";
import { pageAdmin } from "@/lib/server/page-guards";
import { listProjects } from "@/lib/server/projects/projects";

export const metadata: Metadata = { title: "Admin" };

export const dynamic = "force-dynamic";

export default async function AdminHome() {
  await pageAdmin();
  const projects = await listProjects();
  return (
    <section>
      <h1>Projects</h1>
      <table className="grid">
        <thead><tr><th>Project</th><th>Articles</th><th>State</th></tr></thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.id}>
              <td><a href={`/admin/projects/${p.id}`}>{p.name}</a></td>
              <td>{p._count.articles}</td>
              <td>{p.locked ? "Locked" : "Open"}{p.blind ? " · blind" : ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
