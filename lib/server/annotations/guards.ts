import "server-only";
import { db } from "../db";
import { AppError, invalid } from "../errors";

function assertWritable<T extends { project: { locked: boolean } }>(article: T | null): T {
  if (!article) throw new AppError("NOT_FOUND", "articleId: no such article", [{ field: "articleId", message: "no such article" }]);
  if (article.project.locked) throw new AppError("LOCKED", "This project is locked; annotations can no longer change.");
  return article;
}

function assertUsable<T extends { projectId: string; archivedAt: unknown; name: string }>(label: T | null, projectId: string): T {
  if (!label || label.projectId !== projectId) throw invalid("labelId", "is not a label of this article's project");
  if (label.archivedAt) throw invalid("labelId", `label "${label.name}" is archived and can no longer be applied`);
  return label;
}

/** Loads what an annotation write needs to know about its article, refusing locked projects. */
export async function writableArticle(articleId: string) {
  return assertWritable(
    await db.article.findUnique({
      where: { id: articleId },
      select: { id: true, text: true, length: true, projectId: true, project: { select: { locked: true } } },
    }),
  );
}

/** The label must belong to the article's project and be active. */
export async function usableLabel(labelId: string, projectId: string) {
  return assertUsable(await db.label.findUnique({ where: { id: labelId }, select: { id: true, projectId: true, archivedAt: true, name: true } }), projectId);
}

type CreateContextRow = {
  id: string;
  text: string;
  projectId: string;
  locked: unknown;
  labelProjectId: string | null;
  labelArchivedAt: unknown;
  labelName: string | null;
  own: unknown;
};

/**
 * What creating a span must check, in one query instead of three (span creation is the hot write path):
 * the article (refusing locked projects), the label (of the article's project, not archived), and how
 * many spans the user already has on the article. Same checks and errors as writableArticle + usableLabel.
 */
export async function createContext(articleId: string, labelId: string, userId: string) {
  const [row] = await db.$queryRaw<CreateContextRow[]>`
    SELECT a."id", a."text", a."projectId", p."locked",
           l."projectId" AS "labelProjectId", l."archivedAt" AS "labelArchivedAt", l."name" AS "labelName",
           (SELECT COUNT(*) FROM "Annotation" n WHERE n."articleId" = a."id" AND n."userId" = ${userId}) AS "own"
    FROM "Article" a
    JOIN "Project" p ON p."id" = a."projectId"
    LEFT JOIN "Label" l ON l."id" = ${labelId}
    WHERE a."id" = ${articleId}`;
  // SQLite hands booleans back as 0/1 and PostgreSQL counts as bigint: normalise both.
  const article = assertWritable(row ? { id: row.id, text: row.text, projectId: row.projectId, project: { locked: row.locked === true || Number(row.locked) === 1 } } : null);
  assertUsable(row!.labelProjectId === null ? null : { projectId: row!.labelProjectId, archivedAt: row!.labelArchivedAt, name: row!.labelName ?? "" }, article.projectId);
  return { article, own: Number(row!.own) };
}
