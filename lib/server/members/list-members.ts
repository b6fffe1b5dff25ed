import "server-only";
import type { Actor } from "../actor";
import { db } from "../db";
import { requireProject } from "../projects/access";

/** Manager/curator: the project's members with their roles. */
export async function listMembers(actor: Actor, projectId: string) {
  await requireProject(actor, projectId, "curate");
  const rows = await db.projectMember.findMany({
    where: { projectId },
    orderBy: [{ user: { createdAt: "asc" } }, { userId: "asc" }],
    select: { role: true, user: { select: { id: true, name: true, email: true, active: true } } },
  });
  return rows.map((r) => ({ ...r.user, role: r.role }));
}
