import "server-only";
import { validateSpan } from "@/lib/domain/offsets";
import type { TUpdateAnnotation } from "@/lib/schemas/annotation";
import type { Actor } from "../actor";
import { bumpAnnotationRevision, bumpArticleRevisions } from "../agreement/revision";
import { db } from "../db";
import { AppError, fromPrisma, invalid } from "../errors";
import { type AnnotationDto, annotationSelect } from "./dto";
import { annotatableArticle, assertNoteQuota, noteBytes, projectNoteBytes, usableLabel } from "./guards";

/**
 * Changes the label, note or edges (start, end and the quote they cover) of one's own span. Concurrent edits use optimistic
 * concurrency: a stale `version` gets a CONFLICT instead of silently overwriting.
 */
export async function updateAnnotation(actor: Actor, input: TUpdateAnnotation): Promise<AnnotationDto> {
  // Scoped to the actor: another reviewer's span is indistinguishable from a missing one.
  const existing = await db.annotation.findFirst({
    where: { id: input.id, userId: actor.id },
    select: { articleId: true, version: true },
  });
  if (!existing)
    throw new AppError("NOT_FOUND", "id: no such span of yours", [{ field: "id", message: "no such span of yours" }]);
  const article = await annotatableArticle(actor, existing.articleId);
  if (input.labelId !== undefined) await usableLabel(input.labelId, article.projectId);
  const edges =
    input.start !== undefined && input.end !== undefined && input.quote !== undefined
      ? { start: input.start, end: input.end, quote: input.quote }
      : {};
  if (edges.start !== undefined) {
    const check = validateSpan(article.text, edges);
    if (!check.ok) throw invalid(check.field, check.reason);
  }
  if (noteBytes(input.note) > 0)
    assertNoteQuota(await projectNoteBytes(actor.id, article.projectId, input.id), noteBytes(input.note));

  const expected = input.version ?? existing.version;
  try {
    const [{ count }] = await db.$transaction([
      db.annotation.updateMany({
        where: { id: input.id, userId: actor.id, version: expected },
        data: { labelId: input.labelId, note: input.note, ...edges, version: { increment: 1 } },
      }),
      // A refused (stale) update bumps too: a spurious cache miss, never a stale figure.
      bumpAnnotationRevision(article.projectId),
      bumpArticleRevisions([existing.articleId]),
    ]);
    if (count === 0)
      throw new AppError("CONFLICT", "This span was changed in another window; reload to see the latest version.", [
        { field: "version", message: "stale version" },
      ]);
  } catch (e) {
    throw fromPrisma(e, {
      P2002: new AppError("CONFLICT", "You already have that label on exactly this text.", [
        { field: "labelId", message: "duplicate span" },
      ]),
    });
  }
  return db.annotation.findUniqueOrThrow({ where: { id: input.id }, select: annotationSelect });
}
