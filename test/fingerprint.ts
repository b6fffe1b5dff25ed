// A snapshot of every table a user action can change, to assert "nothing changed".
import { db } from "@/lib/server/db";

export async function fingerprint(): Promise<string> {
  const byId = { orderBy: { id: "asc" as const } };
  const [
    users,
    accounts,
    sessions,
    projects,
    articles,
    groups,
    labels,
    annotations,
    statuses,
    gold,
    questions,
    answers,
    rejected,
    activity,
  ] = await Promise.all([
    db.user.findMany(byId),
    db.account.findMany({ ...byId, select: { id: true, userId: true, password: true } }),
    db.session.findMany({ ...byId, select: { id: true, userId: true } }),
    db.project.findMany(byId),
    db.article.findMany({
      ...byId,
      select: {
        id: true,
        projectId: true,
        title: true,
        textHash: true,
        position: true,
        adjudicatedAt: true,
        adjudicatedById: true,
      },
    }),
    db.labelGroup.findMany(byId),
    db.label.findMany(byId),
    db.annotation.findMany(byId),
    db.articleStatus.findMany({ orderBy: [{ articleId: "asc" }, { userId: "asc" }] }),
    db.goldSpan.findMany(byId),
    db.question.findMany(byId),
    db.answer.findMany(byId),
    db.rejectedCandidate.findMany(byId),
    db.articleActivity.findMany({ orderBy: [{ articleId: "asc" }, { userId: "asc" }] }),
  ]);
  return JSON.stringify({
    users,
    accounts,
    sessions,
    projects,
    articles,
    groups,
    labels,
    annotations,
    statuses,
    gold,
    questions,
    answers,
    rejected,
    activity,
  });
}
