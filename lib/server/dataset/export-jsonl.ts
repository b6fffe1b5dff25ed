import "server-only";
import { toJsonlLine } from "@/lib/domain/dataset/jsonl";
import { pseudonymiser } from "@/lib/domain/dataset/spans-csv";
import type { Prisma } from "@/lib/generated/sqlite/client";
import type { TDatasetFilters, TExportOptions } from "@/lib/schemas/dataset";
import type { Actor } from "../actor";
import { db } from "../db";
import {
  annotationWhere,
  articleWhere,
  goldWhere,
  idPage,
  pagesById,
  reviewerDirectory,
  statusPredicate,
} from "./context";
import { annotationPage, isoOf } from "./raw";
import { AppError } from "../errors";
import { projectAccess } from "../projects/access";
import {
  articleTextProblem,
  DATASET_FORMAT,
  DATASET_VERSION,
  parseDatasetRecord,
  type RecordInput,
  type TDatasetRecord,
} from "./jsonl-format";
import { exportScope } from "./scope";

const iso = (d: Date) => d.toISOString();
const isoOrNull = (d: Date | null) => (d ? d.toISOString() : null);

function jsonArray(raw: string): string[] {
  return jsonList(raw).map(String);
}

function jsonList(raw: string): unknown[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** Anonymised curators see pseudonyms everywhere (compare, dashboard, exports), this export included. */
async function mustPseudonymise(actor: Actor, filters: TDatasetFilters, asked: boolean): Promise<boolean> {
  if (asked || actor.role === "admin" || !filters.projectId) return asked;
  const access = await projectAccess(actor, filters.projectId);
  return access.role === "curator" && access.anonymise;
}

/**
 * One record as a line, checked with the import's own schema and text rules first: the export refuses
 * to write what its import would refuse (a reviewer named with a NUL once made an export unimportable).
 */
function line<T extends TDatasetRecord["type"]>(record: RecordInput<T>): string {
  const parsed = parseDatasetRecord(record);
  const problem = parsed.success
    ? record.type === "article" && articleTextProblem((record as RecordInput<"article">).text)
    : { field: parsed.error.issues[0]!.path.join(".") || "$", message: parsed.error.issues[0]!.message };
  if (problem) {
    const id = "id" in record ? ` ${String(record.id)}` : "";
    const field = `${record.type}.${problem.field}`;
    const message = `${problem.message}: the ${record.type.replace("_", " ")}${id} could not be imported again, so nothing is exported; fix it first`;
    throw new AppError("INVALID", `${field}: ${message}`, [{ field, message }]);
  }
  return `${toJsonlLine(record)}\n`;
}

/**
 * The lossless dataset (format: jsonl-format.ts): everything needed to rebuild the projects in another
 * database. Users carry id, name, email and role only (never password hashes or sessions). Filters narrow
 * it: projectId and articleIds pick articles; reviewerIds, labelIds, status and dates narrow the spans,
 * statuses, answers, members and assignments (labels and dates also the gold spans; status also the
 * assignments). With pseudonymise (always for an anonymised curator), every user id becomes R1, R2, …
 * (name the same, email rN@pseudonymised.invalid) consistently in every record. The admin, or a curator
 * or manager of the one project exported (scope.ts).
 */
export async function* exportJsonl(
  actor: Actor,
  requested: TDatasetFilters = {},
  chosen: Partial<TExportOptions> = {},
): AsyncGenerator<string> {
  const { options, filters } = await exportScope(actor, requested, chosen, "admin");
  const pseudonymise = await mustPseudonymise(actor, filters, options.pseudonymise);
  const directory = await reviewerDirectory(filters, false);
  const pseudo = pseudonymise ? pseudonymiser("R") : undefined;
  for (const id of directory.ordered) pseudo?.pseudonym(id);
  const uid = (id: string) => (pseudo ? pseudo.pseudonym(id) : id);
  const statusOk = await statusPredicate(filters);

  const aWhere = articleWhere(filters);
  const spanWhere = annotationWhere(filters);
  const projectWhere: Prisma.ProjectWhereInput = filters.projectId ? { id: filters.projectId } : {};
  const personWhere = filters.reviewerIds ? { userId: { in: filters.reviewerIds } } : {};
  const statusWhere: Prisma.ArticleStatusWhereInput = { article: aWhere, ...personWhere };
  const answerWhere: Prisma.AnswerWhereInput = { article: aWhere, ...personWhere };
  const assignmentWhere: Prisma.AssignmentWhereInput = { article: aWhere, ...personWhere };
  // Rejected candidates are filtered like gold spans (article, label, date): the same fields.
  const rejectionWhere = goldWhere(filters) as Prisma.RejectedCandidateWhereInput;

  const header: RecordInput<"header"> = {
    type: "header",
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    exportedAt: new Date().toISOString(),
    pseudonymised: pseudonymise,
    filters: JSON.parse(JSON.stringify(filters)) as Record<string, unknown>,
  };
  // The header goes out with the projects, taxonomy and users, so a record the export refuses among
  // those surfaces before the first byte is sent (startExport waits for the first chunk).
  let out = line(header);
  const projects = await db.project.findMany({ where: projectWhere, orderBy: { id: "asc" } });
  const projectIds = projects.map((p) => p.id);
  for (const p of projects) {
    const { id, name, guidelines, locked, blind, revealed, reviewersMayCompare, createdAt, updatedAt } = p;
    out += line({
      type: "project",
      id,
      name,
      guidelines,
      locked,
      blind,
      revealed,
      reviewersMayCompare,
      assignmentMode: p.assignmentMode as RecordInput<"project">["assignmentMode"],
      overlapK: p.overlapK,
      assignmentSeed: p.assignmentSeed,
      reservationMinutes: p.reservationMinutes,
      anonymiseCurators: p.anonymiseCurators,
      routeMetric: p.routeMetric as RecordInput<"project">["routeMetric"],
      routeBelow: p.routeBelow,
      routeMax: p.routeMax,
      createdAt: iso(createdAt),
      updatedAt: iso(updatedAt),
    } satisfies RecordInput<"project">);
  }
  for (const g of await db.labelGroup.findMany({ where: { projectId: { in: projectIds } }, orderBy: { id: "asc" } })) {
    out += line({
      type: "label_group",
      id: g.id,
      projectId: g.projectId,
      name: g.name,
      order: g.order,
    } satisfies RecordInput<"label_group">);
  }
  for (const l of await db.label.findMany({ where: { projectId: { in: projectIds } }, orderBy: { id: "asc" } })) {
    out += line({
      type: "label",
      id: l.id,
      projectId: l.projectId,
      groupId: l.groupId,
      name: l.name,
      definition: l.definition,
      guideline: l.guideline,
      colour: l.colour,
      hotkey: l.hotkey,
      order: l.order,
      archivedAt: isoOrNull(l.archivedAt),
      createdAt: iso(l.createdAt),
      updatedAt: iso(l.updatedAt),
    } satisfies RecordInput<"label">);
  }
  for (const q of await db.question.findMany({ where: { projectId: { in: projectIds } }, orderBy: { id: "asc" } })) {
    out += line({
      type: "question",
      id: q.id,
      projectId: q.projectId,
      prompt: q.prompt,
      kind: q.kind,
      options: jsonArray(q.options),
      order: q.order,
      archivedAt: isoOrNull(q.archivedAt),
      createdAt: iso(q.createdAt),
    } satisfies RecordInput<"question">);
  }
  out += await studyDesign(projectIds);

  // Members: one project at a time (a project has at most as many as there are accounts); written
  // after the users they point at.
  const members: Prisma.ProjectMemberGetPayload<object>[] = [];
  for (const projectId of projectIds)
    members.push(
      ...(await db.projectMember.findMany({ where: { projectId, ...personWhere }, orderBy: { userId: "asc" } })),
    );

  // Qualification decisions: a few per training round.
  const qualifications = await db.roundQualification.findMany({
    where: { round: { projectId: { in: projectIds } }, ...personWhere },
    orderBy: [{ roundId: "asc" }, { userId: "asc" }],
  });

  // Users: everyone a record below points at (GROUP BY keeps this cheap for millions of spans).
  const [spanUsers, statusUsers, answerUsers, assignees, deciders, adjudicators, rejecters] = await Promise.all([
    db.annotation.groupBy({ by: ["userId"], where: spanWhere }),
    db.articleStatus.groupBy({ by: ["userId"], where: statusWhere }),
    db.answer.groupBy({ by: ["userId"], where: answerWhere }),
    db.assignment.groupBy({ by: ["userId"], where: assignmentWhere }),
    db.goldSpan.groupBy({ by: ["decidedById"], where: goldWhere(filters) }),
    db.article.groupBy({ by: ["adjudicatedById"], where: aWhere }),
    db.rejectedCandidate.groupBy({ by: ["decidedById"], where: rejectionWhere }),
  ]);
  const userIds = new Set<string>(
    [...spanUsers, ...statusUsers, ...answerUsers, ...assignees]
      .map((u) => u.userId)
      .concat(members.map((m) => m.userId)),
  );
  for (const d of [...deciders, ...rejecters]) userIds.add(d.decidedById);
  for (const q of qualifications) userIds.add(q.userId).add(q.decidedById);
  for (const a of adjudicators) if (a.adjudicatedById) userIds.add(a.adjudicatedById);
  const users = await db.user.findMany({
    where: { id: { in: [...userIds] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, email: true, role: true, createdAt: true },
  });
  for (const u of users) {
    const id = uid(u.id);
    out += line({
      type: "user",
      id,
      name: pseudo ? id : u.name,
      email: pseudo ? `${id.toLowerCase()}@pseudonymised.invalid` : u.email,
      role: u.role === "admin" ? "admin" : "reviewer",
      createdAt: iso(u.createdAt),
    } satisfies RecordInput<"user">);
  }
  for (const m of members) {
    out += line({
      type: "member",
      projectId: m.projectId,
      userId: uid(m.userId),
      role: m.role as RecordInput<"member">["role"],
      createdAt: iso(m.createdAt),
    } satisfies RecordInput<"member">);
  }
  for (const q of qualifications) {
    out += line({
      type: "qualification",
      roundId: q.roundId,
      userId: uid(q.userId),
      qualified: q.qualified,
      decidedById: uid(q.decidedById),
      createdAt: iso(q.createdAt),
    } satisfies RecordInput<"qualification">);
  }
  yield out;

  const kept = (r: { articleId: string; userId: string }) => statusOk(r.articleId, r.userId);

  yield* pagedLines(
    pagesById((after, take) => db.article.findMany(idPage(aWhere, after, take)), 200),
    (a) =>
      line({
        type: "article",
        id: a.id,
        projectId: a.projectId,
        title: a.title,
        source: a.source,
        url: a.url,
        author: a.author,
        publishedAt: isoOrNull(a.publishedAt),
        text: a.text,
        textHash: a.textHash,
        length: a.length,
        position: a.position,
        createdAt: iso(a.createdAt),
        updatedAt: iso(a.updatedAt),
        adjudicatedAt: isoOrNull(a.adjudicatedAt),
        adjudicatedById: a.adjudicatedById === null ? null : uid(a.adjudicatedById),
        comparisonOpenedAt: isoOrNull(a.comparisonOpenedAt),
      } satisfies RecordInput<"article">),
  );

  yield* pagedLines(
    pagesById((after, take) => db.assignment.findMany(idPage(assignmentWhere, after, take)), 5000),
    (a) =>
      kept(a)
        ? line({
            type: "assignment",
            id: a.id,
            roundId: a.roundId,
            articleId: a.articleId,
            userId: uid(a.userId),
            slot: a.slot,
            status: a.status as RecordInput<"assignment">["status"],
            reservedUntil: isoOrNull(a.reservedUntil),
            routed: a.routed,
            createdAt: iso(a.createdAt),
          } satisfies RecordInput<"assignment">)
        : "",
  );

  yield* pagedLines(
    pagesById((after, take) => annotationPage(filters, after, take, true), 5000),
    (s) =>
      kept(s)
        ? line({
            type: "annotation",
            id: s.id,
            articleId: s.articleId,
            userId: uid(s.userId),
            labelId: s.labelId,
            start: s.start,
            end: s.end,
            quote: s.quote,
            note: s.note,
            version: s.version,
            codebookVersion: s.codebookVersion,
            createdAt: isoOf(s.createdAt),
            updatedAt: isoOf(s.updatedAt),
          } satisfies RecordInput<"annotation">)
        : "",
  );

  // Statuses have a composite key; paginate by (articleId, userId) in memory-sized article pages.
  yield* pagedLines(statusPages(aWhere, statusWhere), (s) =>
    kept(s)
      ? line({
          type: "status",
          articleId: s.articleId,
          userId: uid(s.userId),
          status: s.status as RecordInput<"status">["status"],
          updatedAt: iso(s.updatedAt),
        } satisfies RecordInput<"status">)
      : "",
  );

  yield* pagedLines(
    pagesById((after, take) => db.answer.findMany(idPage(answerWhere, after, take))),
    (a) =>
      kept(a)
        ? line({
            type: "answer",
            id: a.id,
            questionId: a.questionId,
            articleId: a.articleId,
            userId: uid(a.userId),
            value: a.value,
            updatedAt: iso(a.updatedAt),
          } satisfies RecordInput<"answer">)
        : "",
  );

  yield* pagedLines(
    pagesById((after, take) => db.goldSpan.findMany(idPage(goldWhere(filters), after, take))),
    (g) =>
      line({
        type: "gold_span",
        id: g.id,
        articleId: g.articleId,
        labelId: g.labelId,
        start: g.start,
        end: g.end,
        quote: g.quote,
        note: g.note,
        sourceAnnotationIds: jsonArray(g.sourceAnnotationIds),
        sourceUserIds: jsonArray(g.sourceUserIds).map(uid),
        decidedById: uid(g.decidedById),
        editedAt: isoOrNull(g.editedAt),
        createdAt: iso(g.createdAt),
        updatedAt: iso(g.updatedAt),
      } satisfies RecordInput<"gold_span">),
  );

  // Rejected candidates: the adjudication's "not gold" decisions, so a restored compare view is the same.
  yield* pagedLines(
    pagesById((after, take) => db.rejectedCandidate.findMany(idPage(rejectionWhere, after, take))),
    (r) =>
      line({
        type: "rejection",
        id: r.id,
        articleId: r.articleId,
        labelId: r.labelId,
        start: r.start,
        end: r.end,
        decidedById: uid(r.decidedById),
        createdAt: iso(r.createdAt),
      } satisfies RecordInput<"rejection">),
  );
}

/** Each page's lines as one chunk (a row may map to "", left out); empty pages send nothing. */
async function* pagedLines<R>(pages: AsyncIterable<R[]>, lineOf: (row: R) => string): AsyncGenerator<string> {
  for await (const page of pages) {
    let out = "";
    for (const row of page) out += lineOf(row);
    if (out) yield out;
  }
}

/** The statuses of the exported articles, one page of 500 articles at a time, by (articleId, userId). */
async function* statusPages(
  aWhere: Prisma.ArticleWhereInput,
  statusWhere: Prisma.ArticleStatusWhereInput,
): AsyncGenerator<Prisma.ArticleStatusGetPayload<object>[]> {
  for await (const page of pagesById(
    (after, take) => db.article.findMany({ ...idPage(aWhere, after, take), select: { id: true } }),
    500,
  ))
    yield await db.articleStatus.findMany({
      where: { ...statusWhere, articleId: { in: page.map((a) => a.id) } },
      orderBy: [{ articleId: "asc" }, { userId: "asc" }],
    });
}

/** The projects' codebook versions and rounds (a handful per project: the study's phases). */
async function studyDesign(projectIds: string[]): Promise<string> {
  let out = "";
  const where = { projectId: { in: projectIds } };
  for (const c of await db.codebookVersion.findMany({ where, orderBy: { id: "asc" } })) {
    out += line({
      type: "codebook_version",
      id: c.id,
      projectId: c.projectId,
      version: c.version,
      guidelines: c.guidelines,
      taxonomy: jsonList(c.taxonomy) as RecordInput<"codebook_version">["taxonomy"],
      createdAt: iso(c.createdAt),
    } satisfies RecordInput<"codebook_version">);
  }
  for (const r of await db.round.findMany({ where, orderBy: { id: "asc" } })) {
    out += line({
      type: "round",
      id: r.id,
      projectId: r.projectId,
      name: r.name,
      position: r.position,
      training: r.training,
      qualifyF1: r.qualifyF1,
      codebookVersionId: r.codebookVersionId,
      createdAt: iso(r.createdAt),
    } satisfies RecordInput<"round">);
  }
  return out;
}
