import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { currentActor } from "@/lib/server/auth";
import { listProjects } from "@/lib/server/projects/projects";
import { needsSetup } from "@/lib/server/users/create-user";

export const metadata: Metadata = { title: "Projects" };

export const dynamic = "force-dynamic";

export default async function Home() {
  if (await needsSetup()) redirect("/setup");
  const actor = await currentActor();
  if (!actor) redirect("/sign-in");
  const projects = await listProjects(actor);
  if (projects.length === 1) redirect(`/projects/${projects[0]!.id}`);
  return (
    <section>
      <h1>Projects</h1>
      {projects.length === 0 && (
        <p className="muted">No project yet{actor.role === "admin" ? "; create one in Admin." : "."}</p>
      )}
      <ul>
        {projects.map((p) => (
          <li key={p.id}>
            <a href={`/projects/${p.id}`}>{p.name}</a> <span className="muted">({p._count.articles} articles)</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
