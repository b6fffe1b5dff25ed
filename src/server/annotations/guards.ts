import "server-only";
import { db } from "../db";
import { AppError, invalid } from "../errors";

/** Loads what an annotation write needs to know about its article, refusing locked projects. */
export async function writableArticle(articleId: string) {
  const article = await db.article.findUnique({
    where: { id: articleId },
    select: { id: true, text: true, length: true, projectId: true, project: { select: { locked: true } } },
  });
  if (!article) throw new AppError("NOT_FOUND", "articleId: no such article", [{ field: "articleId", message: "no such article" }]);
  if (article.project.locked) throw new AppError("LOCKED", "This project is locked; annotations can no longer change.");
  return article;
}

/** The label must belong to the article's project and be active. */
export async function usableLabel(labelId: string, projectId: string) {
  const label = await db.label.findUnique({ where: { id: labelId }, select: { id: true, projectId: true, archivedAt: true, name: true } });
  if (!label || label.projectId !== projectId) throw invalid("labelId", "is not a label of this article's project");
  if (label.archivedAt) throw invalid("labelId", `label "${label.name}" is archived and can no longer be applied`);
  return label;
}

export function isUniqueViolation(e: unknown): boolean {
  return typeof e === "object" && e !== null && (e as { code?: string }).code === "P2002";
}
