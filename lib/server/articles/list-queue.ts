import "server-only";
import type { TArticleStatus } from "@/lib/schemas/annotation";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { articlesOf, can, requireProject } from "../projects/access";

export type QueueItem = {
  id: string;
  title: string;
  source: string;
  length: number;
  status: TArticleStatus;
  spans: number;
};
export type Queue = {
  project: { id: string; name: string; locked: boolean };
  items: QueueItem[];
  progress: { done: number; inProgress: number; total: number };
  /** Pull mode: the annotator takes articles one at a time. */
  mayPull: boolean;
  /** Curators and managers also get the project's back-office page. */
  curates: boolean;
};

/**
 * The acting user's own queue: their status and span count per article, nobody else's. Annotators in an
 * assignment mode see only the articles assigned to them; curators and managers see the whole corpus.
 */
export async function listQueue(actor: Actor, projectId: string): Promise<Queue> {
  const access = await requireProject(actor, projectId, "view");
  const project = await db.project.findUnique({
    where: { id: projectId },
    select: { id: true, name: true, locked: true },
  });
  if (!project) throw new AppError("NOT_FOUND", "No such project.");
  const [articles, statuses, counts] = await Promise.all([
    db.article.findMany({
      where: { projectId, ...articlesOf(actor, access) },
      orderBy: { position: "asc" },
      select: { id: true, title: true, source: true, length: true },
    }),
    db.articleStatus.findMany({
      where: { userId: actor.id, article: { projectId } },
      select: { articleId: true, status: true },
    }),
    db.annotation.groupBy({
      by: ["articleId"],
      where: { userId: actor.id, article: { projectId } },
      _count: { _all: true },
    }),
  ]);
  const statusOf = new Map(statuses.map((s) => [s.articleId, s.status as TArticleStatus]));
  const spansOf = new Map(counts.map((c) => [c.articleId, c._count._all]));
  const items = articles.map((a) => ({
    ...a,
    status: statusOf.get(a.id) ?? "not_started",
    spans: spansOf.get(a.id) ?? 0,
  }));
  return {
    mayPull: access.mode === "pull" && can(access.role, "annotate"),
    curates: can(access.role, "curate"),
    project,
    items,
    progress: {
      done: items.filter((i) => i.status === "done").length,
      inProgress: items.filter((i) => i.status === "in_progress").length,
      total: items.length,
    },
  };
}
