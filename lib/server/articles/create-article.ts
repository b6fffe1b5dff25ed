import "server-only";
import { createHash } from "node:crypto";
import { codePointLength, normaliseText } from "@/lib/domain/offsets";
import type { TCreateArticle } from "@/lib/schemas/article";
import { type Actor, assertAdmin } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";

export function textHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** Normalises the text once (NFC, \n) and stores it with its hash; duplicates in a project are refused. */
export async function createArticle(actor: Actor, input: TCreateArticle) {
  assertAdmin(actor);
  const project = await db.project.findUnique({ where: { id: input.projectId }, select: { id: true } });
  if (!project) throw new AppError("NOT_FOUND", "projectId: no such project", [{ field: "projectId", message: "no such project" }]);
  const text = normaliseText(input.text);
  const hash = textHash(text);
  const duplicate = await db.article.findFirst({ where: { projectId: input.projectId, textHash: hash }, select: { title: true } });
  if (duplicate) throw new AppError("CONFLICT", `text: the same text is already in this project as "${duplicate.title}"`, [{ field: "text", message: "duplicate of an existing article" }]);
  const last = await db.article.findFirst({ where: { projectId: input.projectId }, orderBy: { position: "desc" }, select: { position: true } });
  return db.article.create({
    data: {
      projectId: input.projectId,
      title: input.title,
      source: input.source ?? "",
      url: input.url,
      author: input.author ?? null,
      publishedAt: input.publishedAt,
      text,
      textHash: hash,
      length: codePointLength(text),
      position: (last?.position ?? -1) + 1,
    },
    select: { id: true, title: true, length: true, textHash: true },
  });
}
