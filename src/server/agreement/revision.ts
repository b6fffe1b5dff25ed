import "server-only";
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
  return client.project.update({ where: { id: projectId }, data: { annotationRevision: { increment: 1 } }, select: { annotationRevision: true } });
}
