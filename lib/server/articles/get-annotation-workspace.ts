import "server-only";
import type { TArticleStatus } from "@/lib/schemas/annotation";
import type { AnnotationWorkspace } from "@/lib/schemas/article";
import type { Actor } from "../actor";
import { reviewerMayCompare } from "../adjudication/access";
import { FROZEN_MESSAGE } from "../annotations/guards";
import { db } from "../db";
import { AppError } from "../errors";
import { articlesOf, can, requireArticle } from "../projects/access";
import { labelOrder, labelSelect } from "../taxonomy/label-select";
import { articleMetaSelect } from "./article-row";

export async function getAnnotationWorkspace(actor: Actor, articleId: string): Promise<AnnotationWorkspace> {
  // An annotator opening an article not assigned to them gets 403; curators and managers may read any.
  const access = await requireArticle(actor, articleId, "view");
  const mine = articlesOf(actor, access);
  const article = await db.article.findUnique({
    where: { id: articleId },
    select: {
      id: true,
      ...articleMetaSelect,
      text: true,
      projectId: true,
      position: true,
      adjudicatedAt: true,
      project: {
        select: { id: true, name: true, locked: true, guidelines: true, revealed: true, reviewersMayCompare: true },
      },
    },
  });
  if (!article) throw new AppError("NOT_FOUND", "No such article.");
  const [labels, annotations, status, previous, next] = await Promise.all([
    db.label.findMany({
      where: { projectId: article.projectId },
      orderBy: labelOrder,
      select: { ...labelSelect, group: { select: { name: true } } },
    }),
    db.annotation.findMany({
      where: { articleId, userId: actor.id },
      orderBy: [{ start: "asc" }, { end: "desc" }],
      // What the workbench shows; the quote it slices from the text (10,000 spans: a fifth less to read).
      select: { id: true, labelId: true, start: true, end: true, note: true, version: true },
    }),
    db.articleStatus.findUnique({
      where: { articleId_userId: { articleId, userId: actor.id } },
      select: { status: true },
    }),
    db.article.findFirst({
      where: { projectId: article.projectId, position: { lt: article.position }, ...mine },
      orderBy: { position: "desc" },
      select: { id: true },
    }),
    db.article.findFirst({
      where: { projectId: article.projectId, position: { gt: article.position }, ...mine },
      orderBy: { position: "asc" },
      select: { id: true },
    }),
  ]);
  const {
    project: { revealed, reviewersMayCompare, ...project },
    position: _position,
    adjudicatedAt,
    ...rest
  } = article;
  return {
    article: rest,
    project,
    labels: labels.map(({ archivedAt, group, ...l }) => ({ ...l, archived: archivedAt !== null, group: group.name })),
    annotations,
    status: (status?.status as TArticleStatus | undefined) ?? "not_started",
    neighbours: { previousId: previous?.id ?? null, nextId: next?.id ?? null },
    mayCompare:
      can(access.role, "curate") || reviewerMayCompare({ adjudicatedAt, project: { revealed, reviewersMayCompare } }),
    // The same rule the writes enforce (annotations/guards.ts assertNotFrozen).
    frozen:
      actor.role !== "admin" && reviewerMayCompare({ adjudicatedAt, project: { revealed, reviewersMayCompare } })
        ? FROZEN_MESSAGE
        : null,
  };
}
