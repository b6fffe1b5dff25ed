import "server-only";
import { deserialize, serialize } from "node:v8";
import type { SpanDocumentPartial } from "@/lib/domain/agreement/spans";
import { NominalAccumulator } from "@/lib/domain/agreement/spans/coding";
import { Prisma } from "@/lib/generated/sqlite/client";
import { db } from "../db";
import { type ArticleEntry, type Cover, versionOf } from "./article-state";

/**
 * Each article's entry (its span-agreement partial and primary-frame cover) kept in the database
 * (`AgreementPartial`), so a restarted instance pools the figures instead of rebuilding every partial.
 *
 * Never stale: a stored entry is used only when its `revision` equals the article's `annotationRevision`
 * and its stamp matches (length, text hash, the rater rule of the project's mode, this encoding). Every
 * write that changes an article's spans, statuses or raters bumps that revision in its own transaction
 * (./revision.ts). The revision is read (the article list) before the spans an entry is built from, so
 * an entry is stored under a revision no newer than its data; the upsert never replaces a newer revision.
 */

/** Bump when the shape of SpanDocumentPartial or of the encoding changes: older rows then never match. */
const FORMAT = 1;
const WRITE_BATCH = 100;

export type StoredArticle = { id: string; length: number; textHash: string; annotationRevision: number };

export function stampOf(a: StoredArticle, byDesign: boolean): string {
  return `${FORMAT}:${byDesign ? "design" : "everyone"}:${a.length}:${a.textHash}`;
}

type Encoded = { partial: SpanDocumentPartial | null; cover: [string, string, number, number][] };

/** Structured clone (exact doubles, typed arrays, maps); the accumulators get their class back. */
export function encodeEntry(entry: ArticleEntry): string {
  const cover: Encoded["cover"] = [];
  for (const [rater, labels] of entry.cover)
    for (const [label, [chars, count]] of labels) cover.push([rater, label, chars, count]);
  return serialize({ partial: entry.partial, cover } satisfies Encoded).toString("base64");
}

export function decodeEntry(data: string, version: string): ArticleEntry {
  const { partial, cover } = deserialize(Buffer.from(data, "base64")) as Encoded;
  if (partial?.character) Object.setPrototypeOf(partial.character.acc, NominalAccumulator.prototype);
  if (partial?.token) Object.setPrototypeOf(partial.token.acc, NominalAccumulator.prototype);
  const map: Cover = new Map();
  for (const [rater, label, chars, count] of cover) {
    let perLabel = map.get(rater);
    if (!perLabel) map.set(rater, (perLabel = new Map()));
    perLabel.set(label, [chars, count]);
  }
  return { version, partial, cover: map };
}

/**
 * The stored entries of `wanted` that are valid for them (same revision and stamp), by article id.
 * `bulk`: most of the project is wanted (read it whole); else by ids. An entry that fails to decode is a miss.
 */
export async function loadStoredEntries(
  projectId: string,
  wanted: readonly StoredArticle[],
  byDesign: boolean,
  bulk: boolean,
): Promise<Map<string, ArticleEntry>> {
  const found = new Map<string, ArticleEntry>();
  if (wanted.length === 0) return found;
  const byId = new Map(wanted.map((a) => [a.id, a]));
  const conditions = bulk
    ? [Prisma.sql`p."projectId" = ${projectId}`]
    : chunks(wanted, 500).map((part) => Prisma.sql`p."id" IN (${Prisma.join(part.map((a) => a.id))})`);
  for (const where of conditions) {
    const rows = await db.$queryRaw<{ articleId: string; revision: number | bigint; stamp: string; data: string }[]>`
      SELECT s."articleId" AS "articleId", s."revision" AS "revision", s."stamp" AS "stamp", s."data" AS "data"
      FROM "AgreementPartial" s JOIN "Article" p ON p."id" = s."articleId"
      WHERE ${where} AND s."revision" = p."annotationRevision"`;
    for (const row of rows) {
      const a = byId.get(row.articleId);
      if (!a || Number(row.revision) !== a.annotationRevision || row.stamp !== stampOf(a, byDesign)) continue;
      try {
        found.set(a.id, decodeEntry(row.data, versionOf(a)));
      } catch {
        // An unreadable row (another encoding): rebuilt and overwritten like a stale one.
      }
    }
  }
  return found;
}

/** Stores the entries just built; a row of a newer revision (another instance) is kept. */
export async function storeEntries(
  built: readonly { article: StoredArticle; entry: ArticleEntry }[],
  byDesign: boolean,
): Promise<void> {
  for (const part of chunks(built, WRITE_BATCH)) {
    const values = part.map(
      ({ article, entry }) =>
        Prisma.sql`(${article.id}, ${article.annotationRevision}, ${stampOf(article, byDesign)}, ${encodeEntry(entry)})`,
    );
    await db.$executeRaw`INSERT INTO "AgreementPartial" ("articleId", "revision", "stamp", "data")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("articleId") DO UPDATE SET "revision" = excluded."revision", "stamp" = excluded."stamp", "data" = excluded."data"
      WHERE "AgreementPartial"."revision" <= excluded."revision"`;
  }
}

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** Forgets the stored entries (of one project, or all): the next computation rebuilds them from the spans. */
export async function clearStoredEntries(projectId?: string): Promise<void> {
  if (projectId === undefined) await db.agreementPartial.deleteMany({});
  else await db.agreementPartial.deleteMany({ where: { article: { projectId } } });
}
