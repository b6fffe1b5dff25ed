import "server-only";
import { pseudonymiser, type Pseudonymiser } from "@/lib/domain/dataset/spans-csv";
import { OffsetIndex } from "@/lib/domain/offsets";
import type { Prisma } from "@/lib/generated/sqlite/client";
import type { TDatasetFilters } from "@/lib/schemas/dataset";
import type { Actor } from "../actor";
import { db } from "../db";
import { AppError } from "../errors";
import { can, projectAccess, projectPseudonyms } from "../projects/access";

export const BATCH = 2000;

export function articleWhere(f: TDatasetFilters): Prisma.ArticleWhereInput {
  return { ...(f.projectId && { projectId: f.projectId }), ...(f.articleIds && { id: { in: f.articleIds } }) };
}

function createdRange(f: TDatasetFilters): Prisma.DateTimeFilter | undefined {
  if (!f.from && !f.to) return undefined;
  return { ...(f.from && { gte: f.from }), ...(f.to && { lt: f.to }) };
}

export function annotationWhere(f: TDatasetFilters): Prisma.AnnotationWhereInput {
  const created = createdRange(f);
  return {
    ...(f.projectId && { article: { projectId: f.projectId } }),
    ...(f.articleIds && { articleId: { in: f.articleIds } }),
    ...(f.labelIds && { labelId: { in: f.labelIds } }),
    ...(f.reviewerIds && { userId: { in: f.reviewerIds } }),
    ...(created && { createdAt: created }),
  };
}

/** Gold spans have no reviewer: reviewerIds and status do not apply to them. */
export function goldWhere(f: TDatasetFilters): Prisma.GoldSpanWhereInput {
  const created = createdRange(f);
  return {
    ...(f.projectId && { article: { projectId: f.projectId } }),
    ...(f.articleIds && { articleId: { in: f.articleIds } }),
    ...(f.labelIds && { labelId: { in: f.labelIds } }),
    ...(created && { createdAt: created }),
  };
}

export async function assertProjectExists(f: TDatasetFilters): Promise<void> {
  if (!f.projectId) return;
  const p = await db.project.findUnique({ where: { id: f.projectId }, select: { id: true } });
  if (!p)
    throw new AppError("NOT_FOUND", "projectId: no such project", [{ field: "projectId", message: "no such project" }]);
}

const pairKey = (articleId: string, userId: string) => `${articleId}\u0000${userId}`;

/**
 * The status filter as a predicate on (article, reviewer). Statuses are one row per pair, so the
 * map stays small (articles x reviewers) even when spans number in the millions.
 */
export async function statusPredicate(f: TDatasetFilters): Promise<(articleId: string, userId: string) => boolean> {
  const wanted = f.status;
  if (!wanted) return () => true;
  const rows = await db.articleStatus.findMany({
    where: { article: articleWhere(f), ...(f.reviewerIds && { userId: { in: f.reviewerIds } }) },
    select: { articleId: true, userId: true, status: true },
  });
  const map = new Map(rows.map((r) => [pairKey(r.articleId, r.userId), r.status]));
  return (articleId, userId) => (map.get(pairKey(articleId, userId)) ?? "not_started") === wanted;
}

export type ReviewerDirectory = {
  /** Exported reviewer id: the real id, or the pseudonym. */
  id(userId: string): string;
  /** Exported name: empty when pseudonymised. */
  name(userId: string): string;
  pseudonymiser: Pseudonymiser | undefined;
  /** Reviewers in scope (spans or a status in the project), in creation order. */
  ordered: readonly string[];
};

/**
 * Reviewer names and pseudonyms. For an admin, pseudonyms are numbered over everyone who has spans or a
 * status in the project (all projects without a project filter), in account creation order, so R3 is the
 * same person in every export of a project whatever the other filters. A reviewer's export holds only
 * their own work and numbers only them (always R1): a number counted over everyone would tell them how
 * many accounts were active before theirs.
 */
