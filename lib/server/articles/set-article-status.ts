import "server-only";
import type { TSetArticleStatus } from "@/lib/schemas/annotation";
import { annotatableArticle } from "../annotations/guards";
import type { Actor } from "../actor";
import { bumpAnnotationRevision, bumpArticleRevisions } from "../agreement/revision";
import { routeIfDisagreed } from "../assignment/route-disagreement";
import { db } from "../db";

export async function setArticleStatus(actor: Actor, input: TSetArticleStatus) {
  const article = await annotatableArticle(actor, input.articleId);
  // The status decides who counts as a rater of the article, so it invalidates agreement figures too.
  const [status] = await db.$transaction([
    db.articleStatus.upsert({
      where: { articleId_userId: { articleId: input.articleId, userId: actor.id } },
      create: { articleId: input.articleId, userId: actor.id, status: input.status },
      update: { status: input.status },
      select: { articleId: true, status: true, updatedAt: true },
    }),
    bumpAnnotationRevision(article.projectId),
    bumpArticleRevisions([input.articleId]),
    // Pull mode: an article marked done is the annotator's for good, no longer a lapsing reservation.
    ...(input.status === "done"
      ? [
          db.assignment.updateMany({
            where: { articleId: input.articleId, userId: actor.id, status: "reserved" },
            data: { status: "assigned", reservedUntil: null },
          }),
        ]
      : []),
  ]);
  // Disagreement routing: the last "done" on an article may give it one more annotator.
  if (input.status === "done") await routeIfDisagreed(input.articleId);
  return status;
}
