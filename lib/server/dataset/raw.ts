import "server-only";
import { Prisma } from "@/lib/generated/sqlite/client";
import type { AnnotationDto } from "@/lib/schemas/annotation";
import type { TDatasetFilters } from "@/lib/schemas/dataset";
import { db, dbDialect } from "../db";

/**
 * The two hot paths of the dataset (reading millions of spans for an export, writing them on import) in
 * portable SQL through Prisma's raw queries: measured on SQLite, findMany costs ~17 µs and createMany
 * ~330 µs per span row, the raw equivalents ~5 µs and ~30 µs. Identifiers are double-quoted (valid in
 * both SQLite and PostgreSQL) and every value is a bound parameter. Bulk rows cross Prisma as ONE JSON
 * value per statement or page (see insertAnnotations and annotationPage): Prisma's per-parameter and
 * per-column costs, not the database, dominated both paths at a million spans.
 */

const CANONICAL = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const STORED_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00$/;
const EPOCH_MS = /^-?\d{1,16}$/;

/** DateTime as Prisma stores it on SQLite ("…+00:00"); PostgreSQL reads the same literal as UTC. */
export function sqlDate(d: Date): string {
  return d.toISOString().replace("Z", "+00:00");
}

/** sqlDate of a Date, or of an ISO 8601 date-time string (canonical UTC text is rewritten without parsing). */
export function sqlDateOf(v: Date | string): string {
  if (typeof v === "string" && v.length === 24 && CANONICAL.test(v)) return `${v.slice(0, 23)}+00:00`;
  return sqlDate(typeof v === "string" ? new Date(v) : v);
}

/**
 * A timestamp from a raw row as ISO UTC: a Date (PostgreSQL), ISO text with or without a zone, or unix
 * milliseconds (SQLite's stored value, as annotationPage's JSON carries it). The two forms Prisma writes
 * on SQLite (sqlDate's "…+00:00", or "…Z") are rewritten without a Date round trip.
 */
export function isoOf(v: unknown): string {
  if (v instanceof Date) return v.toISOString();
  const s = String(v);
  if (s.length === 29 && STORED_UTC.test(s)) return `${s.slice(0, 23)}Z`;
  if (CANONICAL.test(s)) return s;
  if (EPOCH_MS.test(s)) return new Date(Number(s)).toISOString();
  return new Date(/(?:Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s.replace(" ", "T")}Z`).toISOString();
}

export type RawSpanRow = {
  id: string;
  articleId: string;
  userId: string;
  labelId: string;
  start: number;
  end: number;
  note: string;
  createdAt: unknown;
  updatedAt: unknown;
};
export type RawFullSpanRow = RawSpanRow & { quote: string; version: number; codebookVersion: number | null };

function spanConditions(f: TDatasetFilters, after: string | undefined): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (after !== undefined) where.push(Prisma.sql`"id" > ${after}`);
  // EXISTS, not IN (SELECT …): with IN, SQLite walks the articleId index and sorts every matching span for
  // each page (quadratic over an export); with EXISTS it walks the primary key in id order and stops at LIMIT.
  if (f.projectId)
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "Article" a WHERE a."id" = "Annotation"."articleId" AND a."projectId" = ${f.projectId})`,
    );
  if (f.articleIds)
    where.push(f.articleIds.length ? Prisma.sql`"articleId" IN (${Prisma.join(f.articleIds)})` : Prisma.sql`1 = 0`);
  if (f.labelIds)
    where.push(f.labelIds.length ? Prisma.sql`"labelId" IN (${Prisma.join(f.labelIds)})` : Prisma.sql`1 = 0`);
  if (f.reviewerIds)
    where.push(f.reviewerIds.length ? Prisma.sql`"userId" IN (${Prisma.join(f.reviewerIds)})` : Prisma.sql`1 = 0`);
  if (f.from) where.push(Prisma.sql`"createdAt" >= ${sqlDate(f.from)}`);
  if (f.to) where.push(Prisma.sql`"createdAt" < ${sqlDate(f.to)}`);
  return where;
}

/**
 * One keyset page of annotations (id order) matching the filters; `full` adds quote, version and codebook version.
 *
 * On SQLite the page comes back as ONE value, a JSON array of row arrays built by the database
 * (json_group_array), parsed here with JSON.parse: per row and column, the driver adapter and Prisma's
 * raw-result mapping cost more than the query itself. PostgreSQL returns ordinary rows.
 */
