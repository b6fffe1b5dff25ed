import "server-only";
import { UTF8_BOM } from "@/lib/domain/dataset/csv";
import { spanCsvHeader } from "@/lib/domain/dataset/spans-csv";
import { exportOptions, type TDatasetFilters, type TExportOptions } from "@/lib/schemas/dataset";
import type { Actor } from "../actor";
import { db } from "../db";
import {
  afterId,
  ArticleCache,
  assertProjectExists,
  goldWhere,
  labelMap,
  pagesById,
  projectNames,
  reviewerDirectory,
  statusPredicate,
} from "./context";
import { annotationPage, isoOf } from "./raw";
import { scopeSpanExport } from "./scope";
import { SpanCsvRowWriter } from "./span-row";

/**
 * The spans CSV (columns: SPAN_CSV_COLUMNS), long format: one row per span per reviewer, then (layer
 * "gold" or "both") one row per gold span with empty reviewer columns. Rows come in id order, read in
 * keyset-paginated batches of PAGE_ROWS with each batch's article texts loaded once, so memory stays flat
 * however many spans there are. Each yielded chunk is CSV text of up to CHUNK_ROWS rows (a gold batch
 * is one chunk).
 *
 * Permission is checked before the first chunk: a caller that awaits the first chunk sees a refusal
 * as an AppError before anything is sent.
 */
/** Spans read per query (keyset page). */
const PAGE_ROWS = 2000;
/**
 * Rows per yielded chunk. Kept small so that a chunk's text stays an ordinary short-lived string: a
 * multi-megabyte string is allocated straight into V8's old generation and lingers there until a full GC,
 * which made peak memory grow with page size.
 */
const CHUNK_ROWS = 200;

export async function* exportSpansCsv(
  actor: Actor,
  requested: TDatasetFilters = {},
  chosen: Partial<TExportOptions> = {},
): AsyncGenerator<string> {
  const options = exportOptions(chosen);
  const filters = await scopeSpanExport(actor, requested, options.layer);
  await assertProjectExists(filters);
  const [labels, projects, reviewers, statusOk] = await Promise.all([
    labelMap(filters),
    projectNames(filters),
    reviewerDirectory(filters, options.pseudonymise, actor),
    statusPredicate(filters),
  ]);
  const csv = { excelSafe: options.excelSafe, contextLength: options.contextLength };
  const articles = new ArticleCache();
  const writer = new SpanCsvRowWriter(csv);
  yield (options.bom ? UTF8_BOM : "") + spanCsvHeader(csv);

  if (options.layer !== "gold") {
    for await (const page of pagesById((after, take) => annotationPage(filters, after, take), PAGE_ROWS)) {
      await articles.ensure(page.map((r) => r.articleId));
      let out: string[] = [];
      for (const r of page) {
        if (out.length >= CHUNK_ROWS) {
          yield out.join("");
          out = [];
        }
        if (!statusOk(r.articleId, r.userId)) continue;
        const article = articles.get(r.articleId);
        const label = labels.get(r.labelId);
        out.push(
          writer.row({
            project: projects.get(article.projectId) ?? "",
            article,
            start: r.start,
            end: r.end,
            labelGroup: label?.group ?? "",
            label: label?.name ?? "",
            note: r.note,
            layer: "annotation",
            createdAt: isoOf(r.createdAt),
            updatedAt: isoOf(r.updatedAt),
            reviewerId: reviewers.id(r.userId),
            reviewerName: reviewers.name(r.userId),
          }),
        );
      }
      if (out.length) yield out.join("");
    }
  }

  if (options.layer !== "annotation") {
    const where = goldWhere(filters);
    const pages = pagesById((after, take) =>
      db.goldSpan.findMany({
        where: { ...where, ...afterId(after) },
        orderBy: { id: "asc" },
        take,
        select: {
          id: true,
          articleId: true,
          labelId: true,
          start: true,
          end: true,
          note: true,
          createdAt: true,
          updatedAt: true,
        },
      }),
    );
    for await (const page of pages) {
      await articles.ensure(page.map((r) => r.articleId));
      let out = "";
      for (const r of page) {
        const article = articles.get(r.articleId);
        const label = labels.get(r.labelId);
        out += writer.row({
          project: projects.get(article.projectId) ?? "",
          article,
          start: r.start,
          end: r.end,
          labelGroup: label?.group ?? "",
          label: label?.name ?? "",
          note: r.note,
          layer: "gold",
          createdAt: r.createdAt.toISOString(),
          updatedAt: r.updatedAt.toISOString(),
          reviewerId: "",
          reviewerName: "",
        });
      }
      if (out) yield out;
    }
  }
}
