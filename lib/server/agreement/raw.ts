import "server-only";
import type { Prisma } from "@/lib/generated/sqlite/client";
import { db, dbDialect } from "../db";

/**
 * The agreement computation's hot-path reads (320,000 spans for a cold dashboard) in portable raw SQL.
 * `where` is a condition on "Article" p (a range of positions of one project, or a list of ids).
 * Spans are aggregated by the database into one JSON value per article (json_group_array / json_agg,
 * like the dataset pages in ../dataset/raw.ts), so the driver decodes a few thousand rows instead of
 * one per span and ids arrive once per (rater, label) group; JSON quoting keeps any id intact.
 * Starts and ends are two aggregates of the same group (both see its rows in the same order): measured
 * on the 320,000-span benchmark corpus (CPU of a full load, median of 9), a [start, end] pair per span
 * cost about twice the hand-built string it replaced, two flat arrays about 1.1x (253 vs 228 ms).
 */

/** [rater, label, starts, ends]: one reviewer's spans of one label on one article (starts[i], ends[i]). */
export type SpanGroup = [rater: string, label: string, starts: number[], ends: number[]];

/** Each article's spans (articles without spans are absent), grouped by rater and label. */
export async function loadSpanGroups(where: Prisma.Sql): Promise<{ id: string; groups: SpanGroup[] }[]> {
  const rows =
    dbDialect() === "sqlite"
      ? await db.$queryRaw<{ id: string; r: string }[]>`SELECT g."id" AS id, json_group_array(json(g."r")) AS r FROM (
          SELECT a."articleId" AS id,
            json_array(a."userId", a."labelId", json_group_array(a."start"), json_group_array(a."end")) AS r
          FROM "Annotation" a JOIN "Article" p ON p."id" = a."articleId"
          WHERE ${where} GROUP BY a."articleId", a."userId", a."labelId"
        ) g GROUP BY g."id"`
      : await db.$queryRaw<{ id: string; r: string }[]>`SELECT g."id" AS id, json_agg(g."r")::text AS r FROM (
          SELECT a."articleId" AS id,
            json_build_array(a."userId", a."labelId", json_agg(a."start"), json_agg(a."end")) AS r
          FROM "Annotation" a JOIN "Article" p ON p."id" = a."articleId"
          WHERE ${where} GROUP BY a."articleId", a."userId", a."labelId"
        ) g GROUP BY g."id"`;
  return rows.map((row) => ({ id: row.id, groups: JSON.parse(row.r) as SpanGroup[] }));
}

/** (article, reviewer) pairs whose status is "done": raters even without a span. */
export function loadDoneStatuses(where: Prisma.Sql): Promise<{ articleId: string; userId: string }[]> {
  return db.$queryRaw<
    { articleId: string; userId: string }[]
  >`SELECT s."articleId" AS "articleId", s."userId" AS "userId"
    FROM "ArticleStatus" s JOIN "Article" p ON p."id" = s."articleId" WHERE s."status" = 'done' AND ${where}`;
}

/**
 * Assignment modes (overlap, manual, pull): an article's raters are its assigned annotators who marked it
 * done, whatever else has spans on it. (article, reviewer) pairs with a live "assigned" assignment and a
 * "done" status.
 */
export function loadAssignedDone(where: Prisma.Sql): Promise<{ articleId: string; userId: string }[]> {
  return db.$queryRaw<
    { articleId: string; userId: string }[]
  >`SELECT DISTINCT s."articleId" AS "articleId", s."userId" AS "userId"
    FROM "ArticleStatus" s JOIN "Article" p ON p."id" = s."articleId"
    JOIN "Assignment" g ON g."articleId" = s."articleId" AND g."userId" = s."userId" AND g."status" = 'assigned'
    WHERE s."status" = 'done' AND ${where}`;
}

/** Article texts (for token-level figures) of the articles `where` selects. */
export function loadTexts(where: Prisma.Sql): Promise<{ id: string; text: string }[]> {
  return db.$queryRaw<
    { id: string; text: string }[]
  >`SELECT p."id" AS id, p."text" AS text FROM "Article" p WHERE ${where}`;
}
