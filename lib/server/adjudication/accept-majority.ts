import "server-only";
import { selectForAcceptance } from "@/lib/domain/adjudication";
import { OffsetIndex } from "@/lib/domain/offsets";
import type { TAcceptMajority } from "@/lib/schemas/adjudication";
import type { Actor } from "../actor";
import { db } from "../db";
import { prismaCode } from "../errors";
import { adjudicableArticle } from "./access";
import { loadAdjudicationState } from "./state";

/**
 * Accepts, in one transaction, every open candidate that at least `minSupport` reviewers marked
 * exactly. Gold and rejected candidates are left alone, so running it again adds nothing.
 */
export async function acceptMajority(
  actor: Actor,
  input: TAcceptMajority,
): Promise<{ accepted: number; raters: number }> {
  const article = await adjudicableArticle(actor, input.articleId);
  const index = new OffsetIndex(article.text);
  const run = () =>
    db.$transaction(async (tx) => {
      const state = await loadAdjudicationState(tx, article.id);
      const chosen = selectForAcceptance(state.candidates, input.minSupport, state.decisions);
      const authorOf = new Map(state.annotations.map((a) => [a.id, a.userId]));
      for (const c of chosen) {
        const sourceUsers = new Set(c.spanIds.map((id) => authorOf.get(id)!));
        await tx.goldSpan.create({
          data: {
            articleId: article.id,
            labelId: c.label,
            start: c.start,
            end: c.end,
            quote: index.slice(c.start, c.end),
            sourceAnnotationIds: JSON.stringify(c.spanIds),
            sourceUserIds: JSON.stringify([...sourceUsers].sort()),
            decidedById: actor.id,
          },
        });
      }
      return { accepted: chosen.length, raters: state.raterIds.length };
    });
  try {
    return await run();
  } catch (e) {
    // A concurrent accept created one of these first: this whole batch rolled back; the retry skips it.
    if (prismaCode(e) === "P2002") return run();
    throw e;
  }
}
