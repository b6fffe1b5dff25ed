import "server-only";
import { type Actor, assertAdmin } from "../actor";
import { db } from "../db";

/** The admin's view of a project: its articles with span counts over all reviewers and adjudication state. */
export async function getAdminProject(actor: Actor, projectId: string) {
  assertAdmin(actor);
  return db.project.findUnique({
    where: { id: projectId },
    select: {
      id: true,
      name: true,
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
}
