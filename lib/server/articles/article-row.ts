import "server-only";
import { createHash } from "node:crypto";
import { codePointLength, normaliseText } from "@/lib/domain/offsets";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { AppError } from "../errors";

/** An article's metadata as the reader, the edit form and the articles CSV show it. */
export const articleMetaSelect = { title: true, source: true, url: true, author: true, publishedAt: true } as const;

export function textHash(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

/** An article's stored text (NFC, \n; immutable afterwards), its SHA-256 and its length in code points. */
export function articleRow(text: string): { text: string; textHash: string; length: number } {
  const stored = normaliseText(text);
  return { text: stored, textHash: textHash(stored), length: codePointLength(stored) };
}

/**
 * The first free position at the end of the project's article order, for the calling transaction (which
 * numbers several new articles on from it). A no-op UPDATE of the project row first takes its write lock (PostgreSQL row lock, SQLite
 * database write lock), so a concurrent create waits and then reads the new maximum: two articles never
 * share a position (and so never fail to link as neighbours). Refuses an unknown project.
 */
export async function nextPosition(tx: Prisma.TransactionClient, projectId: string): Promise<number> {
  const locked = await tx.$executeRaw`UPDATE "Project" SET "locked" = "locked" WHERE "id" = ${projectId}`;
  if (locked === 0) {
    throw new AppError("NOT_FOUND", "projectId: no such project", [{ field: "projectId", message: "no such project" }]);
  }
  const last = await tx.article.findFirst({
    where: { projectId },
    orderBy: { position: "desc" },
    select: { position: true },
  });
  return (last?.position ?? -1) + 1;
}