export async function annotationPage(
  f: TDatasetFilters,
  after: string | undefined,
  take: number,
): Promise<RawSpanRow[]>;
export async function annotationPage(
  f: TDatasetFilters,
  after: string | undefined,
  take: number,
  full: true,
): Promise<RawFullSpanRow[]>;
export async function annotationPage(
  f: TDatasetFilters,
  after: string | undefined,
  take: number,
  full = false,
): Promise<RawSpanRow[]> {
  const where = spanConditions(f, after);
  const whereSql = where.length ? Prisma.sql`WHERE ${Prisma.join(where, " AND ")}` : Prisma.empty;
  const extra = full ? Prisma.sql`, "quote", "version", "codebookVersion"` : Prisma.empty;
  if (dbDialect() === "sqlite") {
    const [result] = await db.$queryRaw<{ page: string | null }[]>`
      SELECT json_group_array(json_array("id", "articleId", "userId", "labelId", "start", "end", "note", "createdAt", "updatedAt" ${extra})) AS "page"
      FROM (SELECT "id", "articleId", "userId", "labelId", "start", "end", "note", "createdAt", "updatedAt" ${extra} FROM "Annotation" ${whereSql} ORDER BY "id" LIMIT ${take})`;
    return pageRows(result?.page ?? "[]", full);
  }
  const rows = await db.$queryRaw<RawFullSpanRow[]>`
    SELECT "id", "articleId", "userId", "labelId", "start", "end", "note", "createdAt", "updatedAt" ${extra}
    FROM "Annotation" ${whereSql}
    ORDER BY "id" LIMIT ${take}`;
  for (const r of rows) {
    r.start = Number(r.start);
    r.end = Number(r.end);
    if (full) {
      r.version = Number(r.version);
      r.codebookVersion = r.codebookVersion === null ? null : Number(r.codebookVersion);
    }
  }
  return rows;
}

/** a < b in code point order, which is SQLite's BINARY collation of UTF-8 text (JS's < compares UTF-16 units). */
export function codePointLess(a: string, b: string): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(j)!;
    if (x !== y) return x < y;
    i += x > 0xffff ? 2 : 1;
    j += y > 0xffff ? 2 : 1;
  }
  return i >= a.length && j < b.length;
}

type PackedSpan = [
  string,
  string,
  string,
  string,
  number,
  number,
  string,
  unknown,
  unknown,
  string?,
  number?,
  (number | null)?,
];

/** The rows of a JSON page from annotationPage (SQLite), checked to be in id order as the keyset paging needs. */
export function pageRows(json: string, full: boolean): RawFullSpanRow[] {
  const packed = JSON.parse(json) as PackedSpan[];
  const rows: RawFullSpanRow[] = new Array(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const p = packed[i]!;
    if (i > 0 && !(packed[i - 1]![0] < p[0]) && !codePointLess(packed[i - 1]![0], p[0]))
      throw new Error("annotation page out of id order");
    rows[i] = {
      id: p[0],
      articleId: p[1],
      userId: p[2],
      labelId: p[3],
      start: Number(p[4]),
      end: Number(p[5]),
      note: p[6],
      createdAt: p[7],
      updatedAt: p[8],
      quote: full ? p[9]! : "",
      version: full ? Number(p[10]) : 0,
      codebookVersion: full && p[11] !== null && p[11] !== undefined ? Number(p[11]) : null,
    };
  }
  return rows;
}

/** An AnnotationDto with its author, as a bulk insert takes it; times a Date or a valid ISO 8601 string. */
export type AnnotationInsert = Omit<AnnotationDto, "createdAt" | "updatedAt"> & {
  userId: string;
  codebookVersion: number | null;
  createdAt: Date | string;
  updatedAt: Date | string;
};

type Tx = Prisma.TransactionClient;

/** Rows per INSERT statement. */
export const INSERT_CHUNK = 2000;

/**
 * A JSON document as one bound parameter: UTF-8 bytes, turned back into JSON text by the database. Prisma
 * carries every raw-query parameter through its query compiler, at a cost per character that is about three
 * times higher for a string full of escaped quotes (JSON text) than for bytes.
 */
function jsonArg(value: unknown, pg: boolean): Prisma.Sql {
  const bytes = Buffer.from(JSON.stringify(value), "utf8");
  return pg ? Prisma.sql`convert_from(${bytes}, 'UTF8')::jsonb` : Prisma.sql`CAST(${bytes} AS TEXT)`;
}

