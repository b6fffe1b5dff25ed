import "server-only";
import { UTF8_BOM } from "@/lib/domain/dataset/csv";
import { type SpanLayer, spanCsvHeader } from "@/lib/domain/dataset/spans-csv";
import type { TDatasetFilters, TExportOptions } from "@/lib/schemas/dataset";
import type { Actor } from "../actor";
import { db } from "../db";
import {
  ArticleCache,
  goldWhere,
  labelMap,
  idPage,
  pagesById,
  projectNames,
  reviewerDirectory,
  statusPredicate,
} from "./context";
import { annotationPage, isoOf } from "./raw";
import { exportScope } from "./scope";
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
  const { options, filters } = await exportScope(actor, requested, chosen, "span");
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
  // A span's row: its article and label looked up, the rest as the layer has it (positional: no object per row).
  const rowOf = (
    r: { articleId: string; labelId: string; start: number; end: number; note: string },
    layer: SpanLayer,
    createdAt: string,
    updatedAt: string,
    reviewerId: string,
    reviewerName: string,
  ) => {
    const article = articles.get(r.articleId);
    const label = labels.get(r.labelId);
    return writer.row({
      project: projects.get(article.projectId) ?? "",
      article,
      start: r.start,
      end: r.end,
      labelGroup: label?.group ?? "",
      label: label?.name ?? "",
      note: r.note,
      layer,
      createdAt,
      updatedAt,
      reviewerId,
      reviewerName,
    });
  };

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
        out.push(
          rowOf(
            r,
            "annotation",
            isoOf(r.createdAt),
            isoOf(r.updatedAt),
            reviewers.id(r.userId),
            reviewers.name(r.userId),
          ),
        );
      }
      if (out.length) yield out.join("");
    }
  }

  if (options.layer !== "annotation") {
    const where = goldWhere(filters);
    const pages = pagesById((after, take) =>
      db.goldSpan.findMany({
        ...idPage(where, after, take),
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
        out += rowOf(r, "gold", r.createdAt.toISOString(), r.updatedAt.toISOString(), "", "");
      }
      if (out) yield out;
    }
  }
}
