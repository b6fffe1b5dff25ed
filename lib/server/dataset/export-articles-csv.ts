import "server-only";
import { csvRow, UTF8_BOM } from "@/lib/domain/dataset/csv";
import type { TDatasetFilters, TExportOptions } from "@/lib/schemas/dataset";
import type { Actor } from "../actor";
import { db } from "../db";
import { annotationWhere, articleWhere, idPage, pagesById, projectNames, reviewerDirectory } from "./context";
import { exportScope } from "./scope";
import { articleMetaSelect } from "../articles/article-row";

export const ARTICLE_CSV_BASE_COLUMNS = [
  "project",
  "article_id",
  "article_title",
  "article_source",
  "article_url",
  "article_author",
  "article_published_at",
  "article_length",
  "article_position",
  "reviewer_id",
  "reviewer_name",
  "status",
  "status_updated_at",
  "span_count",
] as const;

/**
 * Article metadata with per-reviewer progress: one row per article x reviewer, where the reviewers are
 * the reviewerIds filter or else everyone with spans or a status in the project, so a missing pair shows as
 * status "not_started" with zero counts (with no reviewers at all, one row per article with empty reviewer
 * columns). After span_count, one "n_<label>" column per label (labels in
 * group and label order; labels of different projects sharing a name share a column) counts that
 * reviewer's spans. Span counts honour the label and date filters; the status filter keeps matching rows.
 * Admin-only. Articles in id order.
 */
export async function* exportArticlesCsv(
  actor: Actor,
  requested: TDatasetFilters = {},
  chosen: Partial<TExportOptions> = {},
): AsyncGenerator<string> {
  const { options, filters } = await exportScope(actor, requested, chosen, "admin");
  const [projects, reviewers, labels] = await Promise.all([
    projectNames(filters),
    reviewerDirectory(filters, options.pseudonymise),
    db.label.findMany({
      where: {
        ...(filters.projectId && { projectId: filters.projectId }),
        ...(filters.labelIds && { id: { in: filters.labelIds } }),
      },
      orderBy: [{ group: { order: "asc" } }, { order: "asc" }, { name: "asc" }],
      select: { id: true, name: true },
    }),
  ]);
  const columns: string[] = [];
  const columnOfLabel = new Map<string, number>();
  for (const l of labels) {
    let index = columns.indexOf(l.name);
    if (index === -1) index = columns.push(l.name) - 1;
    columnOfLabel.set(l.id, index);
  }
  const people = filters.reviewerIds ?? reviewers.ordered;
  // Nobody has worked on the project yet: still one row per article, with empty reviewer columns.
  const rowsFor: readonly (string | null)[] = people.length ? people : [null];
  const csv = { excelSafe: options.excelSafe };
  yield (options.bom ? UTF8_BOM : "") + csvRow([...ARTICLE_CSV_BASE_COLUMNS, ...columns.map((c) => `n_${c}`)], csv);

  const where = articleWhere(filters);
  const spanWhere = annotationWhere(filters);
  const pages = pagesById(
    (after, take) =>
      db.article.findMany({
        ...idPage(where, after, take),
        select: {
          id: true,
          projectId: true,
          ...articleMetaSelect,
          length: true,
          position: true,
        },
      }),
    500,
  );
  for await (const page of pages) {
    const ids = page.map((a) => a.id);
    const [statuses, counts] = await Promise.all([
      db.articleStatus.findMany({
        where: { articleId: { in: ids }, userId: { in: [...people] } },
        select: { articleId: true, userId: true, status: true, updatedAt: true },
      }),
      db.annotation.groupBy({
        by: ["articleId", "userId", "labelId"],
        where: { ...spanWhere, articleId: { in: ids }, userId: { in: [...people] } },
        _count: { _all: true },
      }),
    ]);
    const statusOf = new Map(statuses.map((s) => [`${s.articleId}\u0000${s.userId}`, s]));
    const countsOf = new Map<string, number[]>();
    for (const c of counts) {
      const key = `${c.articleId}\u0000${c.userId}`;
      let row = countsOf.get(key);
      if (!row) countsOf.set(key, (row = new Array<number>(columns.length).fill(0)));
      const col = columnOfLabel.get(c.labelId);
      if (col !== undefined) row[col] = (row[col] ?? 0) + c._count._all;
    }
    let out = "";
    for (const a of page) {
      for (const userId of rowsFor) {
        const key = `${a.id}\u0000${userId ?? ""}`;
        const st = statusOf.get(key);
        const status = st?.status ?? "not_started";
        if (filters.status && status !== filters.status) continue;
        const perLabel = countsOf.get(key) ?? new Array<number>(columns.length).fill(0);
        out += csvRow(
          [
            projects.get(a.projectId) ?? "",
            a.id,
            a.title,
            a.source,
            a.url ?? "",
            a.author ?? "",
            a.publishedAt?.toISOString() ?? "",
            a.length,
            a.position,
            userId === null ? "" : reviewers.id(userId),
            userId === null ? "" : reviewers.name(userId),
            status,
            st?.updatedAt.toISOString() ?? "",
            perLabel.reduce((x, y) => x + y, 0),
            ...perLabel,
          ],
          csv,
        );
      }
    }
    if (out) yield out;
  }
}
