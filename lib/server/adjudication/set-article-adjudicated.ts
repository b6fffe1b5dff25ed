import "server-only";
import type { TSetAdjudicated } from "@/lib/schemas/adjudication";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { requireArticle } from "../projects/access";
import { recordComparisonOpened } from "./comparison-opened";

/** Marks an article adjudicated (its gold layer is final and frozen) or reopens it. */
export async function setArticleAdjudicated(
  actor: Actor,
  input: TSetAdjudicated,
): Promise<{ adjudicatedAt: Date | null }> {
  await requireArticle(actor, input.articleId, "curate");
  const data = input.adjudicated
    ? { adjudicatedAt: new Date(), adjudicatedById: actor.id }
    : { adjudicatedAt: null, adjudicatedById: null };
  const { count } = await db.article.updateMany({ where: { id: input.articleId }, data });
  if (count === 0)
    throw new AppError("NOT_FOUND", "articleId: no such article", [{ field: "articleId", message: "no such article" }]);
  await recordComparisonOpened({ articleId: input.articleId });
  return { adjudicatedAt: data.adjudicatedAt };
}
