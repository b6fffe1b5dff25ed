import "server-only";
import type { TDeleteAnnotation } from "@/lib/schemas/annotation";
import type { Actor } from "../actor";
import { bumpAnnotationRevision, bumpArticleRevisions } from "../agreement/revision";
import { db } from "../db";
import { AppError } from "../errors";
import { type AnnotationDto, annotationSelect } from "./dto";
import { annotatableArticle } from "./guards";

/**
 * Deletes one's own span and returns it, so the client can offer undo by re-creating it. With a `version`,
 * optimistic concurrency as in update: a span changed since (another window) is refused with CONFLICT.
 */
export async function deleteAnnotation(actor: Actor, input: TDeleteAnnotation): Promise<AnnotationDto> {
  const existing = await db.annotation.findFirst({
    where: { id: input.id, userId: actor.id },
    select: annotationSelect,
  });
  if (!existing)
    throw new AppError("NOT_FOUND", "id: no such span of yours", [{ field: "id", message: "no such span of yours" }]);
  const article = await annotatableArticle(actor, existing.articleId);
  if (input.version !== undefined && input.version !== existing.version) throw changedElsewhere();
  const [{ count }] = await db.$transaction([
    db.annotation.deleteMany({ where: { id: input.id, userId: actor.id, version: input.version } }),
    bumpAnnotationRevision(article.projectId),
    bumpArticleRevisions([existing.articleId]),
  ]);
  if (count === 0) {
    if (input.version !== undefined && (await db.annotation.count({ where: { id: input.id } })) > 0)
      throw changedElsewhere();
    throw new AppError("NOT_FOUND", "id: the span was already deleted", [{ field: "id", message: "already deleted" }]);
  }
  return existing;
}

const changedElsewhere = () =>
  new AppError("CONFLICT", "This span was changed in another window; reload to see the latest version.", [
    { field: "version", message: "stale version" },
  ]);
