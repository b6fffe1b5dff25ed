import "server-only";
import type { TCandidateRef } from "@/lib/schemas/adjudication";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { adjudicableArticle } from "./access";

/**
 * Decides that a candidate is not gold: removes a gold span with its identity, if any, and records
 * the rejection so "accept all" leaves it alone. Rejecting twice is a no-op.
 */
export async function rejectCandidate(actor: Actor, input: TCandidateRef): Promise<{ removedGold: number }> {
  const article = await adjudicableArticle(actor, input.articleId);
  const identity = { articleId: article.id, labelId: input.labelId, start: input.start, end: input.end };
  return db.$transaction(async (tx) => {
    const sources = await tx.annotation.count({ where: identity });
    if (sources === 0)
      throw new AppError("NOT_FOUND", "start: no reviewer marked this label on exactly this text", [
        { field: "start", message: "no reviewer span with this label and offsets" },
      ]);
    const { count } = await tx.goldSpan.deleteMany({ where: identity });
    await tx.rejectedCandidate.upsert({
      where: { articleId_labelId_start_end: identity },
      create: { ...identity, decidedById: actor.id },
      update: {},
    });
    return { removedGold: count };
  });
}
