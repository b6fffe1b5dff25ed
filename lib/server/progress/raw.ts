import "server-only";
import { db } from "../db";

/**
 * The median of each annotator's per-article active time in one project, computed by the database with
 * window functions (SQLite ≥ 3.25 and PostgreSQL alike), so the page reads at most one row per annotator
 * instead of one per (article, annotator): 300,000 rows for 100,000 articles at k = 3. The middle one or
 * two rows of each annotator's sorted times are averaged (integer division picks both for an even count).
 */
export async function medianActiveMs(projectId: string): Promise<Map<string, number>> {
  const rows = await db.$queryRaw<{ userId: string; median: number | string }[]>`
    SELECT t."userId" AS "userId", CAST(AVG(t."activeMs") AS DOUBLE PRECISION) AS median FROM (
      SELECT a."userId", a."activeMs",
        ROW_NUMBER() OVER (PARTITION BY a."userId" ORDER BY a."activeMs") AS rn,
        COUNT(*) OVER (PARTITION BY a."userId") AS n
      FROM "ArticleActivity" a JOIN "Article" p ON p."id" = a."articleId"
      WHERE p."projectId" = ${projectId}
    ) t
    WHERE t.rn = (t.n + 1) / 2 OR t.rn = (t.n + 2) / 2
    GROUP BY t."userId"`;
  return new Map(rows.map((r) => [r.userId, Number(r.median)]));
}
