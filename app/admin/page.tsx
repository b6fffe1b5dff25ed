import type { Metadata } from "next";
import { pageStaff } from "@/lib/server/page-guards";
import { listCuratedProjects } from "@/lib/server/projects/projects";
import { CreateProjectForm } from "./_components/create-project-form";

export const metadata: Metadata = { title: "Admin" };

export const dynamic = "force-dynamic";

export default async function AdminHome({ searchParams }: { searchParams?: Promise<{ welcome?: string }> }) {
  const actor = await pageStaff();
  const projects = await listCuratedProjects(actor);
  const welcome = (await searchParams)?.welcome === "1";
  const first = projects[0];
  return (
    <section>
      {welcome && (
        <aside className="fw-checklist" data-testid="welcome-checklist" aria-labelledby="welcome-title">
          <h2 id="welcome-title">Welcome to Framewise: three steps to a first study</h2>
          <ol>
            <li>
              <a href="/admin/users">Add reviewers</a>: they sign in with the email and password you give them.
            </li>
            <li>
              {first ? <a href={`/admin/projects/${first.id}`}>Check the taxonomy</a> : "Check the taxonomy"}: framing
              and tone labels, their hotkeys, colours and guidelines.
            </li>
            <li>
              {first ? <a href={`/admin/projects/${first.id}`}>Add articles</a> : "Add articles"}: paste text, upload
              .txt/.md files, or import CSV/JSONL from the command line.
            </li>
          </ol>
        </aside>
      )}
      <h1>Projects</h1>
      <table className="grid">
        <thead>
          <tr>
            <th>Project</th>
            <th>Articles</th>
            <th>State</th>
          </tr>
        </thead>
        <tbody>
          {projects.map((p) => (
            <tr key={p.id}>
              <td>
                <a href={`/admin/projects/${p.id}`}>{p.name}</a>
              </td>
              <td>{p._count.articles}</td>
              <td>
                {p.locked ? "Locked" : "Open"}
                {p.blind ? " · blind" : ""}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {actor.role === "admin" && (
        <>
          <h2>New project</h2>
          <CreateProjectForm />
        </>
      )}
    </section>
  );
}
