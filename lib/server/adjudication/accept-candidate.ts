import "server-only";
import { sliceCodePoints } from "@/lib/domain/offsets";
import type { TCandidateRef } from "@/lib/schemas/adjudication";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError, prismaCode } from "../errors";
import { adjudicableArticle } from "./access";
import { type GoldSpanDto, goldSelect, toGoldDto } from "./dto";

const noSuchCandidate = () =>
  new AppError("NOT_FOUND", "start: no reviewer marked this label on exactly this text", [
    { field: "start", message: "no reviewer span with this label and offsets" },
  ]);

/**
 * Accepts a candidate into the gold layer, with the reviewer spans behind it as provenance (read
 * from the database, never from the request). Accepting a candidate that is already gold returns
 * that gold span unchanged; a previous rejection of it is withdrawn.
 */
export async function acceptCandidate(actor: Actor, input: TCandidateRef): Promise<GoldSpanDto> {
  const article = await adjudicableArticle(actor, input.articleId);
  const identity = { articleId: article.id, labelId: input.labelId, start: input.start, end: input.end };
  const run = () =>
    db.$transaction(async (tx) => {
      const existing = await tx.goldSpan.findUnique({
        where: { articleId_labelId_start_end: identity },
        select: goldSelect,
      });
      if (existing) return existing;
      const sources = await tx.annotation.findMany({
        where: identity,
        orderBy: { id: "asc" },
        select: { id: true, userId: true },
      });
      if (sources.length === 0) throw noSuchCandidate();
      await tx.rejectedCandidate.deleteMany({ where: identity });
      return tx.goldSpan.create({
        data: {
          ...identity,
          quote: sliceCodePoints(article.text, input.start, input.end),
          sourceAnnotationIds: JSON.stringify(sources.map((s) => s.id)),
          sourceUserIds: JSON.stringify([...new Set(sources.map((s) => s.userId))].sort()),
          decidedById: actor.id,
        },
        select: goldSelect,
      });
    });
  try {
    return toGoldDto(await run());
  } catch (e) {
    // A concurrent accept of the same candidate won the race: the second one is a no-op.
    if (prismaCode(e) === "P2002") return toGoldDto(await run());
    throw e;
  }
}
