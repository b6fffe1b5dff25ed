import "server-only";
import type { Actor } from "../actor";
import { can, requireProject } from "./access";
import { db } from "../db";

/** The managers' and curators' view of a project: its articles with span counts over all reviewers and adjudication state. */
export async function getAdminProject(actor: Actor, projectId: string) {
  const access = await requireProject(actor, projectId, "curate");
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: {
      id: true,
      name: true,
      guidelines: true,
      locked: true,
      articles: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          title: true,
          source: true,
          length: true,
          adjudicatedAt: true,
          _count: { select: { annotations: true } },
        },
      },
    },
  });
  // Curators read the corpus; only managers get the editing forms.
  return project && { ...project, canManage: can(access.role, "manage") };
}
