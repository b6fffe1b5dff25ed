import "server-only";
import { validateSpan } from "@/lib/domain/offsets";
import type { TCreateAnnotation } from "@/lib/schemas/annotation";
import type { Actor } from "../actor";
import { bumpAnnotationRevision, bumpArticleRevisions } from "../agreement/revision";
import { db } from "../db";
import { AppError, fromPrisma, invalid } from "../errors";
import { type AnnotationDto, annotationSelect } from "./dto";
import { assertQuota, createContext } from "./guards";

export async function createAnnotation(actor: Actor, input: TCreateAnnotation): Promise<AnnotationDto> {
  const context = await createContext(actor, input.articleId, input.labelId);
  const { article, own } = context;
  const check = validateSpan(article.text, { start: input.start, end: input.end, quote: input.quote });
  if (!check.ok) throw invalid(check.field, check.reason);
  assertQuota(context, input.note);

  try {
    const create = db.annotation.create({
      data: {
        articleId: article.id,
        userId: actor.id,
        labelId: input.labelId,
        start: input.start,
        end: input.end,
        quote: input.quote,
        note: input.note ?? "",
        codebookVersion: context.codebookVersion,
      },
      select: annotationSelect,
    });
    // Spans already there mean the status row exists (their first one created it): skip the upsert.
    // The revision bump always goes with the write, so the agreement cache can never miss a span.
    if (own > 0)
      return (
        await db.$transaction([create, bumpAnnotationRevision(article.projectId), bumpArticleRevisions([article.id])])
      )[0];
    const [created] = await db.$transaction([
      create,
      // The first span moves the article to "in progress"; a "done" article stays done.
      db.articleStatus.upsert({
        where: { articleId_userId: { articleId: article.id, userId: actor.id } },
        create: { articleId: article.id, userId: actor.id, status: "in_progress" },
        update: {},
      }),
      bumpAnnotationRevision(article.projectId),
      bumpArticleRevisions([article.id]),
    ]);
    return created;
  } catch (e) {
    throw fromPrisma(e, {
      P2002: new AppError("CONFLICT", "You already applied this label to exactly this text.", [
        { field: "start", message: "duplicate span" },
      ]),
    });
  }
}
