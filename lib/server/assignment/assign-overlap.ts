import "server-only";
import { balanceAssignment } from "@/lib/domain/assignment";
import type { TAssignOverlap } from "@/lib/schemas/project";
import type { Actor } from "../actor";
import { db } from "../db";
import { invalid } from "../errors";
import { requireProject } from "../projects/access";
import { currentRound, roundNamed } from "../rounds/codebook";
import { pairKey, startedPairs } from "./unstarted";
import { deleteAssignments, insertAssignments, projectAnnotators } from "./write";

export type AssignOverlapResult = {
  roundId: string;
  round: string;
  articles: number;
  annotators: number;
  k: number;
  seed: number;
  kept: number;
  assigned: number;
};

/**
 * Manager: fixed overlap k over the round's articles and the project's annotators, balanced and seeded
 * (lib/domain/assignment). Run again after adding articles or annotators, it extends the design: started
 * assignments stay where they are, unstarted ones are redistributed.
 */
export async function assignOverlap(actor: Actor, input: TAssignOverlap): Promise<AssignOverlapResult> {
  await requireProject(actor, input.projectId, "manage");
  const seed = input.seed ?? 0;
  return db.$transaction(
    async (tx) => {
      const round = input.round
        ? await roundNamed(tx, input.projectId, input.round)
        : await currentRound(input.projectId, tx);
      if (!round) throw invalid("round", "the project has no round");
      const [annotators, articles, existing, started] = await Promise.all([
        projectAnnotators(tx, input.projectId),
        tx.article.findMany({
          where: { projectId: input.projectId },
          orderBy: [{ position: "asc" }, { id: "asc" }],
          select: { id: true },
        }),
        tx.assignment.findMany({ where: { roundId: round.id }, select: { id: true, articleId: true, userId: true } }),
        startedPairs(input.projectId, tx),
      ]);
      if (articles.length > 0 && input.k > annotators.length)
        throw invalid("k", `is more than the project's ${annotators.length} annotator(s)`);
      const fixed = existing.filter((a) => started.has(pairKey(a.articleId, a.userId)));
      const fixedIds = new Set(fixed.map((a) => a.id));
      const design = balanceAssignment({
        articles: articles.map((a) => a.id),
        annotators: annotators.map((a) => a.id),
        k: input.k,
        seed,
        fixed: fixed.map((a) => ({ article: a.articleId, annotator: a.userId })),
      });
      await deleteAssignments(
        tx,
        existing.filter((a) => !fixedIds.has(a.id)).map((a) => a.id),
      );
      const assigned = await insertAssignments(
        tx,
        input.projectId,
        round.id,
        design.added.map((p) => ({ articleId: p.article, userId: p.annotator })),
      );
      await tx.project.update({
        where: { id: input.projectId },
        data: { assignmentMode: "overlap", overlapK: input.k, assignmentSeed: seed },
      });
      return {
        roundId: round.id,
        round: round.name,
        articles: articles.length,
        annotators: annotators.length,
        k: input.k,
        seed,
        kept: fixed.length,
        assigned,
      };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
