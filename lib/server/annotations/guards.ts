import "server-only";
import { Prisma } from "@/lib/generated/sqlite/client";
import {
  MAX_NOTE_BYTES_PER_PROJECT,
  MAX_SPANS_PER_ARTICLE,
  MAX_SPANS_PER_MINUTE,
  MAX_SPANS_PER_PROJECT,
} from "@/lib/schemas/limits";
import { ZAssignmentMode } from "@/lib/schemas/project";
import type { Actor } from "../actor";
import { reviewerMayCompare } from "../adjudication/access";
import { db, dbDialect } from "../db";
import { annotatesArticle, can, refuseAnnotate, roleOf } from "../projects/access";
import { AppError, invalid } from "../errors";

function assertWritable<T extends { project: { locked: boolean } }>(article: T | null): T {
  if (!article)
    throw new AppError("NOT_FOUND", "articleId: no such article", [{ field: "articleId", message: "no such article" }]);
  if (article.project.locked) throw new AppError("LOCKED", "This project is locked; annotations can no longer change.");
  return article;
}

function assertUsable<T extends { projectId: string; archivedAt: unknown; name: string }>(
  label: T | null,
  projectId: string,
): T {
  if (!label || label.projectId !== projectId) throw invalid("labelId", "is not a label of this article's project");
  if (label.archivedAt) throw invalid("labelId", `label "${label.name}" is archived and can no longer be applied`);
  return label;
}

async function assertAnnotates(actor: Actor, articleId: string, memberRole: string | null | undefined, mode: unknown) {
  const role = roleOf(actor, memberRole);
  if (!can(role, "view")) refuseAnnotate("You are not a member of this project.");
  const access = { role, mode: ZAssignmentMode.catch("everyone").parse(mode) };
  if (!(await annotatesArticle(actor, access, articleId))) refuseAnnotate();
}

type CompareState = { adjudicatedAt: unknown; project: { revealed: boolean; reviewersMayCompare: boolean } };

/**
 * Trust after the reveal: once a reviewer may see the others' spans on an article (project revealed,
 * or article adjudicated, with comparison allowed: the rule of the compare page), their own spans
 * there are frozen, so nobody can copy the others and skew the agreement figures. Admins adjudicate
 * and always see everything; their spans are not frozen.
 */
export function assertNotFrozen(actor: Actor, article: CompareState): void {
  const adjudicatedAt = article.adjudicatedAt === null || article.adjudicatedAt === undefined ? null : new Date(0);
  if (actor.role !== "admin" && reviewerMayCompare({ adjudicatedAt, project: article.project })) throw frozen();
}

export const FROZEN_MESSAGE =
  "Your spans on this article are frozen: the comparison with the other reviewers is open to you, so they can no longer change.";
const frozen = () =>
  new AppError("LOCKED", FROZEN_MESSAGE, [{ field: "articleId", message: "frozen after the comparison was revealed" }]);

/**
 * The article for changing one's spans or status on it: writable (project not locked), annotated by
 * this actor (a member annotator; outside "everyone" mode, assigned to it) and not frozen for this actor
 * (see assertNotFrozen).
 */
export async function annotatableArticle(actor: Actor, articleId: string) {
  const article = await writableArticle(actor, articleId);
  assertNotFrozen(actor, article);
  return article;
}

/**
 * The article for writing as its annotator without the freeze (article-level answers): writable (project
 * not locked) and annotated by this actor (a member annotator; outside "everyone" mode, assigned to it).
 */
export async function writableArticle(actor: Actor, articleId: string) {
  const row = await db.article.findUnique({
    where: { id: articleId },
    select: {
      id: true,
      text: true,
      length: true,
      projectId: true,
      adjudicatedAt: true,
      project: {
        select: {
          locked: true,
          revealed: true,
          reviewersMayCompare: true,
          assignmentMode: true,
          members: { where: { userId: actor.id }, select: { role: true } },
        },
      },
    },
  });
  // Membership first: an outsider learns nothing about the project's state.
  if (row) await assertAnnotates(actor, articleId, row.project.members[0]?.role, row.project.assignmentMode);
  return assertWritable(row);
}

/** The label must belong to the article's project and be active. */
export async function usableLabel(labelId: string, projectId: string) {
  return assertUsable(
    await db.label.findUnique({
      where: { id: labelId },
      select: { id: true, projectId: true, archivedAt: true, name: true },
    }),
    projectId,
  );
}

type CreateContextRow = {
  id: string;
  text: string;
  projectId: string;
  locked: unknown;
  revealed: unknown;
  reviewersMayCompare: unknown;
  adjudicatedAt: unknown;
  labelProjectId: string | null;
  labelArchivedAt: unknown;
  labelName: string | null;
  own: unknown;
  memberRole: string | null;
  codebookVersion: unknown;
  assignmentMode: string;
  projectSpans: unknown;
  noteBytes: unknown;
  lastMinute: unknown;
};

// SQLite hands booleans back as 0/1 and PostgreSQL counts as bigint: normalise both.
const bool = (v: unknown) => v === true || Number(v) === 1;

/**
 * What creating a span must check, in one query instead of several (span creation is the hot write
 * path): the article (refusing locked projects and, for this actor, frozen articles), the label (of
 * the article's project, not archived), how many spans the user already has on the article, and the
 * per-reviewer quotas of the project: spans, note bytes (UTF-8), spans created in the last minute.
 * The quota aggregate reads only this user's spans in the project (at most MAX_SPANS_PER_PROJECT).
 * Same checks and errors as annotatableArticle + usableLabel.
 */