/**
 * One chunk of annotation rows in the compact form insertAnnotations sends: article, user and label ids
 * as indices into `ids` (a chunk has few distinct ones), updatedAt null when equal to createdAt.
 * Row: [id, articleIdx, userIdx, labelIdx, start, end, quote, note, version, createdAt, updatedAt|null,
 * codebookVersion|null].
 */
export function packAnnotationRows(
  rows: readonly AnnotationInsert[],
  from: number,
  to: number,
): { ids: string[]; rows: unknown[][] } {
  const ids: string[] = [];
  const index = new Map<string, number>();
  const ref = (id: string) => {
    let k = index.get(id);
    if (k === undefined) {
      k = ids.push(id) - 1;
      index.set(id, k);
    }
    return k;
  };
  const packed: unknown[][] = [];
  for (let i = from; i < to; i++) {
    const r = rows[i]!;
    const created = sqlDateOf(r.createdAt);
    const updated = sqlDateOf(r.updatedAt);
    packed.push([
      r.id,
      ref(r.articleId),
      ref(r.userId),
      ref(r.labelId),
      r.start,
      r.end,
      r.quote,
      r.note,
      r.version,
      created,
      updated === created ? null : updated,
      r.codebookVersion,
    ]);
  }
  return { ids, rows: packed };
}

/**
 * Multi-row INSERT with a chunk of rows as two bound parameters (packAnnotationRows' rows and ids, as
 * JSON) unpacked by the database: json_each on SQLite, jsonb_array_elements on PostgreSQL. With one
 * parameter per value (11 per span), Prisma's query compiler spent longer on each statement than the
 * database took to insert its rows.
 */
export async function insertAnnotations(tx: Tx, rows: readonly AnnotationInsert[]): Promise<void> {
  const pg = dbDialect() === "postgresql";
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = packAnnotationRows(rows, i, Math.min(rows.length, i + INSERT_CHUNK));
    const data = jsonArg(chunk.rows, pg);
    const ids = jsonArg(chunk.ids, pg);
    if (pg) {
      await tx.$executeRaw`INSERT INTO "Annotation" ("id", "articleId", "userId", "labelId", "start", "end", "quote", "note", "version", "createdAt", "updatedAt", "codebookVersion")
        SELECT r->>0, d.ids->>((r->>1)::integer), d.ids->>((r->>2)::integer), d.ids->>((r->>3)::integer), (r->>4)::integer, (r->>5)::integer, r->>6, r->>7, (r->>8)::integer,
          (r->>9)::timestamp(3), COALESCE(r->>10, r->>9)::timestamp(3), (r->>11)::integer
        FROM (SELECT ${ids} AS ids) AS d, jsonb_array_elements(${data}) WITH ORDINALITY AS t(r, n) ORDER BY n`;
    } else {
      await tx.$executeRaw`INSERT INTO "Annotation" ("id", "articleId", "userId", "labelId", "start", "end", "quote", "note", "version", "createdAt", "updatedAt", "codebookVersion")
        SELECT r.value->>0, d.ids->>(r.value->>1), d.ids->>(r.value->>2), d.ids->>(r.value->>3), r.value->>4, r.value->>5, r.value->>6, r.value->>7, r.value->>8,
          r.value->>9, COALESCE(r.value->>10, r.value->>9), r.value->>11
        FROM (SELECT ${ids} AS ids) AS d, json_each(${data}) AS r ORDER BY r.key`;
    }
  }
}

/** Which of `ids` are already annotation ids (one bound JSON parameter per chunk, like insertAnnotations). */
export async function existingAnnotationIds(tx: Tx, ids: readonly string[]): Promise<string[]> {
  const pg = dbDialect() === "postgresql";
  const found: string[] = [];
  for (let i = 0; i < ids.length; i += INSERT_CHUNK) {
    const list = jsonArg(ids.slice(i, i + INSERT_CHUNK), pg);
    const rows = pg
      ? await tx.$queryRaw<
          { id: string }[]
        >`SELECT "id" FROM "Annotation" WHERE "id" IN (SELECT jsonb_array_elements_text(${list}))`
      : await tx.$queryRaw<
          { id: string }[]
        >`SELECT "id" FROM "Annotation" WHERE "id" IN (SELECT value FROM json_each(${list}))`;
    for (const r of rows) found.push(r.id);
  }
  return found;
}
