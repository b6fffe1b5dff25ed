import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { pageError, pageStaff } from "@/lib/server/page-guards";
import { getAdminProject } from "@/lib/server/projects/get-admin-project";
import { listTaxonomy } from "@/lib/server/taxonomy/manage-labels";
import { labelOpAction, setLockedAction } from "../../actions";
import { AddArticleForm } from "./_components/add-article-form";
import { ArticleRowControls } from "./_components/article-row-controls";
import { LabelEditor, NewLabelForm } from "./_components/label-forms";
import { QuestionsSection } from "./_components/questions-section";

export const metadata: Metadata = { title: "Project · Admin" };

export default async function AdminProjectPage({ params }: { params: Promise<{ projectId: string }> }) {
  const actor = await pageStaff();
  const { projectId } = await params;
  const [project, groups] = await Promise.all([
    getAdminProject(actor, projectId).catch(pageError),
    listTaxonomy(projectId),
  ]);
  if (!project) notFound();
  return (
    <section>
      <h1>{project.name}</h1>
      <p>
        <a href={`/admin/projects/${project.id}/agreement`} data-testid="agreement-link">
          Agreement dashboard →
        </a>{" "}
        ·{" "}
        <a href={`/admin/projects/${project.id}/study`} data-testid="study-link">
          Members, assignment and progress →
        </a>
      </p>
      {project.canManage && (
        <form action={setLockedAction}>
          <input type="hidden" name="projectId" value={project.id} />
          <input type="hidden" name="locked" value={String(!project.locked)} />
          <p>
            {project.locked ? "Locked: annotations are frozen. " : "Open for annotation. "}
            <button type="submit" data-testid="toggle-lock">
              {project.locked ? "Unlock project" : "Lock project"}
            </button>
          </p>
        </form>
      )}

      <h2>Articles</h2>
      <table className="grid" data-testid="admin-articles">
        <thead>
          <tr>
            <th>Title</th>
            <th>Source</th>
            <th>Length</th>
            <th>Spans (all reviewers)</th>
            <th>Adjudication</th>
            {project.canManage && <th>Manage</th>}
          </tr>
        </thead>
        <tbody>
          {project.articles.map((a, i) => (
            <tr key={a.id}>
              <td>
                <a href={`/articles/${a.id}`}>{a.title}</a>
              </td>
              <td>{a.source}</td>
              <td>{a.length.toLocaleString("en")}</td>
              <td>{a._count.annotations}</td>
              <td data-testid="article-adjudication">
                <span className={`badge ${a.adjudicatedAt ? "done" : "in_progress"}`}>
                  {a.adjudicatedAt ? "Adjudicated" : "Not adjudicated"}
                </span>{" "}
                <a href={`/admin/articles/${a.id}/compare`}>Compare</a>
              </td>
              {project.canManage && (
                <td>
                  <ArticleRowControls
                    id={a.id}
                    projectId={project.id}
                    title={a.title}
                    first={i === 0}
                    last={i === project.articles.length - 1}
                    deletable={a._count.annotations === 0}
                  />
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
      {project.canManage && <ManagerSections projectId={project.id} groups={groups} />}
    </section>
  );
}

function ManagerSections({
  projectId,
  groups,
}: {
  projectId: string;
  groups: Awaited<ReturnType<typeof listTaxonomy>>;
}) {
  const project = { id: projectId };
  return (
    <>
      <details>
        <summary>Add an article</summary>
        <AddArticleForm projectId={project.id} />
      </details>

      <QuestionsSection projectId={project.id} />

      <h2>Taxonomy</h2>
      {groups.map((g) => (
        <div key={g.id}>
          <h3>{g.name}</h3>
          <table className="grid" data-testid={`taxonomy-${g.name}`}>
            <thead>
              <tr>
                <th>Label</th>
                <th>Hotkey</th>
                <th>Definition</th>
                <th>Uses</th>
                <th>Actions</th>
              </tr>
            </thead>
            <tbody>
              {g.labels.map((l, index) => (
                <tr key={l.id} className={l.archivedAt ? "muted" : undefined}>
                  <td>
                    <span className="swatch" style={{ background: l.colour }} />
                    {l.name}
                    {l.archivedAt && " (archived)"}
                  </td>
                  <td>{l.hotkey && <kbd>{l.hotkey}</kbd>}</td>
                  <td>{l.definition}</td>
                  <td>{l._count.annotations}</td>
                  <td>
                    <form action={labelOpAction} style={{ display: "inline-flex", gap: ".25rem" }}>
                      <input type="hidden" name="id" value={l.id} />
                      <input type="hidden" name="projectId" value={project.id} />
                      <input type="hidden" name="index" value={index} />
                      <button
                        type="submit"
                        name="op"
                        value="up"
                        disabled={index === 0}
                        aria-label={`Move ${l.name} up`}
                      >
                        ↑
                      </button>
                      <button
                        type="submit"
                        name="op"
                        value="down"
                        disabled={index === g.labels.length - 1}
                        aria-label={`Move ${l.name} down`}
                      >
                        ↓
                      </button>
                      {l.archivedAt ? (
                        <button type="submit" name="op" value="unarchive">
                          Restore
                        </button>
                      ) : (
                        <button type="submit" name="op" value="archive">
                          Archive
                        </button>
                      )}
                      {l._count.annotations === 0 && (
                        <button type="submit" name="op" value="delete" className="danger">
                          Delete
                        </button>
                      )}
                    </form>
                    <LabelEditor
                      projectId={project.id}
                      label={{ ...l, archivedAt: l.archivedAt?.toISOString() ?? null }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <NewLabelForm projectId={project.id} groupId={g.id} />
        </div>
      ))}
    </>
  );
}
