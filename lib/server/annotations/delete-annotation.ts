import "server-only";
import type { TDeleteAnnotation } from "@/lib/schemas/annotation";
import type { Actor } from "../actor";
import { bumpAnnotationRevision, bumpArticleRevisions } from "../agreement/revision";
import { db } from "../db";
import { AppError } from "../errors";
import { type AnnotationDto, annotationSelect } from "./dto";
import { annotatableArticle } from "./guards";

/** Deletes one's own span and returns it, so the client can offer undo by re-creating it. */
export async function deleteAnnotation(actor: Actor, input: TDeleteAnnotation): Promise<AnnotationDto> {
  const existing = await db.annotation.findFirst({
    where: { id: input.id, userId: actor.id },
    select: annotationSelect,
  });
  if (!existing)
    throw new AppError("NOT_FOUND", "id: no such span of yours", [{ field: "id", message: "no such span of yours" }]);
  const article = await annotatableArticle(actor, existing.articleId);
  const [{ count }] = await db.$transaction([
    db.annotation.deleteMany({ where: { id: input.id, userId: actor.id } }),
    bumpAnnotationRevision(article.projectId),
    bumpArticleRevisions([existing.articleId]),
  ]);
  if (count === 0)
    throw new AppError("NOT_FOUND", "id: the span was already deleted", [{ field: "id", message: "already deleted" }]);
  return existing;
}
