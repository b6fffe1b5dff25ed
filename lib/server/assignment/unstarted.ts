import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { db } from "../db";

type Client = Prisma.TransactionClient;

/** "articleId\u0000userId" of everyone who started an article of the project (has a status row for it). */
export async function startedPairs(projectId: string, client: Client = db, userId?: string): Promise<Set<string>> {
  const rows = await client.articleStatus.findMany({
    where: { article: { projectId }, ...(userId && { userId }) },
    select: { articleId: true, userId: true },
  });
  return new Set(rows.map((r) => pairKey(r.articleId, r.userId)));
}

export const pairKey = (articleId: string, userId: string) => `${articleId}\u0000${userId}`;

/**
 * Assignments whose annotator has not started the article (no status row: their first span or status
 * change writes one). Started work is never moved or released.
 */
export async function unstartedAssignments(projectId: string, userId?: string, client: Client = db, roundId?: string) {
  const [assignments, started] = await Promise.all([
    client.assignment.findMany({
      where: { projectId, ...(userId && { userId }), ...(roundId && { roundId }) },
      select: { id: true, articleId: true, userId: true, roundId: true },
    }),
    startedPairs(projectId, client, userId),
  ]);
  return assignments.filter((a) => !started.has(pairKey(a.articleId, a.userId)));
}
