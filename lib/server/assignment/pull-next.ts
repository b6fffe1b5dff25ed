import "server-only";
import type { Actor } from "../actor";
import { Prisma } from "@/lib/generated/sqlite/client";
import { db, dbDialect } from "../db";
import { AppError, prismaCode } from "../errors";
import { requireProject } from "../projects/access";
import { currentRound } from "../rounds/codebook";
import { markProjectStale } from "./write";

export type PullResult = { articleId: string | null; reservedUntil: Date | null };

/** Candidates read per attempt; a burst of concurrent pulls contends on the first few. */
const CANDIDATES = 25;
const MAX_ATTEMPTS = 50;

/**
 * Pull mode: the annotator takes the next article that still has fewer than k annotators, reserved for
 * the project's reservation time (marking it done makes it theirs for good; a lapsed reservation is
 * released to the next puller). At most k per article holds under any concurrency, on both databases,
 * because an assignment occupies one of the article's slots 0..k-1 and (round, article, slot) is unique:
 * of two pullers racing for the same slot, the database lets exactly one insert.
 */
export async function pullNext(actor: Actor, { projectId }: { projectId: string }): Promise<PullResult> {
  await requireProject(actor, projectId, "annotate");
  const project = await db.project.findUniqueOrThrow({
    where: { id: projectId },
    select: { assignmentMode: true, overlapK: true, reservationMinutes: true, locked: true },
  });
  if (project.assignmentMode !== "pull")
    throw new AppError(
      "CONFLICT",
      "This project does not hand out articles on request (its assignment mode is not pull).",
    );
  if (project.locked) throw new AppError("LOCKED", "This project is locked; annotations can no longer change.");
  const round = await currentRound(projectId);
  if (!round) return { articleId: null, reservedUntil: null };
  const now = new Date();
  const held = await db.assignment.findFirst({
    where: { roundId: round.id, userId: actor.id, status: "reserved", reservedUntil: { gt: now } },
    orderBy: { createdAt: "asc" },
    select: { articleId: true, reservedUntil: true },
  });
  if (held) return held;
  const lapsed = await db.assignment.deleteMany({
    where: { roundId: round.id, status: "reserved", reservedUntil: { lte: now } },
  });
  if (lapsed.count > 0) await db.$transaction((tx) => markProjectStale(tx, projectId));

  const reservedUntil = new Date(now.getTime() + project.reservationMinutes * 60_000);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const candidates = await openArticles(projectId, round.id, actor.id, project.overlapK);
    if (candidates.length === 0) return { articleId: null, reservedUntil: null };
    for (const c of candidates) {
      for (let slot = 0; slot < project.overlapK; slot++) {
        if (c.slots.has(slot)) continue;
        try {
          await db.$transaction([
            db.assignment.create({
              data: {
                projectId,
                roundId: round.id,
                articleId: c.id,
                userId: actor.id,
                slot,
                status: "reserved",
                reservedUntil,
              },
              select: { id: true },
            }),
            db.project.update({
              where: { id: projectId },
              data: { annotationRevision: { increment: 1 } },
              select: { id: true },
            }),
            db.$executeRaw`UPDATE "Article" SET "annotationRevision" = "annotationRevision" + 1 WHERE "id" = ${c.id}`,
          ]);
          return { articleId: c.id, reservedUntil };
        } catch (e) {
          if (prismaCode(e) !== "P2002") throw e;
          // Someone took this slot (or this user got the article in a parallel pull): try the next slot.
        }
      }
    }
  }
  throw new AppError("UNAVAILABLE", "Too many annotators are taking articles at once; please retry.");
}

/** Articles of the round that are not full and not already the user's, in corpus order, with their taken slots. */
async function openArticles(projectId: string, roundId: string, userId: string, k: number) {
  // One query for the open articles and their taken slots (a JSON array per article, at most k long):
  // a pull is a hot path when a whole crowd starts at once.
  const slotList =
    dbDialect() === "postgresql" ? Prisma.sql`json_agg(s."slot")::text` : Prisma.sql`json_group_array(s."slot")`;
  const rows = await db.$queryRaw<{ id: string; slots: string | null }[]>`
    SELECT a."id", (SELECT ${slotList} FROM "Assignment" s WHERE s."roundId" = ${roundId} AND s."articleId" = a."id") AS "slots"
    FROM "Article" a
    WHERE a."projectId" = ${projectId}
      AND NOT EXISTS (SELECT 1 FROM "Assignment" m WHERE m."roundId" = ${roundId} AND m."articleId" = a."id" AND m."userId" = ${userId})
      AND (SELECT COUNT(*) FROM "Assignment" c WHERE c."roundId" = ${roundId} AND c."articleId" = a."id") < ${k}
    ORDER BY a."position", a."id"
    LIMIT ${CANDIDATES}`;
  return rows.map((r) => ({
    id: r.id,
    slots: new Set(
      ((JSON.parse(r.slots ?? "[]") as (number | null)[] | null) ?? []).filter((x) => x !== null).map(Number),
    ),
  }));
}
