import "server-only";
import { csvRow, UTF8_BOM } from "@/lib/domain/dataset/csv";
import { SPAN_ARTICLE_COLUMNS, SPAN_PLACE_COLUMNS, spanCsvRecord } from "@/lib/domain/dataset/spans-csv";
import type { TDatasetFilters, TExportOptions } from "@/lib/schemas/dataset";
import type { Actor } from "../actor";
import { jsonIds } from "../adjudication/dto";
import { db } from "../db";
import { ArticleCache, goldWhere, labelMap, idPage, pagesById, projectNames, reviewerDirectory } from "./context";
import { exportScope } from "./scope";

export const GOLD_CSV_COLUMNS = [
  ...SPAN_ARTICLE_COLUMNS,
  ...SPAN_PLACE_COLUMNS,
  "source_reviewers",
  "source_annotation_ids",
  "decided_by",
  "created_at",
  "updated_at",
  "edited_at",
  "support",
  "article_reviewers",
] as const;

/** Reviewers of each article (everyone with a span or a status on it): n of a gold span's "k of n". */
async function reviewersPerArticle(articleIds: string[]): Promise<Map<string, number>> {
  const [spans, statuses] = await Promise.all([
    db.annotation.groupBy({ by: ["articleId", "userId"], where: { articleId: { in: articleIds } } }),
    db.articleStatus.findMany({ where: { articleId: { in: articleIds } }, select: { articleId: true, userId: true } }),
  ]);
  const sets = new Map<string, Set<string>>();
  for (const r of [...spans, ...statuses]) {
    let set = sets.get(r.articleId);
    if (!set) sets.set(r.articleId, (set = new Set()));
    set.add(r.userId);
  }
  return new Map([...sets].map(([id, set]) => [id, set.size]));
}

/**
 * The adjudicated layer: one row per gold span with its provenance. source_reviewers and
 * source_annotation_ids are ";"-separated (empty when the adjudicator drew the span), reviewer ids
 * pseudonymised like the spans CSV when asked. edited_at is set when the adjudicator changed the span
 * by hand; support is the number of reviewers it was accepted from (k) and article_reviewers the
 * article's reviewers (n). Admin-only. `importGoldCsv` reads the file back.
 */
export async function* exportGoldCsv(
  actor: Actor,
  requested: TDatasetFilters = {},
  chosen: Partial<TExportOptions> = {},
): AsyncGenerator<string> {
  const { options, filters } = await exportScope(actor, requested, chosen, "admin");
  const [labels, projects, reviewers] = await Promise.all([
    labelMap(filters),
    projectNames(filters),
    reviewerDirectory(filters, options.pseudonymise, actor),
  ]);
  const csv = { excelSafe: options.excelSafe, contextLength: options.contextLength };
  const articles = new ArticleCache();
  const raters = new Map<string, number>();
  yield (options.bom ? UTF8_BOM : "") + csvRow(GOLD_CSV_COLUMNS, csv);
  const where = goldWhere(filters);
  const pages = pagesById((after, take) => db.goldSpan.findMany(idPage(where, after, take)));
  for await (const page of pages) {
    await articles.ensure(page.map((r) => r.articleId));
    const missing = [...new Set(page.map((r) => r.articleId))].filter((id) => !raters.has(id));
    if (missing.length) for (const [id, n] of await reviewersPerArticle(missing)) raters.set(id, n);
    let out = "";
    for (const r of page) {
      const article = articles.get(r.articleId);
      const label = labels.get(r.labelId);
      const rec = spanCsvRecord(
        {
          project: projects.get(article.projectId) ?? "",
          article: { id: article.id, title: article.title, source: article.source, text: article.index.text },
          span: {
            start: r.start,
            end: r.end,
            labelGroup: label?.group ?? "",
            label: label?.name ?? "",
            note: r.note,
            layer: "gold",
            createdAt: r.createdAt,
            updatedAt: r.updatedAt,
          },
          reviewer: null,
        },
        csv,
      );
      out += csvRow(
        [
          ...SPAN_ARTICLE_COLUMNS.map((c) => rec[c]),
          ...SPAN_PLACE_COLUMNS.map((c) => rec[c]),
          jsonIds(r.sourceUserIds)
            .map((id) => reviewers.id(id))
            .join(";"),
          jsonIds(r.sourceAnnotationIds).join(";"),
          reviewers.id(r.decidedById),
          rec.created_at,
          rec.updated_at,
          r.editedAt ? r.editedAt.toISOString() : "",
          new Set(jsonIds(r.sourceUserIds)).size,
          raters.get(r.articleId) ?? 0,
        ],
        csv,
      );
    }
    if (out) yield out;
  }
}
