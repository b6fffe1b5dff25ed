// A snapshot of every table a user action can change, to assert "nothing changed".
import { db } from "@/lib/server/db";

export async function fingerprint(): Promise<string> {
  const byId = { orderBy: { id: "asc" as const } };
  const byPair = { orderBy: [{ articleId: "asc" as const }, { userId: "asc" as const }] };
  // One entry a table, named as it appears in the snapshot (in this order).
  const tables: Record<string, () => Promise<unknown>> = {
    users: () => db.user.findMany(byId),
    accounts: () => db.account.findMany({ ...byId, select: { id: true, userId: true, password: true } }),
    sessions: () => db.session.findMany({ ...byId, select: { id: true, userId: true } }),
    projects: () => db.project.findMany(byId),
    articles: () =>
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
    groups: () => db.labelGroup.findMany(byId),
    labels: () => db.label.findMany(byId),
    annotations: () => db.annotation.findMany(byId),
    statuses: () => db.articleStatus.findMany(byPair),
    gold: () => db.goldSpan.findMany(byId),
    questions: () => db.question.findMany(byId),
    answers: () => db.answer.findMany(byId),
    rejected: () => db.rejectedCandidate.findMany(byId),
    activity: () => db.articleActivity.findMany(byPair),
  };
  const rows = await Promise.all(Object.entries(tables).map(async ([name, read]) => [name, await read()] as const));
  return JSON.stringify(Object.fromEntries(rows));
}
