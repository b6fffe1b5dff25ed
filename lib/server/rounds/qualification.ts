import "server-only";
import {
  addTally,
  qualifies,
  scores,
  type Tally,
  type TrainingFeedback,
  trainingFeedback,
} from "@/lib/domain/assignment";
import { db } from "../db";

/** An annotator's spans and the gold of one article, as labelled spans. */
async function spansAndGold(articleId: string, userId: string) {
  const [mine, gold] = await Promise.all([
    db.annotation.findMany({ where: { articleId, userId }, select: { labelId: true, start: true, end: true } }),
    db.goldSpan.findMany({ where: { articleId }, select: { labelId: true, start: true, end: true } }),
  ]);
  const spans = (rows: typeof mine) => rows.map((r) => ({ label: r.labelId, start: r.start, end: r.end }));
  return { mine: spans(mine), gold: spans(gold) };
}

/**
 * Feedback for an annotator on a training article: their spans against its gold, per label. Only once
 * they marked it done (before, it would hand them the answers) and only for an article of a training
 * round they are assigned in that has gold. Null otherwise.
 */
export async function trainingFeedbackFor(articleId: string, userId: string): Promise<TrainingFeedback | null> {
  const [assignment, status, goldCount] = await Promise.all([
    db.assignment.findFirst({
      where: { articleId, userId, status: "assigned", round: { training: true } },
      select: { id: true },
    }),
    db.articleStatus.findUnique({ where: { articleId_userId: { articleId, userId } }, select: { status: true } }),
    db.goldSpan.count({ where: { articleId } }),
  ]);
  if (!assignment || status?.status !== "done" || goldCount === 0) return null;
  const { mine, gold } = await spansAndGold(articleId, userId);
  return trainingFeedback(mine, gold);
}

export type Qualification = {
  userId: string;
  articles: number;
  tally: Tally;
  f1: number | null;
  override: boolean | null;
  qualified: boolean;
};

/**
 * Each annotator's standing in a gated training round: micro F1 pooled over the round's articles they
 * marked done that have gold, the manager's override, and whether they qualify. Reads only the round's
 * articles (a training round is small by design).
 */
export async function roundQualifications(
  roundId: string,
  threshold: number,
  userIds?: readonly string[],
): Promise<Map<string, Qualification>> {
  const [assignments, overrides] = await Promise.all([
    db.assignment.findMany({
      where: { roundId, status: "assigned", ...(userIds && { userId: { in: [...userIds] } }) },
      select: { articleId: true, userId: true },
    }),
    db.roundQualification.findMany({
      where: { roundId, ...(userIds && { userId: { in: [...userIds] } }) },
      select: { userId: true, qualified: true },
    }),
  ]);
  const articleIds = [...new Set(assignments.map((a) => a.articleId))];
  const [done, gold, spans] = await Promise.all([
    db.articleStatus.findMany({
      where: { articleId: { in: articleIds }, status: "done" },
      select: { articleId: true, userId: true },
    }),
    db.goldSpan.findMany({
      where: { articleId: { in: articleIds } },
      select: { articleId: true, labelId: true, start: true, end: true },
    }),
    db.annotation.findMany({
      where: { articleId: { in: articleIds }, userId: { in: [...new Set(assignments.map((a) => a.userId))] } },
      select: { articleId: true, userId: true, labelId: true, start: true, end: true },
    }),
  ]);
  const isDone = new Set(done.map((d) => `${d.articleId}\u0000${d.userId}`));
  const goldOf = new Map<string, { label: string; start: number; end: number }[]>();
  for (const g of gold)
    (goldOf.get(g.articleId) ?? goldOf.set(g.articleId, []).get(g.articleId)!).push({
      label: g.labelId,
      start: g.start,
      end: g.end,
    });
  const spansOf = new Map<string, { label: string; start: number; end: number }[]>();
  for (const s of spans) {
    const k = `${s.articleId}\u0000${s.userId}`;
    (spansOf.get(k) ?? spansOf.set(k, []).get(k)!).push({ label: s.labelId, start: s.start, end: s.end });
  }
  const overrideOf = new Map(overrides.map((o) => [o.userId, o.qualified]));
  const out = new Map<string, Qualification>();
  const users = new Set([...assignments.map((a) => a.userId), ...overrides.map((o) => o.userId)]);
  for (const userId of users) {
    let tally: Tally = { matched: 0, missed: 0, extra: 0 };
    let articles = 0;
    for (const a of assignments) {
      const k = `${a.articleId}\u0000${a.userId}`;
      if (a.userId !== userId || !isDone.has(k) || !goldOf.has(a.articleId)) continue;
      articles++;
      tally = addTally(tally, trainingFeedback(spansOf.get(k) ?? [], goldOf.get(a.articleId)!));
    }
    const f1 = articles ? scores(tally).f1 : null;
    const override = overrideOf.get(userId) ?? null;
    out.set(userId, { userId, articles, tally, f1, override, qualified: qualifies(f1, threshold, override) });
  }
  return out;
}

/**
 * Whether an annotator may work on their assignments in a round: every earlier gated training round
 * (training, with a qualification threshold) of the project must be passed. One query when there is none.
 */
export async function passesGates(userId: string, projectId: string, roundPosition: number): Promise<boolean> {
  const gates = await db.round.findMany({
    where: { projectId, training: true, qualifyF1: { not: null }, position: { lt: roundPosition } },
    select: { id: true, qualifyF1: true },
  });
  for (const g of gates) {
    const q = (await roundQualifications(g.id, g.qualifyF1!, [userId])).get(userId);
    if (!q?.qualified) return false;
  }
  return true;
}