export async function reviewerDirectory(
  f: TDatasetFilters,
  pseudonymise: boolean,
  actor?: Actor,
): Promise<ReviewerDirectory> {
  const inScope: Prisma.ArticleWhereInput = f.projectId ? { projectId: f.projectId } : {};
  // Curators and managers export everyone's work in their project (scope.ts); anonymised curators
  // get pseudonyms, as in the compare view and the dashboard.
  const access = actor && actor.role !== "admin" && f.projectId ? await projectAccess(actor, f.projectId) : null;
  const curates = access !== null && can(access.role, "curate");
  const anonymised = access?.role === "curator" && access.anonymise;
  if (anonymised) pseudonymise = true;
  const own = actor !== undefined && actor.role !== "admin" && !curates;
  const users = await db.user.findMany({
    where: own
      ? { id: actor.id }
      : { OR: [{ annotations: { some: { article: inScope } } }, { statuses: { some: { article: inScope } } }] },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true },
  });
  const names = new Map(users.map((u) => [u.id, u.name]));
  const pseudo = pseudonymise ? pseudonymiser("R") : undefined;
  // An anonymised curator's numbers are the project's (its annotators first, in account order), the same
  // R1, R2… as in the compare view and the dashboard.
  if (pseudo && anonymised && f.projectId)
    for (const id of (await projectPseudonyms(f.projectId)).keys()) pseudo.pseudonym(id);
  for (const u of users) pseudo?.pseudonym(u.id);
  return {
    id: (userId) => (pseudo ? pseudo.pseudonym(userId) : userId),
    name: (userId) => (pseudo ? "" : (names.get(userId) ?? "")),
    pseudonymiser: pseudo,
    ordered: users.map((u) => u.id),
  };
}

export type LabelInfo = { name: string; group: string; projectId: string };

export async function labelMap(f: TDatasetFilters): Promise<Map<string, LabelInfo>> {
  const labels = await db.label.findMany({
    where: f.projectId ? { projectId: f.projectId } : {},
    select: { id: true, name: true, projectId: true, group: { select: { name: true } } },
  });
  return new Map(labels.map((l) => [l.id, { name: l.name, group: l.group.name, projectId: l.projectId }]));
}

export async function projectNames(f: TDatasetFilters): Promise<Map<string, string>> {
  const projects = await db.project.findMany({
    where: f.projectId ? { id: f.projectId } : {},
    select: { id: true, name: true },
  });
  return new Map(projects.map((p) => [p.id, p.name]));
}

export type CachedArticle = { id: string; projectId: string; title: string; source: string; index: OffsetIndex };

/**
 * Article texts for a streaming export: loaded once per batch for the articles the batch needs,
 * kept while there is room (most batches revisit the previous batch's articles), least recently used evicted.
 */
export class ArticleCache {
  private readonly entries = new Map<string, CachedArticle>();
  private size = 0;
  constructor(private readonly maxUnits = 8_000_000) {}

  async ensure(ids: Iterable<string>): Promise<void> {
    const wanted = new Set(ids);
    const missing: string[] = [];
    for (const id of wanted) {
      const hit = this.entries.get(id);
      if (hit) {
        this.entries.delete(id);
        this.entries.set(id, hit);
      } else missing.push(id);
    }
    if (missing.length === 0) return;
    this.evict(wanted, missing.length);
    const rows = await db.article.findMany({
      where: { id: { in: missing } },
      select: { id: true, projectId: true, title: true, source: true, text: true },
    });
    for (const r of rows) {
      const index = new OffsetIndex(r.text);
      this.entries.set(r.id, { id: r.id, projectId: r.projectId, title: r.title, source: r.source, index });
      this.size += index.utf16Length;
    }
  }

  get(id: string): CachedArticle {
    const a = this.entries.get(id);
    if (!a) throw new Error(`article ${id} was not loaded`);
    return a;
  }

  /** Drops the least recently used texts the current batch does not need. */
  private evict(keep: Set<string>, incoming: number): void {
    for (const [id, a] of this.entries) {
      if (this.size <= this.maxUnits && this.entries.size + incoming <= 5000) break;
      if (keep.has(id)) continue;
      this.entries.delete(id);
      this.size -= a.index.utf16Length;
    }
  }
}

/** Keyset pagination by id: constant cost per batch however deep into the table. */
export async function* pagesById<T extends { id: string }>(
  fetch: (after: string | undefined, take: number) => Promise<T[]>,
  take = BATCH,
): AsyncGenerator<T[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await fetch(after, take);
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < take) return;
    after = rows[rows.length - 1]!.id;
  }
}

export function afterId(after: string | undefined): { id?: { gt: string } } {
  return after === undefined ? {} : { id: { gt: after } };
}

/** findMany arguments of one page in id order after `after` (for pagesById); spread in a select as needed. */
export function idPage<W extends object>(where: W, after: string | undefined, take: number) {
  return { where: { ...where, ...afterId(after) }, orderBy: { id: "asc" as const }, take };
}
