import "server-only";
import type { TArticleStatus } from "@/lib/schemas/annotation";
import { PROGRESS_PAGE_SIZE, type TArticleProgressQuery } from "@/lib/schemas/progress";
import type { TAssignmentMode } from "@/lib/schemas/project";
import type { Actor } from "../actor";
import { db } from "../db";
import { liveAssignment, requireProject } from "../projects/access";

export type ArticleAnnotatorProgress = {
  userId: string;
  name: string;
  email: string;
  /** false for someone who worked on the article without (any longer) being assigned to it. */
  assigned: boolean;
  status: TArticleStatus;
  activeMs: number;
  lastActiveAt: Date | null;
};

export type ArticleProgress = {
  id: string;
  title: string;
  position: number;
  annotators: ArticleAnnotatorProgress[];
};

export type ArticleProgressPage = {
  page: number;
  pages: number;
  pageSize: number;
  total: number;
  articles: ArticleProgress[];
};

/**
 * One slice of a project's articles (in position order) with, per article, its annotators (every annotator
 * member in "everyone" mode, else the live assignments) and anyone else who has a status on it, each with
 * their status and active time. Four bounded queries per slice, whatever the project's size.
 */
export async function articleProgressSlice(
  projectId: string,
  mode: TAssignmentMode,
  skip: number,
  take: number,
): Promise<ArticleProgress[]> {
  const articles = await db.article.findMany({
    where: { projectId },
    orderBy: [{ position: "asc" }, { id: "asc" }],
    skip,
    take,
    select: { id: true, title: true, position: true },
  });
  const ids = articles.map((a) => a.id);
  if (ids.length === 0) return [];
  const inSlice = { articleId: { in: ids } };
  const [members, assignments, statuses, activity] = await Promise.all([
    mode === "everyone"
      ? db.projectMember.findMany({
          where: { projectId, role: "annotator" },
          orderBy: [{ createdAt: "asc" }, { userId: "asc" }],
          select: { userId: true },
        })
      : Promise.resolve([]),
    mode === "everyone"
      ? Promise.resolve([])
      : db.assignment.findMany({
          where: { ...inSlice, ...liveAssignment() },
          orderBy: [{ slot: "asc" }, { createdAt: "asc" }],
          select: { articleId: true, userId: true },
        }),
    db.articleStatus.findMany({ where: inSlice, select: { articleId: true, userId: true, status: true } }),
    db.articleActivity.findMany({
      where: inSlice,
      select: { articleId: true, userId: true, activeMs: true, lastActiveAt: true },
    }),
  ]);
  const userIds = new Set([
    ...members.map((m) => m.userId),
    ...assignments.map((a) => a.userId),
    ...statuses.map((s) => s.userId),
  ]);
  const users = new Map(
    (
      await db.user.findMany({ where: { id: { in: [...userIds] } }, select: { id: true, name: true, email: true } })
    ).map((u) => [u.id, u]),
  );
  const key = (articleId: string, userId: string) => `${articleId}\u0000${userId}`;
  const statusOf = new Map(statuses.map((s) => [key(s.articleId, s.userId), s.status as TArticleStatus]));
  const activityOf = new Map(activity.map((a) => [key(a.articleId, a.userId), a]));
  const assignedTo = new Map<string, string[]>();
  for (const a of assignments) assignedTo.set(a.articleId, [...(assignedTo.get(a.articleId) ?? []), a.userId]);
  const statusHolders = new Map<string, string[]>();
  for (const s of statuses) statusHolders.set(s.articleId, [...(statusHolders.get(s.articleId) ?? []), s.userId]);

  return articles.map((article) => {
    const assigned = mode === "everyone" ? members.map((m) => m.userId) : (assignedTo.get(article.id) ?? []);
    const assignedSet = new Set(assigned);
    const others = (statusHolders.get(article.id) ?? []).filter((u) => !assignedSet.has(u)).sort();
    const annotators = [...new Set(assigned), ...others].flatMap((userId) => {
      const user = users.get(userId);
      if (!user) return [];
      const act = activityOf.get(key(article.id, userId));
      return [
        {
          userId,
          name: user.name,
          email: user.email,
          assigned: assignedSet.has(userId),
          status: statusOf.get(key(article.id, userId)) ?? "not_started",
          activeMs: act?.activeMs ?? 0,
          lastActiveAt: act?.lastActiveAt ?? null,
        },
      ];
    });
    return { ...article, annotators };
  });
}

/** Curators and managers: one page (PROGRESS_PAGE_SIZE articles) of the per-article progress. */
export async function getArticleProgress(actor: Actor, input: TArticleProgressQuery): Promise<ArticleProgressPage> {
  const access = await requireProject(actor, input.projectId, "curate");
  const total = await db.article.count({ where: { projectId: input.projectId } });
  const pages = Math.max(1, Math.ceil(total / PROGRESS_PAGE_SIZE));
  const page = Math.min(input.page, pages);
  const articles = await articleProgressSlice(
    input.projectId,
    access.mode,
    (page - 1) * PROGRESS_PAGE_SIZE,
    PROGRESS_PAGE_SIZE,
  );
  return { page, pages, pageSize: PROGRESS_PAGE_SIZE, total, articles };
}
