import "server-only";
import { parseOptions, type TAnswerQuestion } from "@/lib/schemas/question";
import type { Actor } from "../actor";
import { bumpAnnotationRevision } from "../agreement/revision";
import { writableArticle } from "../annotations/guards";
import { db } from "../db";
import { invalid } from "../errors";
import { framingLabels } from "./framing-labels";

/** A reviewer answers (or, with `value: null`, clears) an article-level question for themselves. */
export async function answerQuestion(
  actor: Actor,
  { questionId, articleId, value }: TAnswerQuestion,
): Promise<{ questionId: string; articleId: string; value: string | null }> {
  const article = await writableArticle(actor, articleId);
  const question = await db.question.findUnique({
    where: { id: questionId },
    select: { projectId: true, kind: true, options: true, archivedAt: true },
  });
  if (!question || question.projectId !== article.projectId)
    throw invalid("questionId", "is not a question of this article's project");
  if (question.archivedAt) throw invalid("questionId", "this question is archived and can no longer be answered");
  if (value !== null) {
    const allowed =
      question.kind === "frame"
        ? (await framingLabels(article.projectId)).map((l) => l.id)
        : parseOptions(question.options);
    if (!allowed.includes(value)) throw invalid("value", "is not one of the question's choices");
  }
  const key = { questionId_articleId_userId: { questionId, articleId, userId: actor.id } };
  if (value === null) {
    await db.$transaction([
      db.answer.deleteMany({ where: { questionId, articleId, userId: actor.id } }),
      bumpAnnotationRevision(article.projectId),
    ]);
  } else {
    await db.$transaction([
      db.answer.upsert({
        where: key,
        create: { questionId, articleId, userId: actor.id, value },
        update: { value },
        select: { id: true },
      }),
      bumpAnnotationRevision(article.projectId),
    ]);
  }
  return { questionId, articleId, value };
}
