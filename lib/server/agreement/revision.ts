import "server-only";
import { Prisma } from "@/lib/generated/sqlite/client";
import { db } from "../db";

/**
 * Bumps `Project.annotationRevision`. Every write that can change a project's agreement figures
 * (annotation create/update/delete, article status, article-level answers, annotation import)
 * includes this in the same transaction as the write, so the revision read back by any app
 * instance changes exactly when the data did — deletes included, which a count + max(updatedAt)
 * fingerprint cannot always see (a delete plus a create within one millisecond, or clock skew
 * between instances). The agreement cache is keyed by (projectId, revision).
 *
 * Returns a PrismaPromise, so it can go into `db.$transaction([...])`; inside an interactive
 * transaction pass its client as `client`.
 */
export function bumpAnnotationRevision(projectId: string, client: Pick<typeof db, "project"> = db) {
  return client.project.update({
    where: { id: projectId },
    data: { annotationRevision: { increment: 1 } },
    select: { annotationRevision: true },
  });
}

/**
 * Bumps `Article.annotationRevision` of the given articles: goes with {@link bumpAnnotationRevision}
 * in every write that changes an article's spans or "done" statuses (who its raters are), so the
 * agreement figures recompute only the articles whose revision moved. Raw SQL, so `Article.updatedAt`
 * (the article's own edits) is left alone. A PrismaPromise, for `db.$transaction([...])` too.
 */
export function bumpArticleRevisions(articleIds: readonly string[], client: Pick<typeof db, "$executeRaw"> = db) {
  if (articleIds.length === 0) return client.$executeRaw`SELECT 1 WHERE 1 = 0`;
  return client.$executeRaw`UPDATE "Article" SET "annotationRevision" = "annotationRevision" + 1 WHERE "id" IN (${Prisma.join(articleIds)})`;
}
