import "server-only";
import { validateSpan } from "@/lib/domain/offsets";
import type { TDrawGoldSpan } from "@/lib/schemas/adjudication";
import type { Actor } from "../actor";
import { usableLabel } from "../annotations/guards";
import { db } from "../db";
import { AppError, fromPrisma, invalid } from "../errors";
import { adjudicableArticle } from "./access";
import { type GoldSpanDto, goldSelect, toGoldDto } from "./dto";

/**
 * Adds a span the adjudicator drew on the text to the gold layer. Checked like a reviewer's span
 * (active label of the project, quote equal to the stored text at [start, end)). When reviewers
 * marked exactly this text with this label, their spans are its provenance, as if the candidate had
 * been accepted (and a rejection of it is withdrawn); otherwise it has none ("drawn by the adjudicator").
 */
export async function drawGoldSpan(actor: Actor, input: TDrawGoldSpan): Promise<GoldSpanDto> {
  const article = await adjudicableArticle(actor, input.articleId);
  await usableLabel(input.labelId, article.projectId);
  const check = validateSpan(article.text, { start: input.start, end: input.end, quote: input.quote });
  if (!check.ok) throw invalid(check.field, check.reason);
  const identity = { articleId: article.id, labelId: input.labelId, start: input.start, end: input.end };
  try {
    const created = await db.$transaction(async (tx) => {
      const sources = await tx.annotation.findMany({
        where: identity,
        orderBy: { id: "asc" },
        select: { id: true, userId: true },
      });
      await tx.rejectedCandidate.deleteMany({ where: identity });
      return tx.goldSpan.create({
        data: {
          ...identity,
          quote: input.quote,
          note: input.note ?? "",
          sourceAnnotationIds: JSON.stringify(sources.map((s) => s.id)),
          sourceUserIds: JSON.stringify([...new Set(sources.map((s) => s.userId))].sort()),
          decidedById: actor.id,
        },
        select: goldSelect,
      });
    });
    return toGoldDto(created);
  } catch (e) {
    throw fromPrisma(e, {
      P2002: new AppError("CONFLICT", "start: a gold span with this label already covers exactly this text", [
        { field: "start", message: "duplicate gold span" },
      ]),
    });
  }
}
