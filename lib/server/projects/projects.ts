import "server-only";
import { type Actor, assertAdmin } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";

export async function listProjects() {
  return db.project.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, name: true, locked: true, blind: true, _count: { select: { articles: true } } },
  });
}

export async function setProjectLocked(actor: Actor, projectId: string, locked: boolean) {
  assertAdmin(actor);
  const { count } = await db.project.updateMany({ where: { id: projectId }, data: { locked } });
  if (count === 0) throw new AppError("NOT_FOUND", "No such project.");
}
