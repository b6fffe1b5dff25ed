import "server-only";
import type { TGoldSpanId } from "@/lib/schemas/adjudication";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { adjudicableArticle } from "./access";

/** Removes a span from the gold layer (the candidate becomes open again). */
export async function deleteGoldSpan(actor: Actor, input: TGoldSpanId): Promise<{ id: string }> {
  const existing = await db.goldSpan.findUnique({ where: { id: input.id }, select: { articleId: true } });
  if (!existing)
    throw new AppError("NOT_FOUND", "id: no such gold span", [{ field: "id", message: "no such gold span" }]);
  await adjudicableArticle(actor, existing.articleId);
  const { count } = await db.goldSpan.deleteMany({ where: { id: input.id } });
  if (count === 0)
    throw new AppError("NOT_FOUND", "id: the gold span was already deleted", [
      { field: "id", message: "already deleted" },
    ]);
  return { id: input.id };
}
