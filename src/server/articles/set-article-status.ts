import "server-only";
import type { TSetArticleStatus } from "@/schemas/annotation";
import { writableArticle } from "../annotations/guards";
import type { Actor } from "../actor";
import { db } from "../db";

export async function setArticleStatus(actor: Actor, input: TSetArticleStatus) {
  await writableArticle(input.articleId);
  return db.articleStatus.upsert({
    where: { articleId_userId: { articleId: input.articleId, userId: actor.id } },
    create: { articleId: input.articleId, userId: actor.id, status: input.status },
    update: { status: input.status },
    select: { articleId: true, status: true, updatedAt: true },
  });
}
