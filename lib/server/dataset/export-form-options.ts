import "server-only";
import type { Actor } from "../actor";
import { projectsWhere } from "../projects/access";
import { db } from "../db";
import { labelOrder } from "../taxonomy/label-select";

/** What the export form offers: the projects the actor curates, with their labels and articles, and their reviewers. */
export async function getExportFormOptions(actor: Actor) {
  const [projects, reviewers] = await Promise.all([
    db.project.findMany({
      where: projectsWhere(actor, "curate"),
      orderBy: { createdAt: "asc" },
      select: {
        id: true,
        name: true,
        labels: {
          orderBy: labelOrder,
          select: { id: true, name: true, group: { select: { name: true } } },
        },
        articles: { orderBy: [{ position: "asc" }, { id: "asc" }], select: { id: true, title: true } },
      },
    }),
    db.user.findMany({
      where: {
        OR: [
          { annotations: { some: { article: { project: projectsWhere(actor, "curate") } } } },
          { statuses: { some: { article: { project: projectsWhere(actor, "curate") } } } },
        ],
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, name: true, email: true },
    }),
  ]);
  return { projects, reviewers };
}
