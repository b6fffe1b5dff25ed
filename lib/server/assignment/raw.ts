import "server-only";
import { randomBytes } from "node:crypto";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { jsonArg, sqlDate } from "../dataset/raw";
import { dbDialect } from "../db";

type Tx = Prisma.TransactionClient;

/** Rows per INSERT statement, and article ids per slot read. */
const INSERT_CHUNK = 2_000;

/**
 * Ids that sort in insertion order (time, then a counter, then randomness): appended to the primary-key
 * index instead of scattered through it. On the 300,000-row benchmark, random UUIDs took the SQLite
 * insert alone from about 13 s to 19 s (the machine loaded; the same ratio idle).
 */
function orderedIds(count: number): string[] {
  const time = Date.now().toString(16).padStart(12, "0");
  const salt = randomBytes(6).toString("hex");
  return Array.from({ length: count }, (_, i) => `${time}${i.toString(16).padStart(8, "0")}${salt}`);
}

/** The slots already taken in a round by the given articles (one bound JSON list per chunk). */
export async function takenSlots(
  tx: Tx,
  roundId: string,
  articleIds: readonly string[],
): Promise<{ articleId: string; slot: number }[]> {
  const pg = dbDialect() === "postgresql";
  const out: { articleId: string; slot: number }[] = [];
  for (let i = 0; i < articleIds.length; i += INSERT_CHUNK) {
    const list = jsonArg(articleIds.slice(i, i + INSERT_CHUNK), pg);
    const rows = pg
      ? await tx.$queryRaw<{ articleId: string; slot: number }[]>`SELECT "articleId", "slot" FROM "Assignment"
          WHERE "roundId" = ${roundId} AND "articleId" IN (SELECT jsonb_array_elements_text(${list}))`
      : await tx.$queryRaw<{ articleId: string; slot: number }[]>`SELECT "articleId", "slot" FROM "Assignment"
          WHERE "roundId" = ${roundId} AND "articleId" IN (SELECT value FROM json_each(${list}))`;
    for (const r of rows) out.push({ articleId: r.articleId, slot: Number(r.slot) });
  }
  return out;
}

export type AssignmentInsert = {
  articleId: string;
  userId: string;
  slot: number;
  status: "assigned" | "reserved";
  reservedUntil: Date | null;
  routed: boolean;
};

/**
 * Multi-row INSERT of one round's assignments, a chunk of rows as one bound JSON parameter unpacked by
 * the database (json_each / jsonb_array_elements, like ../dataset/raw.ts). Measured on SQLite
 * (bench/assignment.bench.ts, 300,000 rows: 100,000 articles, k = 3): createMany took about 140 s of a
 * 141 s assignOverlap (Prisma splits it into statements of 124 rows, 999 bound values each).
 */
export async function insertAssignmentRows(
  tx: Tx,
  projectId: string,
  roundId: string,
  rows: readonly AssignmentInsert[],
): Promise<void> {
  const pg = dbDialect() === "postgresql";
  const created = sqlDate(new Date());
  const ids = orderedIds(rows.length);
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const data = jsonArg(
      rows
        .slice(i, i + INSERT_CHUNK)
        .map((r, j) => [
          ids[i + j],
          r.articleId,
          r.userId,
          r.slot,
          r.status,
          r.reservedUntil && sqlDate(r.reservedUntil),
          r.routed,
        ]),
      pg,
    );
    if (pg)
      await tx.$executeRaw`INSERT INTO "Assignment" ("id", "projectId", "roundId", "articleId", "userId", "slot", "status", "reservedUntil", "routed", "createdAt")
        SELECT r->>0, ${projectId}, ${roundId}, r->>1, r->>2, (r->>3)::integer, r->>4, (r->>5)::timestamp(3), (r->>6)::boolean, ${created}::timestamp(3)
        FROM jsonb_array_elements(${data}) WITH ORDINALITY AS t(r, n) ORDER BY n`;
    else
      await tx.$executeRaw`INSERT INTO "Assignment" ("id", "projectId", "roundId", "articleId", "userId", "slot", "status", "reservedUntil", "routed", "createdAt")
        SELECT r.value->>0, ${projectId}, ${roundId}, r.value->>1, r.value->>2, r.value->>3, r.value->>4, r.value->>5, r.value->>6, ${created}
        FROM json_each(${data}) AS r ORDER BY r.key`;
  }
}
