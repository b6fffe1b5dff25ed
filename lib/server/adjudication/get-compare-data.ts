import "server-only";
import { type Candidate, type Decision, candidateKey } from "@/lib/domain/adjudication";
import type { Actor } from "../actor";
import { db } from "../db";
import { comparableArticle } from "./access";
import { type GoldSpanDto, toGoldDto } from "./dto";
import { loadAdjudicationState } from "./state";

export type CompareRater = { id: string; name: string; status: string };
export type CompareLabel = { id: string; name: string; colour: string; group: string; archived: boolean };
export type CompareSpan = { id: string; raterId: string; labelId: string; start: number; end: number; quote: string; note: string };
export type CompareCandidate = Candidate & { decision: Decision; goldId: string | null };

export type CompareData = {
  article: { id: string; title: string; source: string; text: string; projectId: string; adjudicatedAt: Date | null; adjudicatedBy: string | null };
  project: { id: string; name: string; revealed: boolean; reviewersMayCompare: boolean };
  labels: CompareLabel[];
  /** Everyone who annotated the article or opened it (has a status): n of "k of n". */
  raters: CompareRater[];
  spans: CompareSpan[];
  candidates: CompareCandidate[];
  gold: GoldSpanDto[];
  /** Admins may change the gold layer (while the article is not marked adjudicated); reviewers only read. */
  canAdjudicate: boolean;
};

/** Everything the compare view shows for one article. Admins always; reviewers only once revealed (see access.ts). */
export async function getCompareData(actor: Actor, articleId: string): Promise<CompareData> {
  const article = await comparableArticle(actor, articleId);
  const [labels, state] = await Promise.all([
    db.label.findMany({
      where: { projectId: article.projectId },
      orderBy: [{ group: { order: "asc" } }, { order: "asc" }],
      select: { id: true, name: true, colour: true, archivedAt: true, group: { select: { name: true } } },
    }),
    loadAdjudicationState(db, articleId),
  ]);
  const { annotations, statuses, candidates, decisions } = state;
  const raterIds = new Set(state.raterIds);
  const lookupIds = new Set([...raterIds, ...(article.adjudicatedById ? [article.adjudicatedById] : [])]);
  const users = await db.user.findMany({ where: { id: { in: [...lookupIds] } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true } });
  const statusOf = new Map(statuses.map((s) => [s.userId, s.status]));
  // Anonymised curators see R1, R2… in a stable order (account creation), as in pseudonymised exports.
  const raters = users
    .filter((u) => raterIds.has(u.id))
    .map((u, i) => ({ id: u.id, name: article.anonymise ? `R${i + 1}` : u.name, status: statusOf.get(u.id) ?? "in_progress" }));
  const gold = state.gold.map(toGoldDto);
  const goldIds = new Map(gold.map((g) => [candidateKey(g.labelId, g.start, g.end), g.id]));

  return {
    article: {
      id: article.id,
      title: article.title,
      source: article.source,
      text: article.text,
      projectId: article.projectId,
      adjudicatedAt: article.adjudicatedAt,
      adjudicatedBy: users.find((u) => u.id === article.adjudicatedById)?.name ?? null,
    },
    project: { id: article.project.id, name: article.project.name, revealed: article.project.revealed, reviewersMayCompare: article.project.reviewersMayCompare },
    labels: labels.map((l) => ({ id: l.id, name: l.name, colour: l.colour, group: l.group.name, archived: l.archivedAt !== null })),
    raters,
    spans: annotations.map((a) => ({ id: a.id, raterId: a.userId, labelId: a.labelId, start: a.start, end: a.end, quote: a.quote, note: a.note })),
    candidates: candidates.map((c) => ({ ...c, decision: decisions.get(c.key) ?? "open", goldId: goldIds.get(c.key) ?? null })),
    gold,
    canAdjudicate: article.curates && article.adjudicatedAt === null,
  };
}
