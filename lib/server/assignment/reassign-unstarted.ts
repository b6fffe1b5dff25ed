import "server-only";
import { z } from "zod";
import { ZId } from "@/lib/schemas/common";
import type { Actor } from "../actor";
import { db } from "../db";
import { invalid } from "../errors";
import { requireProject } from "../projects/access";
import { pairKey, unstartedAssignments } from "./unstarted";
import { markProjectStale } from "./write";

export const ZReassign = z.object({ projectId: ZId, fromUserId: ZId, toUserId: ZId }).strict();

/**
 * Manager: hands one annotator's unstarted assignments to another annotator (articles the other one
 * already has are left with the first). Started work never moves.
 */
export async function reassignUnstarted(
  actor: Actor,
  input: z.output<typeof ZReassign>,
): Promise<{ moved: number; kept: number }> {
  await requireProject(actor, input.projectId, "manage");
  const target = await db.projectMember.findUnique({
    where: { projectId_userId: { projectId: input.projectId, userId: input.toUserId } },
    select: { role: true },
  });
  if (target?.role !== "annotator") throw invalid("toUserId", "is not an annotator of this project");
  return db.$transaction(async (tx) => {
    const unstarted = await unstartedAssignments(input.projectId, input.fromUserId, tx);
    const theirs = await tx.assignment.findMany({
      where: { projectId: input.projectId, userId: input.toUserId },
      select: { articleId: true, roundId: true },
    });
    const has = new Set(theirs.map((t) => pairKey(t.articleId, t.roundId)));
    const movable = unstarted.filter((a) => !has.has(pairKey(a.articleId, a.roundId)));
    for (const a of movable)
      await tx.assignment.update({
        where: { id: a.id },
        data: { userId: input.toUserId, status: "assigned", reservedUntil: null },
      });
    await markProjectStale(tx, input.projectId);
    return { moved: movable.length, kept: unstarted.length - movable.length };
  });
}
