import "server-only";
import type { Actor } from "../actor";
import { can, requireArticle } from "../projects/access";
import { db } from "../db";
import { AppError } from "../errors";

const articleSelect = {
  id: true,
  title: true,
  source: true,
  text: true,
  projectId: true,
  adjudicatedAt: true,
  adjudicatedById: true,
  comparisonOpenedAt: true,
  project: { select: { id: true, name: true, revealed: true, reviewersMayCompare: true, locked: true } },
} as const;

async function loadArticle(articleId: string) {
  const article = await db.article.findUnique({ where: { id: articleId }, select: articleSelect });
  if (!article)
    throw new AppError("NOT_FOUND", "articleId: no such article", [{ field: "articleId", message: "no such article" }]);
  return article;
}

/**
 * Blind mode on the server: a reviewer sees the others' spans only once the admin revealed the
 * project or adjudicated the article, and only if the project lets reviewers compare.
 */
export function reviewerMayCompare(article: {
  adjudicatedAt: Date | null;
  project: { revealed: boolean; reviewersMayCompare: boolean };
}): boolean {
  return article.project.reviewersMayCompare && (article.project.revealed || article.adjudicatedAt !== null);
}

/**
 * The article for reading the comparison: the project's curators and managers (and the admin) always;
 * its annotators per `reviewerMayCompare`. `curates` says which; `anonymise` whether names become R1, R2…
 */
export async function comparableArticle(actor: Actor, articleId: string) {
  const access = await requireArticle(actor, articleId, "view");
  const article = await loadArticle(articleId);
  const curates = can(access.role, "curate");
  if (!curates && !reviewerMayCompare(article)) {
    throw new AppError("FORBIDDEN", "The comparison of reviewers stays hidden until the admin reveals it.");
  }
  return { ...article, curates, anonymise: access.role === "curator" && access.anonymise };
}

/** The article for changing its gold layer: its project's curators, and not while it is marked adjudicated. */
export async function adjudicableArticle(actor: Actor, articleId: string) {
  await requireArticle(actor, articleId, "curate");
  const article = await loadArticle(articleId);
  if (article.adjudicatedAt)
    throw new AppError("LOCKED", "This article is marked adjudicated; reopen it to change its gold spans.");
  return article;
}
