import "server-only";
import type { Actor } from "../actor";
import { projectsWhere, requireProject, visibleProjects } from "../projects/access";
import { db } from "../db";
import { AppError } from "../errors";

const projectListSelect = {
  id: true,
  name: true,
  locked: true,
  blind: true,
  _count: { select: { articles: true } },
} as const;

/** The projects the actor is a member of (every project for the admin). */
export async function listProjects(actor: Actor) {
  return db.project.findMany({
    where: visibleProjects(actor),
    orderBy: { createdAt: "asc" },
    select: projectListSelect,
  });
}

/** The projects the actor curates or manages (every project for the admin): the back office's list. */
export async function listCuratedProjects(actor: Actor) {
  return db.project.findMany({
    where: projectsWhere(actor, "curate"),
    orderBy: { createdAt: "asc" },
    select: projectListSelect,
  });
}

export async function setProjectLocked(actor: Actor, projectId: string, locked: boolean) {
  await requireProject(actor, projectId, "manage");
  const { count } = await db.project.updateMany({ where: { id: projectId }, data: { locked } });
  if (count === 0) throw new AppError("NOT_FOUND", "No such project.");
}
