import "server-only";
import type { ActivityDto, TActivityReport } from "@/lib/schemas/activity";
import { MAX_ACTIVE_MS } from "@/lib/schemas/limits";
import type { Actor } from "../actor";
import { db } from "../db";
import { requireArticle } from "../projects/access";

/**
 * Adds a report of active time to the actor's total on the article (its annotators only). Writes only
 * ArticleActivity: opening an article and moving the mouse must not create a status row, which would
 * make the annotator a rater of it. The total stops at MAX_ACTIVE_MS, which with one report's bound
 * keeps the sum inside the column's 32-bit integer.
 */
export async function recordActivity(actor: Actor, input: TActivityReport): Promise<ActivityDto> {
  await requireArticle(actor, input.articleId, "annotate");
  const where = { articleId_userId: { articleId: input.articleId, userId: actor.id } };
  const now = new Date();
  let row = await db.articleActivity.upsert({
    where,
    create: { articleId: input.articleId, userId: actor.id, activeMs: input.ms, lastActiveAt: now },
    update: { activeMs: { increment: input.ms }, lastActiveAt: now },
    select: { activeMs: true, lastActiveAt: true },
  });
  if (row.activeMs > MAX_ACTIVE_MS)
    row = await db.articleActivity.update({
      where,
      data: { activeMs: MAX_ACTIVE_MS },
      select: { activeMs: true, lastActiveAt: true },
    });
  return { activeMs: row.activeMs, lastActiveAt: row.lastActiveAt.toISOString() };
}
