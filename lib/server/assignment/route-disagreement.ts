import "server-only";
import { computeDocumentPartial, type Span } from "@/lib/domain/agreement/spans";
import { meanDefined, needsAnotherAnnotator, pickExtraAnnotator } from "@/lib/domain/assignment";
import { db } from "../db";
import { prismaCode } from "../errors";
import { liveAssignment } from "../projects/access";
import { insertAssignments, projectAnnotators } from "./write";

export type RoutingOutcome = { routed: false } | { routed: true; userId: string; agreement: number };

/**
 * Disagreement routing, run when an annotator marks an article done. In an assignment mode with routing
 * on (the manager's threshold), once every assigned annotator of the article is done and there are at
 * least k of them, the article's agreement among them — its unitizing alpha, or the mean pairwise overlap
 * F1 — is compared with the threshold; below it, the least loaded annotator not on the article gets it,
 * up to the manager's maximum. Costs one article's figures. Two concurrent "done"s cannot both add an
 * annotator past one: the new assignment takes the next slot, which the unique index lets one of them have.
 */
export async function routeIfDisagreed(articleId: string): Promise<RoutingOutcome> {
  const article = await db.article.findUnique({
    where: { id: articleId },
    select: {
      id: true,
      length: true,
      projectId: true,
      project: {
        select: { assignmentMode: true, overlapK: true, routeBelow: true, routeMetric: true, routeMax: true },
      },
    },
  });
  const p = article?.project;
  if (!article || !p || p.assignmentMode === "everyone" || p.routeBelow === null) return { routed: false };
  const assignments = await db.assignment.findMany({
    where: { articleId, status: "assigned" },
    orderBy: [{ round: { position: "desc" } }],
    select: { userId: true, roundId: true },
  });
  const onArticle = new Set(assignments.map((a) => a.userId));
  const done = await db.articleStatus.findMany({
    where: { articleId, status: "done", userId: { in: [...onArticle] } },
    select: { userId: true },
  });
  const rule = { below: p.routeBelow, max: p.routeMax, k: p.overlapK };
  // Cheap first: nothing is computed until every assigned annotator is done.
  if (!needsAnotherAnnotator(rule, { assigned: onArticle.size, done: done.length, agreement: -1 }))
    return { routed: false };

  const raters = done.map((d) => d.userId).sort();
  const spans = await db.annotation.findMany({
    where: { articleId, userId: { in: raters } },
    select: { userId: true, labelId: true, start: true, end: true },
  });
  const partial = computeDocumentPartial(
    articleId,
    spans.map((s): Span => ({ document: articleId, rater: s.userId, label: s.labelId, start: s.start, end: s.end })),
    { length: article.length, raters },
  );
  const agreement =
    p.routeMetric === "f1"
      ? meanDefined(partial.report.pairs.map((x) => x.overlapF1.f1))
      : partial.report.unitizingAlpha.value;
  if (!needsAnotherAnnotator(rule, { assigned: onArticle.size, done: done.length, agreement }))
    return { routed: false };

  try {
    return await db.$transaction(async (tx) => {
      const annotators = await projectAnnotators(tx, article.projectId);
      const loads = await tx.assignment.groupBy({
        by: ["userId"],
        where: { projectId: article.projectId, ...liveAssignment() },
        _count: { _all: true },
      });
      const loadOf = new Map(loads.map((l) => [l.userId, l._count._all]));
      const userId = pickExtraAnnotator(
        annotators.map((a) => ({ id: a.id, load: loadOf.get(a.id) ?? 0 })),
        onArticle,
      );
      if (!userId) return { routed: false } as const;
      await insertAssignments(tx, article.projectId, assignments[0]!.roundId, [{ articleId, userId, routed: true }]);
      return { routed: true, userId, agreement: agreement! } as const;
    });
  } catch (e) {
    // Another "done" routed this article at the same moment: its extra annotator stands.
    if (prismaCode(e) === "P2002") return { routed: false };
    throw e;
  }
}
