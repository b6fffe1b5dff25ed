import "server-only";
import type { TRemoveMember } from "@/lib/schemas/project";
import type { Actor } from "../actor";
import { bumpAnnotationRevision } from "../agreement/revision";
import { db } from "../db";
import { AppError } from "../errors";
import { requireProject } from "../projects/access";
import { unstartedAssignments } from "../assignment/unstarted";

/**
 * Manager: takes someone out of the project. Their spans, statuses and answers are never deleted;
 * their unstarted assignments are released so the manager can give those articles to someone else.
 */
export async function removeMember(actor: Actor, input: TRemoveMember): Promise<{ released: number }> {
  await requireProject(actor, input.projectId, "manage");
  const unstarted = await unstartedAssignments(input.projectId, input.userId);
  const [removed, released] = await db.$transaction([
    db.projectMember.deleteMany({ where: { projectId: input.projectId, userId: input.userId } }),
    db.assignment.deleteMany({ where: { id: { in: unstarted.map((a) => a.id) } } }),
    bumpAnnotationRevision(input.projectId),
  ]);
  if (removed.count === 0)
    throw new AppError("NOT_FOUND", "userId: not a member of this project", [
      { field: "userId", message: "not a member of this project" },
    ]);
  return { released: released.count };
}