export async function createContext(actor: Actor, articleId: string, labelId: string) {
  const pg = dbDialect() === "postgresql";
  const since = new Date(Date.now() - 60_000);
  // Compared with the stored value as stored: a timestamp on PostgreSQL, Prisma's ISO text on SQLite.
  const cutoff = pg ? since : since.toISOString().replace("Z", "+00:00");
  const bytes = pg ? Prisma.sql`octet_length(m."note")` : Prisma.sql`length(CAST(m."note" AS BLOB))`;
  const [row] = await db.$queryRaw<CreateContextRow[]>`
    SELECT a."id", a."text", a."projectId", p."locked", p."revealed", p."reviewersMayCompare", a."adjudicatedAt",
           p."assignmentMode",
           (SELECT r."role" FROM "ProjectMember" r WHERE r."projectId" = a."projectId" AND r."userId" = ${actor.id}) AS "memberRole",
           (SELECT MAX(c."version") FROM "CodebookVersion" c WHERE c."projectId" = a."projectId") AS "codebookVersion",
           l."projectId" AS "labelProjectId", l."archivedAt" AS "labelArchivedAt", l."name" AS "labelName",
           (SELECT COUNT(*) FROM "Annotation" n WHERE n."articleId" = a."id" AND n."userId" = ${actor.id}) AS "own",
           q."projectSpans", q."noteBytes", q."lastMinute"
    FROM "Article" a
    JOIN "Project" p ON p."id" = a."projectId"
    LEFT JOIN "Label" l ON l."id" = ${labelId}
    CROSS JOIN (
      SELECT COUNT(*) AS "projectSpans", COALESCE(SUM(${bytes}), 0) AS "noteBytes",
             COALESCE(SUM(CASE WHEN m."createdAt" > ${cutoff} THEN 1 ELSE 0 END), 0) AS "lastMinute"
      FROM "Annotation" m JOIN "Article" b ON b."id" = m."articleId"
      WHERE m."userId" = ${actor.id} AND b."projectId" = (SELECT "projectId" FROM "Article" WHERE "id" = ${articleId})
    ) q
    WHERE a."id" = ${articleId}`;
  if (row) await assertAnnotates(actor, articleId, row.memberRole, row.assignmentMode);
  const article = assertWritable(
    row ? { id: row.id, text: row.text, projectId: row.projectId, project: { locked: bool(row.locked) } } : null,
  );
  assertNotFrozen(actor, {
    adjudicatedAt: row!.adjudicatedAt,
    project: { revealed: bool(row!.revealed), reviewersMayCompare: bool(row!.reviewersMayCompare) },
  });
  assertUsable(
    row!.labelProjectId === null
      ? null
      : { projectId: row!.labelProjectId, archivedAt: row!.labelArchivedAt, name: row!.labelName ?? "" },
    article.projectId,
  );
  return {
    article,
    // The codebook version in force: the span records it (null for a project without versions).
    codebookVersion: row!.codebookVersion === null ? null : Number(row!.codebookVersion),
    own: Number(row!.own),
    quota: {
      projectSpans: Number(row!.projectSpans),
      noteBytes: Number(row!.noteBytes),
      lastMinute: Number(row!.lastMinute),
    },
  };
}

/** UTF-8 bytes of a note, as the quota counts them. */
export const noteBytes = (note: string | undefined) => (note ? Buffer.byteLength(note, "utf8") : 0);

/** The per-reviewer limits a new span must stay within (see lib/schemas/limits.ts). */
export function assertQuota(
  c: { own: number; quota: { projectSpans: number; noteBytes: number; lastMinute: number } },
  note: string | undefined,
): void {
  if (c.own >= MAX_SPANS_PER_ARTICLE)
    throw invalid("articleId", `you already have ${MAX_SPANS_PER_ARTICLE} spans on this article, the most allowed`);
  if (c.quota.projectSpans >= MAX_SPANS_PER_PROJECT)
    throw invalid("articleId", `you already have ${MAX_SPANS_PER_PROJECT} spans in this project, the most allowed`);
  assertNoteQuota(c.quota.noteBytes, noteBytes(note));
  if (c.quota.lastMinute >= MAX_SPANS_PER_MINUTE) {
    throw new AppError(
      "RATE_LIMITED",
      `You created ${MAX_SPANS_PER_MINUTE} spans in the last minute, the most allowed; wait a minute and try again.`,
      [{ field: "(rate)", message: `at most ${MAX_SPANS_PER_MINUTE} new spans per minute` }],
    );
  }
}

/** Bytes of the user's notes in the project, without the span `except` (the one being edited). */
export async function projectNoteBytes(userId: string, projectId: string, except: string): Promise<number> {
  const bytes =
    dbDialect() === "postgresql" ? Prisma.sql`octet_length(m."note")` : Prisma.sql`length(CAST(m."note" AS BLOB))`;
  const [row] = await db.$queryRaw<{ used: unknown }[]>`
    SELECT COALESCE(SUM(${bytes}), 0) AS "used" FROM "Annotation" m JOIN "Article" b ON b."id" = m."articleId"
    WHERE m."userId" = ${userId} AND b."projectId" = ${projectId} AND m."id" <> ${except}`;
  return Number(row?.used ?? 0);
}

export function assertNoteQuota(used: number, added: number): void {
  if (added > 0 && used + added > MAX_NOTE_BYTES_PER_PROJECT) {
    throw invalid(
      "note",
      `your notes in this project would exceed ${MAX_NOTE_BYTES_PER_PROJECT.toLocaleString("en")} bytes, the most allowed (${used.toLocaleString("en")} used)`,
    );
  }
}
