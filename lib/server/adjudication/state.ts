import "server-only";
import { type Candidate, type Decision, decisionsFor, groupCandidates } from "@/lib/domain/adjudication";
import type { Db } from "../db";
import { goldSelect, toGoldDto } from "./dto";

type Reader = Pick<Db, "annotation" | "articleStatus" | "goldSpan" | "rejectedCandidate">;

/**
 * One article's reviewer spans, raters, gold layer and rejections, with the candidates and the
 * decision on each. Raters (n of "k of n") are everyone with a span or a status on the article, so
 * a reviewer who read it and marked nothing counts as disagreeing with every span.
 * Takes the client or a transaction (accept-majority decides on one snapshot); the reads run one
 * after another because a transaction has a single connection.
 */
export async function loadAdjudicationState(client: Reader, articleId: string) {
  const annotations = await client.annotation.findMany({
    where: { articleId },
    orderBy: [{ start: "asc" }, { end: "desc" }, { id: "asc" }],
    // No quote or note: they can be long, and the compare page reads the notes of the bars it draws only.
    select: { id: true, userId: true, labelId: true, start: true, end: true },
  });
  const statuses = await client.articleStatus.findMany({
    where: { articleId },
    select: { userId: true, status: true },
  });
  const gold = await client.goldSpan.findMany({
    where: { articleId },
    orderBy: [{ start: "asc" }, { end: "desc" }, { id: "asc" }],
    select: goldSelect,
  });
  const rejected = await client.rejectedCandidate.findMany({
    where: { articleId },
    select: { labelId: true, start: true, end: true },
  });
  const raterIds = [...new Set([...annotations.map((a) => a.userId), ...statuses.map((s) => s.userId)])];
  const candidates: Candidate[] = groupCandidates(
    annotations.map((a) => ({ id: a.id, rater: a.userId, label: a.labelId, start: a.start, end: a.end })),
    raterIds,
  );
  const decisions: Map<string, Decision> = decisionsFor(
    candidates,
    gold.map((g) => ({ label: g.labelId, start: g.start, end: g.end, sources: toGoldDto(g).sourceAnnotationIds })),
    rejected.map((r) => ({ label: r.labelId, start: r.start, end: r.end })),
  );
  return { annotations, statuses, gold, rejected, raterIds, candidates, decisions };
}
