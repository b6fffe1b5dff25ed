import "server-only";
import { db } from "../db";

/**
 * Records, once per article, the first moment its comparison was open to reviewers (see
 * `reviewerMayCompare`): spans they made or changed after it are marked in the compare view.
 * Called after every change of the switches that open it.
 */
export async function recordComparisonOpened(where: { projectId: string } | { articleId: string }): Promise<void> {
  await db.article.updateMany({
    where: {
      ...("projectId" in where ? { projectId: where.projectId } : { id: where.articleId }),
      comparisonOpenedAt: null,
      project: { reviewersMayCompare: true },
      OR: [{ project: { revealed: true } }, { adjudicatedAt: { not: null } }],
    },
    data: { comparisonOpenedAt: new Date() },
  });
}
