import "server-only";
import type { TCreateArticle } from "@/lib/schemas/article";
import type { Actor } from "../actor";
import { requireProject } from "../projects/access";
import { db } from "../db";
import { AppError } from "../errors";
import { articleRow, nextPosition } from "./article-row";

/** Normalises the text once (NFC, \n) and stores it with its hash; duplicates in a project are refused. */
export async function createArticle(actor: Actor, input: TCreateArticle) {
  await requireProject(actor, input.projectId, "manage");
  const row = articleRow(input.text);
  return db.$transaction(async (tx) => {
    const position = await nextPosition(tx, input.projectId);
    const duplicate = await tx.article.findFirst({
      where: { projectId: input.projectId, textHash: row.textHash },
      select: { title: true },
    });
    if (duplicate) {
      throw new AppError("CONFLICT", `text: the same text is already in this project as "${duplicate.title}"`, [
        { field: "text", message: "duplicate of an existing article" },
      ]);
    }
    return tx.article.create({
      data: {
        projectId: input.projectId,
        title: input.title,
        source: input.source ?? "",
        url: input.url,
        author: input.author ?? null,
        publishedAt: input.publishedAt,
        ...row,
        position,
      },
      select: { id: true, title: true, length: true, textHash: true },
    });
  });
}
