import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { bumpAnnotationRevision, bumpArticleRevisions } from "../agreement/revision";

type Tx = Prisma.TransactionClient;

/** Rows per createMany: below both databases' bound-parameter limits (8 columns a row). */
const BATCH = 2_000;

export type NewAssignment = {
  articleId: string;
  userId: string;
  status?: "assigned" | "reserved";
  reservedUntil?: Date | null;
  /** Made by disagreement routing. */
  routed?: boolean;
};

/**
 * Inserts assignments of a round, each in the lowest slot its article has free (slots keep "at most k"
 * a unique index for pull mode), and marks those articles' agreement figures stale: an assignment
 * decides who an article's raters are.
 */
export async function insertAssignments(tx: Tx, projectId: string, roundId: string, rows: readonly NewAssignment[]) {
  const taken = new Map<string, Set<number>>();
  const articleIds = [...new Set(rows.map((r) => r.articleId))];
  for (let i = 0; i < articleIds.length; i += BATCH) {
    const existing = await tx.assignment.findMany({
      where: { roundId, articleId: { in: articleIds.slice(i, i + BATCH) } },
      select: { articleId: true, slot: true },
    });
    for (const e of existing)
      (taken.get(e.articleId) ?? taken.set(e.articleId, new Set()).get(e.articleId)!).add(e.slot);
  }
  const data = rows.map((r) => {
    const slots = taken.get(r.articleId) ?? taken.set(r.articleId, new Set()).get(r.articleId)!;
    let slot = 0;
    while (slots.has(slot)) slot++;
    slots.add(slot);
    return {
      projectId,
      roundId,
      articleId: r.articleId,
      userId: r.userId,
      slot,
      status: r.status ?? "assigned",
      reservedUntil: r.reservedUntil ?? null,
      routed: r.routed ?? false,
    };
  });
  for (let i = 0; i < data.length; i += BATCH) await tx.assignment.createMany({ data: data.slice(i, i + BATCH) });
  // Only the articles given annotators recompute: a pull of one article costs one article's figures.
  await bumpAnnotationRevision(projectId, tx);
  for (let i = 0; i < articleIds.length; i += BATCH) await bumpArticleRevisions(articleIds.slice(i, i + BATCH), tx);
  return data.length;
}

/** The whole project's agreement figures recompute (a bulk assignment can touch every article). */
export async function markProjectStale(tx: Tx, projectId: string) {
  await bumpAnnotationRevision(projectId, tx);
  await tx.$executeRaw`UPDATE "Article" SET "annotationRevision" = "annotationRevision" + 1 WHERE "projectId" = ${projectId}`;
}

/** Deletes assignments by id, in batches. */
export async function deleteAssignments(tx: Tx, ids: readonly string[]) {
  let count = 0;
  for (let i = 0; i < ids.length; i += BATCH)
    count += (await tx.assignment.deleteMany({ where: { id: { in: ids.slice(i, i + BATCH) } } })).count;
  return count;
}

/** The project's annotators (active accounts with the annotator role), oldest membership first. */
export async function projectAnnotators(tx: Tx, projectId: string) {
  const rows = await tx.projectMember.findMany({
    where: { projectId, role: "annotator", user: { active: true } },
    orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
    select: { userId: true, user: { select: { email: true } } },
  });
  return rows.map((r) => ({ id: r.userId, email: r.user.email }));
}
