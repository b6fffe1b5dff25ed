import "server-only";
import { type ArticleQuestion, parseOptions, type TQuestionKind } from "@/lib/schemas/question";
import type { Actor } from "../actor";
import { db } from "../db";
import { requireArticle } from "../projects/access";
import { AppError } from "../errors";
import { questionSelect } from "./question-select";
import { framingLabels } from "./framing-labels";

/** The active questions of the article's project, with only the actor's own answers. */
export async function getArticleQuestions(
  actor: Actor,
  articleId: string,
): Promise<{ locked: boolean; questions: ArticleQuestion[] }> {
  const article = await db.article.findUnique({
    where: { id: articleId },
    select: { projectId: true, project: { select: { locked: true } } },
  });
  if (!article) throw new AppError("NOT_FOUND", "No such article.");
  await requireArticle(actor, articleId, "view");
  const questions = await db.question.findMany({
    where: { projectId: article.projectId, archivedAt: null },
    orderBy: { order: "asc" },
    select: {
      ...questionSelect,
      answers: { where: { articleId, userId: actor.id }, select: { value: true } },
    },
  });
  const frames = questions.some((q) => q.kind === "frame") ? await framingLabels(article.projectId) : [];
  return {
    locked: article.project.locked,
    questions: questions.map((q) => ({
      id: q.id,
      prompt: q.prompt,
      kind: q.kind as TQuestionKind,
      choices:
        q.kind === "frame"
          ? frames.map((l) => ({ value: l.id, label: l.name }))
          : parseOptions(q.options).map((o) => ({ value: o, label: o })),
      answer: q.answers[0]?.value ?? null,
    })),
  };
}
