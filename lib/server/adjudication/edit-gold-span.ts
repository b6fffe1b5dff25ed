import "server-only";
import { validateSpan } from "@/lib/domain/offsets";
import type { TEditGoldSpan } from "@/lib/schemas/adjudication";
import type { Actor } from "../actor";
import { usableLabel } from "../annotations/guards";
import { db } from "../db";
import { AppError, fromPrisma, invalid } from "../errors";
import { adjudicableArticle } from "./access";
import { type GoldSpanDto, goldSelect, toGoldDto } from "./dto";

/**
 * Changes a gold span's label, note or boundaries. New boundaries are checked like a reviewer's
 * span (the quote must be the stored text at [start, end)); a new label must be an active label of
 * the project. Provenance is kept (the span still came from those reviewers' spans) and the span is
 * marked edited; the candidate it came from stays decided (see `decisionsFor`).
 */
export async function editGoldSpan(actor: Actor, input: TEditGoldSpan): Promise<GoldSpanDto> {
  const existing = await db.goldSpan.findUnique({ where: { id: input.id }, select: { articleId: true } });
  if (!existing)
    throw new AppError("NOT_FOUND", "id: no such gold span", [{ field: "id", message: "no such gold span" }]);
  const article = await adjudicableArticle(actor, existing.articleId);
  if (input.labelId !== undefined) await usableLabel(input.labelId, article.projectId);
  if (input.start !== undefined && input.end !== undefined && input.quote !== undefined) {
    const check = validateSpan(article.text, { start: input.start, end: input.end, quote: input.quote });
    if (!check.ok) throw invalid(check.field, check.reason);
  }
  try {
    const updated = await db.goldSpan.update({
      where: { id: input.id },
      data: {
        labelId: input.labelId,
        start: input.start,
        end: input.end,
        quote: input.quote,
        note: input.note,
        decidedById: actor.id,
        editedAt: new Date(),
      },
      select: goldSelect,
    });
    return toGoldDto(updated);
  } catch (e) {
    throw fromPrisma(e, {
      P2002: new AppError("CONFLICT", "start: a gold span with this label already covers exactly this text", [
        { field: "start", message: "duplicate gold span" },
      ]),
      P2025: new AppError("NOT_FOUND", "id: the gold span was deleted meanwhile", [
        { field: "id", message: "no such gold span" },
      ]),
    });
  }
}
